"""Undo and redo (Ctrl+Z / Ctrl+Shift+Z) of logging, deleting, pinning, archiving and more."""

from __future__ import annotations

import threading

from pytestqt.qtbot import QtBot

from desktop.window.main_window import MainWindow
from leadtemp.model import Outcome, Temperature
from leadtemp.service import Change, LeadService
from tests.desktop.conftest import names, settle


def undo(qtbot: QtBot, window: MainWindow) -> None:
    assert window.menu_actions.undo.isEnabled()
    window.menu_actions.undo.trigger()
    settle(qtbot, window)


def redo(qtbot: QtBot, window: MainWindow) -> None:
    assert window.menu_actions.redo.isEnabled()
    window.menu_actions.redo.trigger()
    settle(qtbot, window)


def done(qtbot: QtBot, window: MainWindow, queued: bool) -> bool:
    """Whether a write was queued, once it is back from the worker."""
    settle(qtbot, window)
    return queued


def test_undo_redo_of_a_logged_interaction(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int], service: LeadService
) -> None:
    wanda = leads["Wanda Warm"]
    before = [i.id for i in service.interactions(wanda)]
    assert done(qtbot, window, window.log(wanda, "proposal_request", note="wants it by June"))
    logged = [i for i in service.interactions(wanda) if i.id not in before]
    assert len(logged) == 1 and "Wanda Warm" in names(window, Temperature.HOT)
    undo(qtbot, window)
    assert [i.id for i in service.interactions(wanda)] == before
    assert "Wanda Warm" in names(window, Temperature.WARM)
    redo(qtbot, window)
    again = [i for i in service.interactions(wanda) if i.id not in before]
    assert again == logged
    assert "Wanda Warm" in names(window, Temperature.HOT)


def test_undo_redo_of_a_deleted_interaction_from_the_panel(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int], service: LeadService
) -> None:
    hattie = leads["Hattie Hot"]
    window.board_view.select_contact(hattie)
    assert window.panel is not None
    proposal = next(i for i in service.interactions(hattie) if i.kind == "proposal_request")
    window.panel.deleteInteractionRequested.emit(proposal.id)
    settle(qtbot, window)
    assert proposal.id not in {i.id for i in service.interactions(hattie)}
    assert "Hattie Hot" in names(window, Temperature.WARM)
    undo(qtbot, window)
    assert proposal in service.interactions(hattie)
    assert "Hattie Hot" in names(window, Temperature.HOT)
    redo(qtbot, window)
    assert proposal.id not in {i.id for i in service.interactions(hattie)}


def test_undo_redo_of_pin_and_unpin(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int], service: LeadService
) -> None:
    walt = leads["Walt Mild"]
    assert done(qtbot, window, window.pin(walt, Temperature.HOT))
    assert done(qtbot, window, window.pin(walt, Temperature.COLD))
    undo(qtbot, window)
    pin = service.get_pin(walt)
    assert pin is not None and pin.temperature is Temperature.HOT
    assert "Walt Mild" in names(window, Temperature.HOT)
    window.panel_holder.show()
    assert done(qtbot, window, window.unpin(walt))
    assert service.get_pin(walt) is None and "Walt Mild" in names(window, Temperature.WARM)
    undo(qtbot, window)
    assert service.get_pin(walt).temperature is Temperature.HOT  # type: ignore[union-attr]
    undo(qtbot, window)
    assert service.get_pin(walt) is None
    redo(qtbot, window)
    redo(qtbot, window)
    assert service.get_pin(walt) is None
    assert "Walt Mild" in names(window, Temperature.WARM)


def test_undo_redo_of_archiving(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int], service: LeadService
) -> None:
    colin = leads["Colin Quiet"]
    assert done(qtbot, window, window.archive(colin))
    assert service.contact(colin).archived and "Colin Quiet" not in names(window, Temperature.COLD)
    assert window.notices.messages()[-1] == "Colin Quiet: archived — Ctrl+Z to undo"
    undo(qtbot, window)
    assert not service.contact(colin).archived and "Colin Quiet" in names(window, Temperature.COLD)
    redo(qtbot, window)
    assert service.contact(colin).archived


def test_undo_of_outcome_edit_tick_and_new_contact(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int], service: LeadService
) -> None:
    hugo = leads["Hugo Fire"]
    assert done(qtbot, window, window.set_outcome(hugo, Outcome.LOST))
    undo(qtbot, window)
    assert service.contact(hugo).outcome is Outcome.OPEN and "Hugo Fire" in names(window, Temperature.HOT)
    assert done(qtbot, window, window.tick(hugo, "respond_now", True))
    assert service.checklist(hugo)[0].done
    undo(qtbot, window)
    assert not service.checklist(hugo)[0].done
    from desktop.commands import AddContactCommand, EditContactCommand

    ui_service = window.service
    assert ui_service is not None
    assert done(
        qtbot, window, window.run_command(EditContactCommand(ui_service, hugo, {"company": "Ash & Co"}))
    )
    undo(qtbot, window)
    assert service.contact(hugo).company == ""
    command = AddContactCommand(ui_service, {"name": "Undo Me", "email": "undo@me.example"})
    assert done(qtbot, window, window.run_command(command))
    assert "Undo Me" in names(window, Temperature.COLD)
    undo(qtbot, window)
    assert "Undo Me" not in names(window, Temperature.COLD)
    redo(qtbot, window)
    assert command.contact_id is not None and service.contact(command.contact_id).name == "Undo Me"
    assert "Undo Me" in names(window, Temperature.COLD)


def test_a_refused_write_is_shown_and_not_pushed(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int]
) -> None:
    window.log(leads["Cora Cold"], "no_such_kind")
    settle(qtbot, window)
    assert window.undo_stack.count() == 0
    box = window.active_dialog
    assert box is not None and box.objectName() == "error-box"
    assert "unknown interaction kind" in box.text()  # type: ignore[attr-defined]
    box.reject()


def test_undo_text_names_the_action(qtbot: QtBot, window: MainWindow, leads: dict[str, int]) -> None:
    assert done(qtbot, window, window.archive(leads["Cora Cold"]))
    assert window.menu_actions.undo.text() == "&Undo Archive Cora Cold"
    assert window.menu_actions.undo.isEnabled() and not window.menu_actions.redo.isEnabled()


def test_pin_log_undo_and_redo_write_on_a_worker_thread(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int]
) -> None:
    from desktop.commands import ServiceCommand

    threads: list[tuple[str, threading.Thread]] = []
    real_perform, real_revert = ServiceCommand.perform, ServiceCommand.revert

    def perform(command: ServiceCommand, service: LeadService) -> Change:
        threads.append(("write", threading.current_thread()))
        return real_perform(command, service)

    def revert(command: ServiceCommand, service: LeadService) -> Change:
        threads.append(("undo", threading.current_thread()))
        return real_revert(command, service)

    ServiceCommand.perform = perform  # type: ignore[method-assign]
    ServiceCommand.revert = revert  # type: ignore[method-assign]
    try:
        assert done(qtbot, window, window.pin(leads["Walt Mild"], Temperature.HOT))
        assert done(qtbot, window, window.log(leads["Cora Cold"], "pricing_request"))
        undo(qtbot, window)
        redo(qtbot, window)
    finally:
        ServiceCommand.perform = real_perform  # type: ignore[method-assign]
        ServiceCommand.revert = real_revert  # type: ignore[method-assign]
    assert [what for what, _ in threads] == ["write", "write", "undo", "write"]
    assert all(thread is not threading.main_thread() for _, thread in threads)
    assert "Cora Cold" in names(window, Temperature.HOT)


def test_undo_and_redo_wait_while_a_write_is_on_the_worker(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int], service: LeadService
) -> None:
    assert done(qtbot, window, window.archive(leads["Cora Cold"]))
    assert window.menu_actions.undo.isEnabled()
    assert window.pin(leads["Walt Mild"], Temperature.HOT)
    assert not window.menu_actions.undo.isEnabled() and not window.menu_actions.redo.isEnabled()
    window.undo()
    settle(qtbot, window)
    assert service.contact(leads["Cora Cold"]).archived
    assert window.undo_stack.count() == 2
    assert window.menu_actions.undo.text() == "&Undo Pin Walt Mild as hot"
    undo(qtbot, window)
    assert service.get_pin(leads["Walt Mild"]) is None
    assert window.menu_actions.redo.text() == "&Redo Pin Walt Mild as hot"


def test_a_failed_undo_is_shown_and_dropped_from_the_stack(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int], service: LeadService
) -> None:
    hugo = leads["Hugo Fire"]
    assert done(qtbot, window, window.archive(leads["Cora Cold"]))
    assert done(qtbot, window, window.log(hugo, "website_visit"))
    logged = max(i.id for i in service.interactions(hugo))
    service.delete_interaction(logged)
    undo(qtbot, window)
    box = window.active_dialog
    assert box is not None and box.objectName() == "error-box"
    box.reject()
    assert window.undo_stack.count() == 1 and window.undo_stack.index() == 1
    assert window.menu_actions.undo.text() == "&Undo Archive Cora Cold"
    assert not window.menu_actions.redo.isEnabled()
    undo(qtbot, window)
    assert not service.contact(leads["Cora Cold"]).archived


def test_a_new_selection_does_not_enable_undo_while_a_write_is_on_the_worker(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int]
) -> None:
    assert done(qtbot, window, window.archive(leads["Cora Cold"]))
    assert window.pin(leads["Walt Mild"], Temperature.HOT)
    window.board_view.select_contact(leads["Hugo Fire"])
    assert not window.menu_actions.undo.isEnabled()
    settle(qtbot, window)
    assert window.menu_actions.undo.isEnabled()
