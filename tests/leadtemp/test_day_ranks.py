"""The rank SQLite keeps for each interaction within its contact's kind and UTC day is the rank
the scorer's rule gives (``leadtemp.scoring.daily.day_ranks``), through inserts in any order,
deletes and moves between contacts (a merge), and after the migration that adds it."""

from __future__ import annotations

import sqlite3

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leadtemp.scoring.daily import day_ranks
from leadtemp.store import Store
from leadtemp.store import day_ranks as rank_triggers
from leadtemp.store.migrations import MIGRATIONS, migrate

DAY = 86400
#: Around midnight of one day and across the next, and before 1970 too.
times = st.one_of(
    st.integers(min_value=20_000 * DAY - 7200, max_value=20_002 * DAY).map(float),
    st.floats(min_value=20_000 * DAY - 7200, max_value=20_002 * DAY, allow_nan=False, allow_subnormal=False),
    st.floats(min_value=-DAY - 10, max_value=10, allow_nan=False, allow_subnormal=False),
)
steps = st.lists(
    st.tuples(
        st.sampled_from(["insert", "insert", "insert", "delete", "move"]),
        st.integers(min_value=1, max_value=2),
        st.sampled_from(["email_open", "website_visit"]),
        times,
        st.integers(min_value=0, max_value=40),
    ),
    max_size=40,
)


def expected_ranks(conn: sqlite3.Connection) -> dict[int, int]:
    rows = conn.execute("SELECT id, contact_id, kind, occurred_at FROM interactions ORDER BY id").fetchall()
    result: dict[int, int] = {}
    for contact_id in {row[1] for row in rows}:
        own = [row for row in rows if row[1] == contact_id]
        for row, rank in zip(own, day_ranks([(kind, at) for _, _, kind, at in own]), strict=True):
            result[row[0]] = rank
    return result


def stored_ranks(conn: sqlite3.Connection) -> dict[int, int]:
    return dict(conn.execute("SELECT id, day_rank FROM interactions").fetchall())


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps)
def test_the_stored_rank_follows_every_insert_delete_and_move(
    script: list[tuple[str, int, str, float, int]],
) -> None:
    store = Store(":memory:")
    try:
        for contact in (1, 2):
            store.insert_contact({"name": f"Lead {contact}"}, 0)
        for action, contact_id, kind, at, pick in script:
            ids = [row[0] for row in store.conn.execute("SELECT id FROM interactions ORDER BY id")]
            if action == "insert" or not ids:
                store.insert_interaction(contact_id, kind, at, "", 0)
            elif action == "delete":
                store.delete_interaction(ids[pick % len(ids)])
            else:
                store.move_interactions([ids[pick % len(ids)]], contact_id)
            assert stored_ranks(store.conn) == expected_ranks(store.conn)
    finally:
        store.close()


def test_the_migration_ranks_the_interactions_an_older_book_holds() -> None:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    migrate(conn, len(MIGRATIONS) - 1)
    conn.execute("INSERT INTO contacts (id, name, created_at, updated_at) VALUES (1, 'Dana', 0, 0)")
    at = 20_000 * DAY
    log = [
        ("email_open", at + 50),
        ("email_open", at + 10),
        ("email_open", at - 5),
        ("website_visit", at + 10),
    ]
    log += [("email_open", at + 10)]
    conn.executemany(
        "INSERT INTO interactions (contact_id, kind, occurred_at, note, created_at) VALUES (1, ?, ?, '', 0)",
        log,
    )
    migrate(conn)
    assert stored_ranks(conn) == expected_ranks(conn) == {1: 3, 2: 1, 3: 1, 4: 1, 5: 2}


@settings(max_examples=30, deadline=None)
@given(steps)
def test_a_bulk_write_with_the_triggers_paused_ranks_every_row_once_at_the_end(
    script: list[tuple[str, int, str, float, int]],
) -> None:
    store = Store(":memory:")
    try:
        for contact in (1, 2):
            store.insert_contact({"name": f"Lead {contact}"}, 0)
        with store.transaction() as conn, rank_triggers.paused(conn):
            for _, contact_id, kind, at, _ in script:
                store.insert_interaction(contact_id, kind, at, "", 0)
        assert stored_ranks(store.conn) == expected_ranks(store.conn)
        store.insert_interaction(1, "email_open", 20_000 * DAY, "", 0)
        assert stored_ranks(store.conn) == expected_ranks(store.conn)
    finally:
        store.close()


@settings(max_examples=40, deadline=None)
@given(steps, steps)
def test_new_rows_added_in_bulk_rank_their_days_once_among_the_rows_already_there(
    before: list[tuple[str, int, str, float, int]],
    added: list[tuple[str, int, str, float, int]],
) -> None:
    store = Store(":memory:")
    try:
        for contact in (1, 2):
            store.insert_contact({"name": f"Lead {contact}"}, 0)
        for _, contact_id, kind, at, _ in before:
            store.insert_interaction(contact_id, kind, at, "", 0)
        with store.transaction() as conn, rank_triggers.adding(conn):
            for _, contact_id, kind, at, _ in added:
                store.insert_interaction(contact_id, kind, at, "", 0)
        assert stored_ranks(store.conn) == expected_ranks(store.conn)
        store.insert_interaction(2, "website_visit", 20_000 * DAY + 5, "", 0)
        assert stored_ranks(store.conn) == expected_ranks(store.conn)
    finally:
        store.close()
