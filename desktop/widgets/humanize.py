"""Short human phrasings of times and durations for the panel and the dialogs."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QDateTime, QLocale


def duration(delta: timedelta) -> str:
    """``45 min``, ``3 h``, ``12 d``, ``5 months``, ``26 years``: precise enough for deciding whom
    to call first, and a long span still reads at a glance."""
    seconds = max(0, int(delta.total_seconds()))
    if seconds < 3600:
        return f"{max(1, seconds // 60)} min"
    if seconds < 2 * 86400:
        return f"{seconds // 3600} h"
    days = seconds // 86400
    if days < 60:
        return f"{days} d"
    if days < 730:
        return f"{round(days * 12 / 365)} months"
    return f"{days // 365} years"


def days_ago(days: int | None) -> str:
    """``today``, ``12 days ago``, ``5 months ago``, ``27 years ago``."""
    if days is None:
        return "never"
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 60:
        return f"{days} days ago"
    return f"{duration(timedelta(days=days))} ago"


def to_qdatetime(moment: datetime) -> QDateTime:
    """Local wall-clock QDateTime for an aware instant (Qt shows local time)."""
    return QDateTime.fromSecsSinceEpoch(int(moment.timestamp()))


def date_time_format() -> str:
    """The locale's short date-time format with a four-digit year; ISO-like under the C locale,
    whose short format is hard to read."""
    locale = QLocale()
    if locale.language() == QLocale.Language.C:
        return "yyyy-MM-dd HH:mm"
    fmt = locale.dateTimeFormat(QLocale.FormatType.ShortFormat)
    if "yyyy" not in fmt:
        fmt = fmt.replace("yy", "yyyy")
    return fmt


def local_text(moment: datetime) -> str:
    return QLocale().toString(to_qdatetime(moment), date_time_format())
