"""Quick-add takes a next step with its due day: the log and the step are one undoable step."""

from __future__ import annotations

from datetime import timedelta

from pytestqt.qtbot import QtBot

from desktop.dialogs.quick_add import QuickAddDialog
from desktop.window.main_window import MainWindow
from leadtemp.clock import local_date
from leadtemp.service import LeadService
from tests.conftest import FakeClock
from tests.desktop.conftest import settle


def _quick_add(qtbot: QtBot, window: MainWindow, contact_id: int | None) -> QuickAddDialog:
    window.log_interaction(contact_id)
    dialog = window.active_dialog
    assert isinstance(dialog, QuickAddDialog)
    qtbot.waitUntil(dialog.contacts_loaded)
    return dialog


def test_a_next_step_typed_in_quick_add_is_scheduled_with_the_log_in_one_step(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int], service: LeadService, clock: FakeClock
) -> None:
    walt = leads["Walt Mild"]
    dialog = _quick_add(qtbot, window, walt)
    assert dialog.kind_combo.set_kind("email_reply")
    dialog.step_edit.setText("  call about   the proposal ")
    dialog.step_due.setDate(dialog.step_due.date().addDays(1))
    dialog.accept()
    settle(qtbot, window)
    step = service.next_step(walt)
    assert step is not None
    assert (step.text, step.due) == ("call about the proposal", local_date(clock()) + timedelta(days=2))
    assert "email_reply" in [i.kind for i in service.interactions(walt)]
    assert window.undo_stack.count() == 1

    window.menu_actions.undo.trigger()
    settle(qtbot, window)
    assert service.next_step(walt) is None
    assert "email_reply" not in [i.kind for i in service.interactions(walt)]
    window.menu_actions.redo.trigger()
    settle(qtbot, window)
    assert service.next_step(walt) is not None


def test_a_new_lead_from_quick_add_gets_its_next_step(
    qtbot: QtBot, window: MainWindow, service: LeadService, clock: FakeClock
) -> None:
    dialog = _quick_add(qtbot, window, None)
    dialog.contact_edit.setText("Nina New")
    assert dialog.kind_combo.set_kind("inquiry")
    dialog.step_edit.setText("send the price list")
    dialog.accept()
    settle(qtbot, window)
    (nina,) = [contact for contact in service.contacts() if contact.name == "Nina New"]
    step = service.next_step(nina.id)
    assert step is not None and step.due == local_date(clock()) + timedelta(days=1)
    assert window.board_view.selected_contact() == nina.id


def test_without_a_next_step_quick_add_schedules_none(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int], service: LeadService
) -> None:
    dialog = _quick_add(qtbot, window, leads["Cora Cold"])
    assert dialog.kind_combo.set_kind("website_visit")
    dialog.accept()
    settle(qtbot, window)
    assert service.next_step(leads["Cora Cold"]) is None
    assert window.undo_stack.undoText().startswith("Log ")
