"""Contact panel: breakdown, pin state, timeline and checklist, and the signals it emits."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from desktop.widgets.humanize import local_text
from desktop.widgets.timeline import ID_ROLE
from desktop.window.contact_panel import ContactPanel
from leadtemp.model import BREAKDOWN_KEYS
from leadtemp.service import LeadService
from tests.conftest import FakeClock

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore(
        r"This plugin does not support (propagateSizeHints|grabbing the keyboard|raise)"
    ),
]


@pytest.fixture
def hot_id(service: LeadService, clock: FakeClock) -> int:
    """A hot lead with a history: behaviour, engagement, buying signals and a bounce."""
    contact_id = service.add_contact(
        "Dana Lee", email="dana@acme.io", phone="+44 20 7946 0958", company="Acme", role="CTO", fit=8
    ).contact_id
    for kind, days in (
        ("website_visit", 20),
        ("content_download", 12),
        ("email_reply", 6),
        ("webinar_attended", 5),
        ("email_bounced", 4),
        ("pricing_request", 1),
        ("demo_booked", 0.1),
    ):
        service.log_interaction(contact_id, kind, clock() - timedelta(days=days))
    return contact_id


def make(qtbot: QtBot, service: LeadService, contact_id: int | None = None) -> ContactPanel:
    panel = ContactPanel(service)
    qtbot.addWidget(panel)
    panel.set_contact(contact_id)
    return panel


def test_identity_and_empty_state(qtbot: QtBot, service: LeadService) -> None:
    panel = make(qtbot, service)
    assert panel.objectName() == "contact-panel"
    assert panel.accessibleName() == "contact-panel"
    assert panel.detail is None
    assert panel._stack.currentWidget() is panel.empty_label


def test_shows_a_hot_contacts_score_and_breakdown(qtbot: QtBot, service: LeadService, hot_id: int) -> None:
    panel = make(qtbot, service, hot_id)
    detail = service.detail(hot_id)
    breakdown = detail.result.breakdown
    assert detail.card.temperature.value == "hot"
    assert panel.name_label.text() == "Dana Lee"
    assert panel.company_label.text() == "CTO · Acme"
    assert "dana@acme.io" in panel.reach_label.text()
    assert panel.score_label.text() == str(detail.card.score)
    assert panel.temperature_chip.text() == "HOT"
    rules = service.rules
    for key in BREAKDOWN_KEYS:
        bar = panel.breakdown.bars[key]
        assert bar.value == abs(breakdown[key])
        if key not in ("negative", "rule"):
            assert bar.maximum == rules.caps[key]
            assert panel.breakdown.values[key].text() == f"{breakdown[key]} / {rules.caps[key]:g}"
    assert breakdown["negative"] < 0
    assert panel.breakdown.values["negative"].text() == str(breakdown["negative"])
    assert panel.breakdown.values["rule"].text() == f"{breakdown['rule']:+d}"
    assert panel.breakdown.bars["rule"].toolTip() == detail.result.reason
    assert "Pricing request" in panel.breakdown.bars["explicit_interest"].toolTip()
    assert panel.pin_row.isHidden()
    assert "Waiting for your reply" in panel.clock_label.text()
    assert panel.touch_label.text() == "Last touch: today"


def test_timeline_is_newest_first_with_points_now_and_then(
    qtbot: QtBot, service: LeadService, hot_id: int
) -> None:
    panel = make(qtbot, service, hot_id)
    model = panel.timeline_model
    assert model.rowCount() == 7
    newest, oldest = model.entry(0), model.entry(model.rowCount() - 1)
    assert newest.label == "Demo or consultation booked"
    assert oldest.label == "Website visit"
    assert newest.points_text().endswith("+45 then")
    pricing = model.entry(1)
    assert pricing.points_then == 40
    assert pricing.points_now is not None and 0 < pricing.points_now < 40
    bounced = next(
        model.entry(row) for row in range(model.rowCount()) if model.entry(row).label == "Email bounced"
    )
    assert bounced.points_text().startswith("-")
    assert panel.tabs.tabText(1) == "&Timeline (7)"


def test_deleting_an_entry_emits_its_id(qtbot: QtBot, service: LeadService, hot_id: int) -> None:
    panel = make(qtbot, service, hot_id)
    assert not panel.delete_button.isEnabled()
    index = panel.timeline_model.index(2, 0)
    panel.timeline.setCurrentIndex(index)
    assert panel.delete_button.isEnabled()
    expected = index.data(ID_ROLE)
    with qtbot.waitSignal(panel.deleteInteractionRequested) as blocker:
        panel.delete_button.click()
    assert blocker.args == [expected]
    assert expected in {i.id for i in service.interactions(hot_id)}


def test_delete_key_in_the_timeline_emits_too(qtbot: QtBot, service: LeadService, hot_id: int) -> None:
    panel = make(qtbot, service, hot_id)
    panel.show()
    panel.tabs.setCurrentIndex(1)
    panel.timeline.setFocus()
    panel.timeline.setCurrentIndex(panel.timeline_model.index(0, 0))
    with qtbot.waitSignal(panel.deleteInteractionRequested) as blocker:
        QTest.keyClick(panel.timeline, Qt.Key.Key_Delete)
    assert blocker.args == [panel.timeline_model.entry(0).interaction_id]


def test_ticking_a_checklist_step_emits_the_signal(qtbot: QtBot, service: LeadService, hot_id: int) -> None:
    panel = make(qtbot, service, hot_id)
    assert panel.checklist.count() == len(service.templates[service.card(hot_id).temperature])
    item = panel.checklist.item(1)
    with qtbot.waitSignal(panel.tickToggled) as blocker:
        item.setCheckState(Qt.CheckState.Checked)
    assert blocker.args == [hot_id, "pricing", True]
    service.tick(hot_id, "pricing")
    with qtbot.assertNotEmitted(panel.tickToggled):
        panel.refresh()
    assert panel.checklist.item(1).checkState() == Qt.CheckState.Checked
    assert "1 of 6 done" in panel.checklist_title.text()
    with qtbot.waitSignal(panel.tickToggled) as blocker:
        panel.checklist.item(1).setCheckState(Qt.CheckState.Unchecked)
    assert blocker.args == [hot_id, "pricing", False]


def test_pin_state_and_unpin(qtbot: QtBot, service: LeadService) -> None:
    contact_id = service.add_contact("Sam Cold").contact_id
    service.pin(contact_id, "hot")
    panel = make(qtbot, service, contact_id)
    assert not panel.pin_row.isHidden()
    assert panel.pin_label.text() == "Pinned hot (computed cold)"
    with qtbot.waitSignal(panel.unpinRequested) as blocker:
        panel.unpin_button.click()
    assert blocker.args == [contact_id]
    service.unpin(contact_id)
    panel.refresh()
    assert panel.pin_row.isHidden()
    assert panel.temperature_chip.text() == "COLD"


def test_outcome_edit_and_log_requests(qtbot: QtBot, service: LeadService, hot_id: int) -> None:
    panel = make(qtbot, service, hot_id)
    with qtbot.waitSignal(panel.outcomeChanged) as blocker:
        panel.outcome_combo.setCurrentIndex(panel.outcome_combo.findData("won"))
    assert blocker.args == [hot_id, "won"]
    with qtbot.waitSignal(panel.editRequested) as blocker:
        panel.edit_button.click()
    assert blocker.args == [hot_id]
    with qtbot.waitSignal(panel.logRequested) as blocker:
        panel.log_button.click()
    assert blocker.args == [hot_id]
    with qtbot.assertNotEmitted(panel.outcomeChanged):
        panel.refresh()
    assert panel.outcome_combo.currentData() == "open"


def test_switching_contacts_never_emits(qtbot: QtBot, service: LeadService, hot_id: int) -> None:
    other = service.add_contact("Priya Natarajan").contact_id
    service.tick(other, "research")
    service.set_outcome(other, "lost")
    panel = make(qtbot, service, hot_id)
    with (
        qtbot.assertNotEmitted(panel.tickToggled),
        qtbot.assertNotEmitted(panel.outcomeChanged),
    ):
        panel.set_contact(other)
    assert panel.outcome_combo.currentData() == "lost"
    assert panel.timeline_model.rowCount() == 0
    assert panel.timeline_summary.text() == "Nothing logged yet"


def test_a_purged_contact_empties_the_panel(qtbot: QtBot, service: LeadService, hot_id: int) -> None:
    panel = make(qtbot, service, hot_id)
    service.archive_contact(hot_id)
    service.purge_contact(hot_id)
    panel.refresh()
    assert panel.contact_id is None
    assert panel._stack.currentWidget() is panel.empty_label


def test_hundreds_of_interactions_load_into_the_model(
    qtbot: QtBot, service: LeadService, clock: FakeClock
) -> None:
    contact_id = service.add_contact("Busy Bee").contact_id
    for hours in range(250):
        service.log_interaction(contact_id, "website_visit", clock() - timedelta(hours=hours * 5))
    panel = make(qtbot, service, contact_id)
    assert panel.timeline_model.rowCount() == 250
    assert panel.timeline.uniformItemSizes()
    times = [panel.timeline_model.entry(row).occurred_at for row in range(250)]
    assert times == sorted(times, reverse=True)


def shown_timeline(qtbot: QtBot, service: LeadService, contact_id: int) -> ContactPanel:
    panel = make(qtbot, service, contact_id)
    panel.resize(420, 700)
    panel.show()
    panel.tabs.setCurrentIndex(1)
    qtbot.waitExposed(panel)
    return panel


def test_a_click_on_an_entry_enables_delete(qtbot: QtBot, service: LeadService, hot_id: int) -> None:
    panel = shown_timeline(qtbot, service, hot_id)
    assert not panel.delete_button.isEnabled()
    centre = panel.timeline.visualRect(panel.timeline_model.index(1, 0)).center()
    qtbot.mouseClick(panel.timeline.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert panel.delete_button.isEnabled() and panel.delete_action.isEnabled()
    with qtbot.waitSignal(panel.deleteInteractionRequested) as blocker:
        qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [panel.timeline_model.entry(1).interaction_id]


def test_the_timeline_menu_offers_an_enabled_delete(qtbot: QtBot, service: LeadService, hot_id: int) -> None:
    panel = shown_timeline(qtbot, service, hot_id)
    centre = panel.timeline.visualRect(panel.timeline_model.index(2, 0)).center()
    viewport = panel.timeline.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.RightButton, pos=centre)
    # What the platform sends after a right press (QTest's events do not go through the window).
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, centre, viewport.mapToGlobal(centre))
    QApplication.sendEvent(viewport, event)
    qtbot.mouseRelease(viewport, Qt.MouseButton.RightButton, pos=centre)
    qtbot.waitUntil(lambda: panel.timeline_menu is not None and panel.timeline_menu.isVisible())
    assert panel.timeline_menu is not None
    (delete,) = panel.timeline_menu.actions()
    assert delete.isEnabled()
    with qtbot.waitSignal(panel.deleteInteractionRequested) as blocker:
        delete.trigger()
    assert blocker.args == [panel.timeline_model.entry(2).interaction_id]
    panel.timeline_menu.close()


def test_the_breakdown_says_what_the_daily_limit_left_out(
    qtbot: QtBot, service: LeadService, clock: FakeClock
) -> None:
    contact_id = service.add_contact("Dana Lee").contact_id
    for minutes in range(50):
        service.log_interaction(contact_id, "email_open", clock.current - timedelta(minutes=minutes))
    panel = make(qtbot, service, contact_id)
    tip = panel.breakdown.bars["engagement"].toolTip()
    assert "Email opened x50: 49 repeats on the same day not counted" in tip
    assert panel.breakdown.values["engagement"].text() == "4 / 20"


def assert_fits(label: QLabel, max_lines: int) -> None:
    lines = label.text().split("\n")
    assert len(lines) <= max_lines
    metrics = label.fontMetrics()
    assert all(metrics.horizontalAdvance(line) <= label.contentsRect().width() for line in lines), lines
    assert len(lines) * metrics.lineSpacing() <= label.height()


def test_a_long_unbroken_name_wraps_and_elides_inside_its_own_lines(
    qtbot: QtBot, service: LeadService
) -> None:
    name, company = "W" * 200, "Ü" * 480
    contact_id = service.add_contact(name, company=company, email="w@example.com").contact_id
    panel = shown_timeline(qtbot, service, contact_id)
    panel.tabs.setCurrentIndex(0)
    for label, lines in ((panel.name_label, 3), (panel.company_label, 2)):
        assert_fits(label, lines)
    assert panel.name_label.text().endswith("…") and panel.name_label.toolTip() == name
    assert panel.company_label.toolTip() == company
    assert panel.name_label.geometry().bottom() < panel.company_label.geometry().top()
    assert panel.company_label.geometry().bottom() < panel.reach_label.geometry().top()
    page = panel.name_label.parentWidget()
    assert panel.name_label.geometry().right() < panel.outcome_combo.mapTo(page, QPoint(0, 0)).x()


def test_a_name_written_right_to_left_is_laid_out_right_to_left(qtbot: QtBot, service: LeadService) -> None:
    name = "محمد عبد الرحمن بن عبد الله الأنصاري الخزرجي القحطاني العتيبي الشمري"
    contact_id = service.add_contact(name, company="Acme Ltd").contact_id
    panel = shown_timeline(qtbot, service, contact_id)
    assert panel.name_label.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert panel.company_label.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert_fits(panel.name_label, 3)
    assert " ".join(panel.name_label.text().split()) == name
    panel.set_contact(service.add_contact("Dana Lee", company="שלום בע״מ").contact_id)
    assert panel.name_label.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert panel.company_label.layoutDirection() == Qt.LayoutDirection.RightToLeft


def test_a_closed_lead_shows_its_outcome_and_date_not_a_response_priority(
    qtbot: QtBot, service: LeadService, hot_id: int
) -> None:
    panel = make(qtbot, service, hot_id)
    assert "response priority immediate" in panel.temperature_chip.toolTip()
    service.set_outcome(hot_id, "won")
    panel.refresh()
    tip = panel.temperature_chip.toolTip()
    won_at = service.detail(hot_id).outcome_at
    assert won_at is not None
    assert "priority" not in tip
    assert tip == f"Won on {local_text(won_at)} — the score says hot"


def test_the_linkedin_profile_is_a_link_beside_the_email_and_phone(
    qtbot: QtBot, service: LeadService
) -> None:
    contact_id = service.add_contact(
        "Li Wei", email="li@example.com", linkedin="http://cn.linkedin.com/in/Li-Wei-3a9b1c/"
    ).contact_id
    panel = make(qtbot, service, contact_id)
    assert panel.reach_label.text() == (
        "<a href='mailto:li@example.com'>li@example.com</a> · "
        "<a href='https://www.linkedin.com/in/li-wei-3a9b1c'>LinkedIn</a>"
    )
    assert panel.reach_label.openExternalLinks()
    assert panel.reach_label.textInteractionFlags() & Qt.TextInteractionFlag.LinksAccessibleByMouse
