"""Opening the SQLite file safely: refuse what we cannot read, never touch it before we know."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from leadtemp.errors import DatabaseError
from leadtemp.store.faults import database_error, is_fault
from leadtemp.store.migrations import LATEST_VERSION, migrate, schema_version

if TYPE_CHECKING:
    import sqlite_utils

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


def check_file(path: Path) -> None:
    """Refuse a file that is not ours to open, without modifying it."""
    if not path.exists():
        return
    if path.is_dir():
        raise DatabaseError(f"{path} is a folder, not a LeadTemp database")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except PermissionError:
        raise DatabaseError(f"cannot read {path}: permission denied") from None
    except OSError as error:
        raise DatabaseError(f"cannot read {path}: {error.strerror or error}") from None
    if header and header != SQLITE_HEADER:
        raise DatabaseError(f"{path} is not a LeadTemp database (not an SQLite file)")
    if header and not os.access(path, os.W_OK):
        raise DatabaseError(f"cannot write to {path}: permission denied")


def _create_private(path: Path) -> None:
    """Create the database file readable by the user only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, stat.S_IRUSR | stat.S_IWUSR)
    os.close(descriptor)


def connect(path: Path | str, *, migrate_schema: bool = True) -> sqlite3.Connection:
    """Open (creating if needed) a database: WAL, foreign keys, busy timeout, latest schema."""
    in_memory = str(path) == ":memory:"
    if not in_memory:
        path = Path(path).expanduser()
        check_file(path)
        if not path.exists():
            try:
                _create_private(path)
            except FileExistsError:
                pass
            except OSError as error:
                raise DatabaseError(f"cannot create {path}: {error.strerror or error}") from None
    try:
        conn = sqlite3.connect(
            str(path),
            isolation_level=None,
            timeout=BUSY_TIMEOUT_MS / 1000,
            check_same_thread=True,
        )
    except sqlite3.Error as error:
        raise DatabaseError(f"cannot open {path}: {error}") from None
    try:
        version = schema_version(conn)
        if version > LATEST_VERSION:
            raise DatabaseError(
                f"{path} was written by a newer version of LeadTemp (schema {version}, this "
                f"version reads up to {LATEST_VERSION}); please update LeadTemp"
            )
        if version > 0 and not _has_table(conn, "contacts"):
            raise DatabaseError(f"{path} is an SQLite file but not a LeadTemp database")
        if version == 0 and _has_any_table(conn):
            raise DatabaseError(f"{path} is an SQLite file but not a LeadTemp database")
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if not in_memory:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise DatabaseError(f"cannot switch {path} to WAL mode (got {mode})")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        if migrate_schema:
            migrate(conn)
    except sqlite3.DatabaseError as error:
        conn.close()
        if "malformed" in str(error):
            # The schema itself is damaged (it reaches past the first page in any real book).
            raise database_error(path, error) from None
        raise DatabaseError(f"cannot open {path}: {error}") from None
    except DatabaseError:
        conn.close()
        raise
    return conn


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    row = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone()
    return row is not None


def _has_any_table(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone() is not None


class Database:
    """A connection plus sqlite-utils helpers; used only on the thread that opened it."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path) if str(path) != ":memory:" else Path(":memory:")
        self.conn = connect(path)

    @cached_property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils over the same connection, loaded on first use: importing it (with its
        plugin scan, dateutil and click) takes ~40 ms, and opening the app needs none of it."""
        import sqlite_utils

        return sqlite_utils.Database(self.conn)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One user action, all or nothing; nested calls become savepoints.

        The outer transaction takes the write lock up front (``BEGIN IMMEDIATE``) so a second
        process waits for it instead of failing on a stale snapshot; a full disk, a read-only file
        or a lock that outlasts the busy timeout becomes a :class:`DatabaseError`.
        """
        if self.conn.in_transaction:
            with self.db.atomic():
                yield self.conn
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
                self.conn.execute("COMMIT")
            finally:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
        except sqlite3.Error as error:
            if is_fault(error):
                raise database_error(self.path, error) from error
            raise

    def close(self) -> None:
        self.conn.close()
