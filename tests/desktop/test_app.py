"""The entry point: arguments, the demo, reusing a QApplication, and the self-test hook."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop import app as desktop_app
from desktop.window.main_window import MainWindow
from leadtemp import __version__
from leadtemp.model import Temperature


def test_version_prints_and_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert desktop_app.main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"LeadTemp {__version__}"


def test_arguments() -> None:
    args = desktop_app.parse_args(["--db", "~/leads.db", "--demo"])
    assert args.db == "~/leads.db" and args.demo and not args.self_test


def test_self_test_runs_the_packaged_check(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = types.ModuleType("desktop.selftest")
    fake.run_self_test = lambda db=None: 0  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "desktop.selftest", fake)
    assert desktop_app.main(["--self-test"]) == 0


def _windows(qapp: QApplication) -> list[MainWindow]:
    return [widget for widget in qapp.topLevelWidgets() if isinstance(widget, MainWindow)]


def test_main_reuses_the_running_application_and_opens_the_db(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path
) -> None:
    path = tmp_path / "fresh" / "first-start.db"
    assert desktop_app.main(["--db", str(path)]) == 0
    window = desktop_app._open_windows.pop()
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.service is not None, timeout=10_000)
    assert path.exists() and path.name in window.windowTitle()
    window.close()


def test_demo_window_spreads_leads_over_three_columns(qtbot: QtBot, qapp: QApplication) -> None:
    window = desktop_app.create_window(demo=True, auto_refresh=False)
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.board_model.loaded, timeout=10_000)
    counts = [window.board_model.total(t) for t in Temperature]
    assert sum(counts) == 42 and min(counts) >= 8
    assert "leadtemp-demo" in window.windowTitle()
    assert window.isVisible()
    window.close()
