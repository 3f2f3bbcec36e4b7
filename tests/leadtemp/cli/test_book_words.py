"""A recruiting book's CLI text in its own words (candidate, not lead), its stage left out until
an answer is set, and the company, seniority and stage in ``show --json`` and ``list --json``."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from leadtemp.book_kinds import BookKind, words_for
from leadtemp.capture.commit import describe_counts
from leadtemp.cli import main

_LEAD = re.compile(r"\bleads?\b", re.IGNORECASE)


def _text(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    return json.loads(_text(capsys, *args, "--json"))


@pytest.fixture
def hiring(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[str, str]:
    path = tmp_path / "hiring.db"
    _text(capsys, "demo", str(path), "--kind", "recruiting")
    return ("--db", str(path))


def test_a_recruiting_books_board_today_and_show_say_candidate_never_lead(
    capsys: pytest.CaptureFixture[str], hiring: tuple[str, str]
) -> None:
    board, today = _text(capsys, *hiring, "board"), _text(capsys, *hiring, "today")
    assert "Hot (" in board and "Waiting for an answer" in today
    first = _json(capsys, *hiring, "board")["hot"][0]["id"]
    show = _text(capsys, *hiring, "show", str(first))
    assert "candidate" in show
    for text in (board, today, show):
        assert not _LEAD.search(text), text
    # No answer set: neither the stage nor the four criteria, a sales idea, are shown.
    assert "Stage:" not in show and "budget" not in show
    assert _text(capsys, *hiring, "qualify", str(first), "--budget", "yes").startswith(f"#{first} ")
    show = _text(capsys, *hiring, "show", str(first))
    assert "  Stage: candidate (budget yes, authority unknown, need unknown, timeline unknown)" in show
    assert not _LEAD.search(show)


def test_a_recruiting_books_today_shows_the_stage_once_answers_qualify(
    capsys: pytest.CaptureFixture[str], hiring: tuple[str, str]
) -> None:
    waiting = _json(capsys, *hiring, "today")[0]
    answers = ("--budget", "yes", "--authority", "yes", "--need", "yes", "--timeline", "Q3")
    _text(capsys, *hiring, "qualify", str(waiting["id"]), *answers)
    line = next(line for line in _text(capsys, *hiring, "today").splitlines() if f"#{waiting['id']} " in line)
    assert line.endswith(", hot, qualified)")


def test_a_sales_book_always_shows_the_stage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = ("--db", str(tmp_path / "sales.db"))
    _text(capsys, *db, "add-contact", "Dana Lee")
    assert "  Stage: lead (budget unknown, authority unknown, need unknown, timeline unknown)" in _text(
        capsys, *db, "show", "1"
    )


def test_show_json_gives_the_company_record_and_seniority_and_list_json_the_stage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ("--db", str(tmp_path / "sales.db"))
    _text(capsys, *db, "add-contact", "Dana Lee", "--company", "Acme", "--email", "dana@acme.example")
    _text(capsys, *db, "add-contact", "Sam Roe", "--role", "VP Engineering")
    dana, sam = _json(capsys, *db, "show", "1"), _json(capsys, *db, "show", "2")
    company = _json(capsys, *db, "companies")[0]
    assert dana["company_record"] == {"id": company["id"], "name": "Acme", "domain": "acme.example"}
    assert (dana["seniority"], dana["seniority_set"]) == (None, False)
    assert sam["company_record"] is None
    assert (sam["seniority"], sam["seniority_set"]) == ("decision-maker", False)
    _text(capsys, *db, "seniority", "2", "influencer")
    assert _json(capsys, *db, "show", "2")["seniority_set"] is True
    answers = ("--budget", "yes", "--authority", "yes", "--need", "yes", "--timeline", "Q3")
    _text(capsys, *db, "qualify", "1", *answers)
    stages = {lead["name"]: lead["stage"] for lead in _json(capsys, *db, "list")}
    assert stages == {"Dana Lee": "qualified", "Sam Roe": "lead"}


def test_capture_counts_new_candidates_in_a_recruiting_book() -> None:
    counts = describe_counts({"applied": 2}, 1, {}, created=True, words=words_for(BookKind.RECRUITING))
    assert counts == "logged 2 (applied 2), 1 new candidate created, skipped 0"
    assert "2 new leads proposed" in describe_counts({}, 2, {}, created=False)
