"""The agenda's commands: today (JSON, --as-of, --ics), next, snooze, list and reopen."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import icalendar
import pytest

from leadtemp import clock
from tests.leadtemp.cli.test_contacts import Cli

WARM_SIGNALS = ("website_visit", "website_visit", "content_download", "webinar_attended")


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(tmp_path / "leads.db", capsys)


def ago(**delta: float) -> str:
    return clock.format_iso(clock.now() - timedelta(**delta)) or ""


def warm_lead(cli: Cli, name: str, touched_days_ago: float | None) -> str:
    """A warm lead (the seeds' warm behaviours ten days ago), touched ``touched_days_ago``."""
    contact_id = cli.ok("add-contact", name, "--company", f"{name} Ltd").strip()
    for minute, kind in enumerate(WARM_SIGNALS):
        cli.ok("log", contact_id, kind, "--at", ago(days=10, minutes=10 - minute))
    if touched_days_ago is not None:
        cli.ok("log", contact_id, "email_sent", "--at", ago(days=touched_days_ago))
    return contact_id


def sections(cli: Cli, *args: str) -> dict[int, str]:
    return {entry["id"]: entry["section"] for entry in cli.json("today", *args)}


@pytest.mark.parametrize("touch", ["email_sent", "email_reply"])
def test_outreach_or_a_reply_logged_on_the_cli_removes_the_follow_up(cli: Cli, touch: str) -> None:
    lead = warm_lead(cli, "Sam", touched_days_ago=9)
    (entry,) = cli.json("today")
    assert (entry["id"], entry["section"], entry["temperature"]) == (int(lead), "follow_up", "warm")
    assert entry["reason"] == "no touch for 9 days (warm: every 7 days)"
    assert entry["since"].endswith("Z") and entry["due"] is None

    cli.ok("log", lead, touch)

    assert cli.json("today") == []


def test_today_json_lists_each_section_in_order_with_its_fields(cli: Cli) -> None:
    follow_up = warm_lead(cli, "Walt", touched_days_ago=8)
    due = warm_lead(cli, "Dora", touched_days_ago=1)
    cli.ok("next", due, "send the case study", "--due", clock.local_date(clock.now()).isoformat())
    waiting = cli.ok("add-contact", "Hana").strip()
    signal_at = ago(minutes=12)
    cli.ok("log", waiting, "pricing_request", "--at", signal_at)

    entries = cli.json("today")

    assert [(e["id"], e["section"]) for e in entries] == [
        (int(waiting), "waiting"),
        (int(due), "due"),
        (int(follow_up), "follow_up"),
    ]
    first = entries[0]
    assert set(first) == {
        "id", "name", "company", "section", "reason", "since", "due", "next_step", "checklist_step",
        "temperature", "waiting_minutes", "stage",
    }  # fmt: skip
    assert (first["since"], first["temperature"], first["checklist_step"]) == (
        signal_at,
        "hot",
        "Respond within minutes",
    )
    assert first["waiting_minutes"] in (12, 13)
    assert (entries[1]["next_step"], entries[1]["reason"]) == ("send the case study", "next step due today")


def test_a_cold_lead_is_due_its_nurture_step_as_of_a_month_later(cli: Cli) -> None:
    lead = cli.ok("add-contact", "Cole").strip()
    later = clock.format_iso(clock.now() + timedelta(days=31)) or ""
    assert sections(cli) == {}
    assert sections(cli, "--as-of", later) == {int(lead): "nurture"}


def test_a_next_step_pauses_the_cadence_until_its_day(cli: Cli) -> None:
    lead = warm_lead(cli, "Sam", touched_days_ago=9)
    day = (clock.local_date(clock.now()) + timedelta(days=2)).isoformat()
    assert "next step due" in cli.ok("next", lead, "call about the proposal", "--due", day)
    assert sections(cli) == {}
    assert cli.json("show", lead)["next_step"] == {"text": "call about the proposal", "due": day}
    later = clock.format_iso(clock.now() + timedelta(days=3)) or ""
    assert sections(cli, "--as-of", later) == {int(lead): "due"}

    cli.ok("next", lead, "--done")

    assert cli.json("show", lead)["next_step"] is None
    assert sections(cli) == {int(lead): "follow_up"}


def test_snooze_clear_brings_the_lead_back_at_once(cli: Cli) -> None:
    lead = warm_lead(cli, "Sam", touched_days_ago=9)
    cli.ok("snooze", lead, "--until", (clock.local_date(clock.now()) + timedelta(days=5)).isoformat())
    assert "unsnoozed" in cli.ok("snooze", lead, "--clear")
    assert sections(cli) == {int(lead): "follow_up"}


def test_snooze_until_a_day_and_a_buying_signal_brings_the_lead_back(cli: Cli) -> None:
    lead = warm_lead(cli, "Sam", touched_days_ago=9)
    day = (clock.local_date(clock.now()) + timedelta(days=5)).isoformat()
    cli.ok("snooze", lead, "--until", day)
    assert sections(cli) == {}
    assert cli.json("show", lead)["snoozed_until"] == day

    cli.ok("log", lead, "proposal_request")

    assert sections(cli) == {int(lead): "waiting"}
    assert cli.json("show", lead)["snoozed_until"] is None


def test_bare_dates_are_days_in_the_users_time_zone(cli: Cli, zone: Callable[[str], None]) -> None:
    zone("Pacific/Kiritimati")  # UTC+14
    lead = warm_lead(cli, "Sam", touched_days_ago=1)
    cli.ok("next", lead, "call", "--due", "2099-12-04")
    # 10:30 UTC on Dec 3 is already Dec 4 in Kiritimati, so the step is due there and then...
    assert sections(cli, "--as-of", "2099-12-03T10:30:00Z") == {int(lead): "due"}
    assert sections(cli, "--as-of", "2099-12-03T09:30:00Z") == {}
    # ...and a bare date is the start of that day there: 10:00 UTC the day before.
    assert sections(cli, "--as-of", "2099-12-04") == {int(lead): "due"}
    zone("UTC")
    assert sections(cli, "--as-of", "2099-12-03T10:30:00Z") == {}


def test_today_ics_writes_the_next_steps_as_all_day_events(cli: Cli, tmp_path: Path) -> None:
    lead = warm_lead(cli, "Dana Lee", touched_days_ago=1)
    other = warm_lead(cli, "Sam", touched_days_ago=1)
    cli.ok("next", lead, "call about the proposal", "--due", "2099-12-03")
    cli.ok("next", other, "send the case study", "--due", "2099-12-01")
    target = tmp_path / "follow-ups.ics"

    cli.ok("today", "--ics", str(target))

    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    events = [(str(e["summary"]), e.decoded("dtstart"), e.decoded("dtend")) for e in calendar.walk("VEVENT")]
    assert events == [
        ("Sam: send the case study", date(2099, 12, 1), date(2099, 12, 2)),
        ("Dana Lee: call about the proposal", date(2099, 12, 3), date(2099, 12, 4)),
    ]
    code, _, err = cli("today", "--ics", str(target))
    assert code == 1 and "already exists" in err
    cli.ok("today", "--ics", str(target), "--force")


def test_today_ics_refuses_the_book_itself(cli: Cli) -> None:
    warm_lead(cli, "Sam", touched_days_ago=1)
    before = cli.db.stat().st_size
    code, _, err = cli("today", "--ics", str(cli.db), "--force")
    assert code == 1 and "is the database" in err
    assert cli.db.stat().st_size == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("next", "1", "call", "--due", "2026-02-30"), "cannot read date"),
        (("next", "1", "call", "--due", "tomorrow"), "cannot read date"),
        (("next", "1", "call"), "give the step and its day"),
        (("next", "1", "--done", "--clear"), "not both"),
        (("next", "1", "--done"), "has no next step"),
        (("snooze", "1"), "either --until DATE or --clear"),
        (("snooze", "1", "--until", "2020-01-01"), "a day after today"),
        (("snooze", "1", "--clear"), "is not snoozed"),
        (("next", "99", "call", "--due", "2099-01-01"), "no contact with id 99"),
        (("list", "--sort", "age"), "invalid choice"),
    ],
)
def test_bad_agenda_input_is_one_line_a_non_zero_exit_and_writes_nothing(
    cli: Cli, args: tuple[str, ...], message: str
) -> None:
    warm_lead(cli, "Sam", touched_days_ago=1)
    before = cli.json("show", "1")
    code, out, err = cli(*args)
    assert code != 0 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1
    assert cli.json("show", "1") == before


def test_list_sorts_filters_and_shows_the_closed_leads(cli: Cli) -> None:
    zed = cli.ok("add-contact", "Zed", "--source", "Referral").strip()
    amy = cli.ok("add-contact", "Amy", "--source", "purchased list").strip()
    hot = cli.ok("add-contact", "Hal", "--source", "referral").strip()
    cli.ok("log", hot, "pricing_request", "--at", ago(minutes=30))
    cli.ok("log", amy, "website_visit", "--at", ago(days=3))
    won = cli.ok("add-contact", "Wes").strip()
    cli.ok("outcome", won, "won")

    assert [lead["name"] for lead in cli.json("list")] == ["Hal", "Amy", "Zed"]
    assert [lead["name"] for lead in cli.json("list", "--sort", "name")] == ["Amy", "Hal", "Zed"]
    assert [lead["name"] for lead in cli.json("list", "--sort", "waiting")] == ["Hal", "Amy", "Zed"]
    assert [lead["name"] for lead in cli.json("list", "--sort", "last-touch")] == ["Zed", "Amy", "Hal"]
    assert [lead["id"] for lead in cli.json("list", "--source", "REFERRAL", "--sort", "name")] == [
        int(hot),
        int(zed),
    ]
    (closed,) = cli.json("list", "--closed")
    assert (closed["id"], closed["closed"]) == (int(won), "Won")

    cli.ok("reopen", won)

    assert cli.json("list", "--closed") == []
    assert int(won) in [lead["id"] for lead in cli.json("list")]


def test_show_json_gives_the_cooling_date(cli: Cli) -> None:
    lead = cli.ok("add-contact", "Hana").strip()
    cli.ok("log", lead, "pricing_request", "--at", "2026-11-20T09:00:00Z")
    detail = cli.json("show", lead, "--as-of", "2026-11-21T09:00:00Z")
    assert detail["cools_on"] == "2026-12-04"
    assert cli.json("show", lead, "--as-of", "2027-06-01T00:00:00Z")["cools_on"] is None


def test_today_on_a_missing_book_names_it_and_creates_nothing(cli: Cli) -> None:
    code, _, err = cli("today")
    assert code == 1 and str(cli.db) in err
    assert not cli.db.exists()
