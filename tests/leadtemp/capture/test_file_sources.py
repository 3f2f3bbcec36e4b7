"""Calendars, activity CSVs and LinkedIn messages through the dispatch and the service's commit step."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from leadtemp.capture.errors import CaptureFileError
from leadtemp.capture.sources import CaptureOptions, read_capture_source, source_kind
from leadtemp.service import LeadService
from tests.conftest import FakeClock

FIXTURES = Path(__file__).parent / "fixtures"
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def book(service: LeadService, clock: FakeClock) -> LeadService:
    clock.current = NOW
    service.set_my_addresses(["sam.freelance@gmail.com", "sam@samfreelance.studio"])
    service.add_contact(
        "Dana Lee", email="dana.lee@acme-logistics.com", linkedin="linkedin.com/in/dana-lee-4a1b2c"
    )
    service.add_contact("Jonas Weber", email="j.weber@fabrikam-gmbh.de")
    return service


def _options(book: LeadService, **extra: object) -> CaptureOptions:
    return CaptureOptions(me=tuple(book.my_addresses()), now=NOW, zone=ZoneInfo("Europe/Paris"), **extra)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("google-calendar.ics", "ics"),
        ("outlook-calendar.ics", "ics"),
        ("linkedin-messages.csv", "linkedin"),
        ("brevo-campaign-report.csv", "csv"),
        ("substack-subscribers.csv", "csv"),
    ],
)
def test_each_export_is_recognised_by_what_it_holds_not_its_name(
    tmp_path: Path, name: str, kind: str
) -> None:
    renamed = tmp_path / "export.dat"
    shutil.copy(FIXTURES / name, renamed)
    assert source_kind(renamed) == kind


def test_a_calendar_logs_meetings_and_a_calendly_booking_proposes_its_lead(book: LeadService) -> None:
    items = read_capture_source(FIXTURES / "google-calendar.ics", _options(book))
    preview = book.preview_capture(items, label="google-calendar.ics")
    assert [(line.lead_name, line.kind) for line in preview.lines] == [
        ("Dana Lee", "meeting_held"),
        ("Priya Raman", "demo_booked"),
        ("Priya Raman", "meeting_held"),
    ]
    assert [lead.address for lead in preview.proposed] == ["priya@northwind.io"]
    assert preview.skipped_counts() == {"cancelled": 1}

    report = book.commit_capture(preview)
    assert report.logged == {"demo_booked": 1, "meeting_held": 2}
    priya = next(card for card in book.board().all_cards() if card.name == "Priya Raman")
    assert priya.temperature.value in ("warm", "hot")

    again = book.preview_capture(
        read_capture_source(FIXTURES / "google-calendar.ics", _options(book)), label="again"
    )
    assert all(line.duplicate for line in again.lines)


def test_linkedin_messages_match_leads_by_their_profile(book: LeadService) -> None:
    items = read_capture_source(FIXTURES / "linkedin-messages.csv", _options(book))
    preview = book.preview_capture(items, label="messages.csv")
    assert [(line.lead_name, line.kind) for line in preview.lines] == [
        ("Dana Lee", "message_sent"),
        ("Dana Lee", "email_reply"),
    ]
    # Jonas has no LinkedIn profile in the book: his message is from an unknown sender, yours to him
    # went to no lead (as the draft, never sent); the sponsored message is automated.
    assert preview.skipped_counts() == {"automated": 1, "not a lead": 2, "unknown sender": 1}


def test_an_activity_export_logs_to_the_leads_it_names(book: LeadService) -> None:
    items = read_capture_source(FIXTURES / "brevo-campaign-report.csv", _options(book))
    report = book.commit_capture(book.preview_capture(items, label="brevo"))
    assert report.logged == {"email_click": 1, "email_open": 1}
    assert report.skipped == {"unknown sender": 2}


def test_a_mapping_reaches_the_activity_reader_and_a_bad_one_is_refused(book: LeadService) -> None:
    options = _options(book, mapping={"Invitee Email": "email", "Event Created Date & Time": "colour"})
    with pytest.raises(CaptureFileError, match="'colour' is neither a field"):
        list(read_capture_source(FIXTURES / "calendly-events-export.csv", options))
