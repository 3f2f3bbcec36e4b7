"""``integrity.check``: finds each kind of problem, and never changes the file it reads."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from leadtemp import integrity
from leadtemp.errors import DatabaseError
from leadtemp.service import LeadService
from leadtemp.store import LATEST_VERSION
from tests.conftest import FakeClock
from tests.reliability.helpers import damage, fingerprint


@pytest.fixture
def filled(db_path: Path, clock: FakeClock) -> Path:
    service = LeadService.open(db_path, now=clock)
    for index in range(150):
        contact_id = service.add_contact(f"Lead {index}").contact_id
        service.log_interaction(contact_id, "pricing_request")
    service.close()
    return db_path


def raw(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = OFF")
    return conn


def test_a_healthy_database_passes_with_counts(filled: Path) -> None:
    report = integrity.check(filled)
    assert report.ok, report.problems
    assert report.schema_version == LATEST_VERSION
    assert report.counts == {"contacts": 150, "interactions": 150}
    assert report.lines()[0].startswith("ok:")


def test_a_damaged_file_is_reported_and_left_exactly_as_it_was(filled: Path) -> None:
    damage(filled)
    before = fingerprint(filled)
    report = integrity.check(filled)
    assert not report.ok
    assert any("integrity" in p or "malformed" in p for p in report.problems)
    assert fingerprint(filled) == before
    assert sorted(p.name for p in filled.parent.iterdir()) == [filled.name], "no side files created"


def test_an_open_database_with_a_busy_wal_is_checked_without_touching_it(
    db_path: Path, clock: FakeClock
) -> None:
    service = LeadService.open(db_path, now=clock)
    service.add_contact("In the WAL")
    before = fingerprint(db_path)
    report = integrity.check(db_path)
    assert report.ok and report.counts["contacts"] == 1
    assert fingerprint(db_path) == before
    service.close()


def test_a_wal_left_by_a_crash_is_read_but_not_folded_into_the_file(
    db_path: Path, clock: FakeClock, tmp_path: Path
) -> None:
    service = LeadService.open(db_path, now=clock)
    service.add_contact("Committed, not checkpointed")
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    for name in (db_path.name, db_path.name + "-wal"):
        shutil.copy(db_path.parent / name, crashed / name)
    service.close()
    copy = crashed / db_path.name
    before = fingerprint(copy)
    report = integrity.check(copy)
    assert report.ok and report.counts["contacts"] == 1
    assert fingerprint(copy) == before


def test_a_broken_link_between_records_is_a_problem(filled: Path) -> None:
    with closing(raw(filled)) as conn:
        conn.execute(
            "INSERT INTO interactions (contact_id, kind, occurred_at, created_at) VALUES (9999, 'x', 0, 0)"
        )
    report = integrity.check(filled)
    assert any("interactions row" in p and "missing contacts" in p for p in report.problems)


def test_a_newer_schema_is_a_problem_and_is_never_migrated(filled: Path) -> None:
    with closing(raw(filled)) as conn:
        conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    before = fingerprint(filled)
    assert any("newer version" in p for p in integrity.check(filled).problems)
    with pytest.raises(DatabaseError, match="newer version"):
        LeadService.open(filled)
    assert fingerprint(filled) == before


def test_an_older_schema_is_only_a_note(filled: Path) -> None:
    with closing(raw(filled)) as conn:
        conn.execute(f"PRAGMA user_version = {LATEST_VERSION - 1}")
    report = integrity.check(filled)
    assert report.ok and any("upgraded" in note for note in report.notes)


@pytest.mark.parametrize(
    ("content", "expected"),
    [(None, "no such file"), (b"", "empty"), (b"name,email\nDana,d@example.com\n", "not an SQLite")],
)
def test_files_that_are_not_databases(tmp_path: Path, content: bytes | None, expected: str) -> None:
    path = tmp_path / "leads.db"
    if content is not None:
        path.write_bytes(content)
    report = integrity.check(path)
    assert not report.ok and expected in report.problems[0]
    assert not path.exists() if content is None else path.read_bytes() == content


def test_a_folder_is_not_a_database(tmp_path: Path) -> None:
    assert "folder" in integrity.check(tmp_path).problems[0]


def test_an_sqlite_file_of_another_program_is_not_ours(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with closing(sqlite3.connect(other)) as conn:
        conn.execute("CREATE TABLE songs (title TEXT)")
    assert "not a LeadTemp database" in integrity.check(other).problems[0]


def test_a_score_cache_that_disagrees_with_the_log_is_a_problem(filled: Path) -> None:
    with closing(raw(filled)) as conn:
        conn.execute("UPDATE score_state SET explicit_interest = explicit_interest + 7 WHERE contact_id = 3")
    report = integrity.check(filled)
    assert [p for p in report.problems if p.startswith("contact 3:")]
    assert len(report.problems) == 1
    assert integrity.check(filled, scores=False).ok


def test_stale_or_missing_score_caches_are_notes_because_opening_rebuilds_them(filled: Path) -> None:
    with closing(raw(filled)) as conn:
        conn.execute("UPDATE score_state SET fingerprint = 'old' WHERE contact_id = 1")
        conn.execute("DELETE FROM score_state WHERE contact_id = 2")
    report = integrity.check(filled)
    assert report.ok
    assert len(report.notes) == 2


def test_stored_rules_that_no_longer_validate_are_a_problem(filled: Path) -> None:
    with closing(raw(filled)) as conn:
        conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('rules', '{\"warm_min\": 90}')")
    assert any("scoring rules" in p for p in integrity.check(filled).problems)
