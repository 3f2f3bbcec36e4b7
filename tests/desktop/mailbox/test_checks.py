"""The window's mailbox, against the real dovecot: Connect Mailbox keeps the address in the book and
the password in the keychain, Check Mail runs on the worker with the status bar's progress and puts
what it found on the capture review page, kept as one undo step; a second check finds nothing new,
and a wrong password is shown, not logged."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop.capture.dialog import CaptureDialog
from desktop.mailbox.checks import CHECK_LABEL
from desktop.mailbox.connect_dialog import DEFAULT_SINCE_DAYS, ConnectMailboxDialog
from desktop.window.main_window import MainWindow
from leadtemp.capture.imap.secrets import KEYCHAIN_SERVICE
from leadtemp.service import LeadService
from tests.desktop.conftest import settle
from tests.leadtemp.capture.imap.dovecot import PASSWORD, USER, Dovecot
from tests.leadtemp.capture.imap.fixtures import MemoryKeyring

#: A "read mail since" day before every fixture message (they are from early 2026).
BEFORE_THE_FIXTURES = QDate(2026, 1, 1)


def _book(db_path: Path) -> None:
    service = LeadService.open(db_path)
    try:
        service.set_my_addresses([USER])
        service.add_contact("Priya Shah", email="priya.shah@northwind-design.co")
    finally:
        service.close()


def _fill(
    dialog: ConnectMailboxDialog,
    dovecot: Dovecot,
    password: str,
    every: int = 0,
    since: QDate = BEFORE_THE_FIXTURES,
) -> None:
    dialog.host.setText("localhost")
    dialog.port.setValue(dovecot.port)
    dialog.user.setText(USER)
    dialog.folders.setText("INBOX")
    dialog.password.setText(password)
    dialog.ca_file.setText(str(dovecot.certificate))
    dialog.every.setValue(every)
    dialog.since.setDate(since)


def _connect(
    window: MainWindow,
    qtbot: QtBot,
    dovecot: Dovecot,
    password: str,
    every: int = 0,
    since: QDate = BEFORE_THE_FIXTURES,
) -> None:
    window.open_connect_mailbox()
    dialog = window.active_dialog
    assert isinstance(dialog, ConnectMailboxDialog)
    _fill(dialog, dovecot, password, every, since)
    labels: list[str] = []
    window.workers.taskStarted.connect(lambda task: labels.append(task.label))
    dialog.accept()
    qtbot.waitUntil(lambda: CHECK_LABEL in labels, timeout=10_000)
    settle(qtbot, window)


def test_connect_and_check_mail_logs_the_mailbox_and_keeps_the_password_in_the_keychain(
    open_window: Callable[[Path], MainWindow],
    db_path: Path,
    qtbot: QtBot,
    dovecot: Dovecot,
    memory_keyring: MemoryKeyring,
) -> None:
    _book(db_path)
    window = open_window(db_path)
    assert not window.menu_actions.check_mail.isEnabled()

    _connect(window, qtbot, dovecot, PASSWORD, every=15)

    account = f"{USER}@localhost:{dovecot.port}"
    assert memory_keyring.entries == {(KEYCHAIN_SERVICE, account): PASSWORD}
    assert window.menu_actions.check_mail.isEnabled()
    assert window.mailbox.timer.isActive() and window.mailbox.timer.interval() == 15 * 60_000
    # What the check found waits on the review page; nothing is logged before it is accepted.
    review = window.active_dialog
    assert isinstance(review, CaptureDialog) and review.model.preview is not None
    assert window.service is not None and window.service.captures() == []
    kinds = sorted(line.kind for line in review.model.preview.lines)
    assert "email_reply" in kinds and "email_sent" in kinds
    review.accept()
    settle(qtbot, window)
    summary = [text for text in window.notices.messages() if text.startswith("Captured ")]
    assert summary and "— Ctrl+Z to undo" in summary[0]
    assert window.undo_stack.count() == 1
    stored = window.service.connected_mailbox()
    assert stored is not None and stored["url"] == f"imaps://{USER}@localhost:{dovecot.port}/INBOX"
    assert PASSWORD not in str(stored)
    assert [batch.label for batch in window.service.captures()] == [f"mailbox {account}"]

    window.notices.clear()
    window.check_mail()
    settle(qtbot, window)
    assert window.notices.messages() == [f"No new mail in {USER}'s mailbox"]
    assert len(window.service.captures()) == 1

    # Ctrl+Z takes the whole check back.
    window.undo()
    settle(qtbot, window)
    assert all(batch.undone for batch in window.service.captures())


def test_a_new_mailbox_is_read_from_the_day_the_dialog_shows_which_it_keeps(
    open_window: Callable[[Path], MainWindow],
    db_path: Path,
    qtbot: QtBot,
    dovecot: Dovecot,
    memory_keyring: MemoryKeyring,
    zone: Callable[[str], None],
) -> None:
    zone("Europe/Berlin")
    _book(db_path)
    window = open_window(db_path)
    window.open_connect_mailbox()
    fresh = window.active_dialog
    assert isinstance(fresh, ConnectMailboxDialog)
    assert fresh.since.date().toPython() == date.today() - timedelta(days=DEFAULT_SINCE_DAYS)
    fresh.reject()

    # Mail sent before Mar 2 in Berlin (the Sent outreach of Feb 27, Lena's of Mar 1) is not read.
    _connect(window, qtbot, dovecot, PASSWORD, since=QDate(2026, 3, 2))

    review = window.active_dialog
    assert isinstance(review, CaptureDialog) and review.model.preview is not None
    seen = {line.lead_name for line in review.model.preview.lines}
    assert seen == {"Priya Shah", "Jonas Müller"}
    assert all(line.occurred_at.date() >= date(2026, 3, 2) for line in review.model.preview.lines)
    review.reject()
    settle(qtbot, window)
    assert window.service is not None
    stored = window.service.connected_mailbox()
    assert stored is not None and stored["since"] == "2026-03-02"
    window.open_connect_mailbox()
    again = window.active_dialog
    assert isinstance(again, ConnectMailboxDialog)
    assert again.since.date() == QDate(2026, 3, 2)
    # The earliest day reads all of the mailbox.
    again.since.setDate(again.since.minimumDate())
    assert again.since.text() == "all of it"
    again.password.setText(PASSWORD)
    again.accept()
    assert again.connection is not None and again.connection.since is None
    settle(qtbot, window)


def test_a_wrong_password_is_shown_and_nothing_is_kept(
    open_window: Callable[[Path], MainWindow],
    db_path: Path,
    qtbot: QtBot,
    dovecot: Dovecot,
    memory_keyring: MemoryKeyring,
) -> None:
    _book(db_path)
    window = open_window(db_path)

    _connect(window, qtbot, dovecot, "wrong-password")

    box = window.active_dialog
    assert box is not None and box.objectName() == "error-box"
    assert "refused the login for dana@example.com: wrong user name or password" in box.text()  # type: ignore[attr-defined]
    assert memory_keyring.entries == {}
    assert window.service is not None and window.service.captures() == []


def test_the_dialog_refuses_microsoft_365_and_a_missing_server(qtbot: QtBot) -> None:
    dialog = ConnectMailboxDialog()
    qtbot.addWidget(dialog)
    dialog.user.setText("dana@contoso.com")
    dialog.accept()
    assert dialog.result() == 0 and dialog.error.problem == "the server is missing"
    dialog.host.setText("outlook.office365.com")
    dialog.accept()
    assert dialog.connection is None
    assert dialog.error.problem == (
        "only OAuth sign-in works with outlook.office365.com, which LeadTemp does not support yet"
    )


def test_a_timed_check_that_fails_says_so_in_a_notice_and_closing_stops_the_timer(
    open_window: Callable[[Path], MainWindow],
    db_path: Path,
    qtbot: QtBot,
    dovecot: Dovecot,
    memory_keyring: MemoryKeyring,
) -> None:
    _book(db_path)
    window = open_window(db_path)
    _connect(window, qtbot, dovecot, PASSWORD, every=5)
    review = window.active_dialog
    assert isinstance(review, CaptureDialog)
    review.reject()  # the first check's review, left for the next check to offer again
    settle(qtbot, window)
    window.notices.clear()
    dovecot.stop()

    window.mailbox.timer.timeout.emit()
    settle(qtbot, window)

    assert window.active_dialog is None
    [notice] = window.notices.messages()
    assert notice == (
        f"Mail was not checked: localhost:{dovecot.port} refused the connection: "
        f"no IMAP server listens on port {dovecot.port}"
    )
    window.close()
    assert not window.mailbox.timer.isActive()


def test_disconnecting_forgets_the_mailbox_and_its_password_and_keeps_what_was_captured(
    open_window: Callable[[Path], MainWindow],
    db_path: Path,
    qtbot: QtBot,
    dovecot: Dovecot,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _book(db_path)
    window = open_window(db_path)
    _connect(window, qtbot, dovecot, PASSWORD, every=5)
    review = window.active_dialog
    assert isinstance(review, CaptureDialog)
    review.accept()
    settle(qtbot, window)
    assert window.menu_actions.disconnect_mailbox.isEnabled()
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)

    window.menu_actions.disconnect_mailbox.trigger()
    settle(qtbot, window)

    assert memory_keyring.entries == {}
    assert window.service is not None and window.service.connected_mailbox() is None
    assert not window.mailbox.timer.isActive()
    assert not window.menu_actions.check_mail.isEnabled()
    assert not window.menu_actions.disconnect_mailbox.isEnabled()
    assert len(window.service.captures()) == 1  # what it captured stays
