"""The demo database: about forty realistic leads spread over the three temperatures."""

from __future__ import annotations

from pathlib import Path

import pytest

from leadtemp.demo import create_demo_database, demo_leads
from leadtemp.model import Temperature
from leadtemp.service import LeadService
from tests.conftest import FakeClock


def test_demo_spreads_over_three_temperatures(tmp_path: Path, clock: FakeClock) -> None:
    path = create_demo_database(tmp_path / "demo.db", now=clock)
    service = LeadService.open(path, now=clock)
    try:
        board = service.board()
        counts = {t: len(board.column(t)) for t in Temperature}
        assert sum(counts.values()) == 40
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
