"""A book that cannot be written just now (a read-only file or folder; a server that is down):
the window says so in a bar above the leads, keeps showing what it last read, refuses every write
with one message, and looks again every few seconds, back to normal by itself once it can write.
Nothing is kept to be written later: a refused change is not made."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QWidget

PROBE_INTERVAL_MS = 2000


class ReadOnlyBar(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("read-only-bar")
        self.setWordWrap(True)
        self.setStyleSheet("QLabel#read-only-bar { background: #fff3cd; color: #5c4400; padding: 6px 12px; }")
        self.hide()


class ReadOnlyWatch(QObject):
    """Whether the window's book can be written; ``changed(read_only)`` when that turns."""

    changed = Signal(bool)

    def __init__(
        self,
        writable: Callable[[], bool],
        bar: ReadOnlyBar,
        parent: QObject | None = None,
        interval_ms: int = PROBE_INTERVAL_MS,
    ) -> None:
        super().__init__(parent)
        self._writable = writable
        self.bar = bar
        self.read_only = False
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.probe)

    def enter(self, name: str, text: str | None = None) -> None:
        """The book named ``name`` cannot be written: say so (``text``, if the reason is not a
        read-only file) and look again every few seconds."""
        self.bar.setText(
            text
            or f"{name} is read-only just now: the leads are shown as last read and changes are "
            "refused. LeadTemp lets you change them again as soon as the book can be written."
        )
        self.bar.show()
        self._timer.start()
        if not self.read_only:
            self.read_only = True
            self.changed.emit(True)

    def probe(self) -> None:
        if self.read_only and self._writable():
            self.leave()

    def leave(self) -> None:
        self._timer.stop()
        self.bar.hide()
        if self.read_only:
            self.read_only = False
            self.changed.emit(False)

    def stop(self) -> None:
        self._timer.stop()
