"""The ``leadtemp`` command line: every core command, the JSON shapes, and one-line refusals."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from leadtemp.cli import main
from leadtemp.model import BREAKDOWN_KEYS
from leadtemp.scoring.catalogue import DEFAULT_KINDS

REPO = Path(__file__).resolve().parents[3]
REQUIRED_KINDS = {
    "website_visit", "pricing_page_visit", "content_download", "newsletter_signup",
    "email_open", "email_click", "email_reply", "social_engagement", "webinar_attended",
    "event_attended", "referral", "inquiry", "pricing_request", "demo_booked", "proposal_request",
    "implementation_question", "budget_discussion", "stakeholder_joined", "urgency_expressed",
    "unsubscribed", "email_bounced", "not_interested", "email_sent", "call_made", "message_sent",
    "meeting_held",
}  # fmt: skip


class Cli:
    """Runs ``leadtemp --db <file> ...`` in-process and captures what it printed."""

    def __init__(self, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.db = db
        self.capsys = capsys

    def __call__(self, *args: str) -> tuple[int, str, str]:
        self.capsys.readouterr()
        code = main(["--db", str(self.db), *args])
        out, err = self.capsys.readouterr()
        return code, out, err

    def ok(self, *args: str) -> str:
        code, out, err = self(*args)
        assert code == 0, err
        return out

    def json(self, *args: str) -> Any:
        return json.loads(self.ok(*args, "--json"))

    def counts(self) -> dict[str, int]:
        conn = sqlite3.connect(self.db)
        try:
            return {
                table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("contacts", "interactions", "pins", "checklist_progress", "settings")
            }
        finally:
            conn.close()


@pytest.fixture
def cli(db_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(db_path, capsys)


def add(cli: Cli, name: str, *options: str) -> int:
    return int(cli.ok("add-contact", name, *options).strip())


def iso(days_ago: float) -> str:
    return (datetime.now(UTC) - timedelta(days=days_ago)).isoformat()


def test_add_contact_prints_the_new_id(cli: Cli) -> None:
    assert add(cli, "Dana Lee", "--email", "dana@example.com", "--company", "Acme", "--fit", "8") == 1
    assert add(cli, "Ari Novak", "--role", "CEO", "--industry", "software", "--source", "referral") == 2
    shown = cli.json("show", "1")
    assert (shown["name"], shown["email"], shown["company"], shown["fit"]) == (
        "Dana Lee",
        "dana@example.com",
        "Acme",
        8,
    )
    assert shown["fit_set_by_hand"] is True
    assert cli.json("add-contact", "Mina")["id"] == 3


def test_edit_contact(cli: Cli) -> None:
    contact_id = add(cli, "Dana")
    cli.ok("edit-contact", str(contact_id), "--company", "Globex", "--name", "Dana Lee")
    shown = cli.json("show", str(contact_id))
    assert (shown["name"], shown["company"]) == ("Dana Lee", "Globex")
    code, _, err = cli("edit-contact", str(contact_id))
    assert code != 0 and "nothing to change" in err


def test_log_rescores_and_says_when_the_temperature_moved(cli: Cli) -> None:
    contact_id = str(add(cli, "Dana Lee"))
    for kind in ("referral", "webinar_attended", "website_visit", "content_download", "email_reply"):
        cli.ok("log", contact_id, kind, "--at", iso(1))
    assert cli.json("show", contact_id)["temperature"] == "warm"
    out = cli.ok("log", contact_id, "pricing_request", "--note", "asked for a quote")
    assert out.strip() == "Dana Lee: warm -> hot, pricing request"
    logged = cli.json("log", contact_id, "email_open")
    assert logged["temperature"] == "hot" and logged["reason"] == "email_open"
    assert logged["interaction_id"] == 7
    notes = [i["note"] for i in cli.json("show", contact_id)["interactions"]]
    assert "asked for a quote" in notes


def test_board_json_shape_and_order(cli: Cli) -> None:
    quiet = add(cli, "Quiet")
    warm = add(cli, "Warm Lead", "--fit", "9")
    hot = add(cli, "Hot Lead")
    mild = add(cli, "Mild")
    for kind in ("referral", "webinar_attended", "website_visit", "content_download"):
        cli.ok("log", str(warm), kind)
        cli.ok("log", str(hot), kind)
    cli.ok("log", str(hot), "demo_booked")
    cli.ok("log", str(mild), "website_visit")
    board = cli.json("board")
    assert list(board) == ["cold", "warm", "hot"]
    assert [c["id"] for c in board["hot"]] == [hot]
    assert [c["id"] for c in board["warm"]] == [warm]
    assert [c["id"] for c in board["cold"]] == [mild, quiet]
    for column, cards in board.items():
        assert [c["score"] for c in cards] == sorted((c["score"] for c in cards), reverse=True)
        for card in cards:
            assert {"id", "name", "score", "temperature", "pinned"} <= set(card)
            assert card["temperature"] == column and card["pinned"] is False
    text = cli.ok("board")
    assert text.index("Hot (1)") < text.index("Warm (1)") < text.index("Cold (2)")
    assert "Hot Lead" in text and "response priority: Immediate" in text


def test_board_as_of_replays_the_past(cli: Cli) -> None:
    contact_id = str(add(cli, "Dana"))
    for kind in ("referral", "webinar_attended", "website_visit", "content_download", "demo_booked"):
        cli.ok("log", contact_id, kind, "--at", iso(40))
    assert cli.json("board")["hot"] == []
    assert [c["id"] for c in cli.json("board", "--as-of", iso(39.5))["hot"]] == [int(contact_id)]
    before = (datetime.now(UTC) - timedelta(days=45)).date().isoformat()
    assert [c["score"] for c in cli.json("board", "--as-of", before)["cold"]] == [5]


def test_show_json_explains_the_score(cli: Cli) -> None:
    contact_id = str(add(cli, "Dana", "--fit", "7"))
    for kind in ("pricing_request", "website_visit", "not_interested", "call_made"):
        cli.ok("log", contact_id, kind, "--at", iso(2))
    shown = cli.json("show", contact_id)
    assert {"score", "temperature", "computed_temperature", "pinned", "breakdown", "contributions"} <= set(
        shown
    )
    assert list(shown["breakdown"]) == list(BREAKDOWN_KEYS)
    assert sum(shown["breakdown"].values()) == shown["score"]
    assert shown["breakdown"]["fit"] == 7
    assert {c["kind"] for c in shown["contributions"]} == {
        "pricing_request",
        "website_visit",
        "not_interested",
    }
    for contribution in shown["contributions"]:
        assert {"interaction_id", "kind", "category", "occurred_at", "base_points", "points"} <= set(
            contribution
        )
    assert len(shown["interactions"]) == 4
    text = cli.ok("show", contact_id)
    assert f"Score {shown['score']}" in text and "Breakdown: fit 7" in text


def test_show_json_says_which_rule_set_the_temperature_and_every_point_is_traced(cli: Cli) -> None:
    contact_id = str(add(cli, "Dana", "--fit", "0"))
    cli.ok("log", contact_id, "pricing_request", "--at", iso(2))
    shown = cli.json("show", contact_id)
    assert (shown["temperature"], shown["temperature_rule"]) == ("hot", "buying_signal_hot")
    assert shown["breakdown"]["rule"] == shown["score"] - shown["breakdown"]["explicit_interest"] > 0
    assert shown["temperature_reason"].startswith(f"+{shown['breakdown']['rule']}: ")
    traced = sum(c["points"] for c in shown["contributions"]) + sum(a["points"] for a in shown["adjustments"])
    assert round(traced, 2) == shown["score"]
    assert f"Why: {shown['temperature_reason']}" in cli.ok("show", contact_id)


def test_pin_and_unpin(cli: Cli) -> None:
    contact_id = str(add(cli, "Dana"))
    assert "cold -> hot" in cli.ok("pin", contact_id, "hot")
    card = cli.json("board")["hot"][0]
    assert (card["pinned"], card["computed_temperature"]) == (True, "cold")
    shown = cli.json("show", contact_id)
    assert (shown["temperature"], shown["computed_temperature"], shown["pinned"]) == ("hot", "cold", True)
    cli.ok("pin", contact_id, "warm", "--until", iso(-3))
    assert cli.json("show", contact_id)["pin_expires"] is not None
    assert "warm -> cold" in cli.ok("unpin", contact_id)
    assert cli.json("show", contact_id)["pinned"] is False


def test_kinds_lists_the_catalogue(cli: Cli) -> None:
    add(cli, "Dana")
    kinds = cli.json("kinds")
    assert {k["name"] for k in kinds} == {k.name for k in DEFAULT_KINDS} >= REQUIRED_KINDS
    assert {k["category"] for k in kinds} == {
        "behavioral",
        "engagement",
        "explicit_interest",
        "negative",
        "outreach",
    }
    text = cli.ok("kinds")
    assert "pricing_request" in text and "-40" in text  # not_interested subtracts


def test_checklist_tick_and_untick(cli: Cli) -> None:
    contact_id = str(add(cli, "Dana"))
    listing = cli.json("checklist", contact_id)
    assert listing["temperature"] == "cold"
    assert [item["done"] for item in listing["items"]] == [False] * len(listing["items"])
    ticked = cli.json("checklist", contact_id, "--tick", "2")
    assert [item["done"] for item in ticked["items"]][:3] == [False, True, False]
    first = listing["items"][0]["id"]
    cli.ok("checklist", contact_id, "--tick", first, "--untick", "2")
    assert [item["done"] for item in cli.json("checklist", contact_id)["items"]][:2] == [True, False]
    assert "[x]" in cli.ok("checklist", contact_id)


def test_archive_unarchive_purge_and_outcome(cli: Cli) -> None:
    contact_id = str(add(cli, "Dana"))
    other = str(add(cli, "Ari"))
    cli.ok("log", contact_id, "website_visit")
    cli.ok("archive", contact_id)
    assert [c["id"] for c in cli.json("board")["cold"]] == [int(other)]
    cli.ok("unarchive", contact_id)
    assert len(cli.json("board")["cold"]) == 2
    cli.ok("outcome", other, "won")
    assert [c["id"] for c in cli.json("board")["cold"]] == [int(contact_id)]
    cli.ok("archive", contact_id)
    cli.ok("purge", contact_id)
    assert cli.counts()["contacts"] == 1 and cli.counts()["interactions"] == 0


def test_show_dates_the_outcome_and_a_closed_lead_has_no_response_priority(cli: Cli) -> None:
    contact_id = str(add(cli, "Dana"))
    for kind in ("pricing_request", "proposal_request", "referral", "webinar_attended", "email_reply"):
        cli.ok("log", contact_id, kind)
    assert "priority Immediate" in cli.ok("show", contact_id)
    cli.ok("outcome", contact_id, "won")
    shown = cli.json("show", contact_id)
    assert shown["outcome"] == "won" and shown["response_priority"] is None
    assert [change["outcome"] for change in shown["outcome_history"]] == ["won"]
    assert shown["outcome_at"] == shown["outcome_history"][0]["changed_at"]
    assert shown["outcome_at"].endswith("Z")
    text = cli.ok("show", contact_id)
    assert "priority" not in text and f"Score {shown['score']}: won on {shown['outcome_at']}" in text
    cli.ok("outcome", contact_id, "open")
    shown = cli.json("show", contact_id)
    assert [change["outcome"] for change in shown["outcome_history"]] == ["won", "open"]
    assert shown["response_priority"] == "Immediate"


def test_closed_lists_won_lost_and_archived_leads_with_their_outcome_date(cli: Cli) -> None:
    won, lost, gone, still = (str(add(cli, name)) for name in ("Dana", "Ari", "Old Lead", "Sam"))
    cli.ok("outcome", won, "won")
    cli.ok("outcome", lost, "lost")
    cli.ok("archive", gone)
    closed = cli.json("closed")
    assert {lead["id"]: (lead["outcome"], lead["archived"]) for lead in closed} == {
        int(won): ("won", False),
        int(lost): ("lost", False),
        int(gone): ("open", True),
    }
    dates = {lead["id"]: lead["outcome_at"] for lead in closed}
    assert dates[int(gone)] is None and dates[int(won)] and dates[int(won)].endswith("Z")
    text = cli.ok("closed")
    assert f"#{won}" in text and "won on" in text and "archived" in text and f"#{still} " not in text
    cli.ok("outcome", won, "open")
    cli.ok("unarchive", gone)
    assert [lead["id"] for lead in cli.json("closed")] == [int(lost)]


def test_merge_folds_a_duplicate_into_the_contact_kept(cli: Cli, db_path: Path) -> None:
    keep = str(add(cli, "Dana Lee", "--email", "dana@acme.com"))
    other = str(add(cli, "Dana Lee", "--email", "dana@gmail.com", "--phone", "+44 20 7946 0000"))
    cli.ok("log", keep, "website_visit")
    for kind in ("pricing_request", "email_reply"):
        cli.ok("log", other, kind)
    merged = cli.json("merge", keep, other)
    assert merged["id"] == int(keep) and merged["merged_id"] == int(other)
    assert merged["merged_name"] == "Dana Lee" and merged["interactions_moved"] == 2
    shown = cli.json("show", keep)
    assert shown["score"] == merged["score"] and len(shown["interactions"]) == 3
    assert shown["phone"] == "+44 20 7946 0000" and "Email: dana@gmail.com" in shown["notes"]
    assert cli.counts()["contacts"] == 1
    backups = {path.name for path in (db_path.parent / "backups").iterdir()}
    assert any(name.endswith("-merge.db") for name in backups)
    code, _, err = cli("merge", keep, other)
    assert code == 1 and err.strip() == f"leadtemp: error: no contact with id {other}"
    code, _, err = cli("merge", keep, keep)
    assert code == 1 and "cannot merge a contact with itself" in err
    assert {path.name for path in (db_path.parent / "backups").iterdir()} == backups
    assert "merged with" in cli.ok("merge", keep, str(add(cli, "D. Lee")))


def test_delete_interaction_and_refresh(cli: Cli) -> None:
    contact_id = str(add(cli, "Dana"))
    cli.ok("log", contact_id, "email_open")
    cli.ok("log", contact_id, "website_visit")
    assert "email open removed" in cli.ok("delete-interaction", "1")
    assert [i["kind"] for i in cli.json("show", contact_id)["interactions"]] == ["website_visit"]
    assert cli.json("refresh") == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["log", "1", "carrier_pigeon"], "unknown interaction kind 'carrier_pigeon'"),
        (["log", "99", "website_visit"], "no contact with id 99"),
        (["show", "99"], "no contact with id 99"),
        (["pin", "99", "hot"], "no contact with id 99"),
        (["add-contact", "   "], "name is required"),
        (["add-contact", ""], "name is required"),
        (["log", "1", "website_visit", "--at", "last tuesday"], "cannot read date 'last tuesday'"),
        (["board", "--as-of", "2026-13-45"], "cannot read date"),
        (["add-contact", "Sam", "--fit", "11"], "fit must be from 0 to 10"),
        (["add-contact", "Sam", "--fit", "-1"], "fit must be from 0 to 10"),
        (["add-contact", "Sam", "--fit", "high"], "fit must be a whole number"),
        (["add-contact", "Sam", "--email", "sam@"], "not a valid email"),
        (["pin", "1", "lukewarm"], "invalid choice: 'lukewarm'"),
        (["checklist", "1", "--tick", "nope"], "no step 'nope'"),
        (["purge", "1"], "not archived"),
        (["log", "abc", "website_visit"], "contact id must be a number"),
        (["fly-to-the-moon"], "invalid choice"),
    ],
)
def test_bad_input_exits_non_zero_with_one_line_and_writes_nothing(
    cli: Cli, args: list[str], message: str
) -> None:
    contact_id = str(add(cli, "Dana"))
    cli.ok("log", contact_id, "website_visit")
    before = cli.counts()
    code, out, err = cli(*args)
    assert code != 0
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("leadtemp: error:") and message in lines[0]
    assert "Traceback" not in err
    assert cli.counts() == before


def test_a_database_that_cannot_be_opened_is_one_line_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "notes.db"
    path.write_text("not a database")
    assert main(["--db", str(path), "board"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "not a LeadTemp database" in err[0]
    assert path.read_text() == "not a database"


def test_the_database_can_come_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "from-env.db"
    monkeypatch.setenv("LEADTEMP_DB", str(path))
    assert main(["add-contact", "Dana"]) == 0
    assert capsys.readouterr().out.strip() == "1"
    assert path.exists()


def test_python_m_leadtemp_runs_as_a_real_process(tmp_path: Path) -> None:
    db = tmp_path / "real.db"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("LEADTEMP_DB", None)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "leadtemp", "--db", str(db), *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=120,
        )

    added = run("add-contact", "Dana Lee", "--fit", "6")
    assert (added.returncode, added.stdout.strip()) == (0, "1"), added.stderr
    logged = run("log", "1", "pricing_request")
    assert logged.returncode == 0, logged.stderr
    board = json.loads(run("board", "--json").stdout)
    assert board["hot"][0]["name"] == "Dana Lee"
    refused = run("log", "1", "carrier_pigeon")
    assert refused.returncode != 0
    assert refused.stderr.strip().startswith("leadtemp: error: unknown interaction kind")
    assert "Traceback" not in refused.stderr


def test_a_linkedin_profile_is_a_field_set_shown_and_checked(cli: Cli) -> None:
    contact_id = cli.ok(
        "add-contact", "Li Wei", "--linkedin", "http://cn.linkedin.com/in/Li-Wei-3a9b1c/?trk=x"
    )
    shown = cli.json("show", contact_id.strip())
    assert shown["linkedin"] == "https://www.linkedin.com/in/li-wei-3a9b1c"
    assert "  LinkedIn: https://www.linkedin.com/in/li-wei-3a9b1c" in cli.ok("show", "1").splitlines()
    cli.ok("edit-contact", "1", "--notes", "met in Shenzhen")
    assert cli.json("show", "1")["linkedin"] == "https://www.linkedin.com/in/li-wei-3a9b1c"
    before = cli.counts()
    for command in (("add-contact", "Sam Ortiz"), ("edit-contact", "1")):
        code, out, err = cli(*command, "--linkedin", "https://www.linkedin.com/company/acme")
        assert code == 1 and out == ""
        assert err.strip().splitlines() == [
            "leadtemp: error: 'https://www.linkedin.com/company/acme' is not a LinkedIn profile address "
            "(https://www.linkedin.com/in/...)"
        ]
    assert cli.counts() == before
    assert cli.json("show", "1")["linkedin"] == "https://www.linkedin.com/in/li-wei-3a9b1c"
    cli.ok("edit-contact", "1", "--linkedin", "")
    assert cli.json("show", "1")["linkedin"] == ""
