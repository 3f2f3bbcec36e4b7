"""The window next to a colleague's desktop on one book: a pin made from a board that had not
shown the colleague's change yet is refused with who and what, an undo never overwrites what the
colleague did since, and an edit writes only the fields changed in the editor."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot

from desktop.commands import EditContactCommand
from desktop.window.main_window import MainWindow
from leadtemp.model import Temperature
from leadtemp.service import LeadService
from tests.conftest import FakeClock
from tests.desktop.conftest import names, settle


@pytest.fixture
def sam(db_path: Path, clock: FakeClock, window: MainWindow) -> Iterator[LeadService]:
    """Sam's desktop; this window stops looking for outside changes, as if Sam's had just landed."""
    window.external_changes.stop()
    service = LeadService.open(db_path, now=clock, actor="Sam")
    yield service
    service.close()


def said(window: MainWindow) -> str:
    box = window.active_dialog
    assert isinstance(box, QMessageBox)
    text = box.text()
    box.reject()
    return text


def test_a_pin_on_a_lead_sam_moved_unseen_is_refused_and_not_on_the_stack(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int], sam: LeadService
) -> None:
    walt = leads["Walt Mild"]
    sam.log_interaction(walt, "pricing_request")
    assert window.pin(walt, Temperature.COLD)
    settle(qtbot, window)
    assert said(window) == (
        "Sam logged a pricing request for Walt Mild and moved it to hot just now; your pin was not applied"
    )
    assert sam.get_pin(walt) is None and window.undo_stack.count() == 0
    # Once the board shows Sam's change, the same pin goes through.
    window.refresh_now()
    settle(qtbot, window)
    assert "Walt Mild" in names(window, Temperature.HOT)
    assert window.pin(walt, Temperature.COLD)
    settle(qtbot, window)
    assert window.active_dialog is None and "Walt Mild" in names(window, Temperature.COLD)


def test_undo_takes_back_my_pin_unless_sam_pinned_the_lead_since(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int], sam: LeadService
) -> None:
    walt, cora = leads["Walt Mild"], leads["Cora Cold"]
    assert window.pin(walt, Temperature.HOT) and window.pin(cora, Temperature.HOT)
    settle(qtbot, window)
    sam.log_interaction(cora, "website_visit")  # touches no pin: my undo of Cora's stays mine
    sam.pin(walt, Temperature.COLD)
    window.menu_actions.undo.trigger()  # Cora's pin, the latest step
    settle(qtbot, window)
    assert window.active_dialog is None and sam.get_pin(cora) is None
    window.menu_actions.undo.trigger()  # Walt's pin: Sam pinned him since
    settle(qtbot, window)
    assert said(window) == "Sam pinned Walt Mild as cold just now; your undo would overwrite it"
    pin = sam.get_pin(walt)
    assert pin is not None and pin.temperature is Temperature.COLD


def test_an_edit_writes_only_what_changed_in_the_editor(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int], sam: LeadService
) -> None:
    wanda = leads["Wanda Warm"]
    shown = sam.contact(wanda)
    sam.edit_contact(wanda, role="Head of Sales")
    values = {"name": shown.name, "company": "Ember Group", "role": shown.role, "email": shown.email}
    assert window.run_command(EditContactCommand(window.step_naming(), wanda, values, shown=shown))
    settle(qtbot, window)
    assert window.active_dialog is None
    contact = sam.contact(wanda)
    assert (contact.company, contact.role) == ("Ember Group", "Head of Sales")
    window.menu_actions.undo.trigger()
    settle(qtbot, window)
    assert (sam.contact(wanda).company, sam.contact(wanda).role) == ("Ember Co", "Head of Sales")


def test_a_colleague_s_change_is_said_in_a_notice_and_the_timeline_and_mine_are_not(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int], sam: LeadService, service: LeadService
) -> None:
    walt = leads["Walt Mild"]
    service.log_interaction(walt, "email_sent")  # mine, from the command line
    sam.log_interaction(walt, "pricing_request")
    window.colleagues.check()
    settle(qtbot, window)
    assert [notice.text() for notice in window.notices.notices()] == [
        "Sam logged a pricing request for Walt Mild and moved it to hot"
    ]
    window.refresh_now()
    settle(qtbot, window)
    window.board_view.select_contact(walt)
    assert window.panel is not None
    window.panel.refresh()
    qtbot.waitUntil(lambda: window.panel is not None and window.panel.timeline_model.rowCount() == 4)
    labels = [window.panel.timeline_model.entry(row).label for row in range(4)]
    assert labels[:2] == ["Sam logged a pricing request", "Email sent"]


def test_your_name_is_what_the_window_s_next_changes_are_recorded_under(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int], service: LeadService
) -> None:
    window.menu_actions.your_name.trigger()
    dialog = window.active_dialog
    assert isinstance(dialog, QInputDialog) and window.service is not None
    assert dialog.textValue() == window.service.actor
    dialog.setTextValue("Alex Morgan")
    dialog.accept()
    settle(qtbot, window)
    assert window.service is not None and window.service.actor == "Alex Morgan"
    assert window.pin(leads["Cora Cold"], Temperature.HOT)
    settle(qtbot, window)
    assert service.changes_after(0)[-1].actor == "Alex Morgan"
