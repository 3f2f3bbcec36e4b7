"""The backups folder appears with the first backup that is actually written, never empty."""

from __future__ import annotations

from pathlib import Path

import pytest

from leadtemp.cli import main
from leadtemp.errors import DatabaseError
from leadtemp.service import LeadService
from leadtemp.store import backup


def test_a_failed_first_backup_leaves_no_backups_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    assert main(["--db", str(path), "backup"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("leadtemp: error:")
    assert not backup.backups_dir(path).exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


def test_a_failed_later_backup_keeps_the_folder_and_its_backups(db_path: Path) -> None:
    LeadService.open(db_path).close()
    first = backup.create_backup(db_path)
    db_path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    with pytest.raises(DatabaseError):
        backup.create_backup(db_path)
    assert [info.path for info in backup.list_backups(db_path)] == [first]
