"""``interactions.day_rank`` on PostgreSQL: the rule of ``leadtemp.store.day_ranks`` kept by a
PL/pgSQL trigger (one function for an insert, a delete and a move)."""

from __future__ import annotations

from leadtemp.store.server.connection import ServerConnection
from leadtemp.store.server.roles import owns_the_book

TRIGGERS = ("interactions_rank_insert", "interactions_rank_delete", "interactions_rank_move")


def _same_day(row: str) -> str:
    start = f"floor({row}.occurred_at / 86400.0) * 86400"
    return (
        f"contact_id = {row}.contact_id AND kind = {row}.kind "
        f"AND occurred_at >= {start} AND occurred_at < {start} + 86400 AND id != {row}.id"
    )


def _after(row: str) -> str:
    return f"(occurred_at > {row}.occurred_at OR (occurred_at = {row}.occurred_at AND id > {row}.id))"


_FUNCTION = f"""
CREATE OR REPLACE FUNCTION leadtemp_rank() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE interactions SET day_rank = day_rank - 1 WHERE {_same_day("OLD")} AND {_after("OLD")};
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE interactions SET day_rank = day_rank + 1 WHERE {_same_day("NEW")} AND {_after("NEW")};
        UPDATE interactions SET day_rank = 1 + (
            SELECT count(*) FROM interactions WHERE {_same_day("NEW")} AND NOT {_after("NEW")}
        ) WHERE id = NEW.id;
    END IF;
    RETURN NULL;
END $$
"""


def create_triggers(conn: ServerConnection) -> None:
    conn.raw.execute(_FUNCTION)
    conn.raw.execute(
        "CREATE TRIGGER interactions_rank_insert AFTER INSERT ON interactions "
        "FOR EACH ROW EXECUTE FUNCTION leadtemp_rank()"
    )
    conn.raw.execute(
        "CREATE TRIGGER interactions_rank_delete AFTER DELETE ON interactions "
        "FOR EACH ROW EXECUTE FUNCTION leadtemp_rank()"
    )
    conn.raw.execute(
        "CREATE TRIGGER interactions_rank_move AFTER UPDATE OF contact_id, kind, occurred_at ON interactions "
        "FOR EACH ROW WHEN (OLD.contact_id IS DISTINCT FROM NEW.contact_id OR OLD.kind IS DISTINCT FROM "
        "NEW.kind OR OLD.occurred_at IS DISTINCT FROM NEW.occurred_at) EXECUTE FUNCTION leadtemp_rank()"
    )


def rank_all(conn: ServerConnection) -> None:
    conn.raw.execute(
        "UPDATE interactions SET day_rank = ranked.day_rank FROM (SELECT id, row_number() OVER "
        "(PARTITION BY contact_id, kind, floor(occurred_at / 86400.0) ORDER BY occurred_at, id) AS day_rank "
        "FROM interactions) AS ranked WHERE ranked.id = interactions.id "
        "AND interactions.day_rank != ranked.day_rank"
    )


def pause(conn: ServerConnection) -> None:
    """Drop the triggers for a bulk write; a role that does not own the book may not, so for it
    they keep each rank row by row (slower, the same ranks)."""
    if not owns_the_book(conn):
        return
    for name in TRIGGERS:
        conn.raw.execute(f"DROP TRIGGER {name} ON interactions")
    conn.ranks_paused = True


def resume(conn: ServerConnection) -> None:
    if not conn.ranks_paused:
        return
    rank_all(conn)
    create_triggers(conn)
    conn.ranks_paused = False
