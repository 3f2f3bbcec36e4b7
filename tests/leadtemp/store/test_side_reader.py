"""Reads on a second connection beside the store's: only where that one sees the same book."""

from __future__ import annotations

from pathlib import Path

import pytest

from leadtemp import database_files
from leadtemp.rescoring import compute_states
from leadtemp.scoring.rules import Rules
from leadtemp.store import Store
from leadtemp.store.database import Database
from tests.leadtemp.test_store import DAY, add, fill

NOW = 1_700_000_000.0
WEIGHTS = {"pricing_request": 45.0, "website_visit": 3.0}


def test_a_transaction_sees_only_committed_data_until_it_writes(db_path: Path) -> None:
    store = Store(db_path)
    try:
        database = store.database
        assert isinstance(database, Database)
        assert database.sees_only_committed()
        with store.transaction():
            assert database.sees_only_committed()
            add(store, "Dana")
            assert not database.sees_only_committed()
        assert database.sees_only_committed()
    finally:
        store.close()


def test_the_trend_of_everybody_is_read_beside_the_store(db_path: Path, side_statements: list[str]) -> None:
    store = Store(db_path)
    try:
        first = add(store, "Dana")
        with store.transaction():
            store.insert_interaction(first, "pricing_request", NOW - 2 * DAY, "", NOW)
            store.insert_interaction(first, "website_visit", NOW - 20 * DAY, "", NOW)
        rates = store.signal_rates_alongside(NOW - 28 * DAY, NOW - 14 * DAY, NOW, WEIGHTS)()
        assert rates == {first: (45.0, 3.0)}
        assert [s for s in side_statements if "GROUP BY contact_id" in s]
    finally:
        store.close()


def test_a_transaction_that_wrote_reads_its_own_writes_on_its_own_connection(
    db_path: Path, side_statements: list[str]
) -> None:
    """The second connection cannot see what this one has not committed: a read after a write in
    the same transaction stays here, and so sees the write."""
    store = Store(db_path)
    try:
        first = add(store, "Dana")
        with store.transaction():
            store.insert_interaction(first, "pricing_request", NOW - 2 * DAY, "", NOW)
            rates = store.signal_rates_alongside(NOW - 28 * DAY, NOW - 14 * DAY, NOW, WEIGHTS)()
            assert rates == {first: (45.0, 0.0)}
            if store.has_math_functions():
                states = compute_states(store, Rules())
                assert states[first][5] == pytest.approx(NOW - 2 * DAY)  # explicit interest's ref
        assert side_statements == []
    finally:
        store.close()


def test_a_full_rebuild_reads_beside_the_store_and_agrees_with_one_read_here(
    db_path: Path, side_statements: list[str]
) -> None:
    store = Store(db_path)
    try:
        if not store.has_math_functions():
            pytest.skip("this SQLite build has no math functions: the log is folded in Python")
        fill(store, contacts=4)
        beside = compute_states(store, Rules())
        assert side_statements
        side_statements.clear()
        with store.transaction():
            add(store, "Lee")  # a write: the rebuild now reads on the store's own connection
            here = compute_states(store, Rules())
        assert side_statements == []
        assert {cid: state for cid, state in here.items() if cid in beside} == beside
    finally:
        store.close()


def test_closing_the_store_closes_the_second_connection(db_path: Path) -> None:
    store = Store(db_path)
    add(store, "Dana")
    store.signal_rates_alongside(NOW - 28 * DAY, NOW - 14 * DAY, NOW, WEIGHTS)()
    assert store._side_reader is not None
    store.close()
    assert database_files.open_database_of(db_path) is None
