"""Command-line arguments: ids past SQLite's range, repeated --map, the kinds table, id names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from leadtemp.cli import main
from leadtemp.cli.args import MAX_STORED_INT
from leadtemp.service import LeadService

TOO_BIG = str(MAX_STORED_INT + 1)


def run(db: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def book(db_path: Path) -> Path:
    service = LeadService.open(db_path)
    service.add_contact("Dana Lee")
    service.close()
    return db_path


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show", TOO_BIG], f"contact id must be at most {MAX_STORED_INT}"),
        (["log", TOO_BIG, "website_visit"], "contact id must be at most"),
        (["pin", TOO_BIG, "hot"], "contact id must be at most"),
        (["archive", TOO_BIG], "contact id must be at most"),
        (["checklist", "1" + "0" * 30], "contact id must be at most"),
        (["delete-interaction", TOO_BIG], "interaction id must be at most"),
        (["undo-import", TOO_BIG], "import id must be at most"),
        (["export", "out.vcf", "--contact", TOO_BIG], "contact id must be at most"),
        (["add-contact", "Sam", "--company-size", TOO_BIG], "company size must be at most"),
        (["edit-contact", "1", "--company-size", TOO_BIG], "company size must be at most"),
        (["undo-import", "0"], "import id must be positive"),
    ],
)
def test_a_number_sqlite_cannot_hold_is_one_line_and_exit_2(
    book: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = run(book, capsys, *args)
    assert (code, out) == (2, "")
    assert err.strip().splitlines() == [err.strip()] and message in err, err
    assert "Traceback" not in err


def test_the_largest_storable_id_is_looked_up_like_any_other(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(book, capsys, "show", str(MAX_STORED_INT))
    assert code == 1 and f"no contact with id {MAX_STORED_INT}" in err


def test_delete_interaction_names_an_interaction_id(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(book, capsys, "delete-interaction", "0")
    assert code == 2 and "interaction id must be positive" in err and "contact" not in err


def test_map_is_repeated_once_per_column_and_leaves_the_file_argument_alone(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    odd = tmp_path / "odd.csv"
    odd.write_text("Who,Mailbox\nSam Ortiz,sam@example.com\n", encoding="utf-8")
    code, _, err = run(book, capsys, "import", "--map", "Who=name", "--map", "Mailbox=email", str(odd))
    assert code == 0, err
    service = LeadService.open(book)
    try:
        assert [(c.name, c.email) for c in service.contacts()][-1] == ("Sam Ortiz", "sam@example.com")
    finally:
        service.close()


def test_map_takes_one_value(book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    odd = tmp_path / "odd.csv"
    odd.write_text("Who,Mailbox\nSam Ortiz,sam@example.com\n", encoding="utf-8")
    code, _, err = run(book, capsys, "import", str(odd), "--map", "Who=name", "Mailbox=email")
    assert code == 2 and "unrecognized arguments: Mailbox=email" in err


def test_kinds_columns_line_up_on_the_widest_entry(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(book, capsys, "kinds")
    assert code == 0
    rows = [re.fullmatch(r"  (\S+) +(-?[\d.]+)  (.+)", line) for line in out.splitlines() if line[:2] == "  "]
    assert len(rows) > 20 and all(rows)
    matches = [row for row in rows if row is not None]
    assert len({row.end(2) for row in matches}) == 1, "points are right-aligned in one column"
    assert len({row.start(3) for row in matches}) == 1, "labels start in one column"
    widest = max(len(row[1]) for row in matches)
    assert min(row.start(2) for row in matches) >= 2 + widest + 2
