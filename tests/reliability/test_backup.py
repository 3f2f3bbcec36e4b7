"""Rolling backups: where they go, how many are kept, that each is verified, and restoring."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import time
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from leadtemp import integrity
from leadtemp.errors import DatabaseError, ValidationError
from leadtemp.scoring.rules import Rules
from leadtemp.service import LeadService
from leadtemp.store import LATEST_VERSION, backup
from leadtemp.store.database import open_read_only
from tests.conftest import FakeClock
from tests.reliability.helpers import damage, fingerprint

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def names(path: Path) -> list[str]:
    with closing(open_read_only(path)) as conn:
        return [row[0] for row in conn.execute("SELECT name FROM contacts ORDER BY id")]


def make_db(path: Path, *contacts: str) -> Path:
    service = LeadService.open(path)
    for name in contacts:
        service.add_contact(name)
    service.close()
    return path


def test_a_backup_is_a_private_verified_copy_in_the_backups_folder(db_path: Path) -> None:
    service = LeadService.open(db_path)
    service.add_contact("Dana Lee")
    target = backup.create_backup(db_path, "manual")
    service.close()
    assert target.parent == db_path.parent / "backups"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert integrity.check(target).ok
    assert names(target) == ["Dana Lee"]
    assert [p.name for p in target.parent.iterdir()] == [target.name], "no temporary files left"
    with target.open("rb") as handle:
        header = handle.read(20)
    assert header[18:20] == b"\x01\x01", "backups are single files (rollback journal, not WAL)"


def test_a_backup_sees_committed_data_still_in_the_wal(db_path: Path) -> None:
    service = LeadService.open(db_path)
    service.add_contact("Only in the WAL")
    assert (db_path.parent / (db_path.name + "-wal")).stat().st_size > 0
    target = backup.create_backup(db_path)
    assert names(target) == ["Only in the WAL"]
    service.close()


def test_backups_are_listed_newest_first_and_only_the_last_n_are_kept(db_path: Path) -> None:
    make_db(db_path, "A")
    made = [backup.create_backup(db_path, "manual", now=T0 + timedelta(minutes=i)) for i in range(12)]
    listed = backup.list_backups(db_path)
    assert [info.path for info in listed] == made[::-1][: backup.DEFAULT_KEEP]
    assert [info.created for info in listed] == sorted((info.created for info in listed), reverse=True)
    assert not made[0].exists() and not made[1].exists()


def test_the_number_of_backups_kept_is_a_setting(db_path: Path) -> None:
    service = LeadService.open(db_path)
    backup.set_keep(service.store, 3)
    for i in range(5):
        backup.create_backup(db_path, now=T0 + timedelta(minutes=i))
    assert len(backup.list_backups(db_path)) == 3
    with pytest.raises(ValidationError):
        backup.set_keep(service.store, 0)
    service.close()


def test_a_copy_that_fails_its_integrity_check_never_becomes_a_backup(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_db(db_path, "A")
    monkeypatch.setattr("leadtemp.store.integrity.integrity_problems", lambda conn: ["page 3: bad"])
    with pytest.raises(DatabaseError, match="failed its integrity check"):
        backup.create_backup(db_path)
    assert not (db_path.parent / "backups").exists()


def test_backing_up_a_damaged_database_fails_clearly(db_path: Path) -> None:
    make_db(db_path, *(f"Lead {i}" for i in range(200)))
    damage(db_path)
    with pytest.raises(DatabaseError, match=r"damaged|integrity"):
        backup.create_backup(db_path)
    assert backup.list_backups(db_path) == []


def test_the_daily_backup_is_made_at_most_once_a_day(db_path: Path) -> None:
    assert backup.daily_backup(db_path, now=T0) is None, "nothing to back up yet"
    make_db(db_path, "A")
    first = backup.daily_backup(db_path, now=T0)
    assert first is not None and first.exists()
    assert backup.daily_backup(db_path, now=T0 + timedelta(hours=23)) is None
    second = backup.daily_backup(db_path, now=T0 + timedelta(hours=25))
    assert second is not None and second != first
    assert [info.reason for info in backup.list_backups(db_path)] == ["daily", "daily"]


def test_newest_good_backup_skips_a_damaged_one(db_path: Path) -> None:
    make_db(db_path, *(f"Lead {i}" for i in range(200)))
    good = backup.create_backup(db_path, now=T0)
    bad = backup.create_backup(db_path, now=T0 + timedelta(hours=1))
    damage(bad)
    newest = backup.newest_good_backup(db_path)
    assert newest is not None and newest.path == good


def test_purge_is_preceded_by_a_backup_that_still_holds_the_contact(db_path: Path, clock: FakeClock) -> None:
    service = LeadService.open(db_path, now=clock)
    contact_id = service.add_contact("Gone Soon").contact_id
    service.archive_contact(contact_id)
    service.purge_contact(contact_id)
    service.close()
    listed = backup.list_backups(db_path)
    assert [info.reason for info in listed] == ["purge"]
    assert names(listed[0].path) == ["Gone Soon"]


def test_no_purge_without_a_backup(db_path: Path, clock: FakeClock) -> None:
    service = LeadService.open(db_path, now=clock)
    contact_id = service.add_contact("Kept").contact_id
    service.archive_contact(contact_id)
    (db_path.parent / "backups").write_text("a file where the backups folder should be")
    with pytest.raises(DatabaseError, match="no backup before purge"):
        service.purge_contact(contact_id)
    assert service.contact(contact_id).name == "Kept"
    service.close()


def test_a_rules_change_is_preceded_by_a_backup_holding_the_old_rules(
    db_path: Path, clock: FakeClock
) -> None:
    service = LeadService.open(db_path, now=clock)
    service.add_contact("A")
    service.update_settings(rules=service.rules)
    assert backup.list_backups(db_path) == [], "unchanged rules need no backup"
    service.update_settings(rules=Rules(warm_min=20, hot_min=60))
    listed = backup.list_backups(db_path)
    assert [info.reason for info in listed] == ["settings"]
    with closing(open_read_only(listed[0].path)) as conn:
        stored = conn.execute("SELECT value FROM settings WHERE key = 'rules'").fetchone()[0]
    assert Rules.from_json(json.loads(stored)).warm_min == Rules().warm_min
    service.close()


def test_backup_before_returns_none_in_memory(clock: FakeClock) -> None:
    service = LeadService.open(":memory:", now=clock)
    assert service.backup_before("import") is None
    service.close()


def test_backup_to_writes_a_new_private_file_and_never_overwrites(db_path: Path, tmp_path: Path) -> None:
    make_db(db_path, "A")
    target = backup.backup_to(db_path, tmp_path / "copy.db")
    assert names(target) == ["A"] and stat.S_IMODE(target.stat().st_mode) == 0o600
    with pytest.raises(ValidationError, match="already exists"):
        backup.backup_to(db_path, target)
    folder = tmp_path / "usb"
    folder.mkdir()
    inside = backup.backup_to(db_path, folder)
    assert inside.parent == folder and names(inside) == ["A"]


def test_restore_puts_the_backup_in_place_and_keeps_the_current_file(db_path: Path) -> None:
    make_db(db_path, "Before")
    old = backup.create_backup(db_path, now=T0)
    make_db(db_path, "After")
    kept = backup.restore_backup(db_path, old)
    assert kept is not None and names(kept) == ["Before", "After"]
    assert names(db_path) == ["Before"]
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    assert not (db_path.parent / (db_path.name + "-wal")).exists(), "no stale WAL next to the restored file"
    service = LeadService.open(db_path)
    assert [c.name for c in service.contacts()] == ["Before"]
    service.close()


def test_restore_is_refused_while_the_database_is_open(db_path: Path) -> None:
    make_db(db_path, "A")
    old = backup.create_backup(db_path, now=T0)
    service = LeadService.open(db_path)
    service.add_contact("B")
    before = fingerprint(db_path)
    with pytest.raises(DatabaseError, match="open in another"):
        backup.restore_backup(db_path, old)
    assert fingerprint(db_path) == before
    assert [c.name for c in service.contacts()] == ["A", "B"]
    service.close()


def test_restoring_over_a_damaged_file_keeps_it_byte_for_byte(db_path: Path) -> None:
    make_db(db_path, *(f"Lead {i}" for i in range(200)))
    good = backup.create_backup(db_path, now=T0)
    damage(db_path)
    damaged_bytes = db_path.read_bytes()
    kept = backup.restore_backup(db_path, good)
    assert kept is not None and kept.read_bytes() == damaged_bytes
    assert [info.damaged for info in backup.list_backups(db_path)] == [True, False]
    assert len(names(db_path)) == 200


def test_a_bad_backup_is_never_restored(db_path: Path, tmp_path: Path) -> None:
    make_db(db_path, *(f"Lead {i}" for i in range(200)))
    bad = backup.create_backup(db_path, now=T0)
    damage(bad)
    newer = tmp_path / "newer.db"
    make_db(newer, "From the future")
    with closing(sqlite3.connect(newer)) as conn:
        conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    before = fingerprint(db_path)
    for candidate, reason in (
        # Which check catches the scribbles depends on how far the schema reaches into them.
        (bad, "integrity|malformed"),
        (newer, "newer version"),
        (tmp_path / "none.db", "no such"),
    ):
        with pytest.raises(DatabaseError, match=reason):
            backup.restore_backup(db_path, candidate)
    assert fingerprint(db_path) == before


def test_a_crash_mid_backup_leaves_no_lasting_litter(db_path: Path) -> None:
    make_db(db_path, "A")
    folder = db_path.parent / "backups"
    folder.mkdir()
    stale = folder / f".{db_path.stem}-20260301T000000.000000Z-daily.db.dead.tmp"
    fresh = folder / f".{db_path.stem}-20260302T000000.000000Z-daily.db.busy.tmp"
    for leftover in (stale, fresh):
        leftover.write_bytes(b"half a backup")
    os.utime(stale, (time.time() - 2 * backup.STALE_TEMP_SECONDS,) * 2)
    backup.create_backup(db_path)
    assert not stale.exists(), "an old leftover is removed"
    assert fresh.exists(), "one that may belong to a backup in progress is not"


def test_a_long_odd_reason_still_makes_a_valid_file_name(db_path: Path) -> None:
    make_db(db_path, "A")
    made = backup.create_backup(db_path, "import of " + "Контакты экспорт 2026 " * 30 + ".csv")
    assert len(made.name) < 100
    assert backup.list_backups(db_path)[0].path == made
