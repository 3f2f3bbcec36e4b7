"""The board's order: highest score first, then the most recently touched, then the name (and the
id, so no two cards tie); plain numbers first so sorting compares them cheaply.

A module of its own, needing nothing of the scoring, so the window can keep its columns in this
order before the core has loaded (it loads on a worker while the first frame is drawn).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from leadtemp.model import Card

SortKey = tuple[int, float, str, int]


def sort_key(score: int, touch: float | None, name: str, contact_id: int) -> SortKey:
    """Where a card stands in its column; ``touch`` is its latest interaction (epoch seconds)."""
    return (-score, -touch if touch else 0.0, name.casefold(), contact_id)


def card_sort_key(card: Card) -> SortKey:
    """:func:`sort_key` of a card made elsewhere."""
    touch = card.last_touch_at.timestamp() if card.last_touch_at else None
    return sort_key(card.score, touch, card.name, card.contact_id)
