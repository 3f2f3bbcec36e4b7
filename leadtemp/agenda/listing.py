"""The lead list's orders: by score (the board's), by waiting time, by last touch, by name."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from leadtemp.model import Card
from leadtemp.scoring.order import card_sort_key

#: How ``leadtemp list --sort`` and the list view may order leads.
LIST_SORTS = ("score", "waiting", "last-touch", "name")


def _waiting(card: Card) -> tuple[int, float, str, int]:
    """Longest wait first; leads not waiting after them, by score."""
    if card.waiting_since is None:
        return (1, -card.score, card.name.casefold(), card.contact_id)
    return (0, card.waiting_since.timestamp(), card.name.casefold(), card.contact_id)


def _last_touch(card: Card) -> tuple[float, str, int]:
    """Longest untouched first (never touched before all), so the leads losing touch lead."""
    touched: datetime | None = card.last_touch_at
    return (touched.timestamp() if touched else float("-inf"), card.name.casefold(), card.contact_id)


def _name(card: Card) -> tuple[str, int]:
    return (card.name.casefold(), card.contact_id)


_KEYS: dict[str, Callable[[Card], tuple[object, ...]]] = {
    "score": card_sort_key,
    "waiting": _waiting,
    "last-touch": _last_touch,
    "name": _name,
}


def sorted_cards(cards: Iterable[Card], sort: str) -> list[Card]:
    """``cards`` in the order ``sort`` names (one of :data:`LIST_SORTS`)."""
    return sorted(cards, key=_KEYS[sort])  # type: ignore[arg-type]
