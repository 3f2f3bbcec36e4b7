"""Calendar exports (``.ics`` from Google Calendar, Outlook, Apple Calendar) read as meetings and bookings.

A meeting held with a lead is ``meeting_held`` at its end, once it has ended; a consultation the
lead booked (the lead organised it, or a booking page such as Calendly or Cal.com made it) is
``demo_booked`` when it was booked. Cancelled events and cancelled instances log nothing.

Recurring series are expanded with ``recurring-ical-events`` rather than by hand: it applies
RRULE, RDATE, EXDATE and moved or cancelled instances (RECURRENCE-ID overrides) together, and
reads Google's ``X-WR-TIMEZONE`` for floating times, which a hand-written ``rrule`` loop gets wrong.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

import icalendar
import recurring_ical_events

from leadtemp.capture.errors import CaptureFileError
from leadtemp.capture.events import Observation, Skipped, SkipReason

SOURCE = "calendar"
#: Instances are expanded from here when no ``since`` is given (nothing was booked before it).
_EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
#: Instances read of one series at most (a daily meeting for more than thirteen years).
MAX_INSTANCES = 5000
#: Series that repeat this often are reminders, not meetings (and would be millions of instances).
_NO_MEETING_FREQUENCIES = frozenset({"SECONDLY", "MINUTELY", "HOURLY"})
#: Bookings are looked for in meetings up to this far ahead (a consultation booked for next month).
_BOOKING_HORIZON = timedelta(days=366)
#: Words in an event that say a booking page made it.
_BOOKING_MARKERS = (
    ("calendly.com", "Calendly"),
    ("cal.com", "Cal.com"),
    ("savvycal.com", "SavvyCal"),
    ("tidycal.com", "TidyCal"),
    ("zcal.co", "zcal"),
    ("youcanbook.me", "YouCanBookMe"),
    ("acuityscheduling.com", "Acuity Scheduling"),
    ("hubspot.com/meetings", "HubSpot Meetings"),
    ("outlook.office.com/bookwithme", "Microsoft Bookings"),
    ("calendar.app.google", "Google appointment schedule"),
)


@dataclass(frozen=True)
class _Person:
    address: str
    name: str


def read_calendar(
    data: bytes,
    *,
    me: Collection[str],
    now: datetime,
    since: datetime | None = None,
    zone: tzinfo | None = None,
    name: str = "The calendar",
) -> Iterator[Observation | Skipped]:
    """The meetings held by ``now`` and the bookings made by then in an iCalendar file, instance by
    instance (a booking may be for a meeting still to come).

    ``me`` are the user's own addresses; without them, the address found in most events is taken
    as the user's (a calendar export is one person's calendar). Floating times and all-day events
    are read in ``zone`` (the user's time zone; the machine's when None). Raises
    :class:`CaptureFileError` when the file is no calendar.
    """
    calendar = _parse(data, name)
    events = [component for component in calendar.walk("VEVENT")]
    if not events:
        raise CaptureFileError(f"{name} holds no events (no VEVENT).")
    given = {address.casefold() for address in me}
    mine = given | _named_owner(calendar) if given else _owner(calendar, events)
    start = since or _EARLIEST
    booked_series: set[str] = set()
    for uid, series in _series(calendar, events):
        frequency = _frequency(series)
        if frequency in _NO_MEETING_FREQUENCIES:
            detail = f"{uid}: repeats {frequency.lower()}, no meeting"
            yield Skipped(SOURCE, uid, SkipReason.NOT_A_LEAD, detail)
            continue
        try:
            for count, event in enumerate(_instances(series, start, now + _BOOKING_HORIZON)):
                if count == MAX_INSTANCES:
                    detail = f"{uid}: a series of more than {MAX_INSTANCES} instances; the rest was not read"
                    yield Skipped(SOURCE, f"{uid}/more", SkipReason.UNREADABLE, detail)
                    break
                yield from _observe(event, mine, now, start, zone, booked_series)
        except _BadEvent as error:
            yield Skipped(SOURCE, uid, SkipReason.UNREADABLE, f"{uid}: {error}")
        except _LIBRARY_ERRORS as error:
            yield Skipped(
                SOURCE, uid, SkipReason.UNREADABLE, f"{uid}: {_one_line(error) or type(error).__name__}"
            )


def _series(calendar: Any, events: list[Any]) -> Iterator[tuple[str, Any]]:
    """Each series (the events of one UID: a master and its moved or cancelled instances) as a
    calendar of its own with the file's time zones, so one endless series cannot starve the others."""
    by_uid: dict[str, list[Any]] = {}
    for event in events:
        by_uid.setdefault(str(event.get("UID", "")).strip() or _fallback_uid(event), []).append(event)
    zones = list(calendar.walk("VTIMEZONE"))
    for uid, members in by_uid.items():
        series = icalendar.Calendar()
        for key in ("VERSION", "PRODID", "X-WR-TIMEZONE"):
            if key in calendar:
                series.add(key, calendar[key])
        for component in (*zones, *members):
            series.add_component(component)
        yield uid, series


def _frequency(series: Any) -> str:
    """How often the series repeats (RRULE's FREQ), "" for a single event (or an unreadable rule,
    which the expansion then reports)."""
    try:
        for event in series.walk("VEVENT"):
            rule = event.get("RRULE")
            for one in rule if isinstance(rule, list) else [rule] if rule is not None else []:
                value = one.get("FREQ")
                if value:
                    return str(value[0] if isinstance(value, list) else value).upper()
    except _LIBRARY_ERRORS:
        return ""
    return ""


#: What icalendar and recurring-ical-events raise for a malformed event (their own errors are ValueErrors).
_LIBRARY_ERRORS = (ValueError, TypeError, KeyError, AttributeError, IndexError, OverflowError)


class _BadEvent(Exception):
    """One series cannot be read; the others still are."""


def _instances(series: Any, start: datetime, stop: datetime) -> Iterator[Any]:
    """The series' instances that end after ``start``, in order, until one starts after ``stop``."""
    try:
        for event in recurring_ical_events.of(series, skip_bad_series=True).after(start):
            if event.get("DTSTART") is None or _instant(event["DTSTART"].dt, UTC) > stop:
                return
            yield event
    except _LIBRARY_ERRORS as error:
        raise _BadEvent(_one_line(error) or type(error).__name__) from None


def _parse(data: bytes, name: str) -> Any:
    if b"BEGIN:VCALENDAR" not in data[:4096].upper():
        raise CaptureFileError(f"{name} is not an iCalendar file (it does not start with BEGIN:VCALENDAR).")
    try:
        return icalendar.Calendar.from_ical(data.decode("utf-8", errors="replace"))
    except (ValueError, TypeError, KeyError, IndexError) as error:
        raise CaptureFileError(f"{name} is not a readable iCalendar file: {_one_line(error)}.") from None


def _observe(
    event: Any,
    mine: set[str],
    now: datetime,
    since: datetime,
    zone: tzinfo | None,
    booked_series: set[str],
) -> Iterator[Observation | Skipped]:
    uid = str(event.get("UID", "")).strip() or _fallback_uid(event)
    begins = _instant(event.get("DTSTART").dt, zone)
    instance_key = f"{uid}/{_instance_id(event, zone)}"
    summary = " ".join(str(event.get("SUMMARY", "")).split())
    started = begins <= now
    if started and str(event.get("STATUS", "")).upper() == "CANCELLED":
        yield Skipped(SOURCE, instance_key, SkipReason.CANCELLED, summary or "a cancelled event")
        return
    organiser = _person(event.get("ORGANIZER"))
    others = [person for person in _participants(event) if person.address not in mine]
    if not others:
        if started:
            yield Skipped(
                SOURCE, instance_key, SkipReason.NOT_A_LEAD, f"{summary or 'an event'}: no one else invited"
            )
        return
    ends = _end(event, begins, zone)
    booking_page = _booking_page(event)
    booked_by_lead = organiser is not None and organiser.address not in mine and bool(mine)
    if (booking_page or booked_by_lead) and uid not in booked_series:
        booked_series.add(uid)
        booked_at = _booked_at(event, begins)
        if since <= booked_at <= now:
            evidence = f"booked through {booking_page}" if booking_page else "the lead sent the invitation"
            bookers = [organiser] if booked_by_lead and organiser else others
            for person in bookers:
                yield Observation(
                    source=SOURCE,
                    source_key=f"{uid}/booked/{person.address}",
                    kind="demo_booked",
                    occurred_at=booked_at,
                    addresses=(person.address,),
                    name=person.name,
                    note=_booking_note(summary, begins),
                    evidence=evidence,
                    may_propose_lead=bool(booking_page),
                )
    if ends > now:
        return
    for person in others:
        yield Observation(
            source=SOURCE,
            source_key=f"{instance_key}/{person.address}",
            kind="meeting_held",
            occurred_at=ends,
            addresses=(person.address,),
            name=person.name,
            note=summary or "Meeting",
        )


def _named_owner(calendar: Any) -> set[str]:
    """Google names a calendar's export after its owner's address (X-WR-CALNAME)."""
    calendar_name = str(calendar.get("X-WR-CALNAME", "")).strip().casefold()
    return {calendar_name} if "@" in calendar_name and " " not in calendar_name else set()


def _owner(calendar: Any, events: list[Any]) -> set[str]:
    """The calendar's owner when the user gave no address: the one the export is named after,
    otherwise the address that takes part in most events, when it takes part in more than one."""
    named = _named_owner(calendar)
    if named:
        return named
    counts: Counter[str] = Counter()
    for event in events:
        counts.update({person.address for person in _participants(event)})
    if not counts:
        return set()
    (address, count), *rest = counts.most_common(2)
    if count > 1 and (not rest or rest[0][1] < count):
        return {address}
    return set()


def _participants(event: Any) -> list[_Person]:
    """The organiser and every attendee who did not decline, once each."""
    found: dict[str, _Person] = {}
    organiser = _person(event.get("ORGANIZER"))
    if organiser is not None:
        found[organiser.address] = organiser
    attendees = event.get("ATTENDEE")
    if attendees is None:
        attendees = []
    elif not isinstance(attendees, list):
        attendees = [attendees]
    for attendee in attendees:
        if str(getattr(attendee, "params", {}).get("PARTSTAT", "")).upper() == "DECLINED":
            continue
        person = _person(attendee)
        if person is not None and person.address not in found:
            found[person.address] = person
    return list(found.values())


def _person(value: Any) -> _Person | None:
    if value is None:
        return None
    text = str(value).strip()
    if text[:7].casefold() == "mailto:":
        text = text[7:]
    if "@" not in text or " " in text:
        return None
    params = getattr(value, "params", {})
    name = " ".join(str(params.get("CN", "")).strip().strip('"').split())
    if "@" in name:
        name = ""
    return _Person(text.casefold(), name)


def _booking_page(event: Any) -> str:
    """The booking page that made this event, from the words it leaves in it, or ""."""
    text = " ".join(
        str(event.get(key, ""))
        for key in ("DESCRIPTION", "LOCATION", "UID", "URL", "X-ALT-DESC", "PRODID", "ORGANIZER")
    ).casefold()
    for marker, page in _BOOKING_MARKERS:
        if marker in text:
            return page
    return ""


def _booked_at(event: Any, begins: datetime) -> datetime:
    """When the booking was made: CREATED (exports set DTSTAMP to the time of the export), then
    DTSTAMP, never after the meeting itself."""
    for key in ("CREATED", "DTSTAMP"):
        value = event.get(key)
        if value is not None and isinstance(value.dt, datetime):
            return min(_instant(value.dt, UTC), begins)
    return begins


def _end(event: Any, begins: datetime, zone: tzinfo | None) -> datetime:
    value = event.get("DTEND")
    if value is not None:
        return max(_instant(value.dt, zone), begins)
    duration = event.get("DURATION")
    if duration is not None and isinstance(duration.dt, timedelta):
        return begins + duration.dt
    if not isinstance(event.get("DTSTART").dt, datetime):
        return _instant(event.get("DTSTART").dt + timedelta(days=1), zone)
    return begins


def _instance_id(event: Any, zone: tzinfo | None) -> str:
    """The instance's original start (RECURRENCE-ID, set on every expanded instance), in UTC."""
    value = event.get("RECURRENCE-ID") or event.get("DTSTART")
    return _instant(value.dt, zone).strftime("%Y%m%dT%H%M%SZ")


def _instant(value: date | datetime, zone: tzinfo | None) -> datetime:
    """An aware UTC instant: floating times and dates are read in ``zone`` (the machine's when None)."""
    if not isinstance(value, datetime):
        value = datetime.combine(value, time())
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone) if zone is not None else value.astimezone()
    return value.astimezone(UTC)


def _one_line(error: Exception, limit: int = 160) -> str:
    """A library's message on one short line (icalendar quotes the offending lines)."""
    text = " ".join(str(error).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _fallback_uid(event: Any) -> str:
    start = event.get("DTSTART")
    return f"no-uid/{start.to_ical().decode() if start is not None else ''}/{event.get('SUMMARY', '')}"


def _booking_note(summary: str, begins: datetime) -> str:
    """What was booked and for when (the booking is logged when it was made, not at the meeting)."""
    return f"{summary or 'A meeting'}, booked for {begins:%Y-%m-%dT%H:%MZ}"
