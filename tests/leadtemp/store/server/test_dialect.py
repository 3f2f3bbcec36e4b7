"""The store's SQLite SQL in PostgreSQL's words: one rule per difference, literals left alone."""

from __future__ import annotations

import pytest

from leadtemp.store.day_ranks import same_day
from leadtemp.store.server import dialect


def test_placeholders_become_psycopgs_and_a_literal_keeps_its_question_mark_and_percent() -> None:
    assert dialect.translated("SELECT 'a?%' FROM t WHERE x = ? AND y LIKE '%_@_%'") == (
        "SELECT 'a?%%' FROM t WHERE x = %s AND y LIKE '%%_@_%%'"
    )


def test_insert_or_replace_updates_every_column_but_the_tables_key() -> None:
    assert dialect.translated(
        "INSERT OR REPLACE INTO checklist_progress (contact_id, temperature, item_id, done_at) "
        "VALUES (?, ?, ?, ?)"
    ) == (
        "INSERT INTO checklist_progress (contact_id, temperature, item_id, done_at) VALUES (%s, %s, %s, %s) "
        "ON CONFLICT (contact_id, temperature, item_id) DO UPDATE SET done_at = EXCLUDED.done_at"
    )


def test_insert_or_ignore_does_nothing_on_any_conflict() -> None:
    assert dialect.translated(
        "INSERT OR IGNORE INTO contact_addresses (contact_id, address) "
        "SELECT ?, address FROM x ORDER BY rowid"
    ) == (
        "INSERT INTO contact_addresses (contact_id, address) SELECT %s, address FROM x ORDER BY rowid "
        "ON CONFLICT DO NOTHING"
    )


def test_index_hints_are_dropped_and_arithmetic_is_not() -> None:
    assert (
        dialect.translated(
            "SELECT day_rank + 1 FROM interactions INDEXED BY interactions_by_kind WHERE +kind IN (?)"
        )
        == "SELECT day_rank + 1 FROM interactions WHERE kind IN (%s)"
    )


def test_the_utc_day_of_an_instant_is_postgresqls_floor() -> None:
    translated = dialect.translated(f"SELECT 1 FROM interactions WHERE {same_day('i')}")
    assert "CAST" not in translated and "floor(i.occurred_at / 86400.0) * 86400" in translated


@pytest.mark.parametrize(
    ("sql", "returning"),
    [
        ("INSERT INTO contacts (name) VALUES (%s)", "INSERT INTO contacts (name) VALUES (%s) RETURNING id"),
        ("INSERT INTO pins (contact_id) VALUES (%s)", None),
        ("UPDATE contacts SET name = %s", None),
    ],
)
def test_an_insert_into_a_table_with_an_id_hands_the_id_back(sql: str, returning: str | None) -> None:
    assert dialect.returning_id(sql) == returning


def test_every_table_of_the_whole_book_has_a_key_for_its_upserts() -> None:
    from leadtemp.store import whole_book

    assert set(whole_book.TABLES) | {"settings", "score_state"} <= set(dialect.KEYS)


def test_an_empty_list_is_an_empty_array_for_in_and_not_in() -> None:
    assert dialect.translated("SELECT 1 WHERE a IN () AND b NOT IN ( )") == (
        "SELECT 1 WHERE a = ANY('{}') AND b <> ALL('{}')"
    )
