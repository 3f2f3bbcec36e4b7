"""The search box filters all three columns by name, company and email as the user types."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton
from pytestqt.qtbot import QtBot

from desktop.window.main_window import MainWindow
from leadtemp.model import Temperature
from leadtemp.service import LeadService
from tests.desktop.conftest import names, settle


def shown(window: MainWindow) -> dict[Temperature, list[str]]:
    return {t: names(window, t) for t in Temperature}


def test_typing_filters_every_column(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClicks(window.search, "bla")
    assert shown(window) == {Temperature.COLD: [], Temperature.WARM: [], Temperature.HOT: ["Hattie Hot"]}
    window.search.clear()
    qtbot.keyClicks(window.search, "colin@")
    assert shown(window)[Temperature.COLD] == ["Colin Quiet"]
    window.search.setText("ember")
    assert shown(window)[Temperature.WARM] == ["Wanda Warm"]
    window.search.setText("h")
    assert {name for column in shown(window).values() for name in column} == {"Hattie Hot", "Hugo Fire"}


def test_every_word_must_match(window: MainWindow) -> None:
    window.search.setText("hot blaze")
    assert shown(window)[Temperature.HOT] == ["Hattie Hot"]
    window.search.setText("hot frost")
    assert all(not column for column in shown(window).values())


def test_escape_clears_and_filtered_changes_still_apply(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int]
) -> None:
    walt = leads["Walt Mild"]
    before = window.board_model.card(walt)
    window.search.setText("wanda")
    assert window.log(leads["Wanda Warm"], "proposal_request")
    assert window.log(walt, "referral")
    settle(qtbot, window)
    assert shown(window) == {Temperature.COLD: [], Temperature.WARM: [], Temperature.HOT: ["Wanda Warm"]}
    qtbot.keyClick(window.search, Qt.Key.Key_Escape)
    assert window.search.text() == ""
    after = window.board_model.card(walt)
    assert before is not None and after is not None and after.score > before.score
    assert names(window, Temperature.WARM) == ["Walt Mild"]


def test_selection_survives_filtering_when_the_card_still_matches(
    window: MainWindow, leads: dict[str, int]
) -> None:
    window.board_view.select_contact(leads["Hugo Fire"])
    window.search.setText("hugo")
    assert window.board_view.selected_contact() == leads["Hugo Fire"]
    window.search.setText("cora")
    assert window.board_view.selected_contact() is None


def test_a_clear_button_appears_with_text(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClicks(window.search, "hot")
    assert window.search.isClearButtonEnabled()
    buttons = [button for button in window.search.findChildren(QToolButton) if button.isVisibleTo(window)]
    assert len(buttons) == 1
    qtbot.mouseClick(buttons[0], Qt.MouseButton.LeftButton)
    assert window.search.text() == ""
    assert sum(len(column) for column in shown(window).values()) == 6


def test_accents_and_case_do_not_hide_a_lead(
    open_window: Callable[[Path], MainWindow], db_path: Path, service: LeadService
) -> None:
    service.add_contact("Chloé Dürr", company="Société Générale")
    window = open_window(db_path)
    window.search.setText("chloe")
    assert shown(window)[Temperature.COLD] == ["Chloé Dürr"]
    window.search.setText("DURR societe")
    assert shown(window)[Temperature.COLD] == ["Chloé Dürr"]
    window.search.setText("Chloé")
    assert shown(window)[Temperature.COLD] == ["Chloé Dürr"]


def test_the_service_search_ignores_accents_too(service: LeadService) -> None:
    chloe = service.add_contact("Chloé Dürr", company="Société Générale").contact_id
    service.add_contact("Chris Doe")
    assert [card.contact_id for card in service.search("chloe")] == [chloe]
    assert [card.contact_id for card in service.search("GENERALE")] == [chloe]


@pytest.mark.parametrize("key", [Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter])
def test_down_or_enter_in_the_search_lands_on_the_first_result(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int], key: Qt.Key
) -> None:
    window.activateWindow()
    window.search.setFocus()
    qtbot.keyClicks(window.search, "ember")
    qtbot.keyClick(window.search, key)
    assert window.board_view.selected_contact() == leads["Wanda Warm"]
    assert window.board_view.view(Temperature.WARM).hasFocus()
    assert window.search.text() == "ember"
