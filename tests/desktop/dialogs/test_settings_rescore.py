"""A settings change re-scores every lead on a worker thread and the board follows."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desktop.dialogs.settings_dialog import SettingsDialog
from desktop.window.main_window import MainWindow
from leadtemp.model import Temperature
from leadtemp.scoring.rules import Rules
from tests.desktop.conftest import names, settle


def test_lower_hot_threshold_from_the_dialog_moves_cards(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int]
) -> None:
    window.menu_actions.settings.trigger()
    dialog = window.active_dialog
    assert isinstance(dialog, SettingsDialog)
    dialog.hot_spin.setValue(45)
    with qtbot.waitSignal(window.boardLoaded, timeout=20_000):
        dialog.accept()
        assert not window.board_view.isEnabled()
        assert not window.menu_actions.log.isEnabled()
    assert window.board_view.isEnabled()
    assert "Wanda Warm" in names(window, Temperature.HOT)
    assert window.service is not None and window.service.rules.hot_min == 45
    assert window.board_view.columns[Temperature.HOT].header_text() == "Hot 3 Immediate"
    assert any(message.startswith("Settings saved: 1 lead changed") for message in window.notices.messages())


def test_point_changes_rescore_and_new_writes_use_them(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int]
) -> None:
    assert window.service is not None
    rules = window.service.rules.with_changes(points={"website_visit": 15}, warm_min=20)
    with qtbot.waitSignal(window.boardLoaded, timeout=20_000):
        window.apply_settings(rules, None)
    assert "Cora Cold" in names(window, Temperature.WARM)
    assert window.log(leads["Colin Quiet"], "website_visit")
    settle(qtbot, window)
    assert "Colin Quiet" in names(window, Temperature.WARM)


def test_cancelled_settings_change_nothing(window: MainWindow) -> None:
    assert window.service is not None
    before = window.service.rules
    window.open_settings()
    dialog = window.active_dialog
    assert isinstance(dialog, SettingsDialog)
    dialog.hot_spin.setValue(40)
    dialog.reject()
    assert window.service.rules == before == Rules()
    assert not window.workers.busy
