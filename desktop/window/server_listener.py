"""A server book's board, live: what another desktop or a ``leadtemp`` command commits reaches the
window as it happens, through ``LISTEN`` on a connection of its own, instead of a poll.

A small thread waits on that connection and says which tables were written. The window then reads
the book's journal of lead changes after the newest version it shows and re-reads only those leads'
cards (on the worker); the whole board is read again only when the journal cannot say what changed:
the rules or settings changed, an import or a merge ran, or leads were written without a journal
entry (a lead added). A notification lost while the connection was down loses nothing: the journal
holds everything since.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from leadtemp.errors import LeadTempError

if TYPE_CHECKING:
    from desktop.window.seen_versions import SeenVersions
    from desktop.workers import Workers
    from leadtemp.conflicts import LeadChange
    from leadtemp.model import Card
    from leadtemp.service import LeadService
    from leadtemp.store.server.listening import ChangeListener

#: How long the thread waits on the connection before it looks whether it should stop.
WAIT_SECONDS = 0.2
#: How long it waits before connecting again after losing the server.
RETRY_SECONDS = 2.0
#: More journal entries than this at once: the board is read again instead.
JOURNAL_LIMIT = 200
#: Tables whose writes change many leads at once or how every lead is scored: the journal has no
#: entry for them, so the board is read again.
BOOK_WIDE_TABLES = frozenset(
    {"settings", "rules_history", "import_batches", "import_updates", "contact_merges", "capture_batches"}
)
#: Tables a lead's card shows: written without a new journal entry (a lead added), the board is read again.
BOARD_TABLES = frozenset(
    {"contacts", "interactions", "pins", "checklist_progress", "outcome_changes", "next_steps", "snoozes"}
)


class ServerListener(QObject):
    """Emits ``notified`` with the tables written, each time commits to the book are heard."""

    notified = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()

    @property
    def listening(self) -> bool:
        return self._thread is not None

    def start(self, listener: ChangeListener) -> None:
        self.stop()
        stopping = threading.Event()
        self._stopping = stopping
        self._thread = threading.Thread(
            target=self._listen, args=(listener, stopping), name="leadtemp-listen", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """The window closes or lets the book go: the thread ends and closes its connection."""
        thread, self._thread = self._thread, None
        self._stopping.set()
        if thread is not None:
            thread.join(timeout=2 * WAIT_SECONDS + 1)

    def _listen(self, listener: ChangeListener, stopping: threading.Event) -> None:
        try:
            while not stopping.is_set():
                try:
                    tables = listener.wait(WAIT_SECONDS)
                except LeadTempError:
                    stopping.wait(RETRY_SECONDS)
                    continue
                if tables and not stopping.is_set():
                    self.notified.emit(tables)
        finally:
            listener.close()


def needs_whole_board(tables: Collection[str], changes: Collection[LeadChange], complete: bool) -> bool:
    """Whether what was written can only be shown by reading the whole board again."""
    if not complete or BOOK_WIDE_TABLES.intersection(tables):
        return True
    return not changes and bool(BOARD_TABLES.intersection(tables))


#: What the worker read for one catch-up: the journal's entries, whether that is all of them, and
#: the current card of each lead they name (None: off this board).
LiveRead = tuple[list["LeadChange"], bool, dict[int, "Card | None"]]


class LiveBoard(QObject):
    """Brings the board up to date with what was heard, one catch-up at a time."""

    #: The leads re-read, once their cards are on the board (the window updates Today and the panel).
    applied = Signal(object)
    #: Every journal entry read, oldest first (for the notices that say who did what).
    journalRead = Signal(object)

    def __init__(
        self,
        workers: Workers,
        seen: SeenVersions,
        read_card: Callable[[LeadService, int], Card | None],
        put_cards: Callable[[dict[int, Card | None], list[LeadChange]], None],
        refresh_board: Callable[[], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._workers = workers
        self._seen = seen
        self._read_card = read_card
        self._put_cards = put_cards
        self._refresh_board = refresh_board
        self.listener = ServerListener(self)
        self.listener.notified.connect(self.heard)
        self._after = 0
        self._reading = False
        self._heard: set[str] = set()
        self._whole_board_due = False
        workers.busyChanged.connect(self._on_busy_changed)

    def start(self, listener: ChangeListener) -> None:
        """Follow the book from the version the board was read at."""
        self._after = self._seen.book
        self.listener.start(listener)

    def stop(self) -> None:
        self.listener.stop()
        self._heard.clear()
        self._whole_board_due = False

    def heard(self, tables: Collection[str]) -> None:
        """Commits were heard: read what they did (once the catch-up under way is over)."""
        if not self.listener.listening:
            return
        self._heard.update(tables)
        if not self._reading:
            self._catch_up()

    def _catch_up(self) -> None:
        tables, self._heard = self._heard, set()
        after = max(self._after, self._seen.book)
        read_card = self._read_card
        self._reading = True

        def read(service: LeadService, _progress: object) -> LiveRead:
            changes = service.changes_after(after, JOURNAL_LIMIT)
            ids = sorted({change.contact_id for change in changes})
            return changes, len(changes) < JOURNAL_LIMIT, {cid: read_card(service, cid) for cid in ids}

        self._workers.run("", read, lambda result: self._arrived(tables, result), lambda _error: self._done())

    def _arrived(self, tables: set[str], result: LiveRead) -> None:
        changes, complete, cards = result
        self._reading = False
        if not self.listener.listening:
            return
        if changes:
            self._after = max(self._after, changes[-1].version)
            self.journalRead.emit(changes)
        if needs_whole_board(tables, changes, complete):
            self._whole_board_due = True
            self._refresh_if_free()
        else:
            unseen = {c.contact_id for c in changes if c.version > self._seen.of(c.contact_id)}
            fresh = {cid: card for cid, card in cards.items() if cid in unseen}
            if fresh:
                self._put_cards(fresh, [c for c in changes if c.contact_id in unseen])
                for change in changes:
                    if change.contact_id in unseen:
                        self._seen.wrote(change.contact_id, change.version)
                self.applied.emit(sorted(fresh))
        self._done()

    def _done(self) -> None:
        self._reading = False
        if self._heard and self.listener.listening:
            self._catch_up()

    def _refresh_if_free(self) -> None:
        """The whole board is read by the window's refresh, which waits for the worker to be free."""
        if self._whole_board_due and not self._workers.busy:
            self._whole_board_due = False
            self._refresh_board()

    def _on_busy_changed(self, busy: Any) -> None:
        if not busy:
            self._refresh_if_free()
