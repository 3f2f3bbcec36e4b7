"""Newsletter and marketing activity exports (fixtures: see fixtures/README.md)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from leadtemp.capture.activity import read_activity
from leadtemp.capture.errors import CaptureFileError
from leadtemp.capture.events import Observation, Skipped, SkipReason

FIXTURES = Path(__file__).parent / "fixtures"
BERLIN = ZoneInfo("Europe/Berlin")


def _read(name: str, **options: object) -> list[Observation | Skipped]:
    data = (FIXTURES / name).read_bytes()
    return list(read_activity(data, zone=BERLIN, name=name, **options))  # type: ignore[arg-type]


def _facts(found: list[Observation | Skipped]) -> list[tuple[str, str, datetime]]:
    return [(o.addresses[0], o.kind, o.occurred_at) for o in found if isinstance(o, Observation)]


def _at(*parts: int, zone: ZoneInfo = BERLIN) -> datetime:
    return datetime(*parts, tzinfo=zone).astimezone(UTC)  # type: ignore[misc]


def test_a_mailchimp_email_activity_report_is_detected_and_logs_opens_clicks_and_bounces() -> None:
    found = _read("mailchimp-email-activity.csv")
    assert _facts(found) == [
        ("dana.lee@acme-logistics.com", "email_open", _at(2026, 2, 10, 9, 14, 3)),
        ("dana.lee@acme-logistics.com", "email_click", _at(2026, 2, 10, 9, 15, 27)),
        ("priya@northwind.io", "email_open", _at(2026, 2, 10, 12, 40, 55)),
        ("old.contact@defunct-agency.com", "email_bounced", _at(2026, 2, 10, 8, 0, 12)),
    ]
    assert {o.note for o in found if isinstance(o, Observation)} == {"Mailchimp: February case studies"}
    (sent,) = [s for s in found if isinstance(s, Skipped)]
    assert (
        sent.reason is SkipReason.NOT_A_LEAD and sent.detail == "line 6: 'sent' is no activity LeadTemp logs"
    )


def test_a_mailchimp_unsubscribed_list_logs_the_signup_and_the_unsubscribe() -> None:
    assert _facts(_read("mailchimp-unsubscribed_members.csv")) == [
        ("dana.lee@acme-logistics.com", "unsubscribed", _at(2026, 2, 24, 17, 40, 11)),
        ("dana.lee@acme-logistics.com", "newsletter_signup", _at(2025, 11, 3, 8, 13, 2)),
        ("ben@ortiz.design", "unsubscribed", _at(2026, 2, 27, 6, 15, 59)),
        ("ben@ortiz.design", "newsletter_signup", _at(2026, 1, 15, 19, 2, 0)),
    ]


def test_brevo_with_semicolons_and_day_first_dates() -> None:
    assert _facts(_read("brevo-campaign-report.csv", preset="brevo")) == [
        ("j.weber@fabrikam-gmbh.de", "email_open", _at(2026, 2, 12, 10, 31)),
        ("j.weber@fabrikam-gmbh.de", "email_click", _at(2026, 2, 12, 10, 32)),
        ("lea@atelier-mistral.fr", "email_bounced", _at(2026, 2, 12, 9, 0)),
        ("marta.nowak@kraftwerk-events.de", "unsubscribed", _at(2026, 2, 13, 18, 5)),
    ]


def test_mailerlite_buttondown_and_substack_are_recognised_from_their_headers() -> None:
    assert [kind for _, kind, _ in _facts(_read("mailerlite-subscriber-activity.csv"))] == [
        "email_open",
        "email_click",
        "email_open",
    ]
    assert _facts(_read("buttondown-subscribers.csv")) == [
        (
            "lea@atelier-mistral.fr",
            "newsletter_signup",
            datetime(2026, 1, 20, 11, 42, 17, 512000, tzinfo=UTC),
        ),
        ("ben@ortiz.design", "unsubscribed", datetime(2026, 2, 3, 16, 20, tzinfo=UTC)),
        ("ben@ortiz.design", "newsletter_signup", datetime(2025, 12, 1, 9, 0, tzinfo=UTC)),
    ]
    substack = [o for o in _read("substack-subscribers.csv") if isinstance(o, Observation)]
    assert [(o.addresses, o.name, o.kind) for o in substack] == [
        (("marta.nowak@kraftwerk-events.de",), "Marta Nowak", "newsletter_signup"),
        (("priya@northwind.io",), "", "newsletter_signup"),
    ]


def test_a_calendly_export_maps_its_created_time_to_a_booking() -> None:
    mapping = {"Invitee Email": "email", "Invitee Name": "name", "Event Created Date & Time": "demo_booked"}
    found = [o for o in _read("calendly-events-export.csv", mapping=mapping) if isinstance(o, Observation)]
    assert [(o.addresses, o.name, o.kind, o.occurred_at) for o in found] == [
        (("priya@northwind.io",), "Priya Raman", "demo_booked", _at(2026, 2, 19, 21, 12))
    ]
    assert found[0].note == "from calendly-events-export.csv"


def test_the_same_activity_in_two_files_has_the_same_source_key() -> None:
    calendly = _read(
        "calendly-events-export.csv",
        mapping={
            "Invitee Email": "email",
            "Event Created Date & Time": "time",
            "Event Type Name": "activity",
        },
    )
    assert isinstance(calendly[0], Skipped)  # "30 Minute Discovery Call" is no activity
    data = b"Email,What,When\nPRIYA@northwind.io,opened,2026-02-10T11:40:55Z\n"
    again = list(read_activity(data, mapping={"Email": "email", "What": "activity", "When": "time"}))
    first = [o for o in _read("mailchimp-email-activity.csv") if isinstance(o, Observation)]
    assert isinstance(again[0], Observation)
    assert again[0].source_key == first[2].source_key


def test_since_leaves_out_older_rows() -> None:
    found = _read("mailchimp-unsubscribed_members.csv", since=datetime(2026, 2, 1, tzinfo=UTC))
    assert [kind for _, kind, _ in _facts(found)] == ["unsubscribed", "unsubscribed"]


def test_rows_without_address_or_readable_time_are_skipped_with_their_line() -> None:
    data = b"Email,What,When\nnot-an-address,opened,2026-02-10\ndana@acme.com,opened,yesterday\n"
    found = list(read_activity(data, mapping={"Email": "email", "What": "activity", "When": "time"}))
    assert [(s.reason, s.detail) for s in found if isinstance(s, Skipped)] == [
        (SkipReason.UNREADABLE, "line 2: no e-mail address"),
        (SkipReason.UNREADABLE, "line 3: cannot read the time 'yesterday'"),
    ]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({}, r"which columns hold the address.*its columns: Email, What, When"),
        ({"preset": "klaviyo"}, "unknown preset 'klaviyo'"),
        ({"preset": "mailchimp"}, "is not a Mailchimp export"),
        ({"mapping": {"Email": "email", "What": "colour"}}, "'colour' is neither a field"),
        ({"mapping": {"What": "activity", "When": "time"}}, "names no e-mail column"),
        ({"mapping": {"Email": "email", "When": "time"}}, "says nothing about what happened"),
        ({"mapping": {"Mail": "email", "What": "activity", "When": "time"}}, "has no column 'Mail'"),
    ],
)
def test_a_file_or_mapping_that_cannot_be_used_is_refused_in_one_line(
    options: dict[str, object], message: str
) -> None:
    data = b"Email,What,When\ndana@acme.com,opened,2026-02-10\n"
    with pytest.raises(CaptureFileError, match=message) as raised:
        list(read_activity(data, name="odd.csv", **options))  # type: ignore[arg-type]
    assert "\n" not in str(raised.value)


def test_a_mapped_file_whose_dates_run_past_12_is_read_day_first() -> None:
    data = b"Email,What,When\ndana@acme.com,opened,02/03/2026 10:00\ndana@acme.com,clicked,25/03/2026 10:00\n"
    found = read_activity(data, mapping={"Email": "email", "What": "activity", "When": "time"}, zone=BERLIN)
    assert [o.occurred_at for o in found if isinstance(o, Observation)] == [
        _at(2026, 3, 2, 10, 0),
        _at(2026, 3, 25, 10, 0),
    ]
