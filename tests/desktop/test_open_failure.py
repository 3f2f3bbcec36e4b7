"""The dialog for a database that cannot be opened: names file and problem, offers a good backup."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.open_failure import (
    OpenFailureChoice,
    OpenFailureDialog,
    ask_open_failure,
    offer_for,
    open_backup_instead,
)
from desktop.theme import ThemeManager
from desktop.window.main_window import MainWindow
from leadtemp.errors import LeadTempError
from leadtemp.model import Temperature
from leadtemp.service import LeadService
from leadtemp.store import LATEST_VERSION, backup
from tests.conftest import FakeClock
from tests.reliability.helpers import damage, fingerprint

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore(
        r"This plugin does not support (propagateSizeHints|grabbing the keyboard|raise)"
    ),
]


@pytest.fixture
def damaged(db_path: Path) -> Path:
    service = LeadService.open(db_path)
    for index in range(150):
        service.add_contact(f"Lead {index}")
    service.close()
    backup.create_backup(db_path, "daily", now=datetime(2026, 3, 1, 8, 0, tzinfo=UTC))
    damage(db_path)
    return db_path


def open_error(path: Path) -> str:
    with pytest.raises(LeadTempError) as caught:
        LeadService.open(path)
    return str(caught.value)


def test_the_message_names_the_file_and_the_problem_and_offers_the_backup(
    qtbot: QtBot, damaged: Path
) -> None:
    problem = open_error(damaged)
    offered = offer_for(damaged)
    assert offered is not None
    dialog = OpenFailureDialog(damaged, problem, offered)
    qtbot.addWidget(dialog)
    text = dialog.message.text()
    assert str(damaged) in text and problem in text and "has not been changed" in text
    assert "2026-03-01" in text
    dialog.accept()
    assert dialog.choice() is OpenFailureChoice.OPEN_BACKUP


def test_rejecting_quits_and_leaves_the_file_alone(qtbot: QtBot, damaged: Path) -> None:
    before = fingerprint(damaged)
    choice, chosen = ask_open_failure(damaged, open_error(damaged), run=lambda dialog: dialog.reject())
    assert (choice, chosen) == (OpenFailureChoice.QUIT, None)
    assert fingerprint(damaged) == before


def test_accepting_opens_the_backup_and_keeps_the_damaged_file(qtbot: QtBot, damaged: Path) -> None:
    damaged_bytes = damaged.read_bytes()
    choice, chosen = ask_open_failure(damaged, open_error(damaged), run=lambda dialog: dialog.accept())
    assert choice is OpenFailureChoice.OPEN_BACKUP and chosen is not None
    kept = open_backup_instead(damaged, chosen)
    assert kept is not None and kept.read_bytes() == damaged_bytes
    service = LeadService.open(damaged)
    assert len(service.contacts()) == 150
    service.close()


def test_without_a_good_backup_there_is_only_quit(qtbot: QtBot, damaged: Path) -> None:
    for info in backup.list_backups(damaged):
        damage(info.path)
    dialog = OpenFailureDialog(damaged, "damaged", offer_for(damaged))
    qtbot.addWidget(dialog)
    assert "no good backup" in dialog.message.text()
    assert not hasattr(dialog, "open_backup_button")
    dialog.accept()
    assert dialog.choice() is OpenFailureChoice.QUIT


def test_a_file_from_a_newer_version_is_not_replaced_by_an_older_backup(qtbot: QtBot, db_path: Path) -> None:
    import sqlite3

    LeadService.open(db_path).close()
    backup.create_backup(db_path)
    with sqlite3.connect(db_path) as conn:
        conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    problem = open_error(db_path)
    assert "newer version" in problem
    assert offer_for(db_path) is None


def test_the_window_finds_and_opens_the_backup_on_its_worker_queue(
    qtbot: QtBot, damaged: Path, themes: ThemeManager, clock: FakeClock
) -> None:
    """Checking the damaged file and the backups, then copying the backup in place, read and
    write whole files: the window does both on its queue, and then opens the backup."""
    window = MainWindow(damaged, themes=themes, now=clock, auto_refresh=False)
    qtbot.addWidget(window)
    labels: list[str] = []
    window.workers.taskStarted.connect(lambda task: labels.append(task.label))
    with qtbot.waitSignal(window.openFailed, timeout=10_000):
        window.show()
    dialog = window.active_dialog
    assert isinstance(dialog, OpenFailureDialog) and dialog.offered is not None
    with qtbot.waitSignal(window.boardLoaded, timeout=10_000):
        dialog.accept()
    qtbot.waitUntil(lambda: window.service is not None, timeout=10_000)
    assert sum(window.board_model.total(t) for t in Temperature) == 150
    assert labels[1:4] == ["Looking for a good backup…", "Opening the backup…", f"Opening {damaged.name}…"]
    window.close()
