"""Frozen entry point of the LeadTemp bundle: what the ``LeadTemp`` executable runs.

With ``LEADTEMP_STARTUP_PROBE=1`` (``bench/startup_bench.py``) the QApplication is created here so
the probe can watch for the first painted window; ``desktop.app.main`` then builds its window on
that application and returns, and the event loop runs here until the probe exits.
"""

from __future__ import annotations

import sys

import startup_probe


def main() -> int:
    from desktop.app import main as app_main

    if not startup_probe.requested():
        return int(app_main() or 0)

    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    startup_probe.install(app)
    code = int(app_main() or 0)
    return code if code else app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
