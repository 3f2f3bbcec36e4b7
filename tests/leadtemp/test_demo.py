"""The demo database: about forty realistic leads spread over the three temperatures."""

from __future__ import annotations

from pathlib import Path

import pytest

from leadtemp.demo import create_demo_database, demo_leads
from leadtemp.model import Temperature
from leadtemp.service import LeadService
from leadtemp.vocabulary import Stage
from tests.conftest import FakeClock


def test_demo_spreads_over_three_temperatures(tmp_path: Path, clock: FakeClock) -> None:
    path = create_demo_database(tmp_path / "demo.db", now=clock)
    service = LeadService.open(path, now=clock)
    try:
        board = service.board()
        counts = {t: len(board.column(t)) for t in Temperature}
        assert sum(counts.values()) == 42
        assert all(count >= 8 for count in counts.values()), counts
        cards = board.all_cards()
        assert sum(card.waiting_since is not None for card in board.hot) >= 3
        assert {card.computed_temperature for card in cards if card.pinned} == {
            Temperature.WARM,
            Temperature.COLD,
        }
        assert {card.trend for card in cards} == {-1, 0, 1}
        assert len({card.next_step for card in cards}) >= 6
        assert all(card.company and "@" in card.email for card in cards)
        assert all(service.interactions(card.contact_id) for card in cards)
    finally:
        service.close()


def test_demo_is_deterministic_and_never_overwrites(tmp_path: Path, clock: FakeClock) -> None:
    assert demo_leads(3) == demo_leads(3)
    path = create_demo_database(tmp_path / "demo.db", now=clock)
    with pytest.raises(FileExistsError):
        create_demo_database(path, now=clock)


def test_demo_shows_stages_and_a_company_whose_second_person_joined(tmp_path: Path, clock: FakeClock) -> None:
    """The demo has something for the qualification and company views: qualified leads hot and
    warm, prospects, a hot lead with no budget, and a colleague who joined a hot lead's thread."""
    path = create_demo_database(tmp_path / "demo.db", now=clock)
    service = LeadService.open(path, now=clock)
    try:
        cards = {card.name: card for card in service.board().all_cards()}
        assert cards["Hannah Okafor"].stage is Stage.QUALIFIED
        assert cards["Hannah Okafor"].temperature is Temperature.HOT
        assert cards["Aisha Rahman"].stage is Stage.QUALIFIED
        assert cards["Mei Chen"].stage is Stage.PROSPECT
        assert cards["Marcus Webb"].lacks == ("budget",)
        northwind = service.company_of(cards["Marcus Webb"].contact_id)
        assert northwind is not None
        view = service.company(northwind)
        assert {person.name for person in view.people} == {"Marcus Webb", "Rhea Kapoor"}
        assert [(join.newcomer, join.earlier) for join in view.joins] == [("Rhea Kapoor", "Marcus Webb")]
    finally:
        service.close()
