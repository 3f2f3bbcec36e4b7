"""Rolling, verified backups of the database file, made with SQLite's online backup API.

A backup is written to a private temporary file, checked with ``PRAGMA integrity_check`` and
only then renamed into place, so a backup that exists is a backup that opens. Backups live in
``backups/`` next to the database and only the newest N (a setting, default 10) are kept.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from leadtemp import database_files
from leadtemp.errors import DatabaseError, NotFoundError, ValidationError
from leadtemp.store import Store, integrity
from leadtemp.store.database import open_read_only
from leadtemp.store.faults import database_error

BACKUP_DIR_NAME = "backups"
DEFAULT_KEEP = 10
MAX_KEEP = 1000
KEEP_SETTING = "backup_keep"
DAILY_INTERVAL = timedelta(days=1)
DAMAGED = "damaged"
MAX_REASON = 40
STALE_TEMP_SECONDS = 3600
_STAMP = "%Y%m%dT%H%M%S.%fZ"
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}T\d{6}\.\d{6}Z)-(?P<reason>[a-z0-9-]+)\.db$")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: datetime
    reason: str
    size: int

    @property
    def damaged(self) -> bool:
        """A damaged file set aside by a restore: kept for salvage, never pruned or offered."""
        return self.reason == DAMAGED


def backups_dir(db_path: Path | str) -> Path:
    return Path(db_path).expanduser().parent / BACKUP_DIR_NAME


def list_backups(db_path: Path | str) -> list[BackupInfo]:
    """This database's backups, newest first."""
    db_path = Path(db_path).expanduser()
    try:
        entries = list(backups_dir(db_path).iterdir())
    except OSError:
        return []
    found: list[BackupInfo] = []
    for entry in entries:
        match = _NAME.match(entry.name)
        if match is None or match["stem"] != db_path.stem:
            continue
        try:
            size = entry.stat().st_size
        except OSError:
            continue
        created = datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=UTC)
        found.append(BackupInfo(entry, created, match["reason"], size))
    found.sort(key=lambda info: (info.created, info.path.name), reverse=True)
    return found


def usable_problems(path: Path | str) -> list[str]:
    """Why a file cannot be restored: unreadable, damaged, not ours or from a newer version."""
    return list(integrity.check(path).problems)


def newest_good_backup(db_path: Path | str) -> BackupInfo | None:
    for info in list_backups(db_path):
        if not info.damaged and not usable_problems(info.path):
            return info
    return None


def keep_count(conn: sqlite3.Connection) -> int:
    """The user's "keep the last N backups" setting, or the default when unset or unreadable."""
    try:
        row = conn.execute("SELECT value FROM settings WHERE key = ?", (KEEP_SETTING,)).fetchone()
        value = json.loads(row[0]) if row else None
    except (sqlite3.Error, ValueError):
        return DEFAULT_KEEP
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_KEEP:
        return value
    return DEFAULT_KEEP


def set_keep(store: Store, count: int) -> None:
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_KEEP:
        raise ValidationError(f"the number of backups to keep must be from 1 to {MAX_KEEP}")
    with store.transaction():
        store.set_setting(KEEP_SETTING, count)


def create_backup(
    db_path: Path | str,
    reason: str = "manual",
    *,
    keep: int | None = None,
    now: datetime | None = None,
) -> Path:
    """Back up into ``backups/`` (verified, 0600), then drop all but the newest ``keep``."""
    db_path = _existing(db_path)
    folder = backups_dir(db_path)
    new_folder = not folder.exists()
    _make_private_dir(folder)
    try:
        target = _free_name(folder, db_path.stem, reason, now or datetime.now(UTC))
        with _source(db_path) as source:
            count = keep if keep is not None else keep_count(source)
            _write_verified_copy(source, target, db_path)
    except BaseException:
        if new_folder:
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    prune(db_path, count)
    return target


def backup_to(db_path: Path | str, target: Path | str) -> Path:
    """A verified copy at ``target`` (a new file, or a folder to put it in); never overwrites."""
    db_path = _existing(db_path)
    target = Path(target).expanduser()
    if target.is_dir():
        target = _free_name(target, db_path.stem, "manual", datetime.now(UTC))
    elif target.exists():
        raise ValidationError(f"{target} already exists; choose a new file name")
    elif not target.parent.is_dir():
        raise ValidationError(f"folder {target.parent} does not exist")
    with _source(db_path) as source:
        _write_verified_copy(source, target, db_path)
    return target


def daily_backup(db_path: Path | str, *, now: datetime | None = None) -> Path | None:
    """The start-up backup: made unless one was made within the last day; None when skipped."""
    db_path = Path(db_path).expanduser()
    if not db_path.is_file() or db_path.stat().st_size == 0:
        return None
    moment = now or datetime.now(UTC)
    for info in list_backups(db_path):
        if not info.damaged and timedelta(0) <= moment - info.created < DAILY_INTERVAL:
            return None
    return create_backup(db_path, "daily", now=moment)


def prune(db_path: Path | str, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` backups (set-aside damaged files are left alone).

    Temporary files a crash left behind go too, once they are old enough not to be in use.
    """
    removed: list[Path] = []
    folder = backups_dir(db_path)
    cutoff = time.time() - STALE_TEMP_SECONDS
    for leftover in folder.glob(f".{Path(db_path).stem}-*.tmp*"):
        with contextlib.suppress(OSError):
            if leftover.stat().st_mtime < cutoff:
                leftover.unlink()
                removed.append(leftover)
    for info in [b for b in list_backups(db_path) if not b.damaged][max(keep, 1) :]:
        try:
            info.path.unlink()
        except OSError:
            continue
        removed.append(info.path)
    return removed


def restore_backup(
    db_path: Path | str, backup_path: Path | str, *, now: datetime | None = None
) -> Path | None:
    """Put a backup in place of the database, atomically; return where the old file went.

    The backup is checked first and copied to a verified temporary file next to the database.
    A sound current file is backed up ("before-restore"); a damaged one is moved, byte for byte,
    into ``backups/`` as "damaged". Refused while another connection has the database open.
    """
    db_path = Path(db_path).expanduser()
    backup_path = Path(backup_path).expanduser()
    problems = usable_problems(backup_path)
    if problems:
        raise DatabaseError(f"{backup_path} cannot be restored: {problems[0]}; nothing was changed")
    if db_path.exists() and db_path.samefile(backup_path):
        raise ValidationError(f"{backup_path} is the database itself, not a backup")
    moment = now or datetime.now(UTC)
    staged = db_path.with_name(f".{db_path.name}.restore-{secrets.token_hex(4)}.tmp")
    try:
        with closing(open_read_only(backup_path)) as source:
            _write_verified_copy(source, staged, backup_path)
        set_aside = _set_aside(db_path, moment) if db_path.exists() else None
        os.replace(staged, db_path)
        _fsync_dir(db_path.parent)
    except OSError as error:
        raise DatabaseError(f"cannot restore into {db_path}: {error.strerror or error}") from error
    finally:
        staged.unlink(missing_ok=True)
    return set_aside


def _set_aside(db_path: Path, moment: datetime) -> Path:
    if _sound(db_path):
        _release_wal(db_path)
        return create_backup(db_path, "before-restore", now=moment)
    return _move_damaged(db_path, moment)


def _sound(db_path: Path) -> bool:
    """Readable with a clean integrity_check (a newer schema or a bad foreign key still copies)."""
    try:
        with closing(open_read_only(db_path)) as conn:
            return not integrity.integrity_problems(conn)
    except sqlite3.Error:
        return False


def _release_wal(db_path: Path) -> None:
    """Fold the WAL into the file and leave WAL mode; this needs every other connection closed."""
    conn = sqlite3.connect(db_path, isolation_level=None, timeout=1.0)
    try:
        mode = str(conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]).lower()
    except sqlite3.OperationalError as error:
        if "locked" not in str(error) and "busy" not in str(error):
            raise database_error(db_path, error) from error
        mode = "wal"
    finally:
        conn.close()
    if mode != "delete":
        raise DatabaseError(
            f"{db_path} is open in another LeadTemp window or program; close it and try again; "
            "nothing was changed"
        )


def _move_damaged(db_path: Path, moment: datetime) -> Path:
    folder = backups_dir(db_path)
    _make_private_dir(folder)
    target = _free_name(folder, db_path.stem, DAMAGED, moment)
    os.replace(db_path, target)
    for suffix in ("-wal", "-journal"):
        side = db_path.with_name(db_path.name + suffix)
        if side.exists():
            os.replace(side, target.with_name(target.name + suffix))
    db_path.with_name(db_path.name + "-shm").unlink(missing_ok=True)
    return target


def _existing(db_path: Path | str) -> Path:
    path = Path(db_path).expanduser()
    if not path.is_file():
        raise NotFoundError(f"no database at {path}")
    return path


@contextmanager
def _source(db_path: Path) -> Iterator[sqlite3.Connection]:
    """An ordinary connection used only for reading, so closing it tidies the WAL away as usual."""
    try:
        conn = sqlite3.connect(db_path, isolation_level=None, timeout=5.0)
    except sqlite3.Error as error:
        raise DatabaseError(f"cannot back up {db_path}: {error}") from error
    try:
        yield conn
    finally:
        conn.close()


def _write_verified_copy(source: sqlite3.Connection, target: Path, origin: Path) -> None:
    temp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    try:
        database_files.create_private(temp)
        dest = sqlite3.connect(temp, isolation_level=None)
        try:
            # The copy is synced once, before it is renamed into place; syncing each step of
            # writing it (the default) only adds several flushes to every backup.
            dest.execute("PRAGMA synchronous = OFF")
            source.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")
            _sync(dest)
        finally:
            dest.close()
        with closing(open_read_only(temp)) as copy:
            problems = integrity.integrity_problems(copy)
        if problems:
            raise DatabaseError(
                f"the copy of {origin} failed its integrity check ({problems[0]}); the database may "
                "be damaged: run `leadtemp check`"
            )
        os.replace(temp, target)
        _fsync_dir(target.parent)
    except sqlite3.Error as error:
        text = str(error)
        if "malformed" in text or "not a database" in text:
            raise DatabaseError(f"cannot back up {origin}: it is damaged ({text})") from error
        raise database_error(target, error) from error
    except OSError as error:
        raise DatabaseError(f"cannot write {target}: {error.strerror or error}") from error
    finally:
        temp.unlink(missing_ok=True)
        temp.with_name(temp.name + "-journal").unlink(missing_ok=True)


def _free_name(folder: Path, stem: str, reason: str, when: datetime) -> Path:
    slug = re.sub(r"[^a-z0-9]+", "-", reason.lower())[:MAX_REASON].strip("-") or "manual"
    moment = when.astimezone(UTC)
    while True:
        candidate = folder / f"{stem}-{moment.strftime(_STAMP)}-{slug}.db"
        if not candidate.exists():
            return candidate
        moment += timedelta(microseconds=1)


def _make_private_dir(folder: Path) -> None:
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise DatabaseError(f"cannot create {folder}: {error.strerror or error}") from error


def _sync(conn: sqlite3.Connection) -> None:
    """Flush the whole file to disk through SQLite: a synchronous commit of one header write
    (the same user_version) syncs the file, and opening it ourselves to fsync is not allowed
    (see :mod:`leadtemp.store.database_files`). Without a journal: the copy is not in place yet."""
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = FULL")
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    conn.execute(f"PRAGMA user_version = {version}")


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
