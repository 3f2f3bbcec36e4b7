"""The whole book as tables of rows, for the JSON export and its import: which tables there are,
reading them in one snapshot and writing them back into an empty book.

Callers hold the transaction; rows are plain tuples in each table's own column order.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from leadtemp.store import day_ranks
from leadtemp.store.store import Store

#: The book's tables in an order that satisfies foreign keys when inserted front to back (the
#: settings travel apart, and the score state is rebuilt from the log).
TABLES: tuple[str, ...] = (
    "import_batches",
    "contacts",
    "interactions",
    "pins",
    "checklist_progress",
    "import_updates",
    "outcome_changes",
    "contact_merges",
    "rules_history",
    "next_steps",
    "snoozes",
    "capture_batches",
    "capture_contacts",
    "capture_keys",
    "contact_addresses",
    "ignored_senders",
    "imap_folders",
    "companies",
    "company_people",
    "contact_seniority",
    "stakeholder_joins",
    "qualifications",
    "lead_changes",
)


#: Columns SQLite derives from the others (see ``leadtemp.store.day_ranks``): neither exported
#: nor imported, the book recomputes them.
DERIVED_COLUMNS: dict[str, tuple[str, ...]] = {"interactions": ("day_rank",)}


def table_columns(store: Store, table: str) -> list[str]:
    derived = DERIVED_COLUMNS.get(table, ())
    return [row[1] for row in store.conn.execute(f"PRAGMA table_info({table})") if row[1] not in derived]


@contextmanager
def read_snapshot(store: Store) -> Iterator[None]:
    """One read transaction: every query inside sees the same book, and no write lock is taken
    (so the window keeps working during a long export, and a read-only book exports)."""
    store.conn.execute("BEGIN DEFERRED")
    try:
        yield
    finally:
        store.conn.execute("ROLLBACK")


def table_rows(store: Store, table: str, columns: Sequence[str]) -> Iterator[tuple[Any, ...]]:
    """Every row of ``table`` as ``columns``, in the order they were written."""
    yield from store.conn.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY rowid")


#: Where a window's first screen is remembered (see :mod:`leadtemp.first_screen`).
FIRST_SCREEN_SETTING = "first_screen"
#: Settings that are caches the book rebuilds, not user data: they stay out of the export.
CACHE_SETTINGS: frozenset[str] = frozenset({FIRST_SCREEN_SETTING})


def settings(store: Store) -> dict[str, Any]:
    """Every setting but the caches, by key in order, as the JSON it is stored as."""
    return {
        key: json.loads(value)
        for key, value in store.conn.execute("SELECT key, value FROM settings ORDER BY key")
        if key not in CACHE_SETTINGS
    }


def row_counts(store: Store) -> dict[str, int]:
    """How many rows each of :data:`TABLES` holds."""
    return {table: int(store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]) for table in TABLES}


def begin_restore(store: Store) -> None:
    """Rows come back table by table, so their links are checked at commit (see
    :func:`broken_link`); the settings and score states of the empty book make way, and the
    day ranks wait for :func:`end_restore`."""
    store.conn.execute("PRAGMA defer_foreign_keys = ON")
    store.conn.execute("DELETE FROM settings")
    store.conn.execute("DELETE FROM score_state")
    day_ranks.pause(store.conn)


def end_restore(store: Store) -> None:
    """Once every row is back: the interactions' day ranks, worked out in one pass."""
    day_ranks.resume(store.conn)


def insert_rows(store: Store, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    if rows:
        marks = ", ".join("?" for _ in columns)
        store.conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)


def broken_link(store: Store) -> str | None:
    """The first table with a row that refers to a row not in the book, if any."""
    problem = store.conn.execute("PRAGMA foreign_key_check").fetchone()
    return None if problem is None else str(problem[0])
