"""``leadtemp rules`` and ``leadtemp kinds add/remove``: keys with their ranges, previews before a
change, one-line refusals that change nothing, and the JSON each prints."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from leadtemp.scoring.rules import RANGES
from tests.leadtemp.cli.test_contacts import Cli, add


@pytest.fixture
def cli(db_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(db_path, capsys)


def _history_rows(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("SELECT count(*) FROM rules_history").fetchone()[0])
    finally:
        conn.close()


def test_rules_lists_every_key_with_its_value_and_range(cli: Cli) -> None:
    add(cli, "Dana Lee")
    keys = {row["key"]: row for row in cli.json("rules")}
    assert keys["hot_min"] == {
        "key": "hot_min",
        "value": 71,
        "min": RANGES["hot_min"][0],
        "max": RANGES["hot_min"][1],
        "whole_number": True,
        "default": 71,
    }
    assert {"warm_min", "default_fit", "trend_window_days", "half_lives.negative"} <= set(keys)
    assert (keys["points.pricing_request"]["min"], keys["points.pricing_request"]["max"]) == (20, 50)
    lines = cli.ok("rules").splitlines()
    assert any(line.split() == ["hot_min", "71", "2-1000"] for line in lines)


def test_set_dry_run_names_the_leads_that_would_move_and_changes_nothing(cli: Cli) -> None:
    add(cli, "Dana Lee", "--fit", "8")
    add(cli, "Sam Ortiz", "--fit", "2")
    out = cli.ok("rules", "set", "warm_min=5", "--dry-run")
    assert out.strip() == "1 lead would change: Dana Lee cold -> warm"
    assert cli.json("show", "1")["temperature"] == "cold" and _history_rows(cli.db) == 0
    preview = cli.json("rules", "set", "warm_min=5", "--dry-run")
    assert preview["dry_run"] is True and preview["changed"] is False
    assert [(lead["id"], lead["from"], lead["to"]) for lead in preview["leads"]] == [(1, "cold", "warm")]


def test_set_applies_and_undo_restores(cli: Cli) -> None:
    add(cli, "Dana Lee", "--fit", "8")
    assert (
        cli.ok("rules", "set", "warm_min=5", "default_fit=4").strip()
        == "1 lead changed: Dana Lee cold -> warm"
    )
    assert cli.json("show", "1")["temperature"] == "warm"
    keys = {row["key"]: row["value"] for row in cli.json("rules")}
    assert (keys["warm_min"], keys["default_fit"]) == (5, 4)
    (change,) = cli.json("rules", "history")
    assert change["action"] == "warm_min=5, default_fit=4" and change["undone_at"] is None
    assert change["keys"] == ["default_fit", "warm_min"] and change["changed_at"].endswith("Z")
    undone = cli.json("rules", "undo")
    assert undone["changed"] is True and undone["leads"][0]["to"] == "cold"
    assert cli.json("show", "1")["temperature"] == "cold"
    first, second = cli.json("rules", "history")
    assert first["undone_at"] is not None and second["action"] == "undo"
    code, _, err = cli("rules", "undo")
    assert (code, err) == (1, "leadtemp: error: there is no change of the rules to undo\n")


def test_reset_puts_the_defaults_back(cli: Cli) -> None:
    add(cli, "Dana Lee")
    cli.ok("rules", "set", "hot_min=90", "points.email_open=2")
    cli.ok("rules", "reset")
    keys = {row["key"]: row for row in cli.json("rules")}
    assert all(row["value"] == row["default"] for row in keys.values())
    assert cli.ok("rules", "reset").strip() == "the rules already are so; nothing was changed"


def test_bad_settings_are_refused_in_one_line_and_change_nothing(cli: Cli) -> None:
    add(cli, "Dana Lee")
    for args, message in (
        (["hot_min=5000"], "hot_min must be between 2 and 1000, not 5000"),
        (["nope=1"], "unknown rule key 'nope'"),
        (["hot_min=71", "warm_min"], "'warm_min' is not KEY=VALUE"),
        (["warm_min=90"], "thresholds must satisfy"),
    ):
        code, out, err = cli("rules", "set", *args)
        assert code == 1 and out == "" and message in err and err.count("\n") == 1, err
    assert _history_rows(cli.db) == 0


def test_reading_the_rules_creates_no_book(cli: Cli) -> None:
    code, _, err = cli("rules")
    assert code == 1 and str(cli.db) in err and not cli.db.exists()
    code, _, _ = cli("rules", "set", "hot_min=75", "--dry-run")
    assert code == 1 and not cli.db.exists()


def test_kinds_add_validates_the_range_and_the_kind_is_logged_and_listed(cli: Cli) -> None:
    contact = str(add(cli, "Dana Lee"))
    code, out, err = cli("kinds", "add", "podcast_guest", "--category", "engagement", "--points", "25")
    assert (code, out) == (1, "")
    assert err == "leadtemp: error: engagement points must be between 1 and 20, not 25\n"
    added = cli.json("kinds", "add", "podcast_guest", "--category", "engagement", "--points", "12")
    assert added == {
        "name": "podcast_guest",
        "label": "Podcast guest",
        "category": "engagement",
        "points": 12,
    }
    assert added in cli.json("kinds")
    cli.ok("log", contact, "podcast_guest")
    assert [i["kind"] for i in cli.json("show", contact)["interactions"]] == ["podcast_guest"]
    code, _, err = cli("kinds", "remove", "podcast_guest")
    assert code == 1 and "used by 1 logged interaction" in err
    cli.ok("kinds", "add", "trade_fair", "--category", "behavioral", "--points", "5", "--label", "Trade fair")
    assert cli.ok("kinds", "remove", "trade_fair").strip() == "removed trade_fair"
    assert "trade_fair" not in {kind["name"] for kind in cli.json("kinds")}
    code, _, err = cli("kinds", "add", "x1", "--category", "engagement", "--points", "many")
    assert code == 2 and "points must be a number" in err
