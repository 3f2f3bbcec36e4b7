"""What colleagues did to the book, said in a notice as their changes reach this window: "Sam
logged a pricing request for Dana Lee and moved it to hot". This person's own changes (from this
window, another of theirs or the command line under their name) are never announced, so a
one-person book looks as it always did."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

if TYPE_CHECKING:
    from desktop.workers import Workers
    from leadtemp.conflicts import LeadChange
    from leadtemp.service import LeadService

#: More colleagues' changes at once than this are summed up in one notice.
MAX_NOTICES = 3


class ColleagueChanges(QObject):
    def __init__(
        self,
        workers: Workers,
        show_notice: Callable[[str, int | None], Any],
        me: Callable[[], str | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._workers = workers
        self._show_notice = show_notice
        self._me = me
        self._after: int | None = None

    def start(self) -> None:
        """From now on: what the book holds already is not news."""
        self._after = None
        self._workers.run("", lambda service, _progress: service.book_version(), self._started)

    def stop(self) -> None:
        self._after = None

    def _started(self, version: int) -> None:
        self._after = version

    def check(self) -> None:
        """The book changed from outside: read what people did since the last look."""
        after = self._after
        if after is None:
            return

        def read(service: LeadService, _progress: object) -> list[LeadChange]:
            return service.changes_after(after)

        self._workers.run("", read, self.arrived)

    def arrived(self, changes: list[LeadChange]) -> None:
        """What people did since some version (read already, as a server book's live board does)."""
        if self._after is None:
            return
        fresh = [change for change in changes if change.version > self._after]
        if not fresh:
            return
        self._after = fresh[-1].version
        me = self._me()
        theirs = [change for change in fresh if change.actor and change.actor != me]
        if len(theirs) > MAX_NOTICES:
            who = sorted({change.actor for change in theirs})
            names = ", ".join(who[:-1]) + f" and {who[-1]}" if len(who) > 1 else who[0]
            self._show_notice(f"{names} made {len(theirs)} changes", None)
            return
        for change in theirs:
            self._show_notice(change.sentence(me or ""), change.contact_id)
