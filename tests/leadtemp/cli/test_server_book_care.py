"""``backup`` and ``restore`` on a server book: the whole-book JSON export, read back before it
counts, with the note that pg_dump backs up the server; a restore only into an empty book."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from leadtemp.cli import main
from tests.conftest import FakeClock
from tests.leadtemp.cli.test_server import a_book, one_line, run, table_rows


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 11, 20, 10, 0, tzinfo=UTC))


def test_a_server_books_backup_is_its_export_and_restores_into_an_empty_book(
    pg_book: str, pg_uri: str, clock: FakeClock, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a_book(Path(pg_book), clock)
    code, out, _ = run(capsys, "--db", pg_book, "backup", str(tmp_path), "--json")
    assert code == 0
    made = json.loads(out)
    written = Path(made["path"])
    assert written.parent == tmp_path and written.suffix == ".json"
    assert made["verified"] is True and "pg_dump" in made["note"]
    assert made["counts"]["contacts"] == 2 and made["counts"]["interactions"] == 4
    document = json.loads(written.read_text())
    assert len(document["contacts"]) == 2 and len(document["pins"]) == 1

    assert main(["server", "init", pg_uri]) == 0
    code, out, _ = run(capsys, "--db", pg_uri, "restore", str(written))
    assert code == 0 and out.startswith("restored 2 contacts, 4 interactions, 1 pins")
    assert table_rows(pg_uri) == table_rows(pg_book)


def test_the_text_backup_says_pg_dump_is_the_servers_tool(
    pg_book: str, clock: FakeClock, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a_book(Path(pg_book), clock)
    target = tmp_path / "agency.json"
    code, out, _ = run(capsys, "--db", pg_book, "backup", "--to", str(target))
    assert code == 0 and target.is_file()
    first, note = out.strip().splitlines()
    rows = first.split("(", 1)[1].rsplit(")", 1)[0]
    assert rows.startswith("2 contacts, 4 interactions")
    assert first.startswith("backed up postgresql://") and first.endswith(
        f"to {target} ({rows}); read back whole"
    )
    assert "pg_dump" in note


def test_a_backup_never_replaces_a_file(
    pg_book: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "kept.json"
    target.write_text("mine")
    code, out, err = run(capsys, "--db", pg_book, "backup", str(target))
    assert code == 1 and out == ""
    assert "already exists" in one_line(err)
    assert target.read_text() == "mine"


def test_a_restore_into_a_book_that_holds_anything_is_refused_and_changes_nothing(
    pg_book: str, clock: FakeClock, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a_book(Path(pg_book), clock)
    assert run(capsys, "--db", pg_book, "backup", str(tmp_path))[0] == 0
    (written,) = tmp_path.iterdir()
    before = table_rows(pg_book)
    code, out, err = run(capsys, "--db", pg_book, "restore", str(written))
    assert code == 1 and out == ""
    assert "is not empty (2 contacts" in one_line(err)
    assert table_rows(pg_book) == before
