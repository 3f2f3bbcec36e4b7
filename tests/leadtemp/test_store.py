"""The store: how the file is opened (and refused), and its typed reads and writes."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from leadtemp.clock import from_timestamp
from leadtemp.errors import DatabaseError, NotFoundError
from leadtemp.model import Pin, Temperature
from leadtemp.rescoring import rebuild_states
from leadtemp.scoring.decay import SECONDS_PER_DAY
from leadtemp.scoring.rules import DEFAULT_HALF_LIVES, Rules
from leadtemp.store import LATEST_VERSION, Store, rows

pytestmark = pytest.mark.both_backends

DAY = SECONDS_PER_DAY


@pytest.fixture
def store(book_location: str | Path) -> Iterator[Store]:
    opened = Store(book_location)
    yield opened
    opened.close()


def snapshot(path: Path) -> tuple[bytes, int, list[str]]:
    """Bytes, modification time and sibling files: everything opening must leave alone."""
    return path.read_bytes(), path.stat().st_mtime_ns, sorted(p.name for p in path.parent.iterdir())


def add(store: Store, name: str = "Dana", at: float = 1_700_000_000.0) -> int:
    with store.transaction():
        return store.insert_contact({"name": name}, at)


# Opening -----------------------------------------------------------------------------------


def test_a_new_database_uses_wal_and_foreign_keys(db_path: Path) -> None:
    store = Store(db_path)
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    store.close()


def test_foreign_keys_are_enforced(store: Store) -> None:
    with pytest.raises(sqlite3.IntegrityError), store.transaction():
        store.insert_interaction(999, "website_visit", 1.0, "", 1.0)
    assert store.counts()["interactions"] == 0


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_the_file_is_created_readable_by_the_user_only(db_path: Path) -> None:
    Store(db_path).close()
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600


def test_a_missing_folder_is_created(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "leads.db"
    Store(path).close()
    assert path.exists()


def test_reopening_keeps_the_data(db_path: Path) -> None:
    store = Store(db_path)
    contact_id = add(store, "Dana Lee")
    store.close()
    again = Store(db_path)
    assert again.get_contact(contact_id).name == "Dana Lee"
    again.close()


def test_refuses_a_file_that_is_not_sqlite_and_leaves_it_alone(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("name,email\nDana,dana@example.com\n")
    before = snapshot(path)
    with pytest.raises(DatabaseError, match="not a LeadTemp database"):
        Store(path)
    assert snapshot(path) == before


def test_refuses_another_programs_sqlite_database_and_leaves_it_alone(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, title TEXT)")
    conn.execute("INSERT INTO recipes (title) VALUES ('soup')")
    conn.commit()
    conn.close()
    before = snapshot(path)
    with pytest.raises(DatabaseError, match="not a LeadTemp database"):
        Store(path)
    assert snapshot(path) == before


def test_refuses_a_database_from_a_newer_version_and_leaves_it_alone(db_path: Path) -> None:
    store = Store(db_path)
    add(store)
    store.conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    store.conn.execute("PRAGMA journal_mode = DELETE")
    store.close()
    before = snapshot(db_path)
    with pytest.raises(DatabaseError, match="newer version"):
        Store(db_path)
    assert snapshot(db_path) == before


def test_refuses_a_folder(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="folder"):
        Store(tmp_path)


# Contacts and interactions -----------------------------------------------------------------


def test_contacts_round_trip(store: Store) -> None:
    with store.transaction():
        contact_id = store.insert_contact(
            {"name": "Dana Lee", "email": "dana@example.com", "fit": 7, "company_size": 12}, 1.0
        )
    contact = store.get_contact(contact_id)
    assert (contact.name, contact.email, contact.fit, contact.company_size) == (
        "Dana Lee",
        "dana@example.com",
        7,
        12,
    )
    with store.transaction():
        store.update_contact(contact_id, {"archived": 1}, 2.0)
    assert store.contacts() == []
    assert [c.id for c in store.contacts(include_archived=True)] == [contact_id]
    with pytest.raises(NotFoundError):
        store.get_contact(contact_id + 1)


def test_interactions_are_listed_newest_first(store: Store) -> None:
    contact_id = add(store)
    with store.transaction():
        for kind, at in (("email_open", 3.0), ("website_visit", 1.0), ("referral", 2.0)):
            store.insert_interaction(contact_id, kind, at * DAY, "", 0.0)
    assert [i.kind for i in store.interactions_for(contact_id)] == ["email_open", "referral", "website_visit"]
    assert [kind for kind, _ in store.log_for(contact_id)] == ["website_visit", "referral", "email_open"]


def test_purging_a_contact_removes_everything_that_hangs_off_it(store: Store) -> None:
    keep, gone = add(store, "Keep"), add(store, "Gone")
    with store.transaction():
        for contact_id in (keep, gone):
            store.insert_interaction(contact_id, "website_visit", DAY, "", DAY)
            store.set_pin(Pin(contact_id, Temperature.HOT, from_timestamp(DAY)))
            store.set_progress(contact_id, Temperature.COLD, "research", DAY)
        store.purge_contact(gone)
    counts = store.counts()
    assert counts == {"contacts": 1, "interactions": 1, "pins": 1, "checklist_progress": 1}
    assert store.conn.execute("SELECT contact_id FROM score_state").fetchall() == [(keep,)]


def test_settings_round_trip_as_json(store: Store) -> None:
    with store.transaction():
        store.set_setting("rules", {"warm_min": 20, "hot_min": 60})
    assert store.get_setting("rules") == {"warm_min": 20, "hot_min": 60}
    assert store.get_setting("missing") is None


def test_a_failed_transaction_leaves_nothing_behind(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        store.insert_contact({"name": "Half"}, 1.0)
        raise RuntimeError("crash mid-write")
    assert store.counts()["contacts"] == 0
    assert store.conn.execute("SELECT count(*) FROM score_state").fetchone()[0] == 0


# Score states ------------------------------------------------------------------------------

LOG = [
    ("website_visit", 40),
    ("pricing_request", 12),
    ("email_sent", 11),
    ("not_interested", 5),
    ("carrier_pigeon", 3),
    ("referral", 20),
    ("demo_booked", 1),
]


def fill(store: Store, contacts: int = 3, start: float = 1_700_000_000.0) -> list[int]:
    """Contacts with the same log, written out of time order on purpose."""
    ids = [add(store, f"Lead {n}") for n in range(contacts)]
    with store.transaction():
        for offset, contact_id in enumerate(ids):
            for kind, days in LOG:
                store.insert_interaction(contact_id, kind, start - (days + offset) * DAY, "", start)
    return ids


def test_the_board_query_reads_contact_state_and_freshness_at_once(store: Store) -> None:
    ids = fill(store)
    rules = Rules()
    with store.transaction():
        rebuild_states(store, rules, ids[:2])
        store.update_contact(ids[1], {"outcome": "won"}, 1.0)
    board = {row[0]: row for row in store.board_state_rows(rules.fingerprint())}
    assert set(board) == {ids[0], ids[2]}
    fresh = rows.CARD_ROW_FIELDS.index("fresh")
    assert board[ids[0]][fresh] == 1 and board[ids[2]][fresh] == 0
    assert {len(row) for row in board.values()} == {rows.CARD_ROW_WIDTH}
    everyone = store.board_state_rows(rules.fingerprint(), include_closed=True)
    assert {row[0] for row in everyone} == set(ids)
    single = store.card_row(ids[0], rules.fingerprint())
    assert len(single) == len(rows.DETAIL_ROW_FIELDS)
    assert single[:5] == board[ids[0]][:5]
    assert single[8 : rows.CARD_ROW_WIDTH] == board[ids[0]][8:]
    # archived, last temperature, no pin
    assert single[rows.DETAIL_ARCHIVED :] == (0, None, None, None, None)
    with pytest.raises(NotFoundError):
        store.card_row(max(ids) + 1, rules.fingerprint())


def test_the_first_cards_are_picked_from_rows_that_say_whether_their_state_answers(store: Store) -> None:
    now = 1_700_000_000.0
    early, late, stale, closed = (add(store, name) for name in ("Early", "Late", "Stale", "Closed"))
    with store.transaction():
        store.insert_interaction(early, "pricing_request", now - DAY, "", 0.0)
        store.insert_interaction(late, "website_visit", now + DAY, "", 0.0)
        store.insert_interaction(closed, "website_visit", now - DAY, "", 0.0)
        rebuild_states(store, Rules(), [early, late, closed])
        store.update_contact(closed, {"outcome": "won"}, 1.0)
    fingerprint = Rules().fingerprint()
    leading = {
        row[0]: dict(zip(rows.LEAD_ROW_FIELDS, row, strict=True))
        for row in store.board_leading_rows(fingerprint, now)
    }
    assert set(leading) == {early, late, stale}
    # Built with these rules and nothing after the read: it answers; a signal after it or no state
    # (or one built with other rules) does not.
    assert leading[early]["answers"] == 1 and leading[late]["answers"] == 0 and leading[stale]["answers"] == 0
    other_rules = Rules(half_lives={**DEFAULT_HALF_LIVES, "explicit_interest": 10.0}).fingerprint()
    answers = rows.LEAD_ROW_FIELDS.index("answers")
    assert {row[answers] for row in store.board_leading_rows(other_rules, now)} == {0}
    whole = {row[0]: row for row in store.board_state_rows(fingerprint)}
    named = dict(zip(rows.CARD_ROW_FIELDS, whole[early], strict=True))
    assert {key: leading[early][key] for key in rows.LEAD_ROW_FIELDS if key in named} == {
        key: named[key] for key in rows.LEAD_ROW_FIELDS if key in named
    }
    assert store.board_state_rows(fingerprint, contact_ids=[early, closed]) == [whole[early]]
    everyone = store.board_leading_rows(fingerprint, now, include_closed=True)
    assert {row[0] for row in everyone} == {early, late, stale, closed}


def test_the_whole_boards_rows_are_narrow_for_open_leads_and_carry_outcome_and_profile_when_asked(
    store: Store,
) -> None:
    now = 1_700_000_000.0
    early, late, stale, closed = (add(store, name) for name in ("Early", "Late", "Stale", "Closed"))
    with store.transaction():
        store.update_contact(early, {"industry": "Retail", "company_size": 40}, 1.0)
        store.insert_interaction(early, "pricing_request", now - DAY, "", 0.0)
        store.insert_interaction(late, "website_visit", now + DAY, "", 0.0)
        store.insert_interaction(closed, "website_visit", now - DAY, "", 0.0)
        rebuild_states(store, Rules(), [early, late, closed])
        store.update_contact(closed, {"outcome": "lost"}, 1.0)
    fingerprint = Rules().fingerprint()
    board = {row[0]: row for row in store.board_rows(fingerprint, now)}
    assert set(board) == {early, late, stale}
    assert {len(row) for row in board.values()} == {rows.BOARD_ROW_WIDTH}
    named = {cid: dict(zip(rows.BOARD_ROW_FIELDS, row, strict=True)) for cid, row in board.items()}
    assert [named[cid]["answers"] for cid in (early, late, stale)] == [1, 0, 0]
    assert named[early]["explicit_interest_ref"] == named[early]["last_buying_signal"] == now - DAY
    # Each row says what its contact's card row says, as of the read.
    for contact_id in (early, late, stale):
        detail = store.card_row(contact_id, fingerprint)
        assert rows.board_row(detail, now)[: rows.BOARD_ROW_WIDTH] == board[contact_id]
    tail = len(rows.BOARD_ROW_TAIL)
    everyone = {row[0]: row for row in store.board_rows(fingerprint, now, include_closed=True)}
    assert set(everyone) == {early, late, stale, closed}
    assert everyone[closed][rows.BOARD_ROW_WIDTH :] == ("lost", None, None, None)
    profiled = {row[0]: row for row in store.board_rows(fingerprint, now, with_profile=True)}
    assert profiled[early][-tail:] == ("open", "Retail", "", 40)
    assert store.board_rows(fingerprint, now, contact_ids=[early, closed]) == [board[early]]


def test_many_card_rows_are_everybodys_picked_out(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Cards folded from the log after a rules change read every lead's row: past a few, the rows
    asked for by id are picked from one read of all (no statement with thousands of parameters),
    and they are the rows read by id."""
    import leadtemp.store.store as store_module

    ids = fill(store, contacts=4)
    fingerprint = Rules().fingerprint()
    by_id = store.board_state_rows(fingerprint, contact_ids=ids[1:3])
    monkeypatch.setattr(store_module, "_FEW_CONTACTS", 1)
    picked = store.board_state_rows(fingerprint, contact_ids=ids[1:3])
    assert sorted(picked) == sorted(by_id) and {row[0] for row in picked} == set(ids[1:3])


def test_ticks_and_recent_signals_are_read_for_the_contacts_asked_for(store: Store) -> None:
    now = 1_700_000_000.0
    first, second = add(store, "First"), add(store, "Second")
    with store.transaction():
        for contact_id in (first, second):
            store.set_progress(contact_id, Temperature.COLD, "research", now)
        store.insert_interaction(first, "website_visit", now - 20 * DAY, "", 0.0)
        store.insert_interaction(first, "email_reply", now - 14 * DAY, "", 0.0)
        store.insert_interaction(first, "pricing_request", now - 2 * DAY, "", 0.0)
        store.insert_interaction(second, "website_visit", now - 40 * DAY, "", 0.0)
        store.insert_interaction(second, "call_made", now - DAY, "", 0.0)
        rebuild_states(store, Rules(), [first, second])
    assert store.ticks() == {first: {"cold": {"research"}}, second: {"cold": {"research"}}}
    assert store.ticks([second]) == {second: {"cold": {"research"}}}
    weights = {"website_visit": 3.0, "email_reply": 10.0, "pricing_request": 45.0}
    # The recent window after the split, the one before up to it (a signal exactly at the split
    # is in the older window); call_made carries no weight, the visit 40 days ago is outside both.
    rates = store.signal_rates(now - 28 * DAY, now - 14 * DAY, now, weights)
    assert rates == {first: (45.0, 13.0)}
    assert store.signal_rates(now - 28 * DAY, now - 14 * DAY, now, weights, [second]) == {}


def test_a_contacts_row_holds_each_value_where_its_name_says(store: Store) -> None:
    contact_id = add(store, "Dana Lee")
    with store.transaction():
        store.insert_interaction(contact_id, "pricing_request", 1_700_000_000.0 - DAY, "", 0.0)
        store.set_last_temperature(contact_id, "warm")
        store.set_pin(Pin(contact_id, Temperature.HOT, from_timestamp(1_700_000_000.0)))
        rebuild_states(store, Rules(), [contact_id])
    row = store.card_row(contact_id, Rules().fingerprint())
    named = dict(zip(rows.DETAIL_ROW_FIELDS, row, strict=True))
    assert row[rows.DETAIL_NAME] == named["name"] == "Dana Lee"
    assert row[rows.DETAIL_FRESH] == named["fresh"] == 1
    assert row[rows.DETAIL_LAST_TEMPERATURE] == named["last_temperature"] == "warm"
    assert row[rows.DETAIL_PIN] == named["pin_temperature"] == "hot"
    assert named["explicit_interest_ref"] == named["last_buying_signal"] == 1_700_000_000.0 - DAY
    assert row[rows.CARD_STATE_START] == named["behavioral"]


def test_contacts_added_together_get_the_ids_of_contacts_added_one_by_one(store: Store) -> None:
    """Many contacts with the same fields go in as one statement, numbered as single inserts
    would be: in SQLite from one past the highest id (a purged last contact's id is given again),
    on a server from its sequence."""
    first, second, last = add(store, "A"), add(store, "B"), add(store, "C")
    with store.transaction():
        store.purge_contact(last)
        ids = store.insert_contacts([{"name": "D", "email": "d@x.example"}, {"name": "E", "email": ""}], 1.0)
        mixed = store.insert_contacts([{"name": "F"}, {"name": "G", "company": "Acme"}], 1.0)
    start = last if isinstance(store.conn, sqlite3.Connection) else last + 1
    assert ids == [start, start + 1] and mixed == [start + 2, start + 3]
    assert [(store.get_contact(i).name, store.get_contact(i).email) for i in ids] == [
        ("D", "d@x.example"),
        ("E", ""),
    ]
    assert store.get_contact(mixed[1]).company == "Acme"
    assert store.contact_ids() == [first, second, *ids, *mixed]
