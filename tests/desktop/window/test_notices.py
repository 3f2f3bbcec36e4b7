"""Notices over the board: each one shows its text, however many are up at once."""

from __future__ import annotations

from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from desktop.window.main_window import MainWindow
from desktop.window.notices import Notice
from tests.desktop.conftest import settle


def text_pixels(image: QImage, text_colour: QColor) -> int:
    """Pixels close to the notice's text colour: none when only the dark bar was painted."""
    count = 0
    for y in range(image.height()):
        for x in range(image.width()):
            pixel = image.pixelColor(x, y)
            if (
                abs(pixel.red() - text_colour.red())
                + abs(pixel.green() - text_colour.green())
                + abs(pixel.blue() - text_colour.blue())
                < 90
            ):
                count += 1
    return count


def assert_readable(window: MainWindow, notice: Notice) -> None:
    painted = text_pixels(notice.grab().toImage(), window.themes.theme.notice_text)
    assert painted > 4 * len(notice.text()), notice.text()
    assert notice.height() >= notice.sizeHint().height(), notice.text()


def test_two_notices_at_once_both_show_their_text(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int]
) -> None:
    menu = window.build_card_menu(leads["Walt Mild"])
    next(action for action in menu.actions() if action.text() == "Pin as Hot").trigger()
    settle(qtbot, window)
    window.menu_actions.undo.trigger()
    settle(qtbot, window)
    shown = window.notices.notices()
    assert len(shown) == 2
    for notice in shown:
        assert_readable(window, notice)
    first, second = shown
    assert first.geometry().bottom() < second.geometry().top()
    assert window.notices.height() >= first.height() + second.height()
