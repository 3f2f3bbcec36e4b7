"""Board cards: the fast card constructor and the per-card math against the plain definitions."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

from leadtemp.cards import _new_card
from leadtemp.model import Card, Outcome, Temperature
from leadtemp.service import LeadService
from tests.conftest import FakeClock

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
VALUES = (
    7,
    "Dana Lee",
    "Acme",
    "dana@example.com",
    64,
    Temperature.HOT,
    Temperature.WARM,
    True,
    1,
    12,
    NOW,
    3,
    "Respond within minutes",
    NOW - timedelta(hours=2),
    Outcome.OPEN,
)


def test_the_fast_card_is_a_real_card() -> None:
    fast, real = _new_card(*VALUES), Card(*VALUES)
    assert type(fast) is Card
    assert fast == real and hash(fast) == hash(real) and repr(fast) == repr(real)
    assert dataclasses.asdict(fast) == dataclasses.asdict(real)
    assert dataclasses.replace(fast, score=1) == dataclasses.replace(real, score=1)
    assert fast.response_priority == "Immediate"


def test_the_fast_card_stays_frozen() -> None:
    card = _new_card(*VALUES)
    try:
        card.score = 1  # type: ignore[misc]
    except dataclasses.FrozenInstanceError:
        pass
    else:
        raise AssertionError("a card must not be changed in place")
    assert card.score == 64


def test_board_cards_equal_single_cards(service: LeadService, clock: FakeClock) -> None:
    ids = []
    for n, kinds in enumerate(
        [(), ("website_visit",), ("referral", "webinar_attended", "content_download"), ("demo_booked",)]
    ):
        contact_id = service.add_contact(f"Lead {n}", fit=n * 3).contact_id
        ids.append(contact_id)
        for kind in kinds:
            service.log_interaction(contact_id, kind, clock.current - timedelta(days=n))
    service.pin(ids[0], "warm")
    service.tick(ids[1], "research")
    for as_of in (clock.current, clock.current + timedelta(days=10), clock.current - timedelta(days=2)):
        board = service.board(as_of)
        assert sorted(c.contact_id for c in board.all_cards()) == ids
        for card in board.all_cards():
            assert card == service.card(card.contact_id, as_of)
