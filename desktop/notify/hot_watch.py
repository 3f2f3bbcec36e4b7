"""The one place the window notices a lead turning hot or a hot lead waiting too long.

Every source of change ends in the board model: a write logged here (its Change), an import or a
restore (a reload), the minute-by-minute refresh and another process writing the book (a sync).
So the watch compares the board's hot leads after each of those with the ones it saw before,
rather than each source reporting on its own: a new source of leads is covered the day it lands on
the board. The first whole board is the baseline (opening the app announces no one as "turned
hot"); each wait is reported once, keyed by when it began, so a new buying signal starts a new one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from leadtemp.vocabulary import Temperature

if TYPE_CHECKING:
    from desktop.board.model import BoardModel
    from leadtemp.model import Card

#: The seeds' "respond within 5 minutes": past this a waiting hot lead is announced.
WAIT_ALERT = timedelta(minutes=5)
CHECK_INTERVAL_MS = 15_000


class HotWatch(QObject):
    """``turnedHot`` and ``waitedTooLong`` carry a list of cards (and a dict of causes by id)."""

    turnedHot = Signal(object, object)
    waitedTooLong = Signal(object)
    #: How many hot leads wait for an answer (the tray's count).
    waitingChanged = Signal(int)

    def __init__(
        self,
        board: BoardModel,
        now: Callable[[], datetime],
        parent: QObject | None = None,
        interval_ms: int = CHECK_INTERVAL_MS,
    ) -> None:
        super().__init__(parent)
        self._board = board
        self._now = now
        self._known: set[int] | None = None
        self._announced_waits: set[tuple[int, datetime]] = set()
        self._causes: dict[int, str] = {}
        self._waiting = -1
        self._scheduled = False
        board.countsChanged.connect(self._schedule)
        board.reloaded.connect(self._schedule)
        board.cardMoved.connect(self._remember_cause)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    @property
    def waiting(self) -> int:
        return max(self._waiting, 0)

    def forget(self) -> None:
        """Another book (a restore): its first whole board is a new baseline."""
        self._known = None
        self._announced_waits.clear()
        self._causes.clear()

    def announce_waits_again(self) -> None:
        """Report every overdue wait once more (a way out for notifications has just appeared)."""
        self._announced_waits.clear()
        self.check()

    def _remember_cause(self, change: object) -> None:
        cause = getattr(change, "cause", None)
        contact_id = getattr(change, "contact_id", None)
        if isinstance(contact_id, int) and cause:
            self._causes[contact_id] = str(cause).replace("_", " ")

    def _schedule(self) -> None:
        """Once per turn of the event loop, after the Change that moved a card has named its cause."""
        if not self._scheduled:
            self._scheduled = True
            QTimer.singleShot(0, self, self.check)

    def check(self) -> None:
        self._scheduled = False
        if not self._board.loaded or not self._board.complete:
            return
        hot = {
            card.contact_id: card for card in self._board.column(Temperature.HOT).cards() if not card.closed
        }
        causes, self._causes = self._causes, {}
        if self._known is not None:
            # A pin is the user's own doing: no news to them.
            turned = [card for cid, card in hot.items() if cid not in self._known and not card.pinned]
            if turned:
                self.turnedHot.emit(
                    turned, {card.contact_id: causes.get(card.contact_id, "") for card in turned}
                )
        self._known = set(hot)
        self._check_waits(hot)

    def _check_waits(self, hot: dict[int, Card]) -> None:
        now = self._now()
        waiting = [card for card in hot.values() if card.waiting_since is not None]
        overdue = []
        for card in waiting:
            assert card.waiting_since is not None
            key = (card.contact_id, card.waiting_since)
            if now - card.waiting_since >= WAIT_ALERT and key not in self._announced_waits:
                self._announced_waits.add(key)
                overdue.append(card)
        if overdue:
            overdue.sort(key=lambda card: card.waiting_since or now)
            self.waitedTooLong.emit(overdue)
        if len(waiting) != self._waiting:
            self._waiting = len(waiting)
            self.waitingChanged.emit(self._waiting)
