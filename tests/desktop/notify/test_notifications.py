"""Hot leads announced through the notification seam, offscreen: the tray's ``showMessage`` is the
boundary with the desktop (recorded here), and clicking a message or the icon is its activation."""

from __future__ import annotations

import subprocess
import sys
from datetime import time
from pathlib import Path

from PySide6.QtWidgets import QSystemTrayIcon
from pytestqt.qtbot import QtBot

from desktop.notify import preferences
from desktop.notify.channels import TrayChannel
from desktop.notify.preferences import NotificationPreferences
from desktop.window.main_window import MainWindow
from leadtemp.model import Temperature
from leadtemp.service import LeadService
from tests.conftest import FakeClock
from tests.desktop.conftest import settle
from tests.reliability.helpers import REPO, child_env


class RecordingTray(QSystemTrayIcon):
    """A real tray icon whose balloons are written down instead of shown."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[tuple[str, str]] = []

    def showMessage(self, title: str, body: str, *_args: object) -> None:  # type: ignore[override]
        self.messages.append((title, body))


def _tray_on(window: MainWindow) -> RecordingTray:
    """The window's notifications through a recording tray, past what it says on arriving (the
    fixture's two hot leads have waited an hour)."""
    tray = RecordingTray()
    window.notifications.use(TrayChannel(tray, window), tray)
    tray.messages.clear()
    return tray


def _titles(tray: RecordingTray) -> list[str]:
    return [title for title, _body in tray.messages]


def test_opening_the_book_announces_the_waits_already_too_long_but_no_lead_as_turned_hot(
    qtbot: QtBot, window: MainWindow, clock: FakeClock
) -> None:
    tray = RecordingTray()
    window.notifications.use(TrayChannel(tray, window), tray)
    window.notifications.watch.check()
    qtbot.wait(50)
    # Their latest buying signals (a proposal request, a demo booked) came 4 h and 1 h ago.
    assert sorted(_titles(tray)) == ["Hattie Hot has waited 4 h", "Hugo Fire has waited 1 h"]
    window.notifications.watch.check()
    assert len(tray.messages) == 2


def test_a_lead_logged_hot_is_announced_and_clicking_it_opens_that_lead(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int]
) -> None:
    tray = _tray_on(window)
    window.notifications.watch.check()
    walt = leads["Walt Mild"]
    window.board_view.select_contact(leads["Cora Cold"])
    window.log(walt, "pricing_request")
    settle(qtbot, window)
    qtbot.waitUntil(lambda: "Walt Mild turned hot" in _titles(tray), timeout=2000)
    _title, body = tray.messages[_titles(tray).index("Walt Mild turned hot")]
    assert "pricing request" in body

    window.hide()
    tray.messageClicked.emit()
    qtbot.waitUntil(lambda: window.board_view.selected_contact() == walt, timeout=2000)
    assert window.isVisible()
    assert window.panel is not None and window.panel.contact_id == walt


def test_a_lead_another_process_makes_hot_is_announced(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int], clock: FakeClock, db_path: Path
) -> None:
    tray = _tray_on(window)
    window.notifications.watch.check()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "leadtemp",
            "--db",
            str(db_path),
            "log",
            str(leads["Wanda Warm"]),
            "demo_booked",
            "--at",
            clock().isoformat(),
        ],
        capture_output=True,
        text=True,
        env=child_env(),
        cwd=REPO,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    qtbot.waitUntil(lambda: "Wanda Warm turned hot" in _titles(tray), timeout=3000)


def test_a_reloaded_board_announces_who_it_made_hot(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int], db_path: Path, clock: FakeClock
) -> None:
    """An import ends in a reload of the whole board: the same watch sees what it made hot."""
    tray = _tray_on(window)
    window.notifications.watch.check()
    other = LeadService.open(db_path, now=clock)
    try:
        other.log_interaction(leads["Walt Mild"], "proposal_request", clock())
    finally:
        other.close()
    with qtbot.waitSignal(window.boardLoaded, timeout=5000):
        window.external_changes.stop()
        window.reload_board()
    qtbot.waitUntil(lambda: "Walt Mild turned hot" in _titles(tray), timeout=2000)


def test_a_hot_lead_waiting_five_minutes_is_announced_once_per_wait(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int], clock: FakeClock
) -> None:
    tray = _tray_on(window)
    watch = window.notifications.watch
    window.log(leads["Walt Mild"], "pricing_request", clock())
    settle(qtbot, window)
    qtbot.wait(20)
    card = window.board_model.card(leads["Walt Mild"])
    assert card is not None and card.temperature is Temperature.HOT and card.waiting_since is not None
    clock.advance(minutes=4)
    watch.check()
    assert not [t for t in _titles(tray) if t.startswith("Walt Mild has waited")]

    clock.advance(minutes=2)
    watch.check()
    watch.check()
    assert [t for t in _titles(tray) if t.startswith("Walt Mild has waited")] == [
        "Walt Mild has waited 6 min"
    ]
    assert window.notifications.tray is tray and "waiting" in tray.toolTip()

    # Answering ends the wait; a new buying signal starts a new one, announced again.
    window.log(leads["Walt Mild"], "call_made", clock())
    settle(qtbot, window)
    window.log(leads["Walt Mild"], "demo_booked", clock.advance(minutes=1))
    settle(qtbot, window)
    clock.advance(minutes=5)
    watch.check()
    assert len([t for t in _titles(tray) if t.startswith("Walt Mild has waited")]) == 2


def test_the_tray_counts_the_hot_leads_waiting(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int], clock: FakeClock
) -> None:
    tray = _tray_on(window)
    window.notifications.watch.check()
    before = window.notifications.watch.waiting
    window.log(leads["Walt Mild"], "pricing_request", clock())
    settle(qtbot, window)
    qtbot.waitUntil(lambda: window.notifications.watch.waiting == before + 1, timeout=2000)
    waiting = f"{before + 1} hot lead{'s' if before + 1 != 1 else ''} waiting"
    assert tray.toolTip() == f"LeadTemp — {window.db_path.name}: {waiting}"
    assert not tray.icon().isNull()


def test_switched_off_or_in_quiet_hours_nothing_is_announced(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int], clock: FakeClock
) -> None:
    tray = _tray_on(window)
    window.notifications.watch.check()
    local = clock().astimezone().time()
    start = time((local.hour - 1) % 24, 0)
    end = time((local.hour + 1) % 24, 0)
    preferences.save(NotificationPreferences(quiet_from=start, quiet_until=end))
    window.log(leads["Walt Mild"], "pricing_request", clock())
    settle(qtbot, window)
    qtbot.wait(50)
    preferences.save(NotificationPreferences(enabled=False))
    window.log(leads["Wanda Warm"], "pricing_request", clock())
    settle(qtbot, window)
    qtbot.wait(50)
    assert tray.messages == []

    preferences.save(NotificationPreferences())
    window.log(leads["Cora Cold"], "demo_booked", clock())
    settle(qtbot, window)
    qtbot.waitUntil(lambda: "Cora Cold turned hot" in _titles(tray), timeout=2000)


def test_quiet_hours_may_run_past_midnight() -> None:
    night = NotificationPreferences(quiet_from=time(22, 0), quiet_until=time(7, 0))
    assert night.quiet_at(time(23, 30)) and night.quiet_at(time(6, 59))
    assert not night.quiet_at(time(7, 0)) and not night.quiet_at(time(12, 0))
    day = NotificationPreferences(quiet_from=time(12, 0), quiet_until=time(13, 0))
    assert day.quiet_at(time(12, 30)) and not day.quiet_at(time(13, 0))
    assert not NotificationPreferences().quiet_at(time(3, 0))


def test_closing_keeps_the_app_in_the_tray_and_quit_really_closes(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int]
) -> None:
    tray = _tray_on(window)
    preferences.save(NotificationPreferences(keep_in_tray=True))
    assert window.notifications.keeps_running()
    window.close()
    assert not window.isVisible() and window.service is not None

    tray.activated.emit(QSystemTrayIcon.ActivationReason.Trigger)
    qtbot.waitUntil(window.isVisible, timeout=2000)

    window.menu_actions.quit.trigger()
    assert not window.isVisible() and window.service is None


def test_without_a_tray_closing_closes(window: MainWindow) -> None:
    preferences.save(NotificationPreferences(keep_in_tray=True))
    assert not window.notifications.tray_available
    assert not window.notifications.preferences().keep_in_tray
    window.close()
    assert window.service is None


def test_many_leads_turning_hot_at_once_make_one_summary(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int], db_path: Path, clock: FakeClock
) -> None:
    tray = _tray_on(window)
    window.notifications.watch.check()
    other = LeadService.open(db_path, now=clock)
    try:
        for name in ("Cora Cold", "Colin Quiet", "Wanda Warm", "Walt Mild"):
            other.log_interaction(leads[name], "proposal_request", clock())
    finally:
        other.close()
    qtbot.waitUntil(lambda: "4 leads turned hot" in _titles(tray), timeout=3000)
    assert not [t for t in _titles(tray) if t.endswith(" turned hot") and not t[0].isdigit()]


def test_the_notifications_dialog_stores_what_it_says(qtbot: QtBot, window: MainWindow) -> None:
    window.open_notification_settings()
    dialog = window.active_dialog
    from desktop.dialogs.notification_settings import NotificationSettingsDialog

    assert isinstance(dialog, NotificationSettingsDialog)
    assert not dialog.keep_in_tray.isEnabled()
    dialog.quiet.setChecked(True)
    dialog.enabled.setChecked(True)
    dialog.accept()
    stored = preferences.load(tray_available=False)
    assert (stored.quiet_from, stored.quiet_until) == (time(21, 0), time(7, 0))
    assert stored.enabled and not stored.keep_in_tray
