"""Saying why a card moved when another window or the CLI wrote the book.

A write made here announces itself through its Change, and a refresh names what warmed a lead
without a write here; a card another process moved while the refresh's own reading could not see it
(that process already recorded the new temperature) shows up only when the board is synced. The
notice names the lead, the move and what was logged last, so a card never changes column without a
word.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from leadtemp.vocabulary import Temperature

if TYPE_CHECKING:
    from leadtemp.model import Card
    from leadtemp.service import LeadService

#: Beyond this many moves at once the notice counts them instead of naming each one.
NAMED_MOVES = 3


@dataclass(frozen=True)
class OutsideMove:
    contact_id: int
    name: str
    old: Temperature
    new: Temperature


def outside_moves(
    shown: Callable[[int], Card | None], fresh: Iterable[Card], skip: Collection[int]
) -> list[OutsideMove]:
    """The cards of a freshly read board that stand at another temperature than the one shown,
    except those in ``skip`` (written here meanwhile: what the board shows for them is newer)."""
    moves = []
    for card in fresh:
        old = shown(card.contact_id)
        if old is not None and old.temperature is not card.temperature and card.contact_id not in skip:
            moves.append(OutsideMove(card.contact_id, card.name, old.temperature, card.temperature))
    return moves


def latest_causes(service: LeadService, moves: list[OutsideMove]) -> dict[int, str]:
    """What each named move's lead had logged last (read on the worker)."""
    from leadtemp.elsewhere import logged_elsewhere

    return {
        move.contact_id: logged_elsewhere(service.interactions(move.contact_id))
        for move in moves[:NAMED_MOVES]
    }


def notice_text(moves: list[OutsideMove], causes: Mapping[int, str]) -> str:
    """``Kofi Boateng: cold -> hot, demo booked logged elsewhere``, or a count of the moves."""

    def named(move: OutsideMove) -> str:
        text = f"{move.name}: {move.old.value} -> {move.new.value}"
        return f"{text}, {causes.get(move.contact_id, 'changed elsewhere')}"

    if len(moves) <= NAMED_MOVES:
        return "; ".join(named(move) for move in moves)
    return f"{len(moves)} leads changed temperature in another window or a leadtemp command"
