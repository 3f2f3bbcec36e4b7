"""File > Export Follow-ups… writes the next steps as a calendar file the user's calendar reads."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import icalendar
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from desktop.window.main_window import MainWindow
from leadtemp.clock import local_date
from leadtemp.service import LeadService
from tests.conftest import FakeClock
from tests.desktop.conftest import settle


def test_export_follow_ups_writes_each_next_step_as_an_all_day_event(
    qtbot: QtBot,
    window: MainWindow,
    leads: dict[str, int],
    service: LeadService,
    clock: FakeClock,
    tmp_path: Path,
) -> None:
    today = local_date(clock())
    service.set_next_step(leads["Walt Mild"], "call about the proposal", today + timedelta(days=1))
    service.set_next_step(leads["Cora Cold"], "send the onboarding guide", today)
    target = tmp_path / "follow-ups.ics"
    window.menu_actions.export_follow_ups.trigger()
    dialog = window.active_dialog
    assert isinstance(dialog, QFileDialog)
    dialog.selectFile(str(target))
    dialog.accept()
    qtbot.waitUntil(
        lambda: any("Exported 2 next steps" in text for text in window.notices.messages()), timeout=5000
    )
    settle(qtbot, window)
    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    events = {str(event["summary"]): event.decoded("dtstart") for event in calendar.walk("VEVENT")}
    assert events == {
        "Walt Mild: call about the proposal": today + timedelta(days=1),
        "Cora Cold: send the onboarding guide": today,
    }


def test_export_follow_ups_refuses_the_book_itself(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int], db_path: Path
) -> None:
    before = db_path.stat().st_size
    from desktop.today.calendar_export import export_to

    export_to(window, db_path)
    qtbot.waitUntil(lambda: window.active_dialog is not None, timeout=5000)
    assert window.active_dialog is not None and window.active_dialog.objectName() == "error-box"
    assert db_path.stat().st_size == before
