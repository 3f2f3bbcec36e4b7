"""Baseline for the start-up benchmark: an empty QMainWindow, frozen exactly like the app
(``packaging/bare_window.spec``), so the ratio shows what LeadTemp itself adds."""

from __future__ import annotations

import sys

import startup_probe
from PySide6.QtWidgets import QApplication, QMainWindow


def main() -> int:
    app = QApplication(sys.argv)
    if startup_probe.requested():
        startup_probe.install(app)
    window = QMainWindow()
    window.setWindowTitle("Bare window")
    window.resize(1280, 800)
    window.show()
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
