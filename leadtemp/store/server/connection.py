"""A psycopg connection that answers like the ``sqlite3`` one the store was written for.

Statements go through :mod:`.dialect`; PostgreSQL's errors come back as ``sqlite3``'s classes (a
constraint as ``IntegrityError``, a mistake in a query as ``ProgrammingError``), so the store's and
the service's handling stays one, and a lost server as a :class:`DatabaseError` naming it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import psycopg
from psycopg import errors as pg_errors
from psycopg.pq import TransactionStatus

from leadtemp.errors import DatabaseError, ServerUnreachable
from leadtemp.store.server import dialect

Row = tuple[Any, ...]
#: How long a write waits for another desktop's write to finish before it gives up.
LOCK_TIMEOUT = "5s"
#: Every write of a book takes this lock first, as SQLite's ``BEGIN IMMEDIATE`` takes the file's:
#: writers go one after another, so a read-then-write never works on what another just changed.
WRITE_LOCK = 7_140_019
_READ_WRITES = "SELECT last_value FROM leadtemp_writes"


class Cursor:
    """The rows of one statement, with sqlite3's ``lastrowid``, ``rowcount`` and ``description``."""

    def __init__(
        self,
        rows: Iterator[Row] | None = None,
        description: Sequence[Sequence[Any]] | None = None,
        lastrowid: int | None = None,
        rowcount: int = -1,
    ) -> None:
        self._rows: Iterator[Row] = rows if rows is not None else iter(())
        self.description = description
        self.lastrowid = lastrowid
        self.rowcount = rowcount

    def __iter__(self) -> Iterator[Row]:
        return self._rows

    def fetchone(self) -> Row | None:
        return next(self._rows, None)

    def fetchall(self) -> list[Row]:
        return list(self._rows)

    def fetchmany(self, size: int = 1) -> list[Row]:
        return [row for _, row in zip(range(size), self._rows, strict=False)]


class ServerConnection:
    """One psycopg connection in autocommit mode, transactions begun and ended by the store."""

    def __init__(self, raw: psycopg.Connection[Row], where: str, host: str = "") -> None:
        self.raw = raw
        self.where = where
        self.host = host
        self._own_writes = 0
        self._began_at: int | None = None
        #: Whether the schema has its write counter yet (not while it is being made).
        self._counted = False
        #: Whether a bulk write dropped the day ranks' triggers (``leadtemp.store.server.day_ranks``).
        self.ranks_paused = False

    def _writes(self) -> int:
        row = self._run(_READ_WRITES).fetchone()
        return int(row[0]) if row else 0

    def _others_writes(self) -> int:
        """The book's write counter (``leadtemp_writes``, moved by every statement that writes)
        less this connection's own moves: every write takes the book's write lock first, so what
        the counter moved between taking it and letting it go is this connection's."""
        return self._writes() - self._own_writes

    def counting_writes(self) -> None:
        """From now on, tell this connection's writes from others' (the schema is in place)."""
        self._counted = True
        self._own_writes = 0

    def begin(self) -> None:
        """Begin, wait for the write lock (at most ``LOCK_TIMEOUT``) and read the write counter,
        in one round trip."""
        statements = [
            "BEGIN",
            f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'",
            f"SELECT pg_advisory_xact_lock({WRITE_LOCK})",
        ]
        if self._counted:
            statements.append(_READ_WRITES)
        last = self._last_result("; ".join(statements))
        self._began_at = int(last[0]) if self._counted and last else None

    def end(self, statement: str) -> None:
        """``COMMIT`` or ``ROLLBACK``, and (in the same round trip) the write counter after it."""
        began_at, self._began_at = self._began_at, None
        if began_at is None:
            self._run(statement)
            return
        last = self._last_result(f"{statement}; {_READ_WRITES}")
        self._own_writes += (int(last[0]) if last else began_at) - began_at

    def _last_result(self, script: str) -> Row | None:
        """The first row of the last statement of ``script`` (statements without parameters)."""
        try:
            cursor = self.raw.execute(script)
            while cursor.nextset():
                pass
            return cursor.fetchone() if cursor.description is not None else None
        except psycopg.Error as error:
            raise self._translated(error) from error

    @property
    def in_transaction(self) -> bool:
        return self.raw.info.transaction_status != TransactionStatus.IDLE

    def execute(self, sql: str, parameters: Sequence[Any] | dict[str, Any] = ()) -> Cursor:
        begin = dialect.begin_statement(sql)
        if begin == "BEGIN":
            self.begin()
            return Cursor()
        if begin is not None:
            self._run(begin)
            return Cursor()
        if sql.strip().upper() in ("COMMIT", "ROLLBACK"):
            self.end(sql.strip().upper())
            return Cursor()
        pragma = dialect.pragma(sql)
        if pragma is not None:
            return self._pragma(*pragma)
        statement = dialect.translated(sql)
        returning = dialect.returning_id(statement)
        cursor = self._run(returning or statement, _values(parameters))
        if returning is not None:
            row = cursor.fetchone()
            return Cursor(lastrowid=None if row is None else int(row[0]), rowcount=cursor.rowcount)
        if cursor.description is None:
            return Cursor(rowcount=cursor.rowcount)
        return Cursor(iter(cursor.fetchall()), cursor.description, rowcount=cursor.rowcount)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> Cursor:
        statement = dialect.translated(sql)
        batch = [_values(row) for row in rows]
        if not batch:
            return Cursor(rowcount=0)
        try:
            with self.raw.cursor() as cursor:
                cursor.executemany(statement, batch)
                return Cursor(rowcount=cursor.rowcount)
        except psycopg.Error as error:
            raise self._translated(error) from error

    def close(self) -> None:
        self.raw.close()

    def _run(self, statement: str, parameters: Sequence[Any] | None = None) -> psycopg.Cursor[Row]:
        try:
            return self.raw.execute(statement, parameters)
        except psycopg.Error as error:
            raise self._translated(error) from error

    def _translated(self, error: psycopg.Error) -> Exception:
        return translated(self.where, error, self.host)

    def _pragma(self, name: str, argument: str) -> Cursor:
        """The few PRAGMAs the store asks, answered from PostgreSQL's catalog."""
        if name == "table_info":
            rows = self._run(
                "SELECT ordinal_position - 1, column_name FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND table_name = %s AND column_name != %s "
                "ORDER BY ordinal_position",
                (argument, dialect.ROWID),
            ).fetchall()
            return Cursor(iter(rows))
        if name == "defer_foreign_keys":
            self._run("SET CONSTRAINTS ALL DEFERRED")
            return Cursor()
        if name == "foreign_key_check":
            return Cursor(iter(self._foreign_key_problems()))
        if name == "data_version":
            return Cursor(iter([(self._others_writes(),)]))
        if name == "user_version":
            return Cursor(iter([(schema_version(self),)]))
        raise sqlite3.ProgrammingError(f"PRAGMA {name} has no PostgreSQL form")

    def _foreign_key_problems(self) -> list[Row]:
        """The table of a row that refers to a missing one, checked now (inside a savepoint, so a
        finding leaves the transaction usable for the caller to roll back)."""
        self._run("SAVEPOINT leadtemp_links")
        try:
            self.raw.execute("SET CONSTRAINTS ALL IMMEDIATE")
        except pg_errors.ForeignKeyViolation as error:
            self._run("ROLLBACK TO SAVEPOINT leadtemp_links")
            return [(error.diag.table_name or "a table", None, None, None)]
        self._run("RELEASE SAVEPOINT leadtemp_links")
        return []


def schema_version(conn: ServerConnection) -> int:
    """The schema's version (0 for an empty database)."""
    exists = conn.raw.execute("SELECT to_regclass('leadtemp_schema') IS NOT NULL").fetchone()
    if not exists or not exists[0]:
        return 0
    row = conn.raw.execute("SELECT coalesce(max(version), 0) FROM leadtemp_schema").fetchone()
    return int(row[0]) if row else 0


def _values(parameters: Sequence[Any] | dict[str, Any]) -> list[Any]:
    """The parameters, with SQLite's booleans (0 and 1 in integer columns)."""
    values = parameters.values() if isinstance(parameters, dict) else parameters
    return [int(value) if isinstance(value, bool) else value for value in values]


def translated(where: str, error: psycopg.Error, host: str = "") -> Exception:
    """``error`` as the ``sqlite3`` error the store handles, or a :class:`DatabaseError` for a
    server that is gone, busy or refuses the user."""
    text = (error.diag.message_primary if error.diag else None) or str(error).strip().splitlines()[0]
    if isinstance(error, psycopg.IntegrityError):
        return sqlite3.IntegrityError(text)
    if isinstance(
        error, pg_errors.LockNotAvailable | pg_errors.SerializationFailure | pg_errors.DeadlockDetected
    ):
        return DatabaseError(
            f"{where} is busy: another desktop is writing to the book; try again in a moment; "
            "nothing was changed"
        )
    if isinstance(error, pg_errors.InsufficientPrivilege | pg_errors.ReadOnlySqlTransaction):
        return DatabaseError(f"{where}: this role may only read the book ({text}); nothing was changed")
    if isinstance(error, psycopg.OperationalError | psycopg.InterfaceError):
        return ServerUnreachable(f"lost the connection to {where} ({text}); nothing was changed", host)
    if isinstance(error, psycopg.DataError):
        return sqlite3.IntegrityError(text)
    return sqlite3.ProgrammingError(text)
