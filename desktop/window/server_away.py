"""A server book whose server stopped answering (down, or the network between): the window says
so in the read-only bar, keeps the board it last read, refuses every write with one message and
looks every few seconds, off the UI thread, whether the server answers again; then the window
opens the book afresh and the board catches up. Nothing is kept to be written later."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal

from desktop.window.read_only import ReadOnlyWatch
from leadtemp.server_address import ServerAddress


class ServerAway(QObject):
    """Whether the window's server answers; the read-only watch asks :meth:`writable`."""

    _looked = Signal(bool)

    def __init__(
        self, path: Path, now: Callable[[], datetime], watch: ReadOnlyWatch, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._path = path
        self.host = ServerAddress.parse(str(path)).host
        self._now = now
        self._watch = watch
        #: The server stopped answering and has not answered since.
        self.away = False
        #: It answered again: the window's own connection is gone and must be opened afresh.
        self.returned = False
        self._current_at: datetime | None = None
        self._asking = False
        self._answer = False
        self._looked.connect(self._answered, Qt.ConnectionType.QueuedConnection)

    def current(self) -> None:
        """The server answered just now: the board shown is current as of this moment."""
        if not self.away:
            self._current_at = self._now()

    def lost(self) -> None:
        """The server did not answer: say so (once) and look again until it does."""
        if self.away:
            return
        self.away = True
        self._answer = False
        shown = (self._current_at or self._now()).astimezone().strftime("%H:%M")
        self._watch.enter(
            self.host,
            f"The server {self.host} cannot be reached: showing the board as it was at {shown}; "
            "changes are refused. LeadTemp reconnects by itself as soon as it answers.",
        )

    def refusal(self) -> str:
        return f"The server {self.host} cannot be reached: nothing was changed"

    def writable(self) -> bool:
        """Whether writes may go to the server: always, unless it went away; then the last look's
        answer (a new look starts, and the watch is asked again when it answers)."""
        if not self.away:
            return True
        if self._answer:
            self.away, self.returned = False, True
            return True
        self._look()
        return False

    def _look(self) -> None:
        if self._asking:
            return
        self._asking = True
        threading.Thread(target=self._ask_server, name="leadtemp-server-look", daemon=True).start()

    def _ask_server(self) -> None:
        from leadtemp.service import LeadService

        answers = LeadService.server_answers(self._path)
        with contextlib.suppress(RuntimeError):  # the window closed meanwhile
            self._looked.emit(answers)

    def _answered(self, answers: bool) -> None:
        self._asking = False
        self._answer = answers
        if answers and self.away:
            self._watch.probe()
