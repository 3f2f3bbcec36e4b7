"""The timeline's "Captured" filter: only what a capture logged, each with where it came from."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.widgets.timeline import ID_ROLE
from desktop.window.contact_panel import ContactPanel
from leadtemp.capture.sources import CaptureOptions, read_capture_source
from leadtemp.service import LeadService
from tests.conftest import FakeClock

CALENDAR = Path(__file__).parents[2] / "leadtemp" / "capture" / "fixtures" / "google-calendar.ics"


def test_the_captured_filter_shows_only_captured_entries_with_their_source(
    qtbot: QtBot, service: LeadService, clock: FakeClock
) -> None:
    dana = service.add_contact("Dana Lee", email="dana.lee@acme-logistics.com").contact_id
    service.log_interaction(dana, "pricing_request", clock() - timedelta(days=1), note="typed by hand")
    items = read_capture_source(CALENDAR, CaptureOptions(me=("sam.freelance@gmail.com",), now=clock()))
    service.commit_capture(service.preview_capture(items, label="google-calendar.ics"))

    panel = ContactPanel(service)
    qtbot.addWidget(panel)
    panel.set_contact(dana)
    model = panel.timeline_model
    assert [model.entry(row).label for row in range(model.rowCount())] == ["Pricing request", "Meeting held"]
    assert panel.captured_filter.text() == "Ca&ptured only (1)"

    panel.captured_filter.setChecked(True)
    assert model.rowCount() == 1
    meeting = model.entry(0)
    assert (meeting.label, meeting.captured_from, meeting.captured_source) == (
        "Meeting held",
        "google-calendar.ics",
        "calendar",
    )
    assert "Captured from google-calendar.ics (calendar)" in model.index(0, 0).data(
        Qt.ItemDataRole.ToolTipRole
    )
    captured_id = model.index(0, 0).data(ID_ROLE)
    assert [i.kind for i in service.interactions(dana) if i.id == captured_id] == ["meeting_held"]

    panel.captured_filter.setChecked(False)
    assert model.rowCount() == 2
    assert model.entry(0).captured_from == ""
