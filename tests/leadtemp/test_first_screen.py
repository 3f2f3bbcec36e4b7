"""A window's first screen from the leads the book last showed first and those written since."""

from __future__ import annotations

import sqlite3
import time
from datetime import timedelta
from pathlib import Path

import pytest

from leadtemp import first_screen
from leadtemp.model import Board, Temperature
from leadtemp.service import LeadService
from leadtemp.store import whole_book
from leadtemp.store.database import BUSY_TIMEOUT_MS
from tests.conftest import FakeClock

pytestmark = pytest.mark.both_backends

TOP = 3
#: (kind, days ago) per lead: a spread of hot, warm and cold leads, several per column.
HISTORIES: list[list[tuple[str, float]]] = [
    [("pricing_request", 1)],
    [("demo_booked", 2), ("email_reply", 3)],
    [("pricing_request", 5)],
    [("pricing_request", 9), ("call_made", 9)],
    [("website_visit", 2), ("website_visit", 3), ("website_visit", 4)],
    [("email_reply", 6), ("website_visit", 10)],
    [("website_visit", 20), ("email_reply", 25)],
    [("email_reply", 40)],
    [("website_visit", 60)],
    [("email_sent", 5)],
    [("email_sent", 90)],
    [],
    [],
    [],
]


def _book(service: LeadService, clock: FakeClock) -> list[int]:
    ids = []
    for number, history in enumerate(HISTORIES):
        contact_id = service.add_contact(f"Lead {number:02d}", company=f"Firm {number}").contact_id
        for kind, days in history:
            service.log_interaction(contact_id, kind, clock.current - timedelta(days=days))
        ids.append(contact_id)
    clock.advance(minutes=1)
    return ids


def _columns(board: Board) -> list[list[int]]:
    return [[card.contact_id for card in board.column(t)] for t in Temperature]


def test_without_a_memory_there_is_no_first_screen(service: LeadService, clock: FakeClock) -> None:
    _book(service, clock)

    assert service.first_screen(TOP) is None


def test_the_remembered_first_screen_is_the_board_of_first_cards(
    service: LeadService, clock: FakeClock
) -> None:
    _book(service, clock)
    whole = service.remembering_board()
    clock.advance(hours=20)

    remembered = service.first_screen(TOP)

    assert remembered is not None
    assert remembered == service.board(top=TOP)
    assert not remembered.complete
    assert remembered.totals == tuple(len(whole.column(t)) for t in Temperature)


def test_a_lead_written_since_takes_its_place(service: LeadService, clock: FakeClock) -> None:
    ids = _book(service, clock)
    service.remembering_board()
    quiet = ids[-1]  # no activity at all: in no column's first cards
    clock.advance(hours=1)
    service.log_interaction(quiet, "pricing_request", clock.current)
    service.log_interaction(quiet, "demo_booked", clock.current)

    remembered = service.first_screen(TOP)

    assert remembered is not None
    assert remembered.hot[0].contact_id == quiet
    assert remembered.hot[0] == service.card(quiet)
    assert _columns(remembered) == _columns(service.board(top=TOP))


def test_a_remembered_pinned_lead_keeps_its_pin_on_the_first_screen(
    service: LeadService, clock: FakeClock
) -> None:
    ids = _book(service, clock)
    service.pin(ids[0], Temperature.HOT)
    clock.advance(minutes=1)
    service.remembering_board()
    clock.advance(minutes=5)

    remembered = service.first_screen(TOP)

    assert remembered is not None
    pinned = next(card for card in remembered.hot if card.contact_id == ids[0])
    assert pinned.pinned and pinned == service.card(ids[0])
    assert _columns(remembered) == _columns(service.board(top=TOP))


def test_a_new_lead_and_an_edited_one_count_as_written(service: LeadService, clock: FakeClock) -> None:
    ids = _book(service, clock)
    service.remembering_board()
    clock.advance(minutes=5)
    added = service.add_contact("Newcomer").contact_id
    service.pin(ids[-2], Temperature.HOT)

    at = first_screen._memory(service.store, service.rules)
    assert at is not None
    written = first_screen.written_since(service.store, at.at, clock.current.timestamp())

    assert {added, ids[-2]} <= written
    assert not written & set(ids[:-2])


def test_a_pin_that_ended_since_counts_as_written(service: LeadService, clock: FakeClock) -> None:
    ids = _book(service, clock)
    service.pin(ids[-1], Temperature.HOT, expires_at=clock.current + timedelta(days=1))
    clock.advance(minutes=1)
    service.remembering_board()
    memory = first_screen._memory(service.store, service.rules)
    assert memory is not None

    assert first_screen.written_since(service.store, memory.at, clock.current.timestamp()) == set()
    later = clock.advance(days=2).timestamp()
    assert first_screen.written_since(service.store, memory.at, later) == {ids[-1]}
    remembered = service.first_screen(TOP)
    assert remembered is not None
    assert _columns(remembered) == _columns(service.board(top=TOP))


def test_the_memory_is_written_only_when_it_changes(service: LeadService, clock: FakeClock) -> None:
    ids = _book(service, clock)
    board = service.board()
    marks = first_screen.marks(service.store, clock.current)

    assert first_screen.remember(service.store, board, service.rules, marks)
    assert not first_screen.remember(service.store, service.board(), service.rules, marks)
    service.log_interaction(ids[-1], "email_reply", clock.current)
    later = first_screen.marks(service.store, clock.current)
    assert first_screen.remember(service.store, service.board(), service.rules, later)


def test_a_partial_board_is_not_remembered(service: LeadService, clock: FakeClock) -> None:
    _book(service, clock)
    marks = first_screen.marks(service.store, clock.current)

    assert not first_screen.remember(service.store, service.board(top=TOP), service.rules, marks)
    assert service.store.get_setting(first_screen.SETTING) is None


def test_other_rules_or_a_damaged_memory_mean_no_first_screen(service: LeadService, clock: FakeClock) -> None:
    _book(service, clock)
    service.remembering_board()
    stored = service.store.get_setting(first_screen.SETTING)
    with service.store.transaction():
        service.store.set_setting(first_screen.SETTING, {**stored, "fingerprint": "other rules"})
    assert service.first_screen(TOP) is None

    with service.store.transaction():
        service.store.set_setting(first_screen.SETTING, {"leads": "nonsense"})
    assert service.first_screen(TOP) is None


def test_a_small_board_is_read_whole(service: LeadService, clock: FakeClock) -> None:
    _book(service, clock)
    service.remembering_board()

    assert service.first_screen(len(HISTORIES)) is None


def test_too_much_written_since_means_no_first_screen(
    service: LeadService, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = _book(service, clock)
    service.remembering_board()
    for contact_id in ids[:3]:
        service.log_interaction(contact_id, "email_reply", clock.current)
    monkeypatch.setattr(first_screen, "MOST_WRITTEN", 2)

    assert service.first_screen(TOP) is None


def test_the_memory_is_a_cache_left_out_of_the_export(service: LeadService, clock: FakeClock) -> None:
    _book(service, clock)
    service.remembering_board()

    assert service.store.get_setting(first_screen.SETTING) is not None
    assert first_screen.SETTING not in whole_book.settings(service.store)


def test_a_read_only_book_is_not_written(db_path: Path, clock: FakeClock) -> None:
    with_leads = LeadService.open(db_path, now=clock)
    _book(with_leads, clock)
    with_leads.close()
    reading = LeadService.open(db_path, now=clock, read_only=True)
    try:
        board = reading.remembering_board()
        assert len(board.all_cards()) == len(HISTORIES)
        assert reading.store.get_setting(first_screen.SETTING) is None
    finally:
        reading.close()


def test_a_board_of_each_columns_first_leads_is_remembered_as_the_whole_one_would_be(
    service: LeadService, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    _book(service, clock)
    monkeypatch.setattr(first_screen, "REMEMBERED", TOP)
    marks = first_screen.marks(service.store, clock.current)

    assert first_screen.remember(service.store, service.board(top=TOP), service.rules, marks)
    assert not first_screen.remember(service.store, service.board(), service.rules, marks)
    assert not first_screen.remember(service.store, service.board(top=TOP - 1), service.rules, marks)


def test_a_window_opening_a_book_without_a_memory_picks_from_every_lead_and_remembers(
    service: LeadService, clock: FakeClock
) -> None:
    ids = _book(service, clock)

    opened = service.opening_board(TOP)

    assert opened == service.board(top=TOP)
    assert service.store.get_setting(first_screen.SETTING) is not None
    clock.advance(hours=2)
    service.log_interaction(ids[-1], "pricing_request", clock.current)
    remembered = service.first_screen(TOP)
    assert remembered is not None
    assert _columns(remembered) == _columns(service.board(top=TOP))


def test_opening_a_book_another_process_is_writing_does_not_wait_to_remember(
    db_path: Path, clock: FakeClock
) -> None:
    service = LeadService.open(db_path, now=clock)
    other = sqlite3.connect(db_path, isolation_level=None)
    try:
        _book(service, clock)
        other.execute("BEGIN IMMEDIATE")
        started = time.monotonic()

        opened = service.opening_board(TOP)

        waited = time.monotonic() - started
        other.execute("ROLLBACK")
        assert opened == service.board(top=TOP)
        assert service.store.get_setting(first_screen.SETTING) is None
        assert waited < BUSY_TIMEOUT_MS / 1000 / 2
        assert service.store.conn.execute("PRAGMA busy_timeout").fetchone()[0] == BUSY_TIMEOUT_MS
    finally:
        other.close()
        service.close()
