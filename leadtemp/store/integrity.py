"""A read-only health check of a database file: integrity, links between records, schema version.

It never opens the file for writing, never migrates it and never rebuilds anything, so it is
safe to run on a damaged file or on one another LeadTemp window has open. What the check makes
of the cached scores is the caller's (see ``leadtemp.integrity``): it gets a :class:`CacheReader`.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from leadtemp.errors import DatabaseError
from leadtemp.server_address import is_server_address
from leadtemp.store.database import not_an_sqlite_file, open_read_only
from leadtemp.store.migrations import LATEST_VERSION
from leadtemp.store.rows import STATE_FIELDS, columns

if TYPE_CHECKING:
    import sqlite_utils

MAX_LISTED = 20
_STATE_QUERY = f"SELECT contact_id, {columns(STATE_FIELDS)} FROM score_state"


@dataclass(frozen=True)
class Report:
    """What the check found: ``problems`` make it fail, ``notes`` are harmless facts."""

    #: The file, or a server book's address.
    path: Path | str
    problems: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    schema_version: int | None = None
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        """The report as the CLI prints it and the dialog shows it."""
        if self.ok:
            summary = ", ".join(f"{count} {name}" for name, count in self.counts.items())
            head = [f"ok: {self.path}" + (f" ({summary})" if summary else "")]
        else:
            head = [f"{len(self.problems)} problem(s) in {self.path}:"]
            head += [f"  problem: {problem}" for problem in self.problems]
        return head + [f"  note: {note}" for note in self.notes]


def _schema(conn: sqlite3.Connection) -> sqlite_utils.Database:
    """sqlite-utils' view of the schema, over the check's read-only connection as it is (no
    pragma set, no plugin run)."""
    import sqlite_utils  # only a check needs it (see Database.db)

    return sqlite_utils.Database(conn, recursive_triggers=False, execute_plugins=False)


class CacheReader:
    """The score caches of a book being checked, and the log they were folded from."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def stored_rules(self) -> str | None:
        """The ``rules`` setting as stored (JSON text), None when there is none."""
        row = self._conn.execute("SELECT value FROM settings WHERE key = 'rules'").fetchone()
        return None if row is None else str(row[0])

    def states(self) -> dict[int, tuple[Any, ...]]:
        """Each cached state as :data:`~leadtemp.store.rows.STATE_FIELDS`, by contact id."""
        return {row[0]: tuple(row[1:]) for row in self._conn.execute(_STATE_QUERY)}

    def contacts_without_state(self) -> int:
        count: int = self._conn.execute(
            "SELECT count(*) FROM contacts WHERE id NOT IN (SELECT contact_id FROM score_state)"
        ).fetchone()[0]
        return count

    def logs(self) -> dict[int, list[tuple[str, float]]]:
        """Each contact's (kind, occurred_at) log, oldest first."""
        logs: dict[int, list[tuple[str, float]]] = {}
        for contact_id, kind, at in self._conn.execute(
            "SELECT contact_id, kind, occurred_at FROM interactions ORDER BY contact_id, occurred_at, id"
        ):
            logs.setdefault(contact_id, []).append((kind, at))
        return logs


#: Looks at the score caches and adds to the problems and the notes.
ScoreCheck = Callable[[CacheReader, list[str], list[str]], None]


def check(path: Path | str, *, scores: ScoreCheck | None = None) -> Report:
    """Integrity, foreign keys, schema version and (with ``scores``) the score cache."""
    if is_server_address(path):
        return _check_server(path, scores)
    path = Path(path).expanduser()
    problem = _file_problem(path)
    if problem:
        return Report(path, (problem,))
    problems: list[str] = []
    notes: list[str] = []
    version: int | None = None
    counts: dict[str, int] = {}
    try:
        conn = open_read_only(path)
    except sqlite3.Error as error:
        return Report(path, (f"cannot open the file: {error}",))
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        tables = set(_schema(conn).table_names())
        problems += integrity_problems(conn)
        if "contacts" not in tables:
            problems.append("not a LeadTemp database (no contacts table)")
        elif version > LATEST_VERSION:
            problems.append(
                f"written by a newer version of LeadTemp (schema {version}; this version reads up to "
                f"{LATEST_VERSION})"
            )
        else:
            if version < LATEST_VERSION:
                notes.append(f"schema {version} will be upgraded to {LATEST_VERSION} when opened")
            counts = {
                name: int(conn.execute(f"SELECT count(*) FROM {name}").fetchone()[0])
                for name in ("contacts", "interactions")
            }
            problems += _foreign_key_problems(conn)
            if scores is not None and not problems and version == LATEST_VERSION:
                scores(CacheReader(conn), problems, notes)
    except sqlite3.Error as error:
        problems.append(f"cannot read the file: {error}")
    finally:
        conn.close()
    return Report(path, tuple(problems), tuple(notes), version, counts)


def _check_server(path: Path | str, scores: ScoreCheck | None) -> Report:
    """A book on a server: the server keeps its pages and its links sound itself (constraints
    are checked on every commit), so the schema version and the score caches are what is left to
    look at, read in one snapshot without writing."""
    from leadtemp.server_address import ServerAddress
    from leadtemp.store.server.database import ServerDatabase

    address = ServerAddress.parse(os.fspath(path))
    shown = str(address)
    try:
        database = ServerDatabase(address, create=False, read_only=True)
    except DatabaseError as error:
        return Report(shown, (str(error),))
    conn = cast(sqlite3.Connection, database.conn)
    problems: list[str] = []
    notes: list[str] = []
    try:
        conn.execute("BEGIN DEFERRED")
        counts = {
            name: int(conn.execute(f"SELECT count(*) FROM {name}").fetchone()[0])
            for name in ("contacts", "interactions")
        }
        if scores is not None:
            scores(CacheReader(conn), problems, notes)
        conn.execute("ROLLBACK")
    except (sqlite3.Error, DatabaseError) as error:
        return Report(shown, (f"cannot read the book: {error}",))
    finally:
        database.close()
    return Report(shown, tuple(problems), tuple(notes), LATEST_VERSION, counts)


def _file_problem(path: Path) -> str | None:
    """What stops the file being read at all, found without opening it outside SQLite."""
    if not path.exists():
        return f"no such file: {path}"
    if path.is_dir():
        return f"{path} is a folder, not a database file"
    if not os.access(path, os.R_OK):
        return f"cannot read {path}: permission denied"
    if path.stat().st_size == 0:
        return "the file is empty"
    if not_an_sqlite_file(path):
        return "not an SQLite database (the file header is wrong)"
    return None


def integrity_problems(conn: sqlite3.Connection) -> list[str]:
    """``PRAGMA integrity_check`` findings; empty when the file is sound."""
    rows = [str(row[0]) for row in conn.execute(f"PRAGMA integrity_check({MAX_LISTED})")]
    if rows == ["ok"]:
        return []
    lines = [line for row in rows for line in row.splitlines() if line.strip()]
    return [f"integrity: {line}" for line in lines[:MAX_LISTED]]


def _foreign_key_problems(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute("PRAGMA foreign_key_check").fetchmany(MAX_LISTED)
    return [f"{table} row {rowid} refers to a missing {parent} row" for table, rowid, parent, _ in rows]
