"""Board cards: the fast card constructor and the per-card math against the plain definitions."""

from __future__ import annotations

import dataclasses
import random
from datetime import UTC, datetime, timedelta
from operator import itemgetter
from types import SimpleNamespace
from typing import Any, cast

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leadtemp.model import Card, Outcome, Temperature
from leadtemp.scoring.cards import CardMaker, _in_order, _new_card
from leadtemp.scoring.order import sort_key
from leadtemp.scoring.rules import IdealClientProfile, Rules
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
    # The board's cards are made the fast way as long as Card's layout allows it.
    assert _new_card is not Card
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


def _varied_book(service: LeadService, clock: FakeClock, seed: int) -> None:
    """Leads of every temperature, with equal scores, pins (one expiring) and ticked steps."""
    rng = random.Random(seed)
    kinds = ("website_visit", "email_reply", "referral", "pricing_request", "demo_booked", "unsubscribed")
    industries = ("software", "retail", "")
    before = clock.current - timedelta(days=60)
    for n in range(60):
        contact_id = service.add_contact(
            f"Lead {n % 17}",
            fit=rng.choice((None, None, 2, 9)),
            industry=rng.choice(industries),
            role=rng.choice(("CEO", "Engineer", "")),
        ).contact_id
        for _ in range(rng.randrange(5)):
            when = before + timedelta(minutes=rng.randrange(60 * 24 * 60))
            service.log_interaction(contact_id, rng.choice(kinds), when)
        if n % 11 == 0:
            service.pin(contact_id, rng.choice(("cold", "warm", "hot")))
        if n % 13 == 0:
            service.pin(contact_id, "hot", expires_at=clock.current + timedelta(days=3))
        if n % 7 == 0:
            service.tick(contact_id, service.templates[service.card(contact_id).temperature][0].id)


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("profile", [False, True])
def test_a_boards_first_cards_are_the_whole_boards_first_cards(
    service: LeadService, clock: FakeClock, seed: int, profile: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    _varied_book(service, clock, seed)
    shortcuts: list[bool] = []
    leading_rows = CardMaker.leading_rows

    def spy(maker: CardMaker, rows: Any, top: int) -> Any:
        result = leading_rows(maker, rows, top)
        shortcuts.append(result is not None)
        return result

    monkeypatch.setattr(CardMaker, "leading_rows", spy)
    if profile:
        service.update_settings(
            Rules(icp=IdealClientProfile(industries=("software",), roles=("CEO",), company_size_min=None))
        )
    for as_of in (clock.current, clock.current + timedelta(days=5), clock.current - timedelta(days=20)):
        whole = service.board(as_of)
        assert whole.complete
        for top in (1, 4, 100):
            first = service.board(as_of, top=top)
            for temperature in Temperature:
                assert first.column(temperature) == whole.column(temperature)[:top]
                assert first.total(temperature) == len(whole.column(temperature))
            assert first.complete == (top == 100)
    # The shortcut served the reads whose running state could answer (not the one in the past).
    assert shortcuts == [True] * 3 + [True] * 3 + [False] * 3


_tying_keys = st.lists(
    st.tuples(
        st.sampled_from((0, 5, 31, 71)),
        st.sampled_from((None, 0.0, 1.0, 1.5, 1_760_000_000.25)),
        st.sampled_from(("Ann", "ann", "Bo", "\u00c9va", "eva")),
    ),
    max_size=40,
)


@given(_tying_keys)
def test_a_column_is_in_the_order_of_its_whole_sort_keys(values: list[tuple[int, float | None, str]]) -> None:
    """Score, then latest touch, then name and id, however many cards tie on score and touch."""
    placed = [
        (sort_key(score, touch, name, n), cast(Card, SimpleNamespace(name=name, contact_id=n)))
        for n, (score, touch, name) in enumerate(values)
    ]
    shuffled = placed[1::2] + placed[::2]
    ordered = _in_order(
        [card for _, card in shuffled], [key[0] for key, _ in shuffled], [key[1] for key, _ in shuffled]
    )
    assert ordered == [card for _, card in sorted(shuffled, key=itemgetter(0))]
