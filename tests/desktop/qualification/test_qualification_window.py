"""Qualification in the window: the panel's chips cycle an answer as one undo step written on the
worker, the card shows the stage and a "no" on budget, and the board can show qualified leads only."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.board.arranged import ArrangedModel, FacetBook
from desktop.board.arrangement import Arrangement
from desktop.board.card_text import stage_text
from desktop.board.delegate import CardDelegate
from desktop.board.model import BoardModel
from desktop.theme import ThemeManager
from desktop.today.model import TodayRole
from desktop.window.main_window import MainWindow
from leadtemp.clock import local_date
from leadtemp.model import Stage, Temperature
from leadtemp.service import LeadService
from tests.conftest import FakeClock
from tests.desktop.board.test_arranged import shown
from tests.desktop.board.test_model import NOW, board_of, make_card
from tests.desktop.conftest import settle

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore(
        r"This plugin does not support (propagateSizeHints|grabbing the keyboard|raise)"
    ),
]


def _select(qtbot: QtBot, window: MainWindow, contact_id: int) -> None:
    window.panel.set_contact(contact_id)
    qtbot.waitUntil(lambda: window.panel.shown_contact_id == contact_id, timeout=5000)


def test_a_click_on_a_chip_sets_the_next_answer_and_undo_takes_it_back(
    qtbot: QtBot, window: MainWindow, service: LeadService, leads: dict[str, int]
) -> None:
    dana = leads["Wanda Warm"]
    _select(qtbot, window, dana)
    chip = window.panel.qualification_chips.chips["budget"]
    assert chip.text() == "Budget: ?"
    qtbot.mouseClick(chip, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert service.qualification(dana).budget.value == "yes"
    qtbot.waitUntil(lambda: chip.text() == "Budget: yes", timeout=5000)
    qtbot.mouseClick(chip, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert service.qualification(dana).budget.value == "no"
    qtbot.waitUntil(lambda: chip.text() == "Budget: no", timeout=5000)
    card = next(c for c in window.board_model.column(Temperature.WARM).cards() if c.contact_id == dana)
    assert card.lacks == ("budget",)
    window.undo()
    settle(qtbot, window)
    assert service.qualification(dana).budget.value == "yes"
    window.undo()
    settle(qtbot, window)
    assert not service.qualification(dana).budget.known
    qtbot.waitUntil(lambda: chip.text() == "Budget: ?", timeout=5000)


def test_the_board_filter_keeps_only_qualified_leads(qtbot: QtBot) -> None:
    board = BoardModel(lambda: NOW)
    board.load(
        board_of(
            [
                make_card(1, 90, stage=Stage.QUALIFIED),
                make_card(2, 95),
                make_card(3, 50, stage=Stage.PROSPECT),
                make_card(4, 10, stage=Stage.QUALIFIED),
            ]
        )
    )
    every = ArrangedModel(board, FacetBook())
    every.set_arrangement(Arrangement(qualified=True))
    assert shown(every) == [1, 4]
    assert Arrangement(qualified=True).describe() == "qualified"
    assert Arrangement(qualified=True).unfiltered() == Arrangement()


def test_today_shows_each_stage_and_keeps_its_order_with_qualified_only(
    qtbot: QtBot, window: MainWindow, service: LeadService, leads: dict[str, int], clock: FakeClock
) -> None:
    hugo, hattie = leads["Hugo Fire"], leads["Hattie Hot"]
    service.set_next_step(leads["Wanda Warm"], "send the case study", local_date(clock()))
    service.qualify(hugo, {"budget": "yes", "authority": "yes", "need": "yes", "timeline": "2026-09-30"})
    service.edit_contact(hattie, fit=8)
    service.qualify(hattie, {"need": "yes"})
    window.today.refresh()
    window.menu_actions.today.trigger()
    model = window.today.model
    qtbot.waitUntil(lambda: model.loaded and not window.workers.busy, timeout=5000)
    every = [entry.contact_id for entry in model.entries()]
    assert {hugo, hattie, leads["Wanda Warm"]} == set(every)
    stages = {
        entry.contact_id: model.index(row, 0).data(TodayRole.StageTextRole)
        for row, entry in enumerate(model.entries())
    }
    assert stages[hugo] == "Qualified" and stages[hattie] == "Prospect"
    assert {stages[cid] for cid in every if cid not in (hugo, hattie)} == {"Lead"}
    window.today.view.qualified_only.setChecked(True)
    assert [entry.contact_id for entry in model.entries()] == [hugo]
    window.today.view.qualified_only.setChecked(False)
    assert [entry.contact_id for entry in model.entries()] == every


def _hot_pixels(image: QImage, colour: QColor) -> int:
    """Pixels close to ``colour`` in the card's right half (where the stage chip sits)."""
    count = 0
    for y in range(image.height()):
        for x in range(image.width() // 2, image.width()):
            pixel = image.pixelColor(x, y)
            if (
                abs(pixel.red() - colour.red()) < 40
                and abs(pixel.green() - colour.green()) < 40
                and abs(pixel.blue() - colour.blue()) < 40
            ):
                count += 1
    return count


def test_a_no_on_budget_says_so_on_the_card_in_the_hot_colour(
    qapp: QApplication, themes: ThemeManager
) -> None:
    """The card is cold (its accent is blue), so any hot-coloured text is the "No budget" chip."""
    plain = make_card(1, 10, next_step=None)
    no_budget = make_card(1, 10, next_step=None, lacks=("budget",))
    assert (stage_text(plain), stage_text(no_budget)) == (None, "No budget")
    assert stage_text(make_card(1, 10, lacks=("budget", "authority"))) == "No budget or authority"
    assert stage_text(make_card(1, 10, stage=Stage.QUALIFIED)) == "Qualified"
    delegate = CardDelegate(lambda: themes.theme)
    hot = themes.theme.hot
    font = QFont()
    images = [
        delegate.render(card, 280, font, "Touched today", None).toImage() for card in (plain, no_budget)
    ]
    assert _hot_pixels(images[0], hot) == 0
    assert _hot_pixels(images[1], hot) > 20
