"""Start-up probe shared by the frozen app and the frozen bare-window baseline.

With ``LEADTEMP_STARTUP_PROBE=1`` the process prints :data:`MARKER` as soon as its first main window
has been painted and exits, so ``bench/startup_bench.py`` can time both executables the same way from
outside. Without the variable nothing here runs and Qt is not imported.

The probe watches the main windows themselves, not the whole application: an application-wide
event filter makes PySide build a Python wrapper (and load the Python class, with all its enums)
for every object that receives an event, which added 20-30 ms to a window with many widgets and
far less to the bare one, so it measured itself more than the start-up.
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
    """Watch the QApplication ``app`` for its first painted main window.

    Call it before the event loop starts. The main windows shown by then are watched from the
    loop's first pass, which comes before the window system asks them to paint; without one the
    whole application is watched instead.
    """
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
    _installed.append(probe)

    def watch() -> None:
        windows = [widget for widget in app.topLevelWidgets() if isinstance(widget, QMainWindow)]
        for window in windows:
            window.installEventFilter(probe)
        if not windows:
            app.installEventFilter(probe)

    QTimer.singleShot(0, watch)
