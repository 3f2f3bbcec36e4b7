"""File > Backups...: listing, "Back up now", "Restore..." with confirmation, "Check database"."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.dialogs.backups_dialog import BackupsDialog
from desktop.window.main_window import MainWindow
from leadtemp.service import LeadService
from leadtemp.store import backup
from tests.reliability.helpers import damage, fingerprint

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore(
        r"This plugin does not support (propagateSizeHints|grabbing the keyboard|raise)"
    ),
]

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def book(db_path: Path) -> Path:
    service = LeadService.open(db_path)
    service.add_contact("In every backup")
    service.close()
    return db_path


def make(qtbot: QtBot, path: Path, **hooks: object) -> BackupsDialog:
    dialog = BackupsDialog(path, **hooks)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    return dialog


def names(path: Path) -> list[str]:
    service = LeadService.open(path)
    try:
        return [contact.name for contact in service.contacts()]
    finally:
        service.close()


def test_backups_are_listed_newest_first_with_date_and_size(qtbot: QtBot, book: Path) -> None:
    older = backup.create_backup(book, "daily", now=T0)
    newer = backup.create_backup(book, "purge", now=T0 + timedelta(days=1))
    dialog = make(qtbot, book)
    assert [info.path for info in dialog.backups()] == [newer, older]
    first = dialog.table.topLevelItem(0)
    assert first is not None
    assert first.text(0) == (T0 + timedelta(days=1)).astimezone().strftime("%Y-%m-%d %H:%M:%S")
    assert first.text(1).endswith("KB") and first.text(2) == "purge"


def test_back_up_now_adds_a_backup_to_the_list(qtbot: QtBot, book: Path) -> None:
    dialog = make(qtbot, book)
    assert dialog.backups() == []
    made = dialog.back_up_now()
    assert made is not None and [info.path for info in dialog.backups()] == [made]
    assert str(made) in dialog.status.text()


def test_back_up_now_reports_a_failure_in_the_dialog(qtbot: QtBot, book: Path) -> None:
    (book.parent / "backups").write_text("not a folder")
    dialog = make(qtbot, book)
    assert dialog.back_up_now() is None
    assert dialog.status.text().startswith("Backup failed:")


def test_restore_asks_first_and_cancel_changes_nothing(qtbot: QtBot, book: Path) -> None:
    backup.create_backup(book, now=T0)
    before = fingerprint(book)
    dialog = make(qtbot, book)
    dialog.ask_restore()
    assert dialog.confirmation is not None and dialog.confirmation.isVisible()
    dialog.confirmation.reject()
    assert fingerprint(book) == before


def test_confirmed_restore_releases_restores_and_reopens(qtbot: QtBot, book: Path) -> None:
    made = backup.create_backup(book, now=T0)
    service = LeadService.open(book)
    service.add_contact("Added later")
    calls: list[str] = []

    def release() -> None:
        calls.append("release")
        service.close()

    dialog = make(qtbot, book, release_database=release, reopen_database=lambda: calls.append("reopen"))
    dialog.select(made)
    with qtbot.waitSignal(dialog.restored):
        dialog.ask_restore()
        assert dialog.confirmation is not None
        dialog.confirmation.accept()
    assert calls == ["release", "reopen"]
    assert names(book) == ["In every backup"]
    assert "previous file was kept" in dialog.status.text()
    assert dialog.backups()[0].reason == "before-restore"


def test_a_restore_that_cannot_happen_says_why_and_still_reopens(qtbot: QtBot, book: Path) -> None:
    made = backup.create_backup(book, now=T0)
    service = LeadService.open(book)
    calls: list[str] = []
    dialog = make(qtbot, book, release_database=lambda: None, reopen_database=lambda: calls.append("reopen"))
    dialog.select(made)
    assert dialog.restore(dialog.selected()) is None  # type: ignore[arg-type]
    assert "open in another" in dialog.status.text() and calls == ["reopen"]
    service.close()


def test_check_database_shows_the_report(qtbot: QtBot, book: Path) -> None:
    dialog = make(qtbot, book)
    report = dialog.check_database()
    assert report.ok and dialog.report_view.toPlainText().startswith("ok:")
    service = LeadService.open(book)
    for index in range(150):
        service.add_contact(f"Lead {index}")
    service.close()
    damage(book)
    before = fingerprint(book)
    report = dialog.check_database()
    assert not report.ok and "problem:" in dialog.report_view.toPlainText()
    assert dialog.status.text() == "The check found problems."
    assert fingerprint(book) == before


def test_a_damaged_file_set_aside_cannot_be_restored_from_the_list(qtbot: QtBot, book: Path) -> None:
    service = LeadService.open(book)
    for index in range(150):
        service.add_contact(f"Lead {index}")
    service.close()
    good = backup.create_backup(book, now=T0)
    damage(book)
    backup.restore_backup(book, good)
    dialog = make(qtbot, book)
    damaged = [info for info in dialog.backups() if info.damaged]
    assert len(damaged) == 1
    dialog.select(damaged[0].path)
    assert not dialog.restore_button.isEnabled()
    current = dialog.table.currentItem()
    assert current is not None and current.text(2) == "damaged file set aside"


def test_the_window_s_dialog_backs_up_checks_and_restores_on_the_worker_queue(
    qtbot: QtBot, window: MainWindow, service: LeadService
) -> None:
    """A copy, a whole-file check and a restore are long on a big book: from the window they run
    on its queue, and the dialog shows their result (and stays open) until they are done."""
    window.menu_actions.backups.trigger()
    dialog = window.active_dialog
    assert isinstance(dialog, BackupsDialog)
    labels: list[str] = []
    window.workers.taskStarted.connect(lambda task: labels.append(task.label))
    before = len(dialog.backups())
    assert dialog.back_up_now() is None
    assert not dialog.back_up_button.isEnabled()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
    assert len(dialog.backups()) == before + 1
    assert dialog.status.text().startswith("Backed up to ")
    assert dialog.check_database() is None
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
    assert dialog.last_report is not None and dialog.last_report.ok
    assert dialog.status.text() == "The database is fine."
    assert labels == ["Backing up…", "Checking the database…"]
    assert dialog.back_up_button.isEnabled()

    assert window.service is not None
    window.service.add_contact("After the backup")
    made = dialog.backups()[0]
    service.close()  # the test's own connection: a restore needs the file to the window alone
    with qtbot.waitSignal(window.boardLoaded, timeout=10_000):
        assert dialog.restore(made) is None
        dialog.reject()
        assert dialog.isVisible()
    qtbot.waitUntil(lambda: not dialog.busy and window.service is not None, timeout=10_000)
    assert labels[2] == "Restoring a backup…"
    assert window.service is not None
    assert "After the backup" not in [contact.name for contact in window.service.contacts()]
    assert dialog.status.text().startswith("Restored the backup from ")
