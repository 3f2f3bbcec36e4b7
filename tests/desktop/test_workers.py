"""Background operations: results and failures come back to the UI thread as messages."""

from __future__ import annotations

import sqlite3
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
