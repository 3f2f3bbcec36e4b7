"""Settings: the dialog names the leads a change would move before it is saved, edits the user's
own kinds, and a saved change is one step of the window's undo stack."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from desktop.dialogs.quick_add import QuickAddDialog
from desktop.dialogs.settings_dialog import SettingsDialog
from desktop.window.main_window import MainWindow
from leadtemp.model import Category, Temperature
from leadtemp.scoring.rules import Rules
from leadtemp.service import LeadService
from tests.desktop.conftest import names

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore(
        r"This plugin does not support (propagateSizeHints|grabbing the keyboard|raise)"
    ),
]


def _at_once(service: LeadService) -> Callable[[Rules, Callable[[Any], None]], None]:
    """A preview run in place (the window runs it on a worker)."""
    return lambda rules, show: show(service.preview_rules(rules))


def test_the_dialog_names_the_leads_a_change_would_move(qtbot: QtBot, service: LeadService) -> None:
    service.add_contact("Dana Lee", fit=8)
    service.add_contact("Sam Ortiz", fit=2)
    dialog = SettingsDialog(service, preview=_at_once(service))
    qtbot.addWidget(dialog)
    assert dialog.preview_text() == "The scoring rules are unchanged."
    dialog.warm_spin.setValue(5)
    qtbot.waitUntil(lambda: dialog.preview_text() == "1 lead would change: Dana Lee cold -> warm.")
    dialog.warm_spin.setValue(31)
    assert dialog.preview_text() == "The scoring rules are unchanged."
    assert service.rules == Rules() and service.rules_history() == []


def test_a_stale_preview_is_not_shown(qtbot: QtBot, service: LeadService) -> None:
    service.add_contact("Dana Lee", fit=8)
    pending: list[tuple[Rules, Callable[[Any], None]]] = []
    dialog = SettingsDialog(service, preview=lambda rules, show: pending.append((rules, show)))
    qtbot.addWidget(dialog)
    dialog.warm_spin.setValue(5)
    qtbot.waitUntil(lambda: len(pending) == 1)
    dialog.warm_spin.setValue(6)
    qtbot.waitUntil(lambda: len(pending) == 2)
    first, second = pending
    second[1](service.preview_rules(second[0]))
    first[1]([])
    assert dialog.preview_text() == "1 lead would change: Dana Lee cold -> warm."


def test_kinds_of_ones_own_are_added_checked_and_removed(qtbot: QtBot, service: LeadService) -> None:
    dialog = SettingsDialog(service)
    qtbot.addWidget(dialog)
    dialog.kind_name_edit.setText("pricing_request")
    dialog.add_kind()
    assert "one of LeadTemp's own kinds" in dialog.kind_error.text()
    dialog.kind_name_edit.setText("podcast_guest")
    dialog.kind_label_edit.setText("Guest on my podcast")
    dialog.kind_category_combo.setCurrentIndex(dialog.kind_category_combo.findData(Category.ENGAGEMENT.value))
    assert dialog.kind_points_spin.maximum() == 20
    dialog.kind_points_spin.setValue(12)
    dialog.add_kind()
    assert dialog.kind_error.text() == "" and dialog.kinds_list.count() == 1
    dialog.kind_name_edit.setText("trade_fair")
    dialog.add_kind()
    podcast, fair = dialog.rules().custom_kinds
    assert fair.name == "trade_fair"
    assert (podcast.name, podcast.label, podcast.category, podcast.points) == (
        "podcast_guest",
        "Guest on my podcast",
        Category.ENGAGEMENT,
        12,
    )
    dialog.kinds_list.setCurrentRow(1)
    dialog.remove_selected_kind()
    assert dialog.rules().custom_kinds == (podcast,)
    service.update_settings(dialog.rules())
    assert "podcast_guest" in service.catalogue


def test_the_users_point_override_for_their_own_kind_survives_the_dialog(
    qtbot: QtBot, service: LeadService
) -> None:
    service.add_kind("podcast_guest", "engagement", 10)
    service.update_settings(service.rules.with_changes(points={"podcast_guest": 14}))
    dialog = SettingsDialog(service)
    qtbot.addWidget(dialog)
    dialog.accept()
    assert dialog.rules() == service.rules


def test_a_saved_change_is_undone_and_redone_from_the_window(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int]
) -> None:
    assert window.service is not None
    window.open_settings()
    dialog = window.active_dialog
    assert isinstance(dialog, SettingsDialog)
    dialog.hot_spin.setValue(45)
    qtbot.waitUntil(lambda: dialog.preview_text().startswith("1 lead would change: Wanda Warm warm -> hot"))
    with qtbot.waitSignal(window.boardLoaded, timeout=20_000):
        dialog.accept()
    assert "Wanda Warm" in names(window, Temperature.HOT)
    assert window.undo_stack.undoText() == "Change settings"
    with qtbot.waitSignal(window.boardLoaded, timeout=20_000):
        window.undo()
    assert window.service.rules == Rules()
    assert "Wanda Warm" in names(window, Temperature.WARM)
    first, undo = window.service.rules_history()
    assert first.undone_at is not None and undo.action == "undo"
    with qtbot.waitSignal(window.boardLoaded, timeout=20_000):
        window.redo()
    assert window.service.rules.hot_min == 45
    assert "Wanda Warm" in names(window, Temperature.HOT)


def test_quick_add_offers_a_kind_of_ones_own(qtbot: QtBot, service: LeadService) -> None:
    contact = service.add_contact("Dana Lee").contact_id
    service.add_kind("podcast_guest", "engagement", 12, "Guest on my podcast")
    dialog = QuickAddDialog(service, contact_id=contact)
    qtbot.addWidget(dialog)
    assert dialog.kind_combo.find_kind("guest on my") >= 0
    assert dialog.kind_combo.set_kind("podcast_guest")
    dialog.accept()
    values = dialog.values()
    assert (values.contact_id, values.kind) == (contact, "podcast_guest")
