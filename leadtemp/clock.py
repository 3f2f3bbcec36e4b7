"""Time handling: every instant inside the core is an aware UTC datetime or epoch seconds."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from leadtemp.errors import ValidationError

_EARLIEST = datetime(1970, 1, 2, tzinfo=UTC)
_LATEST = datetime(9000, 1, 1, tzinfo=UTC)


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def to_timestamp(moment: datetime) -> float:
    return moment.timestamp()


def from_timestamp(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def ensure_aware(moment: datetime) -> datetime:
    """Naive datetimes are taken as local wall-clock time, as a user typing one means it."""
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.astimezone(UTC)


def parse_datetime(text: str) -> datetime:
    """Parse ISO-8601 (date, date-time, with ``Z`` or an offset); refuse anything else clearly."""
    cleaned = text.strip()
    if not cleaned:
        raise ValidationError("empty date")
    try:
        parsed = datetime.fromisoformat(cleaned)
    except ValueError:
        raise ValidationError(
            f"cannot read date {text!r}: use ISO-8601 such as 2026-03-14 or 2026-03-14T09:30"
        ) from None
    if parsed.tzinfo is None:
        try:
            parsed = parsed.astimezone()
        except (OverflowError, OSError, ValueError):
            raise ValidationError(f"date out of range: {text!r}") from None
    if not _EARLIEST <= parsed <= _LATEST:
        raise ValidationError(f"date out of range: {text!r}")
    return parsed.astimezone(UTC)


def format_iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


# Calendar days in the user's time zone ---------------------------------------------------
# A due date or a snooze is a day on the user's calendar, not an instant: it is kept as that
# date, and compared with the day an instant falls on where the user is (the process's zone).


def local_date(moment: datetime) -> date:
    """The day ``moment`` falls on in the user's time zone."""
    return ensure_aware(moment).astimezone().date()


def day_start(day: date) -> datetime:
    """The instant (UTC) the user's ``day`` begins."""
    return datetime.combine(day, time()).astimezone().astimezone(UTC)


def parse_date(text: str) -> date:
    """A bare ISO 8601 date (``2026-12-03``), refused with a message otherwise."""
    cleaned = text.strip()
    try:
        day = date.fromisoformat(cleaned)
    except ValueError:
        raise ValidationError(f"cannot read date {text!r}: use ISO-8601 such as 2026-12-03") from None
    if not _EARLIEST.date() <= day < _LATEST.date() or len(cleaned) != 10:
        raise ValidationError(f"cannot read date {text!r}: use ISO-8601 such as 2026-12-03")
    return day
