"""A server book's board, live: what another desktop or a ``leadtemp`` command commits reaches the
window as it happens, through ``LISTEN`` on a connection of its own, instead of a poll.

A small thread waits on that connection; when commits are heard it reads, with a service of its own
kept open on that thread (a server connection costs a TLS handshake, too slow to make per change),
the book's journal of lead changes after the newest version the window shows, and re-reads only
those leads' cards. The whole board is read again (by the window's refresh, on the worker) only
when the journal cannot say what changed:
the rules or settings changed, an import or a merge ran, or leads were written without a journal
entry (a lead added). A notification lost while the connection was down loses nothing: the journal
holds everything since.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Collection
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from leadtemp.errors import LeadTempError, ServerUnreachable

if TYPE_CHECKING:
    from desktop.window.seen_versions import SeenVersions
    from desktop.workers import Workers
    from leadtemp.conflicts import LeadChange
    from leadtemp.model import Card
    from leadtemp.service import LeadService
    from leadtemp.store.server.listening import ChangeListener

#: How long the thread waits on the connection before it looks whether it should stop.
WAIT_SECONDS = 0.2
#: How long it waits before connecting again after losing the server (or failing to read).
RETRY_SECONDS = 2.0
#: More journal entries than this at once: the board is read again instead.
JOURNAL_LIMIT = 200
#: Tables whose writes change many leads at once or how every lead is scored: the journal has no
#: entry for them, so the board is read again.
BOOK_WIDE_TABLES = frozenset(
    {"settings", "rules_history", "import_batches", "import_updates", "contact_merges", "capture_batches"}
)
#: The journal of lead changes: what a catch-up reads.
JOURNAL_TABLE = "lead_changes"
#: Tables a lead's card shows: written without a new journal entry (a lead added), the board is read again.
BOARD_TABLES = frozenset(
    {"contacts", "interactions", "pins", "checklist_progress", "outcome_changes", "next_steps", "snoozes"}
)


def needs_whole_board(tables: Collection[str], changes: Collection[LeadChange], complete: bool) -> bool:
    """Whether what was written can only be shown by reading the whole board again (after a lost
    connection, anything may have been written unheard)."""
    from leadtemp.store.server.listening import UNHEARD

    if not complete or UNHEARD in tables or BOOK_WIDE_TABLES.intersection(tables):
        return True
    return not changes and bool(BOARD_TABLES.intersection(tables))


#: What one catch-up read: the tables heard, the journal's entries after the version shown,
#: whether that is all of them, and the current card of each lead they name (None: off this board).
LiveRead = tuple[set[str], list["LeadChange"], bool, dict[int, "Card | None"]]


class ServerListener(QObject):
    """A thread that waits on the listening connection and reads what each commit heard did;
    ``read`` carries a :data:`LiveRead` to the UI thread."""

    read = Signal(object)
    #: The server answered a wait (the board shown is current as of now).
    answered = Signal()
    #: The server cannot be reached (the thread keeps trying again by itself).
    unreachable = Signal()

    def __init__(
        self,
        after: Callable[[], int],
        read_card: Callable[[LeadService, int], Card | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._after = after
        self._read_card = read_card
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()

    @property
    def listening(self) -> bool:
        return self._thread is not None

    def start(self, listener: ChangeListener, path: Path, now: Callable[[], datetime]) -> None:
        self.stop()
        stopping = threading.Event()
        self._stopping = stopping
        self._thread = threading.Thread(
            target=self._listen, args=(listener, path, now, stopping), name="leadtemp-listen", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """The window closes or lets the book go: the thread ends and closes its connections."""
        thread, self._thread = self._thread, None
        self._stopping.set()
        if thread is not None:
            thread.join(timeout=2 * WAIT_SECONDS + 1)

    def _listen(
        self, listener: ChangeListener, path: Path, now: Callable[[], datetime], stopping: threading.Event
    ) -> None:
        from leadtemp.service import LeadService
        from leadtemp.store.server.listening import UNHEARD

        service: LeadService | None = None
        heard: set[str] = set()
        connected_before = False
        try:
            while not stopping.is_set():
                try:
                    tables = listener.wait(WAIT_SECONDS)
                    with contextlib.suppress(RuntimeError):  # the window is gone already
                        self.answered.emit()
                    if UNHEARD in tables and not connected_before:
                        # Listening from the first time on: what the board missed since it was read
                        # is in the journal.
                        connected_before = True
                        tables = {JOURNAL_TABLE}
                    heard |= tables
                    if not heard:
                        continue
                    if service is None:
                        service = LeadService.open(path, now=now, read_only=True)
                    elif BOOK_WIDE_TABLES.intersection(heard):
                        service.reload("the book changed on another desktop")
                    result = self._catch_up(service, heard)
                except LeadTempError as error:
                    if isinstance(error, ServerUnreachable):
                        with contextlib.suppress(RuntimeError):
                            self.unreachable.emit()
                    if service is not None:
                        service.close()
                        service = None
                    stopping.wait(RETRY_SECONDS)
                    continue
                heard = set()
                if not stopping.is_set():
                    with contextlib.suppress(RuntimeError):  # the window is gone already
                        self.read.emit(result)
        finally:
            listener.close()
            if service is not None:
                service.close()

    def _catch_up(self, service: LeadService, heard: set[str]) -> LiveRead:
        changes = service.changes_after(self._after(), JOURNAL_LIMIT)
        ids = sorted({change.contact_id for change in changes})
        cards = {cid: self._read_card(service, cid) for cid in ids}
        return set(heard), changes, len(changes) < JOURNAL_LIMIT, cards


class LiveBoard(QObject):
    """Brings the board up to date with what the listening thread read."""

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
        self._put_cards = put_cards
        self._refresh_board = refresh_board
        #: The newest journal version read (read by the listening thread too: an int, set whole).
        self._after = 0
        self.listener = ServerListener(lambda: max(self._after, self._seen.book), read_card, self)
        self.listener.read.connect(self._arrived)
        self._whole_board_due = False
        workers.busyChanged.connect(self._on_busy_changed)

    def start(self, listener: ChangeListener, path: Path, now: Callable[[], datetime]) -> None:
        """Follow the book at ``path`` from the version the board was read at."""
        self._after = self._seen.book
        self.listener.start(listener, path, now)

    def stop(self) -> None:
        self.listener.stop()
        self._whole_board_due = False

    def _arrived(self, result: LiveRead) -> None:
        tables, changes, complete, cards = result
        if not self.listener.listening:
            return
        if changes:
            self._after = max(self._after, changes[-1].version)
            self.journalRead.emit(changes)
        if needs_whole_board(tables, changes, complete):
            self._whole_board_due = True
            self._refresh_if_free()
            return
        unseen = {c.contact_id for c in changes if c.version > self._seen.of(c.contact_id)}
        fresh = {cid: card for cid, card in cards.items() if cid in unseen}
        if not fresh:
            return
        self._put_cards(fresh, [c for c in changes if c.contact_id in unseen])
        for change in changes:
            if change.contact_id in unseen:
                self._seen.wrote(change.contact_id, change.version)
        self.applied.emit(sorted(fresh))

    def _refresh_if_free(self) -> None:
        """The whole board is read by the window's refresh, which waits for the worker to be free."""
        if self._whole_board_due and not self._workers.busy:
            self._whole_board_due = False
            self._refresh_board()

    def _on_busy_changed(self, busy: Any) -> None:
        if not busy:
            self._refresh_if_free()
