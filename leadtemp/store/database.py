"""Opening the SQLite file safely: refuse what we cannot read, never touch it before we know."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from leadtemp import database_files
from leadtemp.database_files import is_read_only as is_read_only
from leadtemp.errors import DatabaseError
from leadtemp.store.faults import database_error, translated
from leadtemp.store.migrations import LATEST_VERSION, migrate, schema_version

if TYPE_CHECKING:
    import sqlite_utils

BUSY_TIMEOUT_MS = 5000


def check_file(path: Path) -> None:
    """Refuse a file that is not ours to open, without modifying it or opening it outside SQLite."""
    if not path.exists():
        return
    if path.is_dir():
        raise DatabaseError(f"{path} is a folder, not a LeadTemp database")
    if not os.access(path, os.R_OK):
        raise DatabaseError(f"cannot read {path}: permission denied")
    if not_an_sqlite_file(path):
        raise DatabaseError(f"{path} is not a LeadTemp database (not an SQLite file)")


def not_an_sqlite_file(path: Path) -> bool:
    """Whether SQLite itself says the (non-empty) file is not a database, read through a read-only
    connection: a descriptor of our own would drop this process's locks on the file when closed."""
    try:
        probe = open_read_only(path)
    except sqlite3.Error:
        return False
    try:
        probe.execute("PRAGMA schema_version").fetchone()
    except sqlite3.DatabaseError as error:
        return getattr(error, "sqlite_errorcode", None) == sqlite3.SQLITE_NOTADB
    finally:
        probe.close()
    return False


def open_read_only(path: Path, *, immutable: bool | None = None) -> sqlite3.Connection:
    """Open without any right to write (``mode=ro``). ``immutable`` also tells SQLite nothing
    changes the file, so it needs no ``-shm`` and takes no locks; by default it is set when no WAL
    waits to be read, so an un-checkpointed WAL is still read when it exists."""
    resolved = path.resolve()
    if immutable is None:
        immutable = not resolved.with_name(resolved.name + "-wal").exists()
    query = "mode=ro&immutable=1" if immutable else "mode=ro"
    return sqlite3.connect(f"{resolved.as_uri()}?{query}", uri=True, isolation_level=None)


def _create_private(path: Path) -> None:
    """Create the database file readable by the user only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    database_files.create_private(path)


def connect(
    path: Path | str, *, migrate_schema: bool = True, create: bool = True, read_only: bool = False
) -> sqlite3.Connection:
    """Open a database: WAL, foreign keys, busy timeout, latest schema.

    ``create=False`` refuses a missing file instead of making an empty book. ``read_only``
    opens an existing file without ever writing to it (SQLite's ``mode=ro``), for a book the
    user may read but not change; its schema must already be the latest.
    """
    in_memory = str(path) == ":memory:"
    if not in_memory:
        path = Path(path).expanduser()
        check_file(path)
        if not path.exists():
            if read_only or not create:
                raise DatabaseError(f"no LeadTemp book at {path}")
            try:
                _create_private(path)
            except FileExistsError:
                pass
            except OSError as error:
                raise DatabaseError(f"cannot create {path}: {error.strerror or error}") from None
        elif not read_only and is_read_only(path):
            raise DatabaseError(f"cannot write to {path}: the file or its folder is read-only")
    if read_only and not in_memory:
        return _connect_read_only(Path(path))
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


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """``mode=ro``; where SQLite cannot make the WAL's index (``-shm``) because the folder is
    read-only, and no WAL is waiting there to be read, ``immutable=1``: the file as it is."""
    conn: sqlite3.Connection | None = None
    try:
        conn = open_read_only(path, immutable=False)
        try:
            version = schema_version(conn)
        except sqlite3.OperationalError:
            conn.close()
            conn = None
            if Path(f"{path}-wal").exists() or os.access(path.parent, os.W_OK):
                raise
            conn = open_read_only(path, immutable=True)
            version = schema_version(conn)
        if version > LATEST_VERSION:
            raise DatabaseError(
                f"{path} was written by a newer version of LeadTemp (schema {version}, this "
                f"version reads up to {LATEST_VERSION}); please update LeadTemp"
            )
        if not _has_table(conn, "contacts"):
            raise DatabaseError(f"{path} is an SQLite file but not a LeadTemp database")
        if version < LATEST_VERSION:
            raise DatabaseError(
                f"{path} is read-only and from an older LeadTemp; it must be upgraded, which needs "
                "write access"
            )
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        return conn
    except sqlite3.Error as error:
        if conn is not None:
            conn.close()
        raise DatabaseError(f"cannot read {path}: {error}") from None
    except DatabaseError:
        if conn is not None:
            conn.close()
        raise


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    row = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone()
    return row is not None


def _has_any_table(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone() is not None


class Database:
    """A connection plus sqlite-utils helpers; used only on the thread that opened it."""

    def __init__(self, path: Path | str, *, create: bool = True, read_only: bool = False) -> None:
        self.path = Path(path) if str(path) != ":memory:" else Path(":memory:")
        self.read_only = read_only
        self.conn = connect(path, create=create, read_only=read_only)
        self._held = self.path.expanduser() if str(path) != ":memory:" else None
        if self._held is not None:
            database_files.hold(self._held)

    @cached_property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils over the same connection, loaded on first use: importing it (with its
        plugin scan, dateutil and click) takes ~40 ms, and opening the app needs none of it."""
        import sqlite_utils

        return sqlite_utils.Database(self.conn)

    @contextmanager
    def transaction(self, *, wait: bool = True) -> Iterator[sqlite3.Connection]:
        """One user action, all or nothing; nested calls become savepoints.

        The outer transaction takes the write lock up front (``BEGIN IMMEDIATE``) so a second
        process waits for it instead of failing on a stale snapshot; a full disk, a read-only file
        or a lock that outlasts the busy timeout becomes a :class:`DatabaseError`. Without
        ``wait``, a lock another process holds fails it at once: for a write that may be skipped
        (a cache) where waiting would hold up what the user waits for.
        """
        if self.conn.in_transaction:
            with self.db.atomic():
                yield self.conn
            return
        try:
            if not wait:
                self.conn.execute("PRAGMA busy_timeout = 0")
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            finally:
                if not wait:
                    self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            try:
                yield self.conn
                self.conn.execute("COMMIT")
            finally:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
        except sqlite3.Error as error:
            raise translated(self.path, error) from error

    def close(self) -> None:
        self.conn.close()
        if self._held is not None:
            database_files.release(self._held)
            self._held = None
