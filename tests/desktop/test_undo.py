"""Undo and redo (Ctrl+Z / Ctrl+Shift+Z) of logging, deleting, pinning, archiving and more."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desktop.window.main_window import MainWindow
from leadtemp.model import Outcome, Temperature
from leadtemp.service import LeadService
from tests.desktop.conftest import names


def undo(window: MainWindow) -> None:
    window.menu_actions.undo.trigger()


def redo(window: MainWindow) -> None:
    window.menu_actions.redo.trigger()


def test_undo_redo_of_a_logged_interaction(
    window: MainWindow, leads: dict[str, int], service: LeadService
) -> None:
    wanda = leads["Wanda Warm"]
    before = [i.id for i in service.interactions(wanda)]
    assert window.log(wanda, "proposal_request", note="wants it by June")
    logged = [i for i in service.interactions(wanda) if i.id not in before]
    assert len(logged) == 1 and "Wanda Warm" in names(window, Temperature.HOT)
    undo(window)
    assert [i.id for i in service.interactions(wanda)] == before
    assert "Wanda Warm" in names(window, Temperature.WARM)
    redo(window)
    again = [i for i in service.interactions(wanda) if i.id not in before]
    assert again == logged
    assert "Wanda Warm" in names(window, Temperature.HOT)


def test_undo_redo_of_a_deleted_interaction_from_the_panel(
    window: MainWindow, leads: dict[str, int], service: LeadService
) -> None:
    hattie = leads["Hattie Hot"]
    window.board_view.select_contact(hattie)
    assert window.panel is not None
    proposal = next(i for i in service.interactions(hattie) if i.kind == "proposal_request")
    window.panel.deleteInteractionRequested.emit(proposal.id)
    assert proposal.id not in {i.id for i in service.interactions(hattie)}
    assert "Hattie Hot" in names(window, Temperature.WARM)
    undo(window)
    assert proposal in service.interactions(hattie)
    assert "Hattie Hot" in names(window, Temperature.HOT)
    redo(window)
    assert proposal.id not in {i.id for i in service.interactions(hattie)}


def test_undo_redo_of_pin_and_unpin(window: MainWindow, leads: dict[str, int], service: LeadService) -> None:
    walt = leads["Walt Mild"]
    assert window.pin(walt, Temperature.HOT)
    assert window.pin(walt, Temperature.COLD)
    undo(window)
    pin = service.get_pin(walt)
    assert pin is not None and pin.temperature is Temperature.HOT
    assert "Walt Mild" in names(window, Temperature.HOT)
    window.panel_holder.show()
    assert window.unpin(walt)
    assert service.get_pin(walt) is None and "Walt Mild" in names(window, Temperature.WARM)
    undo(window)
    assert service.get_pin(walt).temperature is Temperature.HOT  # type: ignore[union-attr]
    undo(window)
    assert service.get_pin(walt) is None
    redo(window)
    redo(window)
    assert service.get_pin(walt) is None
    assert "Walt Mild" in names(window, Temperature.WARM)


def test_undo_redo_of_archiving(window: MainWindow, leads: dict[str, int], service: LeadService) -> None:
    colin = leads["Colin Quiet"]
    assert window.archive(colin)
    assert service.contact(colin).archived and "Colin Quiet" not in names(window, Temperature.COLD)
    assert window.notices.messages()[-1] == "Colin Quiet: archived — Ctrl+Z to undo"
    undo(window)
    assert not service.contact(colin).archived and "Colin Quiet" in names(window, Temperature.COLD)
    redo(window)
    assert service.contact(colin).archived


def test_undo_of_outcome_edit_tick_and_new_contact(
    window: MainWindow, leads: dict[str, int], service: LeadService
) -> None:
    hugo = leads["Hugo Fire"]
    assert window.set_outcome(hugo, Outcome.LOST)
    undo(window)
    assert service.contact(hugo).outcome is Outcome.OPEN and "Hugo Fire" in names(window, Temperature.HOT)
    assert window.tick(hugo, "respond_now", True)
    assert service.checklist(hugo)[0].done
    undo(window)
    assert not service.checklist(hugo)[0].done
    from desktop.commands import AddContactCommand, EditContactCommand

    ui_service = window.service
    assert ui_service is not None
    assert window.run_command(EditContactCommand(ui_service, hugo, {"company": "Ash & Co"}))
    undo(window)
    assert service.contact(hugo).company == ""
    command = AddContactCommand(ui_service, {"name": "Undo Me", "email": "undo@me.example"})
    assert window.run_command(command)
    assert "Undo Me" in names(window, Temperature.COLD)
    undo(window)
    assert "Undo Me" not in names(window, Temperature.COLD)
    redo(window)
    assert command.contact_id is not None and service.contact(command.contact_id).name == "Undo Me"
    assert "Undo Me" in names(window, Temperature.COLD)


def test_a_refused_write_is_shown_and_not_pushed(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int]
) -> None:
    assert not window.log(leads["Cora Cold"], "no_such_kind")
    assert window.undo_stack.count() == 0
    box = window.active_dialog
    assert box is not None and box.objectName() == "error-box"
    assert "unknown interaction kind" in box.text()  # type: ignore[attr-defined]
    box.reject()


def test_undo_text_names_the_action(window: MainWindow, leads: dict[str, int]) -> None:
    window.archive(leads["Cora Cold"])
    assert window.menu_actions.undo.text() == "&Undo Archive Cora Cold"
    assert window.menu_actions.undo.isEnabled() and not window.menu_actions.redo.isEnabled()
