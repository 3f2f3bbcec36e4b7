"""Full disk, read-only file, database locked by another process.

Each fault must give a one-line :class:`LeadTempError` naming the file, leave the file and the
service's in-memory state as they were (no half-written change, no event for a change that did
not happen), and let the same action succeed once the fault is gone. Real faults are used where
the machine allows (tmpfs, chattr: usually root only); the same faults are also injected at the
store boundary so every run covers them.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from leadtemp import integrity
from leadtemp.errors import DatabaseError, LeadTempError
from leadtemp.scoring.rules import Rules
from leadtemp.service import LeadService
from tests.conftest import FakeClock
from tests.reliability.helpers import Child

LOCKER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.readline()
conn.execute("ROLLBACK")
conn.close()
"""


class FaultyConnection:
    """Stands in for the store's connection and fails chosen statements like SQLite would."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self.fail_on: str | None = None
        self.message = ""

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        if self.fail_on and sql.lstrip().upper().startswith(self.fail_on):
            raise sqlite3.OperationalError(self.message)
        return self._conn.execute(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


def inject(service: LeadService) -> FaultyConnection:
    faulty = FaultyConnection(service.store.conn)
    service.store.conn = faulty  # type: ignore[assignment]
    service.store.database.conn = faulty  # type: ignore[assignment]
    return faulty


def snapshot(service: LeadService) -> tuple[Any, ...]:
    """What the user sees: the board, every contact and every logged interaction."""
    board = service.board()
    contacts = service.contacts(include_archived=True)
    return (
        [(c.contact_id, c.score, c.temperature) for c in board.all_cards()],
        [(c.id, c.name) for c in contacts],
        [(i.id, i.note) for c in contacts for i in service.interactions(c.id)],
    )


def fresh_view(path: Path, service: LeadService) -> tuple[Any, ...]:
    """The same file through a new service at the same moment: what is really stored."""
    other = LeadService.open(path, now=service.now)
    try:
        return snapshot(other)
    finally:
        other.close()


@pytest.fixture
def opened(db_path: Path, clock: FakeClock) -> Iterator[LeadService]:
    service = LeadService.open(db_path, now=clock)
    for index in range(5):
        contact_id = service.add_contact(f"Lead {index}").contact_id
        service.log_interaction(contact_id, "email_reply")
    events: list[object] = []
    service.subscribe(events.append)
    service.events = events  # type: ignore[attr-defined]
    yield service
    service.close()


def assert_clean_failure(error: LeadTempError, path: Path, words: str) -> None:
    message = str(error)
    assert str(path) in message and words in message and "nothing was changed" in message
    assert "\n" not in message


@contextmanager
def tiny_filesystem(where: Path, size: str = "4m") -> Iterator[Path]:
    where.mkdir()
    if sys.platform != "linux" or shutil.which("mount") is None:
        pytest.skip("needs Linux mount")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def fill(folder: Path) -> Path:
    filler = folder / "filler"
    descriptor = os.open(filler, os.O_CREAT | os.O_WRONLY)
    try:
        while True:
            os.write(descriptor, b"\0" * 4096)
    except OSError:
        pass
    finally:
        os.close(descriptor)
    return filler


@contextmanager
def immutable(*paths: Path) -> Iterator[None]:
    if shutil.which("chattr") is None:
        pytest.skip("needs chattr")
    done = subprocess.run(["chattr", "+i", *map(str, paths)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot make files immutable here (needs root)")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", *map(str, paths)], check=False)


# Disk full ---------------------------------------------------------------------------------


def test_disk_full_on_a_tiny_filesystem(tmp_path: Path, clock: FakeClock) -> None:
    with tiny_filesystem(tmp_path / "disk") as disk:
        path = disk / "leads.db"
        service = LeadService.open(path, now=clock)
        try:
            for index in range(20):
                service.add_contact(f"Lead {index}")
            before = snapshot(service)
            filler = fill(disk)
            with pytest.raises(DatabaseError) as caught:
                for _ in range(50):
                    service.log_interaction(1, "website_visit", note="x" * 5000)
            assert_clean_failure(caught.value, path, "disk is full")
            assert snapshot(service) == fresh_view(path, service) == before
            filler.unlink()
            service.log_interaction(1, "website_visit", note="after the disk was freed")
            assert service.interactions(1)[0].note == "after the disk was freed"
        finally:
            service.close()
        assert integrity.check(path).ok


def test_a_settings_change_that_hits_a_full_disk_keeps_the_stored_rules(
    tmp_path: Path, clock: FakeClock
) -> None:
    with tiny_filesystem(tmp_path / "disk") as disk:
        path = disk / "leads.db"
        service = LeadService.open(path, now=clock)
        try:
            for index in range(20):
                service.log_interaction(service.add_contact(f"L{index}").contact_id, "pricing_request")
            service.backup_before = lambda reason: None  # type: ignore[method-assign]
            filler = fill(disk)
            with pytest.raises(DatabaseError, match="disk is full"):
                service.update_settings(rules=Rules(points={"pricing_request": 45}, warm_min=10))
            assert service.rules == Rules()
            filler.unlink()
            service.update_settings(rules=Rules(points={"pricing_request": 45}, warm_min=10))
            assert service.rules.warm_min == 10
        finally:
            service.close()


def test_disk_full_at_the_page_limit(opened: LeadService, db_path: Path) -> None:
    """SQLite's own limit gives a real SQLITE_FULL on any machine."""
    before = snapshot(opened)
    events = list(opened.events)  # type: ignore[attr-defined]
    pages = opened.store.conn.execute("PRAGMA page_count").fetchone()[0]
    opened.store.conn.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(DatabaseError) as caught:
        for index in range(200):
            opened.add_contact(f"Overflow {index}", notes="n" * 4000)
    assert_clean_failure(caught.value, db_path, "disk is full")
    added = len(opened.events) - len(events)  # type: ignore[attr-defined]
    assert snapshot(opened)[1] == fresh_view(db_path, opened)[1]
    assert len(snapshot(opened)[1]) == len(before[1]) + added
    opened.store.conn.execute("PRAGMA max_page_count = 1073741823")
    opened.add_contact("After the fault")
    assert opened.contacts()[-1].name == "After the fault"


def test_a_commit_that_fails_leaves_the_rules_cache_as_stored(opened: LeadService, db_path: Path) -> None:
    faulty = inject(opened)
    faulty.fail_on, faulty.message = "COMMIT", "database or disk is full"
    events = len(opened.events)  # type: ignore[attr-defined]
    with pytest.raises(DatabaseError, match="disk is full"):
        opened.update_settings(rules=Rules(warm_min=5, hot_min=10))
    assert opened.rules == Rules()
    assert len(opened.events) == events  # type: ignore[attr-defined]
    assert snapshot(opened) == fresh_view(db_path, opened)
    faulty.fail_on = None
    opened.update_settings(rules=Rules(warm_min=5, hot_min=10))
    assert opened.rules.warm_min == 5


# Read-only ---------------------------------------------------------------------------------


def test_a_file_made_read_only_during_a_session(opened: LeadService, db_path: Path) -> None:
    before = snapshot(opened)
    wal = db_path.with_name(db_path.name + "-wal")
    with immutable(db_path, wal):
        with pytest.raises(DatabaseError) as caught:
            opened.log_interaction(1, "pricing_request")
        assert_clean_failure(caught.value, db_path, "cannot save")
        assert snapshot(opened) == before
    opened.log_interaction(1, "pricing_request")
    assert len(opened.interactions(1)) == 2


def test_a_read_only_file_is_refused_at_open_and_left_alone(db_path: Path) -> None:
    LeadService.open(db_path).close()
    content = db_path.read_bytes()
    if os.geteuid() != 0:
        db_path.chmod(0o400)
        guard: Any = None
    else:
        guard = immutable(db_path)
        guard.__enter__()
    try:
        with pytest.raises(DatabaseError, match="cannot write to") as caught:
            LeadService.open(db_path)
        assert str(db_path) in str(caught.value)
        assert db_path.read_bytes() == content
    finally:
        if guard is not None:
            guard.__exit__(None, None, None)
        db_path.chmod(0o600)
    LeadService.open(db_path).close()


def test_a_read_only_error_injected_at_the_store(opened: LeadService, db_path: Path) -> None:
    before = snapshot(opened)
    faulty = inject(opened)
    faulty.fail_on, faulty.message = "INSERT", "attempt to write a readonly database"
    with pytest.raises(DatabaseError) as caught:
        opened.add_contact("Not saved")
    assert_clean_failure(caught.value, db_path, "read-only")
    assert snapshot(opened) == before == fresh_view(db_path, opened)
    faulty.fail_on = None
    opened.add_contact("Saved")
    assert opened.contacts()[-1].name == "Saved"


# Locked ------------------------------------------------------------------------------------


def test_a_database_locked_by_another_process(opened: LeadService, db_path: Path) -> None:
    opened.store.conn.execute("PRAGMA busy_timeout = 200")
    before = snapshot(opened)
    with Child("-c", LOCKER, str(db_path)) as locker:
        assert locker.next_line() == "locked"
        with pytest.raises(DatabaseError) as caught:
            opened.log_interaction(2, "demo_booked")
        assert_clean_failure(caught.value, db_path, "busy")
        assert snapshot(opened) == before, "reads still work while another process writes"
        assert locker.process.stdin is not None
        locker.process.stdin.write("release\n")
        locker.process.stdin.flush()
        locker.process.wait(timeout=60)
    opened.log_interaction(2, "demo_booked")
    assert opened.interactions(2)[0].kind == "demo_booked"
