"""Noticing that another program (a ``leadtemp`` command, a second window) changed the lead book.

SQLite's ``PRAGMA data_version`` on a connection moves whenever another connection commits to the
file. On a WAL database reading it only looks at the shared-memory index, so polling the window's
own connection on the UI thread a few times a second costs microseconds and no disk access. The
window's own writes on that connection never move it; its background tasks' writes do, so the
poll waits while they run, and a board load that starts takes every commit so far with it
(:meth:`ExternalChanges.absorb`): one catch-up per change from outside, never a chain of them.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

POLL_INTERVAL_MS = 250


class ExternalChanges(QObject):
    """Emits ``changed`` once another connection has committed since the board was last read."""

    changed = Signal()

    def __init__(
        self, busy: Callable[[], bool], parent: QObject | None = None, interval_ms: int = POLL_INTERVAL_MS
    ) -> None:
        super().__init__(parent)
        self._busy = busy
        self._version: Callable[[], int | None] | None = None
        self._seen: int | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.poll)

    def watch(self, version: Callable[[], int | None]) -> None:
        """Follow commits others make to the book, read by ``version`` (None: unreadable just now)."""
        self._version = version
        self._seen = version()
        self._timer.start()

    def stop(self) -> None:
        """The connection is about to close (a restore, the window closing)."""
        self._timer.stop()
        self._version = None
        self._seen = None

    def absorb(self) -> None:
        """A board load is starting: it will read everything committed so far."""
        if self._version is not None:
            self._seen = self._version()

    def poll(self) -> None:
        if self._version is None or self._busy():
            return
        version = self._version()
        if version is None or version == self._seen:
            return
        self._seen = version
        self.changed.emit()
