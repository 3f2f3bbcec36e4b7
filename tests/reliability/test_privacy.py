"""Files LeadTemp creates are readable by the user only (0600; the backups folder 0700).

The umask is cleared during these tests so they prove the modes are chosen by LeadTemp rather
than inherited. SQLite gives the -wal and -shm files the database file's own mode.
"""

from __future__ import annotations

import importlib.util
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from leadtemp.cli import main
from leadtemp.service import LeadService
from leadtemp.store import backup
from tests.reliability.helpers import damage

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def open_umask() -> Iterator[None]:
    previous = os.umask(0)
    try:
        yield
    finally:
        os.umask(previous)


def test_the_database_and_its_wal_and_shm_are_private(db_path: Path) -> None:
    service = LeadService.open(db_path)
    service.add_contact("Private")
    side_files = [db_path.with_name(db_path.name + suffix) for suffix in ("-wal", "-shm")]
    assert all(path.exists() for path in side_files)
    assert [mode(p) for p in (db_path, *side_files)] == [0o600, 0o600, 0o600]
    service.close()


def test_a_database_in_a_new_folder_is_private(tmp_path: Path) -> None:
    path = tmp_path / "new" / "deeper" / "leads.db"
    LeadService.open(path).close()
    assert mode(path) == 0o600


def test_backups_and_their_folder_are_private(db_path: Path, tmp_path: Path) -> None:
    LeadService.open(db_path).close()
    made = backup.create_backup(db_path)
    assert mode(made.parent) == 0o700 and mode(made) == 0o600
    copied = backup.backup_to(db_path, tmp_path / "copy.db")
    assert mode(copied) == 0o600
    assert main(["--db", str(db_path), "backup", "--to", str(tmp_path / "cli.db")]) == 0
    assert mode(tmp_path / "cli.db") == 0o600
    assert all(mode(info.path) == 0o600 for info in backup.list_backups(db_path))


def test_a_restored_database_is_private(db_path: Path) -> None:
    service = LeadService.open(db_path)
    for index in range(150):
        service.add_contact(f"Lead {index}")
    service.close()
    made = backup.create_backup(db_path)
    damage(db_path)
    kept = backup.restore_backup(db_path, made)
    assert kept is not None
    assert mode(db_path) == 0o600 and mode(kept) == 0o600


@pytest.mark.skipif(importlib.util.find_spec("leadtemp.fileio") is None, reason="no leadtemp.fileio yet")
def test_files_written_atomically_are_private(tmp_path: Path) -> None:
    from leadtemp.fileio import atomic_write_text

    target = atomic_write_text(tmp_path / "export.csv", "name\nDana\n")
    assert mode(target) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["export.csv"], "no temporary file left"
