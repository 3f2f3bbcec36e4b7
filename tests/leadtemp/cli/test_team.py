"""The command line next to an open window: whose name its writes carry, what ``show --json`` says
about who did what, and a window's stale pin refused after the command changed the lead."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from leadtemp.actors import ACTOR_ENV
from leadtemp.cli import main
from leadtemp.conflicts import ConflictError
from leadtemp.service import LeadService

REPO = Path(__file__).resolve().parents[3]


def leadtemp(db: Path, *args: str, actor: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != ACTOR_ENV}
    if actor is not None:
        env[ACTOR_ENV] = actor
    return subprocess.run(
        [sys.executable, "-m", "leadtemp", "--db", str(db), *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        check=False,
        timeout=60,
    )


def test_a_command_next_to_the_window_records_its_name_and_the_window_s_stale_pin_is_refused(
    db_path: Path,
) -> None:
    window = LeadService.open(db_path, actor="Alex")
    try:
        lead = window.add_contact("Dana Lee", company="Acme").contact_id
        seen = window.lead_version(lead)
        done = leadtemp(db_path, "log", str(lead), "pricing_request", actor="Sam")
        assert done.returncode == 0, done.stderr
        with pytest.raises(ConflictError) as refused:
            window.pin(lead, "cold", seen=seen)
        assert str(refused.value).startswith("Sam logged a pricing request for Dana Lee and moved it to hot")
        shown = json.loads(leadtemp(db_path, "--as", "Kim", "show", str(lead), "--json").stdout)
        assert [i["actor"] for i in shown["interactions"]] == ["Sam"]
        assert [(c["actor"], c["action"]) for c in shown["changes"]] == [("Sam", "logged")]
        assert shown["version"] == window.lead_version(lead)
    finally:
        window.close()


def test_as_names_the_run_and_actor_names_the_book(
    db_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ACTOR_ENV, raising=False)
    assert main(["--db", str(db_path), "add-contact", "Dana Lee"]) == 0
    assert main(["--db", str(db_path), "actor", "Alex Morgan"]) == 0
    assert main(["--db", str(db_path), "--as", "Sam", "outcome", "1", "won"]) == 0
    assert main(["--db", str(db_path), "outcome", "1", "lost"]) == 0
    capsys.readouterr()
    assert main(["--db", str(db_path), "actor", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"actor": "Alex Morgan"}
    assert main(["--db", str(db_path), "show", "1", "--json"]) == 0
    history = json.loads(capsys.readouterr().out)["outcome_history"]
    assert [(h["outcome"], h["actor"]) for h in history] == [("won", "Sam"), ("lost", "Alex Morgan")]


def test_an_empty_name_is_refused_with_one_line_and_writes_nothing(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(db_path), "--as", "  ", "add-contact", "Dana Lee"]) == 2
    assert capsys.readouterr().err == ("leadtemp: error: a name to record changes under cannot be empty\n")
    assert not db_path.exists()
    assert main(["--db", str(db_path), "add-contact", "Dana Lee"]) == 0
    capsys.readouterr()
    assert main(["--db", str(db_path), "actor", "x" * 81]) == 2
    assert "at most 80 characters" in capsys.readouterr().err
