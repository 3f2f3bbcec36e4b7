"""Each interaction's rank among its contact's interactions of the same kind on its UTC day.

``interactions.day_rank`` is 1 for the first of a day (by time, then id), 2 for the next...: the
rule of ``leadtemp.scoring.daily`` kept by SQLite itself through every insert, delete and move (a
merge), whichever code writes, so folding the whole log with a daily limit per kind reads a plain
column. The SQL uses SQLite's core operators only, so every build can run it.
"""

from __future__ import annotations

import sqlite3


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


def _rank_of(row: str) -> str:
    return (
        f"1 + (SELECT count(*) FROM interactions WHERE {same_day(row)} AND id != {row}.id "
        f"AND NOT {_after(row)})"
    )


def create_triggers(conn: sqlite3.Connection) -> None:
    """The triggers that keep ``day_rank``: a row that joins a day ranks after the earlier ones
    and moves the later ones down one; a row that leaves moves them up one."""
    joins = (
        f"UPDATE interactions SET day_rank = day_rank + 1 WHERE {same_day('NEW')} AND id != NEW.id "
        f"AND {_after('NEW')}; "
        f"UPDATE interactions SET day_rank = {_rank_of('NEW')} WHERE id = NEW.id;"
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
