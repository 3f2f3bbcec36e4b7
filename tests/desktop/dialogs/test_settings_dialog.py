"""Settings dialog: produces valid rules and templates, refuses invalid ones inline."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox
from pytestqt.qtbot import QtBot

from desktop.dialogs.settings_dialog import SettingsDialog
from leadtemp.model import Category, Temperature
from leadtemp.scoring.catalogue import DEFAULT_KINDS, POINT_RANGES
from leadtemp.scoring.checklists import DEFAULT_TEMPLATES
from leadtemp.scoring.rules import IdealClientProfile, Rules
from leadtemp.service import LeadService

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore(
        r"This plugin does not support (propagateSizeHints|grabbing the keyboard|raise)"
    ),
]


def make(qtbot: QtBot, service: LeadService) -> SettingsDialog:
    dialog = SettingsDialog(service)
    qtbot.addWidget(dialog)
    return dialog


def test_unchanged_settings_keep_the_rules_fingerprint(qtbot: QtBot, service: LeadService) -> None:
    dialog = make(qtbot, service)
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.rules() == service.rules
    assert dialog.rules().fingerprint() == service.rules.fingerprint()
    assert dialog.templates() == service.templates
    assert [dialog.tabs.tabText(i).replace("&", "") for i in range(dialog.tabs.count())] == [
        "Thresholds",
        "Decay",
        "Points",
        "Ideal client",
        "Checklists",
        "Your kinds",
        "Capture",
    ]


def test_changes_on_every_tab_produce_rules_the_service_accepts(qtbot: QtBot, service: LeadService) -> None:
    dialog = make(qtbot, service)
    dialog.warm_spin.setValue(25)
    dialog.hot_spin.setValue(60)
    dialog.half_life_spins[Category.EXPLICIT_INTEREST].setValue(21)
    dialog.daily_limit_spins[Category.ENGAGEMENT].setValue(3)
    dialog.daily_limit_spins[Category.NEGATIVE].setValue(0)
    dialog.point_spins["pricing_request"].setValue(45)
    dialog.point_spins["unsubscribed"].setValue(20)
    dialog.industries_edit.setText("SaaS, e-commerce ,")
    dialog.roles_edit.setText("founder, CEO")
    dialog.size_min_spin.setValue(10)
    dialog.size_max_spin.setValue(200)
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    rules = dialog.rules()
    assert (rules.warm_min, rules.hot_min) == (25, 60)
    assert rules.half_lives["explicit_interest"] == 21
    assert rules.half_lives["engagement"] == service.rules.half_lives["engagement"]
    assert rules.daily_limit == {**service.rules.daily_limit, "engagement": 3, "negative": 0}
    assert rules.points == {"pricing_request": 45, "unsubscribed": 20}
    assert rules.icp == IdealClientProfile(("SaaS", "e-commerce"), 10, 200, ("founder", "CEO"))
    assert rules.caps == service.rules.caps
    service.update_settings(rules=rules, templates=dialog.templates())
    assert service.rules == rules


def test_warm_at_or_above_hot_is_refused(qtbot: QtBot, service: LeadService) -> None:
    dialog = make(qtbot, service)
    dialog.show()
    dialog.tabs.setCurrentIndex(2)
    dialog.warm_spin.setValue(71)
    assert not dialog.ok_button.isEnabled()
    assert dialog.error.isVisible()
    assert "warm (71) must start below hot (71)" in dialog.error.text()
    assert not dialog.tabs.tabIcon(0).isNull()
    dialog.accept()
    assert dialog.isVisible()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.tabs.currentIndex() == 0
    with pytest.raises(ValueError):
        dialog.rules()
    dialog.warm_spin.setValue(70)
    assert dialog.ok_button.isEnabled()
    assert dialog.error.isHidden()
    assert dialog.tabs.tabIcon(0).isNull()
    assert dialog.rules().warm_min == 70


def test_an_inverted_company_size_range_is_refused_on_its_tab(qtbot: QtBot, service: LeadService) -> None:
    dialog = make(qtbot, service)
    dialog.size_min_spin.setValue(500)
    dialog.size_max_spin.setValue(50)
    assert not dialog.ok_button.isEnabled()
    assert dialog.error.text().startswith("Ideal client:")
    assert not dialog.tabs.tabIcon(3).isNull()


def test_points_are_limited_to_their_categorys_range(qtbot: QtBot, service: LeadService) -> None:
    dialog = make(qtbot, service)
    for kind in DEFAULT_KINDS:
        if kind.is_outreach:
            assert kind.name not in dialog.point_spins
            continue
        spin = dialog.point_spins[kind.name]
        assert (spin.minimum(), spin.maximum()) == POINT_RANGES[kind.category]
    assert dialog.point_spins["not_interested"].prefix() == "-"


def test_checklist_steps_can_be_added_edited_reordered_and_removed(
    qtbot: QtBot, service: LeadService
) -> None:
    dialog = make(qtbot, service)
    editor = dialog.checklists
    editor.set_temperature(Temperature.HOT)
    steps = editor.current_list()
    steps.setCurrentRow(1)
    steps.currentItem().setText("Send pricing within the hour")
    editor.move_step(-1)
    editor.add_step()
    steps.currentItem().setText("Book the kick-off call")
    steps.setCurrentRow(2)
    editor.remove_step()
    hot = dialog.templates()[Temperature.HOT]
    defaults = DEFAULT_TEMPLATES[Temperature.HOT]
    assert [item.id for item in hot] == [
        "pricing",
        "respond_now",
        *[item.id for item in defaults[3:]],
        "book_the_kick_off_call",
    ]
    assert hot[0].text == "Send pricing within the hour"
    assert dialog.templates()[Temperature.COLD] == DEFAULT_TEMPLATES[Temperature.COLD]


def test_an_empty_checklist_step_is_refused(qtbot: QtBot, service: LeadService) -> None:
    dialog = make(qtbot, service)
    dialog.checklists.set_temperature(Temperature.WARM)
    dialog.checklists.add_step()
    dialog.checklists.current_list().currentItem().setText("   ")
    assert not dialog.ok_button.isEnabled()
    assert "warm checklist step is empty" in dialog.error.text()
    assert not dialog.tabs.tabIcon(4).isNull()
    dialog.checklists.remove_step()
    assert dialog.ok_button.isEnabled()


def test_move_buttons_follow_the_selection(qtbot: QtBot, service: LeadService) -> None:
    dialog = make(qtbot, service)
    editor = dialog.checklists
    steps = editor.current_list()
    steps.setCurrentRow(0)
    assert not editor.up_button.isEnabled()
    assert editor.down_button.isEnabled()
    steps.setCurrentRow(steps.count() - 1)
    assert editor.up_button.isEnabled()
    assert not editor.down_button.isEnabled()


def test_restore_defaults(qtbot: QtBot, service: LeadService) -> None:
    service.update_settings(
        rules=Rules(warm_min=20, hot_min=50, points={"website_visit": 5}),
        templates={Temperature.COLD: (), Temperature.WARM: (), Temperature.HOT: ()},
    )
    dialog = make(qtbot, service)
    assert dialog.warm_spin.value() == 20
    assert dialog.checklists.lists[Temperature.HOT].count() == 0
    dialog.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).click()
    assert dialog.rules() == Rules()
    assert dialog.templates() == DEFAULT_TEMPLATES


def test_cancel_hands_back_nothing_new(qtbot: QtBot, service: LeadService) -> None:
    dialog = make(qtbot, service)
    dialog.show()
    dialog.hot_spin.setValue(90)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert service.rules.hot_min == 71
    assert dialog.tabs.currentWidget() is not None
    assert dialog.windowModality() == Qt.WindowModality.NonModal
