"""When the app may notify: a switch, quiet hours, and whether closing the window keeps it in the tray.

Kept in the user's QSettings beside the appearance and the window's layout, not in the lead book:
they belong to the desktop the notifications pop up on, so a book (or its JSON export) opened on
another machine does not silence or wake that one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from PySide6.QtCore import QSettings

_ENABLED_KEY = "notifications/enabled"
_QUIET_FROM_KEY = "notifications/quiet_from"
_QUIET_UNTIL_KEY = "notifications/quiet_until"
_KEEP_IN_TRAY_KEY = "notifications/keep_in_tray"


@dataclass(frozen=True)
class NotificationPreferences:
    """``quiet_from``/``quiet_until``: local clock times; a span may run past midnight (22:00-07:00)."""

    enabled: bool = True
    quiet_from: time | None = None
    quiet_until: time | None = None
    keep_in_tray: bool = False

    def quiet_at(self, moment: time) -> bool:
        """Whether ``moment`` (local time of day) falls in the quiet hours."""
        start, end = self.quiet_from, self.quiet_until
        if start is None or end is None or start == end:
            return False
        if start < end:
            return start <= moment < end
        return moment >= start or moment < end

    def allows(self, moment: time) -> bool:
        """A notification may go out now."""
        return self.enabled and not self.quiet_at(moment)


def parse_clock(text: str) -> time | None:
    """``"22:00"`` as a time; None for an empty or unreadable value."""
    try:
        return time.fromisoformat(text.strip()) if text.strip() else None
    except ValueError:
        return None


def load(tray_available: bool) -> NotificationPreferences:
    """The stored preferences; staying in the tray defaults to on only where there is a tray."""
    settings = QSettings()
    return NotificationPreferences(
        enabled=bool(settings.value(_ENABLED_KEY, True, type=bool)),
        quiet_from=parse_clock(str(settings.value(_QUIET_FROM_KEY, "") or "")),
        quiet_until=parse_clock(str(settings.value(_QUIET_UNTIL_KEY, "") or "")),
        keep_in_tray=tray_available and bool(settings.value(_KEEP_IN_TRAY_KEY, True, type=bool)),
    )


def save(preferences: NotificationPreferences) -> None:
    settings = QSettings()
    settings.setValue(_ENABLED_KEY, preferences.enabled)
    settings.setValue(_QUIET_FROM_KEY, _clock_text(preferences.quiet_from))
    settings.setValue(_QUIET_UNTIL_KEY, _clock_text(preferences.quiet_until))
    settings.setValue(_KEEP_IN_TRAY_KEY, preferences.keep_in_tray)


def _clock_text(moment: time | None) -> str:
    return moment.strftime("%H:%M") if moment is not None else ""
