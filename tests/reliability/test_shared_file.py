"""The app and the ``leadtemp`` command on one file at once: no process may pull the WAL from under another.

One long-lived service (the window's), services opened and closed on another thread (as every
background task of the window does) and ``leadtemp`` processes writing and reading, in rounds.
Every acknowledged write from each side must be in the file afterwards, and the long-lived
service's WAL must be the same file throughout: a process that wrongly believes it is the last
user checkpoints and deletes it, and everything written to it after that is lost.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from leadtemp.errors import LeadTempError
from leadtemp.service import LeadService
from tests.reliability.helpers import REPO, child_env

ROUNDS = 5
WRITES_PER_SIDE = 2


def _start(db: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "leadtemp", "--db", str(db), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(),
        cwd=REPO,
    )


def _finish(process: subprocess.Popen[str]) -> subprocess.CompletedProcess[str]:
    out, err = process.communicate(timeout=60)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def _cli(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return _finish(_start(db, *args))


def _wal_identity(db: Path) -> tuple[int, int] | None:
    """The -wal file's (device, inode) by ``os.stat``, which opens nothing; None when it is gone."""
    try:
        info = os.stat(db.with_name(db.name + "-wal"))
    except FileNotFoundError:
        return None
    return info.st_dev, info.st_ino


def _log_on_a_thread(db: Path, contact_id: int, note: str) -> int:
    """What a background task of the window does: open a service, write, close it."""
    acknowledged: list[int] = []
    failures: list[BaseException] = []

    def task() -> None:
        try:
            service = LeadService.open(db)
            try:
                change = service.log_interaction(contact_id, "email_reply", note=note)
                assert change.interaction_id is not None
                acknowledged.append(change.interaction_id)
            finally:
                service.close()
        except BaseException as error:
            failures.append(error)

    worker = threading.Thread(target=task)
    worker.start()
    worker.join(timeout=60)
    if failures:
        raise failures[0]
    return acknowledged[0]


def test_app_and_cli_on_one_file_keep_every_acknowledged_write(db_path: Path) -> None:
    window = LeadService.open(db_path)
    contact_id = window.add_contact("Shared lead").contact_id
    wal = _wal_identity(db_path)
    assert wal is not None
    acknowledged: list[tuple[int, str]] = []
    failed: list[str] = []
    wal_changes: list[str] = []

    def window_log(note: str) -> None:
        change = window.log_interaction(contact_id, "website_visit", note=note)
        assert change.interaction_id is not None
        acknowledged.append((change.interaction_id, note))

    def worker_log(note: str) -> None:
        acknowledged.append((_log_on_a_thread(db_path, contact_id, note), note))

    def cli_log(note: str) -> None:
        logged = _cli(db_path, "log", str(contact_id), "content_download", "--note", note, "--json")
        if logged.returncode != 0:
            raise LeadTempError(logged.stderr.strip())
        acknowledged.append((int(json.loads(logged.stdout)["interaction_id"]), note))

    def attempt(write: Callable[[str], None], note: str) -> None:
        try:
            write(note)
        except LeadTempError as error:
            failed.append(f"{note}: {error}")

    try:
        for round_number in range(ROUNDS):
            for n in range(WRITES_PER_SIDE):
                attempt(window_log, f"window {round_number}.{n}")
                attempt(worker_log, f"worker {round_number}.{n}")
            reading = _start(db_path, "board", "--json")
            attempt(cli_log, f"cli {round_number}")
            board = _finish(reading)
            if board.returncode != 0:
                failed.append(f"board {round_number}: {board.stderr.strip()}")
            if _wal_identity(db_path) != wal:
                wal_changes.append(f"round {round_number}: the window's WAL is {_wal_identity(db_path)}")
    finally:
        window.close()

    reopened = LeadService.open(db_path)
    stored = {i.id: i.note for i in reopened.interactions(contact_id)}
    reopened.close()
    lost = sorted(note for interaction_id, note in acknowledged if stored.get(interaction_id) != note)
    attempted = ROUNDS * (2 * WRITES_PER_SIDE + 1)
    assert not lost, f"{len(lost)} of {len(acknowledged)} acknowledged writes lost: {lost}"
    assert not failed, f"{len(failed)} of {attempted} writes or reads failed: {failed}"
    assert not wal_changes, wal_changes
    assert len(acknowledged) == attempted
    check = _cli(db_path, "check")
    assert check.returncode == 0, check.stdout + check.stderr
