"""How the user arranges the leads: the order (score, waiting time, last touch, name) and the
filters (source, pinned, waiting, a due step, an import), remembered between sessions.

Pure data and key functions; :mod:`desktop.board.arranged` applies them to the board's cards.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings

from leadtemp.scoring.order import card_sort_key
from leadtemp.vocabulary import Stage

if TYPE_CHECKING:
    from leadtemp.model import Card
    from leadtemp.store.facets import LeadFacets

SortKey = tuple[Any, ...]
_SETTINGS_GROUP = "board_arrangement"


class SortOrder(enum.Enum):
    """The board's orders; each key ends with the contact id, so no two cards tie and a key says
    whose it is."""

    SCORE = "score"
    WAITING = "waiting"
    LAST_TOUCH = "last-touch"
    NAME = "name"

    @property
    def label(self) -> str:
        return {
            SortOrder.SCORE: "Score (highest first)",
            SortOrder.WAITING: "Waiting time (longest first)",
            SortOrder.LAST_TOUCH: "Last touch (longest ago first)",
            SortOrder.NAME: "Name (A to Z)",
        }[self]


def _waiting_key(card: Card) -> SortKey:
    since = card.waiting_since
    return (
        (0, since.timestamp(), *card_sort_key(card)) if since is not None else (1, 0.0, *card_sort_key(card))
    )


def _touch_key(card: Card) -> SortKey:
    touch = card.last_touch_at
    return (0.0 if touch is None else touch.timestamp(), *card_sort_key(card))


def _name_key(card: Card) -> SortKey:
    return (card.name.casefold(), card.contact_id)


SORT_KEYS: dict[SortOrder, Callable[[Card], SortKey]] = {
    SortOrder.SCORE: card_sort_key,
    SortOrder.WAITING: _waiting_key,
    SortOrder.LAST_TOUCH: _touch_key,
    SortOrder.NAME: _name_key,
}


@dataclass(frozen=True)
class Arrangement:
    """One order and the filters; a filter left at None (or False) lets every lead through.

    ``source`` "" keeps the leads with no source; ``batch`` is an import's id.
    """

    sort: SortOrder = SortOrder.SCORE
    source: str | None = None
    pinned: bool = False
    waiting: bool = False
    due: bool = False
    batch: int | None = None
    qualified: bool = False

    @property
    def filtered(self) -> bool:
        return (
            self.source is not None
            or self.pinned
            or self.waiting
            or self.due
            or self.batch is not None
            or self.qualified
        )

    @property
    def plain(self) -> bool:
        """The board's own order and no filter: the columns can show every card as they hold it."""
        return self.sort is SortOrder.SCORE and not self.filtered

    @property
    def needs_facets(self) -> bool:
        """A filter that reads what a card does not carry (source, import, next step)."""
        return self.source is not None or self.batch is not None or self.due

    def unfiltered(self) -> Arrangement:
        return Arrangement(sort=self.sort)

    def with_sort(self, sort: SortOrder) -> Arrangement:
        return replace(self, sort=sort)

    def key(self) -> Callable[[Card], SortKey]:
        return SORT_KEYS[self.sort]

    def accepts(self, card: Card, facets: LeadFacets | None) -> bool:
        if self.pinned and not card.pinned:
            return False
        if self.waiting and card.waiting_since is None:
            return False
        if self.qualified and card.stage is not Stage.QUALIFIED:
            return False
        if self.due and (facets is None or facets.due is None):
            return False
        if self.source is not None and (facets.source if facets is not None else "") != self.source:
            return False
        return self.batch is None or (facets is not None and facets.batch_id == self.batch)

    def describe(self) -> str:
        """The filters in words, for the bar's summary ("pinned, source trade show")."""
        parts = []
        if self.pinned:
            parts.append("pinned")
        if self.waiting:
            parts.append("waiting for an answer")
        if self.due:
            parts.append("with a due step")
        if self.qualified:
            parts.append("qualified")
        if self.source is not None:
            parts.append(f"source {self.source}" if self.source else "no source")
        if self.batch is not None:
            parts.append(f"import #{self.batch}")
        return ", ".join(parts)


def load_arrangement() -> Arrangement:
    """The arrangement of the last session (a value the settings file garbled is left out)."""
    settings = QSettings()
    settings.beginGroup(_SETTINGS_GROUP)
    try:
        try:
            sort = SortOrder(str(settings.value("sort", SortOrder.SCORE.value)))
        except ValueError:
            sort = SortOrder.SCORE
        source = settings.value("source")
        batch = settings.value("batch")
        return Arrangement(
            sort=sort,
            source=str(source) if source is not None and settings.contains("source") else None,
            pinned=bool(settings.value("pinned", False, type=bool)),
            waiting=bool(settings.value("waiting", False, type=bool)),
            due=bool(settings.value("due", False, type=bool)),
            qualified=bool(settings.value("qualified", False, type=bool)),
            batch=int(str(batch)) if batch is not None and str(batch).isdigit() else None,
        )
    finally:
        settings.endGroup()


def save_arrangement(arrangement: Arrangement) -> None:
    settings = QSettings()
    settings.beginGroup(_SETTINGS_GROUP)
    try:
        settings.setValue("sort", arrangement.sort.value)
        settings.setValue("pinned", arrangement.pinned)
        settings.setValue("waiting", arrangement.waiting)
        settings.setValue("due", arrangement.due)
        settings.setValue("qualified", arrangement.qualified)
        for key, value in (("source", arrangement.source), ("batch", arrangement.batch)):
            if value is None:
                settings.remove(key)
            else:
                settings.setValue(key, value)
    finally:
        settings.endGroup()
