"""Finding every lead: the board sorted and filtered (remembered), several cards selected with the
mouse and changed in one undoable step, the lead list as a table and the closed leads with Reopen."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtWidgets import QInputDialog
from pytestqt.qtbot import QtBot

from desktop.board.arrangement import Arrangement, SortOrder
from desktop.board.lead_table import LeadTableView
from desktop.board.model import CardRole
from desktop.window.lead_views import LeadView
from desktop.window.main_window import MainWindow
from leadtemp.model import Outcome, Temperature
from leadtemp.service import LeadService
from tests.desktop.conftest import settle

Modifier = Qt.KeyboardModifier


def column(window: MainWindow, temperature: Temperature) -> list[str]:
    """The names a column shows, in order, whatever model it shows them through."""
    model = window.board_view.view(temperature).model()
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def click(
    qtbot: QtBot, window: MainWindow, contact_id: int, modifier: Modifier = Modifier.NoModifier
) -> None:
    card = window.board_model.card(contact_id)
    assert card is not None
    view = window.board_view.view(card.temperature)
    index = window.board_view.index_of(contact_id, card.temperature)
    assert index.isValid()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, view.visualRect(index).center())


def click_row(
    qtbot: QtBot, table: LeadTableView, contact_id: int, modifier: Modifier = Modifier.NoModifier
) -> None:
    index = table.arranged.index_of(contact_id)
    assert index.isValid()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier, table.visualRect(index).center())


def rows(table: LeadTableView) -> list[str]:
    model = table.model()
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def choose_filter(window: MainWindow, label: str) -> None:
    """Pick an entry of the Filter menu (or of its Source / Import submenus) as a user would."""
    bar = window.arrange_bar
    bar.fill_menu()
    menus = [bar.menu, *(a.menu() for a in bar.menu.actions() if a.menu() is not None)]
    for menu in menus:
        for action in menu.actions():  # type: ignore[union-attr]
            if action.text().replace("&", "") == label:
                action.trigger()
                return
    raise AssertionError(f"no filter {label!r}")


def test_sorting_the_board_is_remembered_for_the_next_session(
    qtbot: QtBot, open_window: Callable[[Path], MainWindow], db_path: Path, leads: dict[str, int]
) -> None:
    window = open_window(db_path)
    assert column(window, Temperature.COLD) == ["Cora Cold", "Colin Quiet"]
    window.arrange_bar.sort.setCurrentIndex(window.arrange_bar.sort.findData(SortOrder.NAME.value))
    assert column(window, Temperature.COLD) == ["Colin Quiet", "Cora Cold"]
    assert column(window, Temperature.HOT) == ["Hattie Hot", "Hugo Fire"]
    window.arrange_bar.sort.setCurrentIndex(window.arrange_bar.sort.findData(SortOrder.LAST_TOUCH.value))
    assert column(window, Temperature.COLD)[0] == "Colin Quiet"  # never touched
    window.close()
    again = open_window(db_path)
    assert again.arrangement.sort is SortOrder.LAST_TOUCH
    assert again.arrange_bar.sort.currentData() == SortOrder.LAST_TOUCH.value
    assert column(again, Temperature.COLD)[0] == "Colin Quiet"


def test_filters_hide_cards_say_so_and_are_remembered(
    qtbot: QtBot,
    open_window: Callable[[Path], MainWindow],
    db_path: Path,
    service: LeadService,
    leads: dict[str, int],
) -> None:
    service.pin(leads["Walt Mild"], "warm")
    service.edit_contact(leads["Cora Cold"], source="trade show")
    service.edit_contact(leads["Hugo Fire"], source="trade show")
    window = open_window(db_path)
    choose_filter(window, "Pinned")
    assert [column(window, t) for t in Temperature] == [[], ["Walt Mild"], []]
    assert window.board_view.columns[Temperature.WARM].count.text() == "1 of 2"
    assert window.board_view.view(Temperature.HOT).placeholder.text() == "No leads match the filters"
    assert window.arrange_bar.summary.text() == "Only: pinned"
    choose_filter(window, "Pinned")
    choose_filter(window, "trade show")
    qtbot.waitUntil(lambda: column(window, Temperature.HOT) == ["Hugo Fire"], timeout=5000)
    assert column(window, Temperature.COLD) == ["Cora Cold"] and column(window, Temperature.WARM) == []
    # The counts and the empty column's words follow the filter once its sources are in.
    assert [window.board_view.columns[t].count.text() for t in Temperature] == ["1 of 2", "0 of 2", "1 of 2"]
    assert not window.board_view.view(Temperature.HOT).placeholder.isVisible()
    assert window.board_view.view(Temperature.WARM).placeholder.text() == "No leads match the filters"
    # A lead given the source meanwhile joins the filtered board, and its column's count.
    window.set_source_many([leads["Walt Mild"]], "trade show")
    qtbot.waitUntil(lambda: column(window, Temperature.WARM) == ["Walt Mild"], timeout=5000)
    assert window.board_view.columns[Temperature.WARM].count.text() == "1 of 2"
    assert not window.board_view.view(Temperature.WARM).placeholder.isVisible()
    window.undo()
    qtbot.waitUntil(lambda: column(window, Temperature.WARM) == [], timeout=5000)
    assert window.board_view.columns[Temperature.WARM].count.text() == "0 of 2"
    window.close()
    again = open_window(db_path)
    assert again.arrangement == Arrangement(source="trade show")
    qtbot.waitUntil(lambda: column(again, Temperature.HOT) == ["Hugo Fire"], timeout=5000)
    again.arrange_bar.clear_button.click()
    assert column(again, Temperature.HOT) == ["Hugo Fire", "Hattie Hot"]


def test_the_due_step_filter_follows_steps_set_while_it_is_on(
    qtbot: QtBot, window: MainWindow, service: LeadService, leads: dict[str, int]
) -> None:
    service.set_next_step(leads["Walt Mild"], "send the case study", date(2026, 3, 4))
    choose_filter(window, "Has a due step")
    qtbot.waitUntil(lambda: [column(window, t) for t in Temperature] == [[], ["Walt Mild"], []], timeout=5000)
    window.show_view(LeadView.LIST)
    table = window.lead_views.table(LeadView.LIST)
    assert table is not None and rows(table) == ["Walt Mild"]
    assert table.model().index(0, 5).data() == "send the case study, due Mar 4"


def test_a_card_dropped_on_another_column_of_a_sorted_board_stays_selected(
    qtbot: QtBot, window: MainWindow, service: LeadService, leads: dict[str, int]
) -> None:
    window.set_arrangement(Arrangement(sort=SortOrder.NAME))
    cora = leads["Cora Cold"]
    click(qtbot, window, cora)
    cold = window.board_view.view(Temperature.COLD).model()
    warm = window.board_view.view(Temperature.WARM).model()
    data = cold.mimeData([window.board_view.index_of(cora, Temperature.COLD)])
    assert warm.canDropMimeData(data, Qt.DropAction.CopyAction, -1, -1, QModelIndex())
    assert warm.dropMimeData(data, Qt.DropAction.CopyAction, -1, 0, QModelIndex())
    settle(qtbot, window)
    assert column(window, Temperature.WARM) == ["Cora Cold", "Walt Mild", "Wanda Warm"]
    assert service.card(cora).pinned
    assert window.selected_contacts() == [cora]
    assert window.panel is not None and window.panel.contact_id == cora


def test_the_selected_card_stays_selected_through_a_reload_of_a_sorted_board(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int]
) -> None:
    window.set_arrangement(Arrangement(sort=SortOrder.NAME))
    click(qtbot, window, leads["Wanda Warm"])
    with qtbot.waitSignal(window.boardLoaded, timeout=10_000):
        window.reload_board()
    assert window.selected_contacts() == [leads["Wanda Warm"]]
    window.set_arrangement(Arrangement())
    assert window.selected_contacts() == [leads["Wanda Warm"]]
    with qtbot.waitSignal(window.boardLoaded, timeout=10_000):
        window.reload_board()
    window.set_arrangement(Arrangement(sort=SortOrder.WAITING))
    with qtbot.waitSignal(window.boardLoaded, timeout=10_000):
        window.reload_board()
    assert window.selected_contacts() == [leads["Wanda Warm"]]
    assert window.panel is not None and window.panel.contact_id == leads["Wanda Warm"]


def test_waiting_filter_and_order_put_the_longest_wait_first(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int]
) -> None:
    choose_filter(window, "Waiting for an answer")
    waiting = [card for card in window.board_model.column(Temperature.HOT).cards() if card.waiting_since]
    assert column(window, Temperature.HOT) == [card.name for card in waiting if card.waiting_since]
    assert column(window, Temperature.COLD) == []


def test_shift_and_ctrl_clicks_select_several_cards_and_one_undo_takes_a_bulk_archive_back(
    qtbot: QtBot, window: MainWindow, service: LeadService, leads: dict[str, int]
) -> None:
    click(qtbot, window, leads["Cora Cold"])
    click(qtbot, window, leads["Colin Quiet"], Modifier.ShiftModifier)
    click(qtbot, window, leads["Hattie Hot"], Modifier.ControlModifier)
    chosen = {leads["Cora Cold"], leads["Colin Quiet"], leads["Hattie Hot"]}
    assert set(window.selected_contacts()) == chosen
    assert window.menu_actions.archive.text().replace("&", "") == "Archive 3 Leads"
    window.menu_actions.archive.trigger()
    settle(qtbot, window)
    assert column(window, Temperature.COLD) == [] and column(window, Temperature.HOT) == ["Hugo Fire"]
    assert all(service.contact(cid).archived for cid in chosen)
    assert window.undo_stack.count() == 1
    assert window.menu_actions.undo.text().replace("&", "") == "Undo Archive 3 leads"
    window.undo()
    settle(qtbot, window)
    assert not any(service.contact(cid).archived for cid in chosen)
    assert column(window, Temperature.COLD) == ["Cora Cold", "Colin Quiet"]
    window.redo()
    settle(qtbot, window)
    assert all(service.contact(cid).archived for cid in chosen)


def test_bulk_pin_from_the_card_menu_and_mark_lost_are_one_step_each(
    qtbot: QtBot, window: MainWindow, service: LeadService, leads: dict[str, int]
) -> None:
    click(qtbot, window, leads["Cora Cold"])
    click(qtbot, window, leads["Wanda Warm"], Modifier.ControlModifier)
    menu = window.build_card_menu(leads["Wanda Warm"])
    pin = next(a for a in menu.actions() if a.text().replace("&", "") == "Pin 2 Leads as Hot")
    pin.trigger()
    settle(qtbot, window)
    assert set(column(window, Temperature.HOT)) >= {"Cora Cold", "Wanda Warm"}
    assert window.undo_stack.count() == 1
    # The two moved to the hot column and are still the selection, for the next bulk edit.
    assert window.selected_contacts() == [leads["Wanda Warm"], leads["Cora Cold"]]
    assert window.panel is not None and window.panel.contact_id == leads["Wanda Warm"]
    # One pinned hot among several: pinning them all hot still makes sense.
    click(qtbot, window, leads["Cora Cold"])
    assert not window.menu_actions.pin[Temperature.HOT].isEnabled()
    click(qtbot, window, leads["Walt Mild"], Modifier.ControlModifier)
    click(qtbot, window, leads["Cora Cold"], Modifier.ControlModifier)
    click(qtbot, window, leads["Cora Cold"], Modifier.ControlModifier)
    assert window.selected_contact() == leads["Cora Cold"] and len(window.selected_contacts()) == 2
    assert window.menu_actions.pin[Temperature.HOT].isEnabled()
    window.board_view.select_contact(leads["Cora Cold"])
    click(qtbot, window, leads["Wanda Warm"], Modifier.ControlModifier)
    window.menu_actions.lost.trigger()
    settle(qtbot, window)
    assert {service.contact(leads[n]).outcome for n in ("Cora Cold", "Wanda Warm")} == {Outcome.LOST}
    assert window.undo_stack.count() == 2
    window.undo()
    settle(qtbot, window)
    assert {service.contact(leads[n]).outcome for n in ("Cora Cold", "Wanda Warm")} == {Outcome.OPEN}
    window.undo()
    settle(qtbot, window)
    assert column(window, Temperature.COLD) == ["Cora Cold", "Colin Quiet"]
    assert service.get_pin(leads["Wanda Warm"]) is None


def test_set_source_for_the_selection_through_its_dialog(
    qtbot: QtBot, window: MainWindow, service: LeadService, leads: dict[str, int]
) -> None:
    click(qtbot, window, leads["Walt Mild"])
    click(qtbot, window, leads["Hugo Fire"], Modifier.ControlModifier)
    window.menu_actions.set_source.trigger()
    dialog = window.active_dialog
    assert isinstance(dialog, QInputDialog)
    dialog.setTextValue("podcast")
    dialog.accept()
    settle(qtbot, window)
    assert {service.contact(leads[n]).source for n in ("Walt Mild", "Hugo Fire")} == {"podcast"}
    window.show_view(LeadView.LIST)
    table = window.lead_views.table(LeadView.LIST)
    assert table is not None
    qtbot.waitUntil(lambda: window.facets.loaded, timeout=5000)
    choose_filter(window, "podcast")
    assert set(rows(table)) == {"Walt Mild", "Hugo Fire"}
    window.undo()
    settle(qtbot, window)
    qtbot.waitUntil(lambda: rows(table) == [], timeout=5000)
    window.menu_actions.set_source.trigger()
    assert window.active_dialog is None  # nothing selected in the list now


def test_the_lead_list_sorts_on_a_header_click_and_bulk_edits_its_selection(
    qtbot: QtBot, window: MainWindow, service: LeadService, leads: dict[str, int]
) -> None:
    window.menu_actions.views[LeadView.LIST].trigger()
    table = window.lead_views.table(LeadView.LIST)
    assert table is not None and table.isVisible() and not window.board_view.isVisible()
    assert rows(table) == ["Hugo Fire", "Hattie Hot", "Wanda Warm", "Walt Mild", "Cora Cold", "Colin Quiet"]
    header = table.horizontalHeader()
    name_at = QPoint(header.sectionViewportPosition(0) + 10, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=name_at)
    first = rows(table)
    assert first in (sorted(first), sorted(first, reverse=True))
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=name_at)
    assert rows(table) == list(reversed(first))
    score = table.model().index(0, 3).data()
    assert isinstance(score, int)
    click_row(qtbot, table, leads["Cora Cold"])
    click_row(qtbot, table, leads["Colin Quiet"], Modifier.ControlModifier)
    assert set(window.selected_contacts()) == {leads["Cora Cold"], leads["Colin Quiet"]}
    assert window.panel is not None and window.panel.contact_id == leads["Colin Quiet"]
    window.menu_actions.pin[Temperature.WARM].trigger()
    settle(qtbot, window)
    assert {service.card(leads[n]).temperature for n in ("Cora Cold", "Colin Quiet")} == {Temperature.WARM}
    assert set(window.selected_contacts()) == {leads["Cora Cold"], leads["Colin Quiet"]}
    row = table.arranged.row_of(leads["Cora Cold"])
    assert row is not None and table.model().index(row, 2).data() == "Warm (pinned)"
    click_row(qtbot, table, leads["Walt Mild"])
    click_row(qtbot, table, leads["Wanda Warm"], Modifier.ShiftModifier)
    assert len(window.selected_contacts()) >= 2
    chosen = set(window.selected_contacts())
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    settle(qtbot, window)
    assert all(service.contact(cid).archived for cid in chosen)
    assert not chosen & {table.arranged.contact_at(row) for row in range(table.model().rowCount())}
    window.board_view.setFocus()
    window.search.setText("hugo")
    assert rows(table) == ["Hugo Fire"]


def test_the_closed_view_lists_won_lost_and_archived_leads_and_reopens_them(
    qtbot: QtBot,
    open_window: Callable[[Path], MainWindow],
    db_path: Path,
    service: LeadService,
    leads: dict[str, int],
) -> None:
    service.set_outcome(leads["Hattie Hot"], "won")
    service.archive_contact(leads["Colin Quiet"])
    window = open_window(db_path)
    assert not window.menu_actions.show_closed.isChecked()
    with qtbot.waitSignal(window.boardLoaded, timeout=10_000):
        window.menu_actions.views[LeadView.CLOSED].trigger()
    table = window.lead_views.table(LeadView.CLOSED)
    assert table is not None
    assert sorted(rows(table)) == ["Colin Quiet", "Hattie Hot"]
    status = {table.model().index(r, 0).data(): table.model().index(r, 2).data() for r in range(2)}
    assert status == {"Colin Quiet": "Archived", "Hattie Hot": "Won"}
    assert window.status.summary.text() == "4 open leads · 1 hot lead waiting for an answer"
    click_row(qtbot, table, leads["Hattie Hot"])
    assert window.menu_actions.reopen.isEnabled()
    menu = window.build_card_menu(leads["Hattie Hot"])
    next(a for a in menu.actions() if a.text().replace("&", "").startswith("Reopen")).trigger()
    settle(qtbot, window)
    assert rows(table) == ["Colin Quiet"]
    assert service.contact(leads["Hattie Hot"]).outcome is Outcome.OPEN
    # Several closed leads reopen in one step, and one undo closes them again.
    service.set_outcome(leads["Hugo Fire"], "lost")
    qtbot.waitUntil(lambda: "Hugo Fire" in rows(table), timeout=5000)
    click_row(qtbot, table, leads["Colin Quiet"])
    click_row(qtbot, table, leads["Hugo Fire"], Modifier.ControlModifier)
    menu = window.build_card_menu(leads["Hugo Fire"])
    next(a for a in menu.actions() if a.text().replace("&", "") == "Reopen 2 Leads").trigger()
    settle(qtbot, window)
    assert rows(table) == []
    window.undo()
    settle(qtbot, window)
    assert sorted(rows(table)) == ["Colin Quiet", "Hugo Fire"]
    assert service.contact(leads["Hugo Fire"]).outcome is Outcome.LOST
    window.close()
    # The closed view is remembered; the board itself still hides closed leads.
    again = open_window(db_path)
    assert again.lead_views.kind is LeadView.CLOSED
    closed = again.lead_views.table(LeadView.CLOSED)
    assert closed is not None and sorted(rows(closed)) == ["Colin Quiet", "Hugo Fire"]
    with qtbot.waitSignal(again.boardLoaded, timeout=10_000):
        again.show_view(LeadView.BOARD)
    assert "Colin Quiet" not in column(again, Temperature.COLD)
    ids = [closed.model().index(r, 0).data(CardRole.ContactIdRole) for r in range(closed.model().rowCount())]
    assert ids == []
