"""``leadtemp backup / restore / check / backups``, and the CLI on a damaged file."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from leadtemp.cli import main
from leadtemp.service import LeadService
from leadtemp.store import LATEST_VERSION, backup
from tests.reliability.helpers import damage, fingerprint


def run(db: Path, *args: str) -> int:
    return main(["--db", str(db), *args])


@pytest.fixture
def book(db_path: Path) -> Path:
    service = LeadService.open(db_path)
    for index in range(150):
        service.add_contact(f"Lead {index}")
    service.close()
    return db_path


def test_check_passes_on_a_healthy_file(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(book, "check") == 0
    assert capsys.readouterr().out.startswith(f"ok: {book} (150 contacts")


def test_check_fails_on_a_damaged_file_prints_each_problem_and_changes_nothing(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    damage(book)
    before = fingerprint(book)
    assert run(book, "check") == 1
    out = capsys.readouterr().out
    assert "problem(s) in" in out and out.count("  problem: ") >= 1
    assert run(book, "check", "--json") == 1
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False and report["problems"]
    assert fingerprint(book) == before


def test_check_never_creates_a_missing_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere.db"
    assert run(missing, "check") == 1
    assert "no such file" in capsys.readouterr().out
    assert not missing.exists()


def test_check_refuses_a_newer_schema(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with sqlite3.connect(book) as conn:
        conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    assert run(book, "check") == 1
    assert "newer version" in capsys.readouterr().out


def test_ordinary_commands_on_a_damaged_file_name_it_and_leave_it_alone(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    damage(book)
    before = fingerprint(book)
    assert run(book, "board") == 1
    captured = capsys.readouterr()
    assert str(book) in captured.err and "damaged" in captured.err
    assert "Traceback" not in captured.err
    assert len(captured.err.strip().splitlines()) == 1
    assert fingerprint(book) == before


def test_backup_and_backups(book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(book, "backup") == 0
    made = Path(capsys.readouterr().out.strip())
    assert made.parent == book.parent / "backups" and made.exists()
    assert run(book, "backups") == 0
    lines = capsys.readouterr().out.splitlines()
    assert str(made) in lines[0] and "manual" in lines[0]
    assert run(book, "backups", "--json") == 0
    listed = json.loads(capsys.readouterr().out)
    assert [row["path"] for row in listed] == [str(info.path) for info in backup.list_backups(book)]
    target = tmp_path / "elsewhere.db"
    assert run(book, "backup", "--to", str(target)) == 0
    assert target.exists()
    assert run(book, "backup", "--to", str(target)) == 1
    assert "already exists" in capsys.readouterr().err


def test_restore_brings_back_a_backup_and_reports_where_the_old_file_went(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(book, "backup") == 0
    made = capsys.readouterr().out.strip()
    assert run(book, "add-contact", "Added after the backup") == 0
    capsys.readouterr()
    assert run(book, "restore", made) == 0
    out = capsys.readouterr().out
    kept = Path(out.split("kept as ")[1].strip())
    assert kept.exists()
    assert run(book, "board", "--json") == 0
    board = json.loads(capsys.readouterr().out)
    assert "Added after the backup" not in {card["name"] for column in board.values() for card in column}


def test_unarchive_brings_a_contact_back_from_the_archive(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(book, "archive", "1") == 0
    assert run(book, "unarchive", "1") == 0
    assert "restored" in capsys.readouterr().out
    assert run(book, "show", "1", "--json") == 0
    assert json.loads(capsys.readouterr().out)["archived"] is False


def test_restore_refuses_a_damaged_backup(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(book, "backup") == 0
    made = Path(capsys.readouterr().out.strip())
    damage(made)
    before = fingerprint(book)
    assert run(book, "restore", str(made)) == 1
    assert "cannot be restored" in capsys.readouterr().err
    assert fingerprint(book) == before


def test_the_first_command_of_the_day_makes_the_daily_backup(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(db_path, "add-contact", "Dana") == 0
    assert run(db_path, "board") == 0
    assert run(db_path, "kinds") == 0
    assert [info.reason for info in backup.list_backups(db_path)] == ["daily"]


def test_damage_found_in_the_middle_of_a_command_is_one_clear_line(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Open succeeds (the damaged page is not needed yet), then a read hits it."""
    service = LeadService.open(db_path)
    for index in range(20):
        contact_id = service.add_contact(f"Lead {index}").contact_id
        for visit in range(40):
            service.log_interaction(contact_id, "website_visit", note=f"{visit:02d}" + "n" * 98)
    service.close()
    conn = sqlite3.connect(db_path)
    try:
        pages = conn.execute(
            "SELECT pageno FROM dbstat WHERE name = 'interactions' AND pagetype = 'leaf' ORDER BY pageno"
        ).fetchall()
    except sqlite3.OperationalError:
        pytest.skip("this SQLite has no dbstat table")
    finally:
        conn.close()
    data = bytearray(db_path.read_bytes())
    page = pages[-1][0]
    data[(page - 1) * 4096 : page * 4096] = b"\xab" * 4096
    db_path.write_bytes(bytes(data))
    codes = [run(db_path, "show", str(contact_id)) for contact_id in range(1, 21)]
    err = capsys.readouterr().err
    assert 1 in codes
    assert "Traceback" not in err
    assert f"leadtemp: error: {db_path} is damaged" in err
