"""``leadtemp new-book``, ``demo``, ``book`` and ``role-profile``: a book's kind from its creation
on, through the CLI's text and JSON, and through the whole-book export and import."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from leadtemp.book_kinds import BookKind
from leadtemp.cli import main
from leadtemp.model import Temperature
from leadtemp.service import LeadService


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    code, out, err = _run(capsys, *args, "--json")
    assert code == 0, err
    return json.loads(out)


def test_new_book_makes_a_recruiting_book(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "hiring.db"
    assert _json(capsys, "new-book", str(path), "--kind", "recruiting") == {
        "path": str(path.resolve()),
        "kind": "recruiting",
    }
    book = _json(capsys, "--db", str(path), "book")
    empty = {"title": "", "skills": []}
    assert book == {"path": str(path.resolve()), "kind": "recruiting", "role_profile": empty}
    code, out, _ = _run(capsys, "--db", str(path), "kinds")
    assert code == 0 and "expressed_interest" in out and "pricing_request" not in out
    code, out, _ = _run(capsys, "--db", str(path), "book")
    assert out.splitlines()[0] == f"{path}: a recruiting book"


def test_new_book_is_a_sales_book_by_default(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "sales.db"
    code, out, _ = _run(capsys, "new-book", str(path))
    assert code == 0 and out.strip() == f"created a sales book at {path}"
    assert _json(capsys, "--db", str(path), "book")["kind"] == "sales"
    # A book any other way (the first command that writes) is a sales book too.
    other = tmp_path / "other.db"
    assert _run(capsys, "--db", str(other), "add-contact", "Dana Lee")[0] == 0
    assert _json(capsys, "--db", str(other), "book") == {
        "path": str(other.resolve()),
        "kind": "sales",
        "role_profile": None,
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--kind", "crm"], "unknown book kind 'crm': use one of sales, recruiting"),
    ],
)
def test_new_book_refuses_a_bad_kind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    path = tmp_path / "x.db"
    code, _, err = _run(capsys, "new-book", str(path), *args)
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1
    assert not path.exists()


def test_new_book_never_touches_an_existing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "leads.db"
    assert _run(capsys, "--db", str(path), "add-contact", "Dana Lee")[0] == 0
    before = path.stat().st_mtime_ns, path.stat().st_size
    code, _, err = _run(capsys, "new-book", str(path), "--kind", "recruiting")
    assert code == 1 and err.strip() == f"leadtemp: error: {path} already exists; a new book needs a new file"
    assert (path.stat().st_mtime_ns, path.stat().st_size) == before
    assert _json(capsys, "--db", str(path), "book")["kind"] == "sales"
    missing = tmp_path / "no" / "such" / "book.db"
    code, _, err = _run(capsys, "new-book", str(missing))
    assert code == 1 and "there is no folder" in err and not missing.parent.exists()


def test_role_profile_sets_the_fit_of_every_candidate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "hiring.db"
    assert _run(capsys, "new-book", str(path), "--kind", "recruiting")[0] == 0
    db = ("--db", str(path))
    assert _run(capsys, *db, "add-contact", "Maya Okafor", "--role", "Python developer, Django")[0] == 0
    assert _run(capsys, *db, "add-contact", "Ravi Patel", "--role", "Java developer")[0] == 0
    before = {card["name"]: card["score"] for card in _json(capsys, *db, "board")["cold"]}
    profile = _json(capsys, *db, "role-profile", "--title", "Python developer", "--skills", "python, django")
    assert profile["role_profile"] == {"title": "Python developer", "skills": ["python", "django"]}
    after = {card["name"]: card["score"] for card in _json(capsys, *db, "board")["cold"]}
    assert after["Maya Okafor"] == before["Maya Okafor"] + 5  # default fit 5 -> a full match, 10
    assert after["Ravi Patel"] == before["Ravi Patel"] - 5  # no match: 0
    code, out, _ = _run(capsys, *db, "role-profile", "--skills", "")
    assert code == 0 and "required: (none yet" in out and "role: Python developer" in out


def test_role_profile_is_refused_in_a_sales_book(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "sales.db"
    assert _run(capsys, "new-book", str(path))[0] == 0
    code, _, err = _run(capsys, "--db", str(path), "role-profile", "--skills", "python")
    assert code == 1 and "belongs to a recruiting book" in err
    assert _json(capsys, "--db", str(path), "rules")  # the rules are as they were: still readable


def test_rules_previews_speak_of_candidates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "hiring.db"
    assert _run(capsys, "new-book", str(path), "--kind", "recruiting")[0] == 0
    db = ("--db", str(path))
    assert _run(capsys, *db, "add-contact", "Maya Okafor")[0] == 0
    assert _run(capsys, *db, "log", "1", "detailed_questions")[0] == 0
    code, out, _ = _run(capsys, *db, "rules", "set", "buying_signal_points=20", "--dry-run")
    assert code == 0 and out.strip().endswith("1 candidate would change: Maya Okafor warm -> hot")


def test_demo_writes_a_recruiting_book_with_candidates_at_every_temperature(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "demo.db"
    assert _json(capsys, "demo", str(path), "--kind", "recruiting")["kind"] == "recruiting"
    board = _json(capsys, "--db", str(path), "board")
    names = {t.value: {card["name"] for card in board[t.value]} for t in Temperature}
    assert all(names.values())
    assert "Hannah Kim" in names["cold"]  # the great match who is not looking
    assert "Maya Okafor" in names["hot"]
    assert _json(capsys, "--db", str(path), "book")["role_profile"]["skills"]
    code, _, err = _run(capsys, "demo", str(path))
    assert code == 1 and "already exists" in err


def test_the_kind_and_role_profile_travel_with_the_whole_book_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, exported, fresh = tmp_path / "demo.db", tmp_path / "book.json", tmp_path / "fresh.db"
    assert _run(capsys, "demo", str(path), "--kind", "recruiting")[0] == 0
    assert _run(capsys, "--db", str(path), "export", str(exported))[0] == 0
    assert _run(capsys, "--db", str(fresh), "import", str(exported))[0] == 0
    assert (
        _json(capsys, "--db", str(fresh), "book")["role_profile"]
        == _json(capsys, "--db", str(path), "book")["role_profile"]
    )
    original, imported = LeadService.open(path), LeadService.open(fresh)
    try:
        assert imported.rules == original.rules and imported.rules.book is BookKind.RECRUITING
        assert imported.templates == original.templates
        assert imported.board().all_cards() == original.board().all_cards()
    finally:
        original.close()
        imported.close()
