"""Frozen entry point of the LeadTemp bundle: what the ``LeadTemp`` executable runs.

With ``LEADTEMP_STARTUP_PROBE=1`` (``bench/startup_bench.py``) the QApplication is created here first
so the probe can watch for the first painted window; ``desktop.app.main`` reuses it.
"""

from __future__ import annotations

import sys

import startup_probe


def main() -> int:
    if startup_probe.requested():
        from PySide6.QtWidgets import QApplication

        startup_probe.install(QApplication(sys.argv))

    from desktop.app import main as app_main

    return int(app_main() or 0)


if __name__ == "__main__":
    raise SystemExit(main())
