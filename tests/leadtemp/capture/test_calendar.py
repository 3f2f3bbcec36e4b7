"""Calendar exports read as meetings held and consultations booked (fixtures: see fixtures/README.md)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from leadtemp.capture.calendar import read_calendar
from leadtemp.capture.errors import CaptureFileError
from leadtemp.capture.events import Observation, Skipped, SkipReason

FIXTURES = Path(__file__).parent / "fixtures"
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PARIS = ZoneInfo("Europe/Paris")


def _read(name: str, me: tuple[str, ...] = (), **options: object) -> list[Observation | Skipped]:
    data = (FIXTURES / name).read_bytes()
    return list(read_calendar(data, me=me, now=options.pop("now", NOW), zone=PARIS, **options))  # type: ignore[arg-type]


def _observations(found: list[Observation | Skipped]) -> list[Observation]:
    return [item for item in found if isinstance(item, Observation)]


def test_a_weekly_series_logs_each_held_instance_at_its_end_none_for_excluded_or_cancelled_ones() -> None:
    found = _read("google-calendar.ics")
    held = [o for o in _observations(found) if o.addresses == ("dana.lee@acme-logistics.com",)]
    # 9 Feb held; 16 Feb is an EXDATE; 23 Feb cancelled; 2 Mar 10:00-10:30 Berlin has not ended at 09:00 UTC.
    assert [(o.kind, o.occurred_at) for o in held] == [
        ("meeting_held", datetime(2026, 2, 9, 9, 30, tzinfo=UTC))
    ]
    assert held[0].name == "Dana Lee"
    cancelled = [s for s in found if isinstance(s, Skipped) and s.reason is SkipReason.CANCELLED]
    assert [s.source_key for s in cancelled] == ["5k2v1q9c7m0h3rj2t8b4n6d1s0@google.com/20260223T090000Z"]


def test_the_instance_of_a_series_logs_once_its_end_has_passed() -> None:
    later = _read("google-calendar.ics", now=datetime(2026, 3, 2, 9, 30, tzinfo=UTC))
    ends = [o.occurred_at for o in _observations(later) if o.addresses == ("dana.lee@acme-logistics.com",)]
    assert ends[-1] == datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def test_a_booking_page_event_logs_demo_booked_when_it_was_created_and_the_meeting_when_held() -> None:
    priya = [o for o in _observations(_read("google-calendar.ics")) if o.addresses == ("priya@northwind.io",)]
    booked, held = priya
    assert (booked.kind, booked.occurred_at) == ("demo_booked", datetime(2026, 2, 19, 20, 12, 33, tzinfo=UTC))
    assert booked.evidence == "booked through Calendly"
    assert booked.may_propose_lead and booked.name == "Priya Raman"
    assert (held.kind, held.occurred_at) == ("meeting_held", datetime(2026, 2, 26, 15, 30, tzinfo=UTC))


def test_googles_calendar_name_is_the_owner_so_no_event_of_their_own_is_a_meeting() -> None:
    found = _read("google-calendar.ics", now=datetime(2026, 3, 9, tzinfo=UTC))
    assert all("sam.freelance@gmail.com" not in o.addresses for o in _observations(found))
    alone = [s for s in found if isinstance(s, Skipped) and s.reason is SkipReason.NOT_A_LEAD]
    assert [s.detail for s in alone] == ["Invoice run: no one else invited"]


def test_events_still_to_come_are_not_reported_as_skipped() -> None:
    assert [s for s in _read("google-calendar.ics") if isinstance(s, Skipped) and "Invoice" in s.detail] == []


def test_an_outlook_meeting_the_lead_organised_is_a_booking_read_in_its_windows_time_zone() -> None:
    found = _observations(_read("outlook-calendar.ics", me=("SAM@samfreelance.studio",)))
    assert [(o.kind, o.occurred_at, o.addresses) for o in found] == [
        ("demo_booked", datetime(2026, 2, 16, 8, 45, 12, tzinfo=UTC), ("j.weber@fabrikam-gmbh.de",)),
        ("meeting_held", datetime(2026, 2, 18, 14, 0, tzinfo=UTC), ("j.weber@fabrikam-gmbh.de",)),
        # The workshop on 3 March was booked on 20 February; it has not been held yet.
        ("demo_booked", datetime(2026, 2, 20, 12, 0, tzinfo=UTC), ("j.weber@fabrikam-gmbh.de",)),
    ]
    assert found[0].evidence == "the lead sent the invitation"
    assert not found[0].may_propose_lead


def test_apple_floating_times_and_all_day_events_are_read_in_the_users_zone() -> None:
    found = _read("apple-calendar.ics", me=("sam@samfreelance.studio",))
    held = {o.addresses[0]: o.occurred_at for o in _observations(found)}
    assert held == {
        "lea@atelier-mistral.fr": datetime(2026, 2, 12, 16, 0, tzinfo=UTC),  # 17:00 in Paris
        "marta.nowak@kraftwerk-events.de": datetime(2026, 2, 20, 23, 0, tzinfo=UTC),  # end of 20 Feb in Paris
    }
    assert [s.reason for s in found if isinstance(s, Skipped)] == [SkipReason.CANCELLED]


def test_since_drops_what_ended_before_it() -> None:
    found = _read(
        "apple-calendar.ics", me=("sam@samfreelance.studio",), since=datetime(2026, 2, 15, tzinfo=UTC)
    )
    assert [o.addresses for o in _observations(found)] == [("marta.nowak@kraftwerk-events.de",)]


def test_each_instance_and_attendee_has_its_own_source_key_and_reading_again_gives_the_same_keys() -> None:
    first = [item.source_key for item in _read("google-calendar.ics")]
    assert len(set(first)) == len(first)
    assert first == [item.source_key for item in _read("google-calendar.ics")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"Name,Email\nDana,dana@example.com\n", "not an iCalendar file"),
        (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", "holds no events"),
    ],
)
def test_a_file_that_is_no_calendar_is_refused_with_one_line(data: bytes, message: str) -> None:
    with pytest.raises(CaptureFileError, match=message) as raised:
        list(read_calendar(data, me=(), now=NOW, name="x.ics"))
    assert "\n" not in str(raised.value)


def _calendar(*events: str) -> bytes:
    body = "".join(f"BEGIN:VEVENT\r\n{event}\r\nEND:VEVENT\r\n" for event in events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{body}END:VCALENDAR\r\n".encode()


MEETING = "UID:ok\r\nDTSTART:20260210T100000Z\r\nDTEND:20260210T110000Z\r\nATTENDEE:mailto:dana@acme.example"


def test_a_broken_event_is_skipped_and_the_others_are_read() -> None:
    data = _calendar("UID:broken\r\nSUMMARY:no start\r\nATTENDEE:mailto:ben@ortiz.example", MEETING)
    found = list(read_calendar(data, me=("sam@example.com",), now=NOW))
    assert [o.addresses for o in _observations(found)] == [("dana@acme.example",)]
    assert [(s.reason, s.source_key) for s in found if isinstance(s, Skipped)] == [
        (SkipReason.UNREADABLE, "broken")
    ]


def test_a_series_repeating_every_minute_is_no_meeting_and_is_not_expanded() -> None:
    every_minute = (
        "UID:tick\r\nDTSTART:19950101T100000Z\r\nRRULE:FREQ=MINUTELY\r\nATTENDEE:mailto:a@b.example"
    )
    found = list(read_calendar(_calendar(every_minute, MEETING), me=("sam@example.com",), now=NOW))
    assert [(s.reason, s.detail) for s in found if isinstance(s, Skipped)] == [
        (SkipReason.NOT_A_LEAD, "tick: repeats minutely, no meeting")
    ]
    assert len(_observations(found)) == 1


def test_an_endless_series_stops_at_the_instance_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("leadtemp.capture.calendar.MAX_INSTANCES", 3)
    daily = "UID:standup\r\nDTSTART:20260101T090000Z\r\nDTEND:20260101T091500Z\r\nRRULE:FREQ=DAILY\r\n" + (
        "ATTENDEE:mailto:dana@acme.example"
    )
    found = list(read_calendar(_calendar(daily), me=("sam@example.com",), now=NOW))
    assert len(_observations(found)) == 3
    assert [s.detail for s in found if isinstance(s, Skipped)] == [
        "standup: a series of more than 3 instances; the rest was not read"
    ]


def test_the_calendar_a_google_export_is_named_after_is_yours_besides_the_addresses_you_gave() -> None:
    found = _read("google-calendar.ics", me=("sam@samfreelance.studio",))
    assert all("sam.freelance@gmail.com" not in o.addresses for o in _observations(found))
    assert [o.kind for o in _observations(found) if o.addresses == ("priya@northwind.io",)] == [
        "demo_booked",
        "meeting_held",
    ]
