"""Background operations: results and failures come back to the UI thread as messages."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop.workers import Progress, Workers
from leadtemp.errors import DatabaseError
from leadtemp.service import LeadService


def test_result_arrives_on_the_ui_thread(qtbot: QtBot, db_path: Path, service: LeadService) -> None:
    service.add_contact("Ada Lovelace")
    workers = Workers(db_path)
    results: list[object] = []

    def names(worker_service: LeadService, _progress: Progress) -> list[str]:
        return [card.name for card in worker_service.board().all_cards()]

    task = workers.run("Reading", names, results.append)
    qtbot.waitUntil(lambda: task.done)
    assert results == [["Ada Lovelace"]]
    workers.shutdown()


def test_a_full_disk_on_the_worker_becomes_a_clear_message(
    qtbot: QtBot, db_path: Path, service: LeadService
) -> None:
    workers = Workers(db_path)
    failures: list[Exception] = []

    def fill_the_disk(_service: LeadService, _progress: Progress) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    task = workers.run("Writing", fill_the_disk, lambda _result: None, failures.append)
    qtbot.waitUntil(lambda: task.done)
    assert len(failures) == 1 and isinstance(failures[0], DatabaseError)
    assert "disk is full" in str(failures[0]) and str(db_path) in str(failures[0])
    workers.shutdown()


_DESTROY_AFTER_FINISH = """
import sys
from pathlib import Path
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication
from desktop.workers import Workers
from leadtemp.service import LeadService

app = QApplication([])
db = Path(sys.argv[1])
LeadService.open(db).close()
for _ in range(40):
    workers = Workers(db)
    task = workers.run("Reading", lambda service, _progress: service.board(), lambda _result: None)
    while not task.done:
        app.processEvents()
    workers.shutdown()
    del task, workers
    QCoreApplication.processEvents()
print("ok")
"""


def test_workers_destroyed_right_after_their_last_task_do_not_crash(tmp_path: Path) -> None:
    """A window closing just after a task finished destroys its Workers with that task's clean-up
    still queued; run in a child process, since the failure is a crash."""
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    child = subprocess.run(
        [sys.executable, "-c", _DESTROY_AFTER_FINISH, str(tmp_path / "book.db")],
        capture_output=True,
        text=True,
        env=environment,
        cwd=Path(__file__).resolve().parents[2],
        timeout=120,
    )
    assert (child.returncode, child.stdout.strip()) == (0, "ok"), child.stderr[-2000:]
