"""``leadtemp qualify``: budget, authority, need and timeline from the command line, with notes
and the day learned; a bad value is one line, a non-zero exit and nothing written; ``show --json``,
``board --json`` and ``today`` carry the stage."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from leadtemp import clock
from tests.leadtemp.cli.test_contacts import Cli, add


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(tmp_path / "leads.db", capsys)


def _rows(cli: Cli) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(cli.db)
    try:
        return conn.execute("SELECT * FROM qualifications ORDER BY contact_id, criterion").fetchall()
    finally:
        conn.close()


def test_qualify_sets_the_answers_and_prints_them_with_the_stage(cli: Cli) -> None:
    dana = add(cli, "Dana Lee", "--fit", "8")
    shown = cli.json(
        "qualify", str(dana), "--budget", "yes", "--authority", "unknown", "--need", "yes",
        "--timeline", "2026-09-30", "--note-budget", "10k set aside",
    )  # fmt: skip
    assert shown["stage"] == "prospect" and shown["lacks"] == []
    assert shown["budget"]["answer"] == "yes" and shown["budget"]["note"] == "10k set aside"
    assert shown["budget"]["learned_at"].endswith("Z")
    assert shown["authority"] == {"answer": "unknown", "note": "", "learned_at": None}
    assert shown["timeline"]["answer"] == "2026-09-30" and shown["timeline"]["ends"] == "2026-09-30"
    shown = cli.json("qualify", str(dana), "--authority", "yes")
    assert shown["stage"] == "qualified"
    detail = cli.json("show", str(dana))
    assert detail["qualification"] == shown
    (card,) = cli.json("board")["cold"]
    assert (card["stage"], card["lacks"]) == ("qualified", [])
    text = cli.ok("qualify", str(dana))
    assert text.startswith(f"#{dana} Dana Lee: qualified (cold)")
    assert "Budget: yes: 10k set aside (learned " in text


def test_a_bare_quarter_is_the_next_one_in_the_users_zone(cli: Cli) -> None:
    dana = add(cli, "Dana Lee")
    today = clock.local_date(clock.now())
    quarter = (today.month - 1) // 3 + 1
    shown = cli.json("qualify", str(dana), "--timeline", f"Q{quarter}")
    assert shown["timeline"]["answer"] == f"{today.year}-Q{quarter}"  # the current one has not ended


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--budget", "maybe"), "budget must be yes, no or unknown, not 'maybe'"),
        (("--need", "yes", "--timeline", "Q5"), "cannot read timeline 'Q5'"),
        (("--authority", "no", "--timeline", "2026-02-30"), "cannot read timeline '2026-02-30'"),
        (("--need", "yes", "--learned", "2999-01-01"), "after today"),
        (("--learned", "2026-01-01"), "--learned needs an answer or a note"),
    ],
)
def test_a_bad_value_is_one_line_a_non_zero_exit_and_nothing_written(
    cli: Cli, args: tuple[str, ...], message: str
) -> None:
    dana = add(cli, "Dana Lee")
    cli.ok("qualify", str(dana), "--budget", "no")
    before = _rows(cli)
    code, out, err = cli("qualify", str(dana), *args)
    assert code != 0 and out == ""
    assert message in err and err.count("\n") == 1
    assert _rows(cli) == before


def test_qualify_without_answers_only_reads_and_an_unknown_lead_is_refused(cli: Cli) -> None:
    code, _out, err = cli("qualify", "1")
    assert code == 1 and "no LeadTemp book" in err and not cli.db.exists()
    add(cli, "Dana Lee")
    code, _out, err = cli("qualify", "7", "--budget", "yes")
    assert code == 1 and "no contact with id 7" in err


def test_today_shows_the_stage_and_keeps_only_qualified_leads_in_order(cli: Cli) -> None:
    leads = [add(cli, name) for name in ("Ann", "Bob", "Cy")]
    for contact_id in leads:
        cli.ok("log", str(contact_id), "pricing_request")
    for contact_id in (leads[0], leads[2]):
        cli.ok("qualify", str(contact_id), "--budget", "yes", "--authority", "yes", "--need", "yes",
               "--timeline", "2026-Q3")  # fmt: skip
    every = cli.json("today")
    assert {entry["id"]: entry["stage"] for entry in every} == {
        leads[0]: "qualified",
        leads[1]: "lead",
        leads[2]: "qualified",
    }
    kept = cli.json("today", "--qualified")
    assert [entry["id"] for entry in kept] == [
        entry["id"] for entry in every if entry["stage"] == "qualified"
    ]
    assert "qualified)" in cli.ok("today")
