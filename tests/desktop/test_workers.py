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
import gc
import sys
from pathlib import Path
from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication
from desktop.workers import Workers
from leadtemp.service import LeadService

LeadService.open(sys.argv[1]).close()
app = QApplication([])
for _ in range(int(sys.argv[2])):
    workers = Workers(Path(sys.argv[1]))
    results = []
    workers.run("Reading", lambda service, _progress: service.path, results.append)
    while not results or workers.busy:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)
    workers.shutdown()
    del workers
    gc.collect()
    app.processEvents()
print("survived")
"""


def test_destroying_the_workers_right_after_their_last_task_does_not_crash(db_path: Path) -> None:
    """A finished task's ``finished`` was connected to a lambda holding the Workers and the task:
    collecting that cycle deleted the Workers and its child tasks while a task's deferred delete
    was still queued, and the DeferredDelete then ran ~QObject on it again (Qt: "shared QObject
    was deleted directly"; a segfault within a few dozen rounds). Run apart: a crash fails here."""
    result = subprocess.run(
        [sys.executable, "-c", _DESTROY_AFTER_FINISH, str(db_path), "60"],
        cwd=Path(__file__).resolve().parents[2],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0 and result.stdout.strip() == "survived", result.stderr[-2000:]
