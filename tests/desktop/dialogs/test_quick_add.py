"""Quick-add interaction dialog: completion, grouped kinds, Enter saves, Esc cancels."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from desktop.dialogs.quick_add import QuickAddDialog, QuickAddValues
from desktop.widgets.kind_combo import KIND_ROLE
from leadtemp.service import LeadService
from tests.conftest import FakeClock

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    # The offscreen platform cannot resize native windows; that says nothing about the dialog.
    pytest.mark.qt_log_ignore(
        r"This plugin does not support (propagateSizeHints|grabbing the keyboard|raise)"
    ),
]


@pytest.fixture
def ids(service: LeadService) -> dict[str, int]:
    return {
        "dana": service.add_contact("Dana Lee", company="Acme Analytics").contact_id,
        "daniel": service.add_contact("Daniel Ortiz", company="Brightside").contact_id,
        "priya": service.add_contact("Priya Natarajan").contact_id,
    }


def make(qtbot: QtBot, service: LeadService, contact_id: int | None = None) -> QuickAddDialog:
    dialog = QuickAddDialog(service, contact_id=contact_id)
    qtbot.addWidget(dialog)
    return dialog


def test_identity_for_automation(qtbot: QtBot, service: LeadService) -> None:
    dialog = make(qtbot, service)
    assert dialog.objectName() == "quick-add-interaction"
    assert dialog.accessibleName() == "quick-add-interaction"


def test_saving_returns_the_values(
    qtbot: QtBot, service: LeadService, ids: dict[str, int], clock: FakeClock
) -> None:
    dialog = make(qtbot, service, ids["dana"])
    assert dialog.kind_combo.set_kind("pricing_request")
    dialog.note_edit.setText("  asked for a quote  ")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.values() == QuickAddValues(ids["dana"], "pricing_request", clock(), "asked for a quote")
    assert dialog.values().occurred_at.tzinfo is UTC


def test_a_past_date_is_returned_as_utc(
    qtbot: QtBot, service: LeadService, ids: dict[str, int], clock: FakeClock
) -> None:
    dialog = make(qtbot, service, ids["dana"])
    dialog.kind_combo.set_kind("inquiry")
    earlier = clock() - timedelta(days=3, hours=2)
    dialog.set_occurred_at(earlier)
    dialog.accept()
    assert dialog.values().occurred_at == earlier


def test_enter_saves(qtbot: QtBot, service: LeadService, ids: dict[str, int]) -> None:
    dialog = make(qtbot, service, ids["daniel"])
    dialog.show()
    dialog.kind_combo.set_kind("email_reply")
    with qtbot.waitSignal(dialog.accepted):
        QTest.keyClick(dialog.note_edit, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.values().kind == "email_reply"
    assert dialog.values().contact_id == ids["daniel"]


def test_escape_cancels_and_writes_nothing(qtbot: QtBot, service: LeadService, ids: dict[str, int]) -> None:
    dialog = make(qtbot, service, ids["dana"])
    dialog.show()
    with qtbot.waitSignal(dialog.rejected):
        QTest.keyClick(dialog.kind_combo, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert service.interactions(ids["dana"]) == []


def test_save_is_refused_without_a_valid_contact(
    qtbot: QtBot, service: LeadService, ids: dict[str, int]
) -> None:
    dialog = make(qtbot, service)
    dialog.show()
    dialog.kind_combo.set_kind("inquiry")
    assert not dialog.save_button.isEnabled()
    assert dialog.contact_error.isHidden()
    dialog.contact_edit.setText("Dana Lee — Acme")
    assert not dialog.save_button.isEnabled()
    assert not dialog.contact_error.isHidden()
    assert "pick one from the list" in dialog.contact_error.text()
    QTest.keyClick(dialog.note_edit, Qt.Key.Key_Return)
    dialog.accept()
    assert dialog.isVisible()
    assert dialog.result() != QDialog.DialogCode.Accepted
    with pytest.raises(ValueError):
        dialog.values()


def test_completion_finds_a_contact_by_partial_name(
    qtbot: QtBot, service: LeadService, ids: dict[str, int]
) -> None:
    dialog = make(qtbot, service)
    completer = dialog.completer
    completer.setCompletionPrefix("ORTI")
    assert completer.completionCount() == 1
    assert completer.currentCompletion() == "Daniel Ortiz — Brightside"
    completer.setCompletionPrefix("acme")
    assert completer.currentCompletion() == "Dana Lee — Acme Analytics"
    completer.setCompletionPrefix("dan")
    assert completer.completionCount() == 2


def test_typing_and_picking_a_completion_selects_the_contact(
    qtbot: QtBot, service: LeadService, ids: dict[str, int]
) -> None:
    dialog = make(qtbot, service)
    dialog.show()
    QTest.keyClicks(dialog.contact_edit, "natara")
    popup = dialog.completer.popup()
    assert popup.isVisible()
    QTest.keyClick(popup, Qt.Key.Key_Down)
    QTest.keyClick(popup, Qt.Key.Key_Return)
    assert dialog.contact_edit.text() == "Priya Natarajan"
    assert dialog.selected_contact_id() == ids["priya"]
    assert not dialog.save_button.isEnabled()
    dialog.kind_combo.set_kind("inquiry")
    assert dialog.save_button.isEnabled()


def test_a_unique_name_without_company_is_enough(
    qtbot: QtBot, service: LeadService, ids: dict[str, int]
) -> None:
    dialog = make(qtbot, service)
    dialog.contact_edit.setText("dana lee")
    assert dialog.selected_contact_id() == ids["dana"]


def test_namesakes_get_distinct_entries(qtbot: QtBot, service: LeadService) -> None:
    first = service.add_contact("Sam Smith").contact_id
    second = service.add_contact("Sam Smith").contact_id
    dialog = make(qtbot, service)
    assert f"Sam Smith (#{first})" in dialog.completer.model().stringList()
    dialog.kind_combo.set_kind("inquiry")
    dialog.contact_edit.setText("Sam Smith")
    assert dialog.selected_contact_id() is None
    assert not dialog.save_button.isEnabled()
    assert dialog.contact_error.text().startswith("Several contacts have that name")
    dialog.contact_edit.setText(f"Sam Smith (#{second})")
    assert dialog.selected_contact_id() == second
    opened = make(qtbot, service, first)
    assert opened.selected_contact_id() == first


def test_opening_from_a_card_preselects_the_contact(
    qtbot: QtBot, service: LeadService, ids: dict[str, int]
) -> None:
    dialog = make(qtbot, service, ids["dana"])
    assert dialog.contact_edit.text() == "Dana Lee — Acme Analytics"
    assert dialog.selected_contact_id() == ids["dana"]
    assert "score" in dialog.contact_hint.text()
    dialog.kind_combo.set_kind("website_visit")
    assert dialog.save_button.isEnabled()


def test_date_defaults_to_now_and_future_is_not_allowed(
    qtbot: QtBot, service: LeadService, ids: dict[str, int], clock: FakeClock
) -> None:
    dialog = make(qtbot, service, ids["dana"])
    dialog.kind_combo.set_kind("inquiry")
    assert dialog.values().occurred_at == clock()
    assert dialog.when_edit.maximumDateTime().toSecsSinceEpoch() == int(clock().timestamp())


def test_kinds_are_grouped_under_headers_that_cannot_be_chosen(qtbot: QtBot, service: LeadService) -> None:
    dialog = make(qtbot, service)
    combo = dialog.kind_combo
    model = combo.model()
    texts = [combo.itemText(row) for row in range(combo.count())]
    headers = [row for row in range(combo.count()) if combo.is_header(row)]
    assert [texts[row] for row in headers] == [
        "Explicit interest",
        "Engagement",
        "Behavioral signals",
        "Your outreach",
        "Negative signals",
    ]
    for row in headers:
        flags = model.flags(model.index(row, 0))
        assert not flags & Qt.ItemFlag.ItemIsSelectable
        assert not flags & Qt.ItemFlag.ItemIsEnabled
    assert "Pricing request  +40" in texts
    assert "Email sent  no points" in texts
    assert "Unsubscribed  -15" in texts
    assert len(texts) - len(headers) == len(service.kinds())


def test_keyboard_skips_category_headers(qtbot: QtBot, service: LeadService) -> None:
    dialog = make(qtbot, service)
    combo = dialog.kind_combo
    combo.set_kind("email_open")
    assert combo.is_header(combo.currentIndex() - 1)
    QTest.keyClick(combo, Qt.Key.Key_Up)
    assert combo.current_kind() == "urgency_expressed"
    QTest.keyClick(combo, Qt.Key.Key_Down)
    assert combo.current_kind() == "email_open"


def test_points_follow_the_users_settings(qtbot: QtBot, service: LeadService) -> None:
    service.update_settings(rules=service.rules.with_changes(points={"pricing_request": 35}))
    dialog = make(qtbot, service)
    texts = [dialog.kind_combo.itemText(row) for row in range(dialog.kind_combo.count())]
    assert "Pricing request  +35" in texts


def test_no_kind_is_chosen_until_the_user_picks_one(
    qtbot: QtBot, service: LeadService, ids: dict[str, int]
) -> None:
    dialog = make(qtbot, service, ids["dana"])
    dialog.show()
    assert dialog.kind_combo.currentIndex() == -1 and dialog.kind_combo.current_kind() is None
    assert dialog.kind_combo.currentText() == "" and not dialog.save_button.isEnabled()
    QTest.keyClick(dialog.kind_combo, Qt.Key.Key_Return)
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.kind_error.text() == "Choose what happened"
    assert service.interactions(ids["dana"]) == []
    dialog.kind_combo.set_kind("email_reply")
    assert dialog.kind_error.isHidden() and dialog.save_button.isEnabled()


def test_typing_a_kind_with_spaces_finds_it(qtbot: QtBot, service: LeadService, ids: dict[str, int]) -> None:
    dialog = make(qtbot, service, ids["dana"])
    dialog.show()
    combo = dialog.kind_combo
    combo.setFocus()
    QTest.keyClicks(combo, "Pricing page")
    assert combo.current_kind() == "pricing_page_visit"
    assert not combo.view().isVisible()
    assert combo.find_kind("pricing") == combo.findData("pricing_request", KIND_ROLE)
    assert combo.find_kind("demo") == combo.findData("demo_booked", KIND_ROLE)
    assert combo.find_kind("nothing like it") == -1


def test_a_new_name_adds_the_contact_with_its_interaction(
    qtbot: QtBot, service: LeadService, ids: dict[str, int], clock: FakeClock
) -> None:
    dialog = make(qtbot, service)
    dialog.contact_edit.setText("  Zoë   Park ")
    dialog.kind_combo.set_kind("inquiry")
    assert dialog.save_button.isEnabled() and dialog.contact_error.isHidden()
    assert dialog.contact_hint.text() == "New contact: Zoë Park is added when you save"
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.values() == QuickAddValues(None, "inquiry", clock(), "", new_name="Zoë Park")
