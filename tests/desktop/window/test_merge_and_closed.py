"""Merging two selected cards (one undoable step) and the board's closed leads with Reopen."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.board.model import CardRole
from desktop.window.main_window import MainWindow
from leadtemp.errors import NotFoundError
from leadtemp.model import Outcome, Temperature
from leadtemp.service import LeadService
from tests.desktop.conftest import names, settle


def click(qtbot: QtBot, window: MainWindow, contact_id: int, *, ctrl: bool = False) -> None:
    card = window.board_model.card(contact_id)
    assert card is not None
    view = window.board_view.view(card.temperature)
    index = window.board_model.view_index(contact_id)
    modifier = Qt.KeyboardModifier.ControlModifier if ctrl else Qt.KeyboardModifier.NoModifier
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, view.visualRect(index).center())


def texts(menu: object) -> list[str]:
    return [action.text().replace("&", "") for action in menu.actions() if not action.isSeparator()]  # type: ignore[attr-defined]


def action(menu: object, start: str) -> object:
    return next(a for a in menu.actions() if a.text().replace("&", "").startswith(start))  # type: ignore[attr-defined]


def test_ctrl_click_selects_cards_in_two_columns_and_enables_merge(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int]
) -> None:
    click(qtbot, window, leads["Cora Cold"])
    assert window.board_view.selected_contacts() == [leads["Cora Cold"]]
    assert not window.menu_actions.merge.isEnabled()
    click(qtbot, window, leads["Hattie Hot"], ctrl=True)
    assert window.board_view.selected_contacts() == [leads["Hattie Hot"], leads["Cora Cold"]]
    assert window.board_view.selected_contact() == leads["Hattie Hot"]
    assert window.menu_actions.merge.isEnabled()
    click(qtbot, window, leads["Wanda Warm"], ctrl=True)
    assert len(window.board_view.selected_contacts()) == 3 and not window.menu_actions.merge.isEnabled()
    click(qtbot, window, leads["Wanda Warm"])
    assert window.board_view.selected_contacts() == [leads["Wanda Warm"]]


def test_merging_two_selected_cards_is_one_undoable_step(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int], service: LeadService
) -> None:
    cora, hattie = leads["Cora Cold"], leads["Hattie Hot"]
    moved = {i.id for i in service.interactions(hattie)}
    click(qtbot, window, cora)
    click(qtbot, window, hattie, ctrl=True)
    window.menu_actions.merge.trigger()
    settle(qtbot, window)
    # The older contact is kept; the other's card is gone and its log is the kept one's.
    assert "Hattie Hot" not in names(window, Temperature.HOT)
    assert "Cora Cold" in names(window, Temperature.HOT)
    assert moved <= {i.id for i in service.interactions(cora)}
    card = window.board_model.card(cora)
    assert card is not None and card.score == service.detail(cora).result.score
    assert window.board_view.selected_contact() == cora
    assert window.panel is not None and window.panel.contact_id == cora
    timeline = window.panel.timeline_model
    notes = [timeline.entry(row).note for row in range(timeline.rowCount())]
    assert f"merged with #{hattie} Hattie Hot" in notes
    assert window.undo_stack.count() == 1
    assert window.menu_actions.undo.text().replace("&", "") == "Undo Merge Hattie Hot into Cora Cold"
    window.menu_actions.undo.trigger()
    settle(qtbot, window)
    assert "Hattie Hot" in names(window, Temperature.HOT) and "Cora Cold" in names(window, Temperature.COLD)
    assert {i.id for i in service.interactions(hattie)} == moved
    window.menu_actions.redo.trigger()
    settle(qtbot, window)
    assert "Hattie Hot" not in names(window, Temperature.HOT)
    try:
        service.contact(hattie)
        raise AssertionError("the merged contact is still there")
    except NotFoundError:
        pass


def test_the_card_menu_merges_into_the_card_it_was_opened_on(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int], service: LeadService
) -> None:
    cora, hattie = leads["Cora Cold"], leads["Hattie Hot"]
    menu = window.build_card_menu(hattie)
    assert not any(text.startswith("Merge") for text in texts(menu))
    click(qtbot, window, cora)
    click(qtbot, window, hattie, ctrl=True)
    menu = window.build_card_menu(hattie)
    action(menu, "Merge Into Hattie Hot").trigger()  # type: ignore[attr-defined]
    settle(qtbot, window)
    assert service.contact(hattie).name == "Hattie Hot"
    assert "Cora Cold" not in names(window, Temperature.COLD)
    assert "Hattie Hot" in names(window, Temperature.HOT)


def test_closed_leads_can_be_shown_marked_and_reopened(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int], service: LeadService
) -> None:
    walt, cora = leads["Walt Mild"], leads["Cora Cold"]
    assert window.set_outcome(walt, Outcome.WON) and window.archive(cora)
    settle(qtbot, window)
    assert "Walt Mild" not in names(window, Temperature.WARM) and "Cora Cold" not in names(
        window, Temperature.COLD
    )
    with qtbot.waitSignal(window.boardLoaded, timeout=10_000):
        window.menu_actions.show_closed.trigger()
    assert window.menu_actions.show_closed.isChecked()
    assert "Walt Mild" in names(window, Temperature.WARM) and "Cora Cold" in names(window, Temperature.COLD)
    index = window.board_model.view_index(walt)
    assert index.data(CardRole.CardDataRole).closed_label == "Won"
    assert "Won: reopen it" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert window.board_model.card(cora).closed_label == "Archived"  # type: ignore[union-attr]
    assert not any(text.startswith("Reopen") for text in texts(window.build_card_menu(leads["Wanda Warm"])))
    action(window.build_card_menu(walt), "Reopen (Won)").trigger()  # type: ignore[attr-defined]
    settle(qtbot, window)
    assert service.contact(walt).outcome is Outcome.OPEN
    assert not window.board_model.card(walt).closed  # type: ignore[union-attr]
    window.menu_actions.undo.trigger()
    settle(qtbot, window)
    assert service.contact(walt).outcome is Outcome.WON
    assert window.board_model.card(walt).closed_label == "Won"  # type: ignore[union-attr]
    # Marking a lead lost while closed leads show keeps its card, marked.
    assert window.set_outcome(leads["Wanda Warm"], Outcome.LOST)
    settle(qtbot, window)
    assert window.board_model.card(leads["Wanda Warm"]).closed_label == "Lost"  # type: ignore[union-attr]
    window.board_view.select_contact(cora)
    assert window.menu_actions.reopen.isEnabled()
    window.menu_actions.reopen.trigger()
    settle(qtbot, window)
    assert not service.contact(cora).archived
    with qtbot.waitSignal(window.boardLoaded, timeout=10_000):
        window.menu_actions.show_closed.trigger()
    assert "Walt Mild" not in names(window, Temperature.WARM) and "Cora Cold" in names(
        window, Temperature.COLD
    )
    assert "Wanda Warm" not in names(window, Temperature.WARM)


def test_show_closed_leads_is_remembered_for_the_next_window(
    qtbot: QtBot, open_window: Callable[[Path], MainWindow], db_path: Path, leads: dict[str, int]
) -> None:
    window = open_window(db_path)
    assert window.set_outcome(leads["Walt Mild"], Outcome.WON)
    with qtbot.waitSignal(window.boardLoaded, timeout=10_000):
        window.menu_actions.show_closed.trigger()
    window.close()
    again = open_window(db_path)
    assert again.menu_actions.show_closed.isChecked()
    assert "Walt Mild" in names(again, Temperature.WARM)
    with qtbot.waitSignal(again.boardLoaded, timeout=10_000):
        again.menu_actions.show_closed.trigger()
    again.close()
    third = open_window(db_path)
    assert not third.menu_actions.show_closed.isChecked()
    assert "Walt Mild" not in names(third, Temperature.WARM)
