"""Each interaction's rank among its contact's interactions of the same kind on its UTC day.

``interactions.day_rank`` is 1 for the first of a day (by time, then id), 2 for the next...: the
rule of ``leadtemp.scoring.daily`` kept by SQLite itself through every insert, delete and move (a
merge), whichever code writes, so folding the whole log with a daily limit per kind reads a plain
column. The SQL uses SQLite's core operators only, so every build can run it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

TRIGGERS = ("interactions_rank_insert", "interactions_rank_delete", "interactions_rank_move")


def utc_day(column: str) -> str:
    """SQL: the UTC day of an instant (epoch seconds, whole or not), exactly: the truncated
    quotient, one less when that overshoots (a time before 1970, or a quotient rounded up)."""
    whole = f"CAST({column} / 86400 AS INTEGER)"
    return f"({whole} - ({column} < {whole} * 86400))"


def same_day(row: str) -> str:
    """SQL: an interaction of the same contact and kind as ``row``, on the same UTC day."""
    start = f"{utc_day(f'{row}.occurred_at')} * 86400"
    return (
        f"contact_id = {row}.contact_id AND kind = {row}.kind "
        f"AND occurred_at >= {start} AND occurred_at < {start} + 86400"
    )


def _after(row: str) -> str:
    """SQL: an interaction later than ``row`` on its day (by time, then id)."""
    return f"(occurred_at > {row}.occurred_at OR (occurred_at = {row}.occurred_at AND id > {row}.id))"


def _earlier(row: str) -> str:
    """SQL: the interactions before ``row`` on its day, of its contact and kind."""
    return f"FROM interactions WHERE {same_day(row)} AND id != {row}.id AND NOT {_after(row)}"


def create_triggers(conn: sqlite3.Connection) -> None:
    """The triggers that keep ``day_rank``: a row that joins a day ranks after the earlier ones
    and moves the later ones down one; a row that leaves moves them up one."""
    joins = (
        f"UPDATE interactions SET day_rank = day_rank + 1 WHERE {same_day('NEW')} AND id != NEW.id "
        f"AND {_after('NEW')}; "
        # The first of its day keeps the column's default: no second write of the row.
        f"UPDATE interactions SET day_rank = 1 + (SELECT count(*) {_earlier('NEW')}) WHERE id = NEW.id "
        f"AND (NEW.day_rank != 1 OR EXISTS (SELECT 1 {_earlier('NEW')}));"
    )
    leaves = (
        f"UPDATE interactions SET day_rank = day_rank - 1 WHERE {same_day('OLD')} AND id != OLD.id "
        f"AND {_after('OLD')};"
    )
    conn.execute(f"CREATE TRIGGER interactions_rank_insert AFTER INSERT ON interactions BEGIN {joins} END")
    conn.execute(f"CREATE TRIGGER interactions_rank_delete AFTER DELETE ON interactions BEGIN {leaves} END")
    conn.execute(
        "CREATE TRIGGER interactions_rank_move AFTER UPDATE OF contact_id, kind, occurred_at ON interactions "
        "WHEN OLD.contact_id IS NOT NEW.contact_id OR OLD.kind IS NOT NEW.kind "
        f"OR OLD.occurred_at IS NOT NEW.occurred_at BEGIN {leaves} {joins} END"
    )


def rank_all(conn: sqlite3.Connection) -> None:
    """Work every interaction's rank out afresh, in one pass over the log."""
    conn.execute(
        "UPDATE interactions SET day_rank = ranked.day_rank FROM (SELECT id, row_number() OVER "
        f"(PARTITION BY contact_id, kind, {utc_day('occurred_at')} ORDER BY occurred_at, id) AS day_rank "
        "FROM interactions) AS ranked WHERE ranked.id = interactions.id "
        "AND interactions.day_rank != ranked.day_rank"
    )


def pause(conn: sqlite3.Connection) -> None:
    """Before writing many interactions in one transaction: no trigger runs per row (see
    :func:`resume`)."""
    if not isinstance(conn, sqlite3.Connection):
        from leadtemp.store.server import day_ranks as server

        server.pause(conn)
        return
    for name in TRIGGERS:
        conn.execute(f"DROP TRIGGER {name}")


def resume(conn: sqlite3.Connection) -> None:
    """After :func:`pause`: every rank worked out once, and the triggers back."""
    if not isinstance(conn, sqlite3.Connection):
        from leadtemp.store.server import day_ranks as server

        server.resume(conn)
        return
    rank_all(conn)
    create_triggers(conn)


def rank_days_from(conn: sqlite3.Connection, first_id: int) -> None:
    """Work out afresh the ranks of the days the interactions from ``first_id`` on belong to (one
    statement over those days' rows alone; every other day keeps its ranks)."""
    day = utc_day("occurred_at")
    conn.execute(
        f"WITH days AS (SELECT DISTINCT contact_id, kind, {day} AS day FROM interactions NOT INDEXED "
        "WHERE id >= ?), "
        "ranked AS (SELECT i.id, row_number() OVER (PARTITION BY i.contact_id, i.kind, days.day "
        "ORDER BY i.occurred_at, i.id) AS day_rank FROM days JOIN interactions AS i "
        "ON i.kind = days.kind AND i.contact_id = days.contact_id "
        "AND i.occurred_at >= days.day * 86400 AND i.occurred_at < days.day * 86400 + 86400) "
        "UPDATE interactions SET day_rank = ranked.day_rank FROM ranked "
        "WHERE ranked.id = interactions.id AND interactions.day_rank != ranked.day_rank",
        (first_id,),
    )


@contextmanager
def adding(conn: sqlite3.Connection) -> Iterator[None]:
    """Many new interactions in one transaction, and nothing else written to the log: no trigger
    runs per row, and the days the new rows joined are ranked once at the end (a book's other days
    are never read). Inside a transaction, so one that fails rolls the triggers back with the rows.
    A server book keeps its triggers: they rank each row as it comes, as its other writers expect."""
    if not isinstance(conn, sqlite3.Connection):
        yield
        return
    first_id = int(conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM interactions").fetchone()[0])
    pause(conn)
    yield
    rank_days_from(conn, first_id)
    create_triggers(conn)


@contextmanager
def paused(conn: sqlite3.Connection) -> Iterator[None]:
    """:func:`pause`, then :func:`resume` once the block has written (inside a transaction: one
    that fails rolls the triggers back with the rows)."""
    pause(conn)
    yield
    resume(conn)
