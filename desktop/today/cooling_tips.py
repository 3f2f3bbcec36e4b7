"""The cooling date on a card's tooltip ("Goes warm on Tue Dec 9 if nothing happens").

A card does not carry the date and working it out reads the book, so the first hover over a hot or
warm card asks the worker and the tooltip gains the line as soon as the answer is back (it is shown
again in place if still open); the answer is kept for as long as the card stays the same.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QToolTip

from desktop.today.model import day_text
from leadtemp.vocabulary import Temperature

if TYPE_CHECKING:
    from desktop.board.model import BoardModel
    from desktop.workers import Progress, Workers
    from leadtemp.model import Card
    from leadtemp.service import LeadService


def cooling_line(card: Card, day: date | None) -> str | None:
    if day is None or card.temperature is Temperature.COLD:
        return None
    lower = Temperature.WARM if card.temperature is Temperature.HOT else Temperature.COLD
    return f"Goes {lower.value} on {day_text(day)} if nothing happens"


class CoolingTips(QObject):
    def __init__(self, workers: Workers, board: BoardModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._workers = workers
        self._board = board
        self._known: dict[int, tuple[Card, date | None]] = {}
        self._asked: set[int] = set()

    def line(self, card: Card) -> str | None:
        """The card's cooling line if known for this very card; else asks for it and says nothing yet."""
        if card.temperature is Temperature.COLD or card.closed:
            return None
        known = self._known.get(card.contact_id)
        if known is not None and known[0] == card:
            return cooling_line(card, known[1])
        if card.contact_id not in self._asked:
            self._asked.add(card.contact_id)
            contact_id = card.contact_id

            def read(service: LeadService, _progress: Progress) -> date | None:
                return service.cools_on(contact_id)

            def failed(_error: Exception) -> None:
                self._asked.discard(contact_id)

            self._workers.run("", read, lambda day: self._arrived(card, day), failed)
        return None

    def _arrived(self, card: Card, day: date | None) -> None:
        self._asked.discard(card.contact_id)
        self._known[card.contact_id] = (card, day)
        if not QToolTip.isVisible() or self._board.card(card.contact_id) != card:
            return
        index = self._board.column(card.temperature).index_of(card.contact_id)
        text = index.data(Qt.ItemDataRole.ToolTipRole)
        if isinstance(text, str) and QToolTip.text().startswith(text.split("\n", 1)[0]):
            QToolTip.showText(QCursor.pos(), text)
