"""The capture review in the window: a dropped or chosen file, accept and reject per line, always
ignore a sender, capture as one undoable step, and files captured before."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from desktop.capture.dialog import CaptureDialog
from desktop.capture.file_drop import accepts_capture_drop, capture_path_for_dropped_urls
from desktop.capture.review_model import ACCEPT_COLUMN, LEAD_COLUMN
from desktop.dialogs.settings_dialog import SettingsDialog
from desktop.importing.wizard import ImportWizard
from desktop.window.main_window import MainWindow
from leadtemp.service import LeadService
from tests.desktop.conftest import settle

FIXTURES = Path(__file__).parents[2] / "leadtemp" / "capture" / "fixtures"
CALENDAR = FIXTURES / "google-calendar.ics"


@pytest.fixture
def book_window(open_window: Callable[[Path], MainWindow], db_path: Path, service: LeadService) -> MainWindow:
    service.set_my_addresses(["sam.freelance@gmail.com"])
    service.add_contact("Dana Lee", email="dana.lee@acme-logistics.com", company="Acme Logistics")
    return open_window(db_path)


def _drop(window: MainWindow, *paths: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    event = QDropEvent(
        QPointF(20, 20),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)


def _review(qtbot: QtBot, window: MainWindow, rows: int) -> CaptureDialog:
    dialog = window.active_dialog
    assert isinstance(dialog, CaptureDialog)
    qtbot.waitUntil(lambda: dialog.model.preview is not None, timeout=10_000)
    assert dialog.model.rowCount() == rows
    return dialog


def _leads(dialog: CaptureDialog) -> list[str]:
    return [dialog.model.index(row, LEAD_COLUMN).data() for row in range(dialog.model.rowCount())]


def test_a_dropped_calendar_is_reviewed_then_captured_as_one_undoable_step(
    qtbot: QtBot, book_window: MainWindow, service: LeadService
) -> None:
    _drop(book_window, CALENDAR)
    dialog = _review(qtbot, book_window, 3)
    assert _leads(dialog) == ["Dana Lee", "New lead: Priya Raman", "New lead: Priya Raman"]
    assert dialog.model.index(1, LEAD_COLUMN).data(Qt.ItemDataRole.ToolTipRole) == (
        "Priya Raman <priya@northwind.io> (a new lead: nobody in the book has this address)"
    )
    assert dialog.capture_button.text() == "&Capture 3"
    assert dialog.skipped_label.text() == "Skipped: cancelled 1"

    # Reject the new lead's meeting, keep the booking.
    assert dialog.model.setData(
        dialog.model.index(2, ACCEPT_COLUMN), Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole
    )
    assert dialog.model.accepted() == [0, 1]
    assert dialog.status.text() == (
        "Capture will log 2: Demo or consultation booked 1, Meeting held 1; 1 new lead; 1 rejected."
    )
    dialog.accept()
    settle(qtbot, book_window)

    assert [i.kind for i in service.interactions(1)] == ["meeting_held"]
    priya = next(contact for contact in service.contacts() if contact.name == "Priya Raman")
    assert [i.kind for i in service.interactions(priya.id)] == ["demo_booked"]
    assert book_window.notices.messages()[-1] == (
        "Captured 2 interactions from google-calendar.ics, 1 new lead — Ctrl+Z to undo"
    )
    assert book_window.board_model.card(priya.id) is not None

    book_window.undo()
    settle(qtbot, book_window)
    assert service.interactions(1) == []
    assert [contact.name for contact in service.contacts()] == ["Dana Lee"]
    assert service.captures()[0].undone


def test_always_ignoring_a_sender_rejects_their_lines_and_keeps_them_out_of_the_next_capture(
    qtbot: QtBot, book_window: MainWindow, service: LeadService
) -> None:
    book_window.open_capture_dialog(str(CALENDAR))
    dialog = _review(qtbot, book_window, 3)
    dialog.table.selectRow(1)
    assert dialog.ignore_button.isEnabled()
    assert dialog.ignore_button.text() == "Always &ignore priya@northwind.io"
    dialog.ignore_button.click()
    settle(qtbot, book_window)
    assert service.ignored_senders() == ["priya@northwind.io"]
    assert dialog.model.accepted() == [0]
    assert dialog.model.index(1, ACCEPT_COLUMN).data() == "ignored sender"
    # An ignored sender's line cannot be checked again.
    dialog.model.set_all(True)
    assert dialog.model.accepted() == [0]
    dialog.reject()

    book_window.open_capture_dialog(str(CALENDAR))
    again = _review(qtbot, book_window, 1)
    assert _leads(again) == ["Dana Lee"]
    assert again.skipped_label.text() == "Skipped: cancelled 1, ignored sender 2"


def test_a_file_captured_before_offers_nothing_to_capture(
    qtbot: QtBot, book_window: MainWindow, service: LeadService
) -> None:
    book_window.open_capture_dialog(str(CALENDAR))
    _review(qtbot, book_window, 3).accept()
    settle(qtbot, book_window)

    book_window.open_capture_dialog(str(CALENDAR))
    dialog = _review(qtbot, book_window, 3)
    assert dialog.model.accepted() == []
    assert not dialog.capture_button.isEnabled()
    assert dialog.model.index(0, ACCEPT_COLUMN).data() == "captured before"
    assert dialog.status.text().endswith("; 3 captured before.")
    dialog.model.set_all(True)
    assert dialog.model.accepted() == []


def test_file_capture_from_file_opens_a_chooser_then_the_review(
    qtbot: QtBot, book_window: MainWindow
) -> None:
    book_window.menu_actions.capture.trigger()
    chooser = book_window.active_dialog
    assert isinstance(chooser, QFileDialog)
    chooser.fileSelected.emit(str(CALENDAR))
    assert _review(qtbot, book_window, 3).windowTitle() == "Capture from google-calendar.ics"
    chooser.reject()


def test_a_file_that_cannot_be_read_says_why_in_the_review(
    qtbot: QtBot, book_window: MainWindow, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.ics"
    broken.write_bytes(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n")
    book_window.open_capture_dialog(str(broken))
    dialog = book_window.active_dialog
    assert isinstance(dialog, CaptureDialog)
    qtbot.waitUntil(lambda: dialog.error is not None, timeout=10_000)
    assert dialog.status.text() == "broken.ics cannot be captured: broken.ics holds no events (no VEVENT)."
    assert not dialog.capture_button.isEnabled()


def test_drops_go_to_capture_or_to_the_import_wizard_by_what_the_file_holds(
    qtbot: QtBot, book_window: MainWindow, tmp_path: Path
) -> None:
    contacts = tmp_path / "contacts.csv"
    contacts.write_text("Name,Email\nAna Silva,ana@example.com\n", encoding="utf-8")
    note = tmp_path / "note.txt"
    note.write_text("hello", encoding="utf-8")
    activity = tmp_path / "report.csv"
    shutil.copy(FIXTURES / "brevo-campaign-report.csv", activity)

    assert capture_path_for_dropped_urls([str(note), str(contacts)]) is None
    assert capture_path_for_dropped_urls([str(contacts), str(activity)]) == str(activity)
    assert capture_path_for_dropped_urls([str(FIXTURES / "linkedin-messages.csv")]) is not None
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(CALENDAR))])
    assert accepts_capture_drop(mime)

    _drop(book_window, contacts)
    assert isinstance(book_window.active_dialog, ImportWizard)
    book_window.active_dialog.reject()
    _drop(book_window, activity)
    assert isinstance(book_window.active_dialog, CaptureDialog)


def test_your_addresses_and_the_ignored_senders_are_kept_and_edited_in_settings(
    qtbot: QtBot, book_window: MainWindow, service: LeadService
) -> None:
    service.ignore_sender("news@tools.example")
    service.ignore_sender("priya@northwind.io")
    book_window.open_settings()
    dialog = book_window.active_dialog
    assert isinstance(dialog, SettingsDialog)
    editor = dialog.capture_settings
    assert not editor.add_button.isEnabled()  # read only once the tab is shown
    dialog.tabs.setCurrentIndex(dialog.tabs.count() - 1)
    qtbot.waitUntil(lambda: editor.senders() != [], timeout=10_000)
    assert editor.senders() == ["news@tools.example", "priya@northwind.io"]
    assert editor.addresses_edit.text() == "sam.freelance@gmail.com"

    editor.list.setCurrentRow(1)
    editor.remove_button.click()
    editor.address_edit.setText("not an address")
    editor.add_button.click()
    assert editor.problem.text() == "'not an address' is not an e-mail address"
    editor.address_edit.setText("No-Reply@Calendly.com")
    editor.add_button.click()
    assert editor.senders() == ["news@tools.example", "no-reply@calendly.com"]
    editor.addresses_edit.setText("sam.freelance@gmail.com, Sam@SamFreelance.studio")
    dialog.accept()
    settle(qtbot, book_window)
    assert service.ignored_senders() == ["news@tools.example", "no-reply@calendly.com"]
    assert service.my_addresses() == ["sam.freelance@gmail.com", "sam@samfreelance.studio"]

    # Priya is no longer ignored: the calendar proposes her again.
    book_window.open_capture_dialog(str(CALENDAR))
    assert len(_leads(_review(qtbot, book_window, 3))) == 3


def test_mail_waits_for_your_addresses(
    qtbot: QtBot,
    open_window: Callable[[Path], MainWindow],
    db_path: Path,
    service: LeadService,
    tmp_path: Path,
) -> None:
    message = tmp_path / "hello.eml"
    message.write_bytes(
        b"From: Dana Lee <dana@acme.example>\r\nTo: sam@example.com\r\nSubject: Hello\r\n"
        b"Date: Mon, 02 Mar 2026 08:00:00 +0000\r\nMessage-ID: <1@acme.example>\r\n\r\nHi Sam\r\n"
    )
    window = open_window(db_path)
    _drop(window, message)
    dialog = window.active_dialog
    assert isinstance(dialog, CaptureDialog)
    qtbot.waitUntil(lambda: dialog.error is not None, timeout=10_000)
    assert dialog.status.text() == (
        "hello.eml cannot be captured: say which addresses are yours first (Settings > Capture > "
        "Your addresses), so capture knows which mail you sent; nothing was read"
    )


def test_an_export_without_a_preset_is_read_with_the_columns_the_user_chooses(
    qtbot: QtBot, book_window: MainWindow, service: LeadService
) -> None:
    service.add_contact("Priya Raman", email="priya@northwind.io")
    book_window.open_capture_dialog(str(FIXTURES / "calendly-events-export.csv"))
    dialog = book_window.active_dialog
    assert isinstance(dialog, CaptureDialog)
    qtbot.waitUntil(lambda: dialog.error is not None, timeout=10_000)
    bar = dialog.mapping_bar
    assert not bar.isHidden()
    assert dialog.status.text().startswith("calendly-events-export.csv is no export LeadTemp knows")
    assert bar.address_combo.currentText() == "Invitee Email"
    bar.time_combo.setCurrentIndex(bar.time_combo.findText("Event Created Date & Time"))
    bar.what_combo.setCurrentIndex(bar.what_combo.findText("Every row: Demo or consultation booked"))
    assert bar.mapping() == {"Invitee Email": "email", "Event Created Date & Time": "demo_booked"}
    bar.read_button.click()
    qtbot.waitUntil(lambda: dialog.model.preview is not None, timeout=10_000)
    assert bar.isHidden()
    assert [(dialog.model.line(0).lead_name, dialog.model.line(0).kind)] == [("Priya Raman", "demo_booked")]
