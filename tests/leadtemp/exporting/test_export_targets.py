"""An export never lands on the book, its side files or its backups; an existing file needs --force."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from leadtemp.cli import main
from leadtemp.errors import ValidationError
from leadtemp.exporting import ExportTargetExists, check_export_target, export_csv, export_json
from leadtemp.service import LeadService
from leadtemp.store import backup


@pytest.fixture
def book(db_path: Path) -> Path:
    service = LeadService.open(db_path)
    service.add_contact("Dana Lee", email="dana@example.com")
    service.close()
    return db_path


def run(book: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--db", str(book), *args])
    out, err = capsys.readouterr()
    return code, out, err


def names(path: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [row[0] for row in conn.execute("SELECT name FROM contacts")]
    finally:
        conn.close()


def refused(code: int, out: str, err: str, words: str) -> bool:
    return code != 0 and out == "" and len(err.strip().splitlines()) == 1 and words in err


@pytest.mark.parametrize("fmt", ["json", "csv", "vcard"])
def test_exporting_over_the_database_itself_is_refused(
    book: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    size = book.stat().st_size
    assert refused(*run(book, capsys, "export", str(book), "--format", fmt, "--force"), "is the database")
    assert book.stat().st_size == size and names(book) == ["Dana Lee"]


def test_other_spellings_and_links_of_the_database_are_the_database(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "sub").mkdir()
    spelled = tmp_path / "sub" / ".." / book.name
    hard = tmp_path / "hard.json"
    os.link(book, hard)
    soft = tmp_path / "soft.json"
    soft.symlink_to(book)
    for target in (spelled, hard, soft):
        assert refused(*run(book, capsys, "export", str(target), "--force"), "is the database"), target
    assert names(book) == ["Dana Lee"]


@pytest.mark.parametrize("suffix", ["-wal", "-shm", "-journal"])
def test_the_databases_side_files_are_refused_whether_or_not_they_exist(
    book: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    side = book.with_name(book.name + suffix)
    code, out, err = run(book, capsys, "export", str(side), "--format", "json", "--force")
    assert refused(code, out, err, f"is the database's {side.name}")
    assert not side.exists() or side.stat().st_size == 0 or suffix == "-shm"


def test_a_backup_cannot_be_overwritten_and_stays_sound(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    made = backup.create_backup(book)
    before = made.read_bytes()
    code, out, err = run(book, capsys, "export", str(made), "--format", "json", "--force")
    assert refused(code, out, err, "is in the backups folder")
    fresh = backup.backups_dir(book) / "new.csv"
    assert refused(*run(book, capsys, "export", str(fresh)), "is in the backups folder")
    assert not fresh.exists()
    assert made.read_bytes() == before and backup.usable_problems(made) == []


def test_an_existing_file_is_replaced_only_with_force(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "leads.csv"
    target.write_text("keep me")
    code, out, err = run(book, capsys, "export", str(target))
    assert refused(code, out, err, "already exists; use --force to replace it")
    assert target.read_text() == "keep me"
    code, out, _ = run(book, capsys, "export", str(target), "--force")
    assert code == 0 and out == f"exported 1 contacts to {target}\n"
    assert "Dana Lee" in target.read_text(encoding="utf-8-sig")


def test_a_new_file_needs_no_force(book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "book.json"
    assert run(book, capsys, "export", str(target))[0] == 0 and target.exists()


def test_the_rule_is_one_core_function_the_window_can_ask(book: Path, tmp_path: Path) -> None:
    existing = tmp_path / "old.json"
    existing.write_text("{}")
    with pytest.raises(ExportTargetExists):
        check_export_target(book, existing)
    assert check_export_target(book, existing, overwrite=True) == existing
    assert check_export_target(book, tmp_path / "new.json") == tmp_path / "new.json"
    with pytest.raises(ValidationError, match="is a folder"):
        check_export_target(book, tmp_path, overwrite=True)
    service = LeadService.open(book)
    try:
        for export in (export_csv, export_json):
            with pytest.raises(ValidationError, match="is the database"):
                export(service, book)
        assert names(book) == ["Dana Lee"]
    finally:
        service.close()
