"""What testing the window as a user found: the keyboard across an empty column, quick-add for a
new name, and the status bar while the board is still coming in."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.dialogs.quick_add import QuickAddDialog
from desktop.window.main_window import MainWindow
from leadtemp.model import Contact, Temperature
from leadtemp.service import LeadService
from tests.desktop.conftest import names, settle


def test_left_and_right_step_over_an_empty_column(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int]
) -> None:
    window.archive(leads["Wanda Warm"])
    window.archive(leads["Walt Mild"])
    settle(qtbot, window)
    assert names(window, Temperature.WARM) == []
    hot = window.board_view.view(Temperature.HOT)
    cold = window.board_view.view(Temperature.COLD)
    window.activateWindow()
    window.board_view.select_contact(leads["Hugo Fire"])
    hot.setFocus()
    qtbot.keyClick(hot, Qt.Key.Key_Left)
    assert window.board_view.selected_contact() in (leads["Cora Cold"], leads["Colin Quiet"])
    assert cold.hasFocus()
    qtbot.keyClick(cold, Qt.Key.Key_Right)
    assert window.board_view.selected_contact() in (leads["Hattie Hot"], leads["Hugo Fire"])
    assert hot.hasFocus()


def test_quick_add_with_a_new_name_adds_the_lead_in_one_undoable_step(
    qtbot: QtBot, window: MainWindow, service: LeadService
) -> None:
    window.log_interaction(None)
    dialog = window.active_dialog
    assert isinstance(dialog, QuickAddDialog)
    qtbot.waitUntil(dialog.contacts_loaded)
    dialog.contact_edit.setText("Nina New")
    assert dialog.kind_combo.set_kind("pricing_request")
    dialog.accept()
    settle(qtbot, window)
    (nina,) = [contact for contact in service.contacts() if contact.name == "Nina New"]
    assert [i.kind for i in service.interactions(nina.id)] == ["pricing_request"]
    assert "Nina New" in names(window, Temperature.HOT)
    assert window.board_view.selected_contact() == nina.id
    assert window.undo_stack.count() == 1
    assert window.undo_stack.undoText() == "Add Nina New and log pricing request"
    window.menu_actions.undo.trigger()
    settle(qtbot, window)
    assert service.interactions(nina.id) == [] and service.contact(nina.id).archived
    assert all("Nina New" not in names(window, t) for t in Temperature)
    window.menu_actions.redo.trigger()
    settle(qtbot, window)
    assert [i.kind for i in service.interactions(nina.id)] == ["pricing_request"]
    assert "Nina New" in names(window, Temperature.HOT)


def test_the_status_bar_counts_waiting_leads_only_from_the_whole_board(
    window: MainWindow, service: LeadService
) -> None:
    whole = service.board()
    assert sum(card.waiting_since is not None for card in whole.hot) == 2
    assert window.status.summary.text() == "6 open leads · 2 hot leads waiting for an answer"
    window.board_model.load(whole.first(1))
    assert not window.board_model.complete
    assert window.status.summary.text() == "6 open leads"
    window.board_model.load(whole)
    assert window.status.summary.text() == "6 open leads · 2 hot leads waiting for an answer"


def test_quick_add_reads_the_contacts_off_the_ui_thread_and_saves_only_once_they_are_in(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    def on_the_ui_thread() -> list[Contact]:
        raise AssertionError("quick-add read every contact on the UI thread")

    assert window.service is not None
    monkeypatch.setattr(window.service, "contacts", on_the_ui_thread)
    window.log_interaction(None)
    dialog = window.active_dialog
    assert isinstance(dialog, QuickAddDialog)
    dialog.contact_edit.setText("Wanda Warm")
    assert dialog.kind_combo.set_kind("pricing_request")
    assert not dialog.contacts_loaded()
    assert not dialog.is_valid() and dialog.new_contact_name() == "Wanda Warm"
    dialog.accept()
    assert dialog.isVisible()
    qtbot.waitUntil(dialog.contacts_loaded)
    assert dialog.selected_contact_id() == leads["Wanda Warm"]
    assert dialog.is_valid()


def test_quick_add_hint_comes_from_the_board_not_a_read_per_keystroke(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    from leadtemp.model import Card

    def on_the_ui_thread(contact_id: int) -> Card:
        raise AssertionError("quick-add read a card on the UI thread")

    assert window.service is not None
    monkeypatch.setattr(window.service, "card", on_the_ui_thread)
    window.log_interaction(None)
    dialog = window.active_dialog
    assert isinstance(dialog, QuickAddDialog)
    qtbot.waitUntil(dialog.contacts_loaded)
    dialog.contact_edit.setText("Hugo Fire")
    card = window.board_model.card(leads["Hugo Fire"])
    assert card is not None and card.temperature is Temperature.HOT
    assert dialog.contact_hint.text() == f"Now hot, score {card.score}"
    dialog.reject()
