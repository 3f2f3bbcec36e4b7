"""The board's company badges ("3 people from Acme engaged this week"): read on the worker
after the board loads and after each write, a burst of writes asking once, and handed to the
board model, which repaints only the cards whose badge changed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

if TYPE_CHECKING:
    from desktop.board.model import BoardModel
    from desktop.workers import Progress, Workers
    from leadtemp.service import LeadService

#: Writes within this many milliseconds of each other ask once.
COALESCE_MS = 250


def _read(service: LeadService, _progress: Progress) -> dict[int, str]:
    return service.company_badges()


class CompanyBadges(QObject):
    def __init__(self, workers: Workers, board: BoardModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._workers = workers
        self._board = board
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(COALESCE_MS)
        self._timer.timeout.connect(self._ask)
        self._stopped = False
        board.reloaded.connect(self.request)

    def request(self) -> None:
        """Something changed that may change the badges: ask the worker soon."""
        self._timer.start()

    def stop(self) -> None:
        """The window is closing: ask nothing more."""
        self._timer.stop()
        self._stopped = True

    def _ask(self) -> None:
        if self._stopped:
            return
        self._workers.run("", _read, self._board.set_badges, lambda _error: None)
