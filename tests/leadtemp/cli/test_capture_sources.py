"""``leadtemp capture`` on calendars, activity CSVs and LinkedIn's messages.csv."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from leadtemp.cli import main
from leadtemp.service import LeadService

FIXTURES = Path(__file__).parents[1] / "capture" / "fixtures"


def run(db: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def book(db_path: Path) -> Path:
    service = LeadService.open(db_path)
    service.add_contact(
        "Dana Lee", email="dana.lee@acme-logistics.com", linkedin="linkedin.com/in/dana-lee-4a1b2c"
    )
    service.add_contact("Jonas Weber", email="j.weber@fabrikam-gmbh.de")
    service.close()
    return db_path


def test_an_activity_export_needs_no_address_of_yours_and_prints_its_counts(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(book, capsys, "capture", str(FIXTURES / "brevo-campaign-report.csv"), "--json")
    assert (code, err) == (0, "")
    report = json.loads(out)
    assert report["logged"] == {"email_click": 1, "email_open": 1}
    assert report["skipped"] == {"unknown sender": 2}
    assert [(line["lead"], line["kind"], line["duplicate"]) for line in report["lines"]] == [
        ("Jonas Weber", "email_open", False),
        ("Jonas Weber", "email_click", False),
    ]


def test_a_mapping_reads_any_export_and_a_bad_one_exits_with_one_line(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    calendly = str(FIXTURES / "calendly-events-export.csv")
    code, out, err = run(
        book,
        capsys,
        "capture",
        calendly,
        "--map",
        "Invitee Email=email",
        "--map",
        "Event Created Date & Time=demo_booked",
        "--dry-run",
    )
    assert code == 0 and err == ""
    assert out.splitlines()[0] == (
        "calendly-events-export.csv: would have logged 0, 0 new leads proposed, "
        "skipped 1 (unknown sender 1); nothing was written (dry run)"
    )
    code, out, err = run(book, capsys, "capture", calendly, "--map", "Invitee Email")
    assert code != 0 and out == ""
    assert err.strip().splitlines() == [
        "leadtemp: error: --map 'Invitee Email': write COLUMN=FIELD, e.g. --map 'Email Address=email'"
    ]
    code, _, err = run(book, capsys, "capture", calendly, "--map", "Invitee Email=email")
    assert code != 0 and "says nothing about what happened" in err and len(err.strip().splitlines()) == 1


def test_a_preset_that_does_not_fit_the_file_is_refused(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        book, capsys, "capture", str(FIXTURES / "brevo-campaign-report.csv"), "--preset", "substack"
    )
    assert code != 0 and out == ""
    assert (
        err.strip()
        == "leadtemp: error: brevo-campaign-report.csv is not a Substack export like --preset substack reads"
    )


def test_a_calendar_captures_once_and_the_second_run_counts_duplicates(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ics = str(FIXTURES / "outlook-calendar.ics")
    code, out, _ = run(book, capsys, "capture", ics, "--me", "sam@samfreelance.studio", "--json")
    assert code == 0
    first = json.loads(out)
    assert first["logged"] == {"demo_booked": 2, "meeting_held": 2}
    code, out, _ = run(book, capsys, "capture", ics, "--json")
    assert code == 0
    assert json.loads(out)["logged"] == {} and json.loads(out)["skipped"] == {"duplicate": 4}


def test_linkedin_messages_take_your_profile_from_me(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        book,
        capsys,
        "capture",
        str(FIXTURES / "linkedin-messages.csv"),
        "--me",
        "https://www.linkedin.com/in/sam-freelance/",
        "--json",
    )
    assert (code, err) == (0, "")
    assert json.loads(out)["logged"] == {"email_reply": 1, "message_sent": 1}
    service = LeadService.open(book)
    try:
        assert service.my_addresses() == []  # a profile is not remembered as an e-mail address
    finally:
        service.close()
