"""Start-up probe shared by the frozen app and the frozen bare-window baseline.

With ``LEADTEMP_STARTUP_PROBE=1`` the process prints :data:`MARKER` as soon as its first main window
has been painted and exits, so ``bench/startup_bench.py`` can time both executables the same way from
outside. Without the variable nothing here runs and Qt is not imported.
"""

from __future__ import annotations

import os
import sys
from typing import Any

PROBE_ENV = "LEADTEMP_STARTUP_PROBE"
MARKER = "LEADTEMP-FIRST-PAINT"

_installed: list[Any] = []


def requested() -> bool:
    return os.environ.get(PROBE_ENV) == "1"


def _report() -> None:
    sys.stdout.write(f"{MARKER}\n")
    sys.stdout.flush()
    # Skip teardown: the measurement is over and exit-time clean-up is not part of start-up.
    os._exit(0)


def install(app: Any) -> None:
    """Watch the QApplication ``app`` for its first painted main window."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QMainWindow

    class FirstPaint(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.seen = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if not self.seen and event.type() == QEvent.Type.Paint and isinstance(watched, QMainWindow):
                self.seen = True
                # A zero timer fires once the paint in progress has been drawn and flushed.
                QTimer.singleShot(0, _report)
            return False

    probe = FirstPaint()
    app.installEventFilter(probe)
    _installed.append(probe)
