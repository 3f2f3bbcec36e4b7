"""Run start-up work just after something has painted, so it never delays the frame a user waits for.

Python threads share one interpreter lock: a worker that opens the database while the window is
still being built and painted slows both down. Work that can wait is therefore started once the
window (or the board with its cards) is on screen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class AfterPaint(QObject):
    """Calls ``callback`` once, right after the first paint of any of ``widgets`` or the first
    call of :meth:`painted` (connect a "has painted" signal to it).

    If nothing paints within ``fallback_ms`` (a window that is never shown, or shown minimised)
    the callback runs anyway, so the work is never lost.
    """

    def __init__(
        self,
        callback: Callable[[], object],
        fallback_ms: int,
        parent: QObject,
        widgets: Iterable[QWidget] = (),
    ) -> None:
        super().__init__(parent)
        self._callback: Callable[[], object] | None = callback
        self._widgets = list(widgets)
        self._scheduled = False
        for widget in self._widgets:
            widget.installEventFilter(self)
        QTimer.singleShot(fallback_ms, self, self.fire)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._scheduled and event.type() == QEvent.Type.Paint:
            self.painted()
        return False

    def painted(self) -> None:
        if not self._scheduled:
            self._scheduled = True
            # A zero timer runs once the paint in progress has been drawn and flushed.
            QTimer.singleShot(0, self, self.fire)

    def fire(self) -> None:
        """Run the callback now (at most once), if it has not run yet."""
        callback, self._callback = self._callback, None
        if callback is None:
            return
        for widget in self._widgets:
            widget.removeEventFilter(self)
        self.deleteLater()
        callback()
