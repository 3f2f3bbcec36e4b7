"""View > Reports…: the report computed on the worker, drawn, exported, and its points applied."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop.reports.reports_dialog import ReportsDialog, wait_histogram
from desktop.window.main_window import MainWindow
from leadtemp.demo import create_demo_database
from tests.conftest import FakeClock
from tests.desktop.conftest import settle

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support")


@pytest.fixture
def demo_window(tmp_path: Path, clock: FakeClock, open_window: Callable[[Path], MainWindow]) -> MainWindow:
    return open_window(create_demo_database(tmp_path / "demo.db", now=clock))


def open_reports(qtbot: QtBot, window: MainWindow) -> ReportsDialog:
    window.menu_actions.reports.trigger()
    dialog = window.reports_dialog
    assert isinstance(dialog, ReportsDialog)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10_000)
    return dialog


def test_the_report_is_drawn_from_the_books_history(qtbot: QtBot, demo_window: MainWindow) -> None:
    dialog = open_reports(qtbot, demo_window)
    assert dialog.report is not None
    bars = dialog.conversion_chart.bars
    assert [bar.label for bar in bars] == ["Cold", "Warm", "Hot"]
    hot = next(row for row in dialog.report.conversion if row.temperature.value == "hot")
    assert bars[2].value == hot.rate.value and bars[2].interval == hot.rate.interval
    assert bars[2].reference == (0.15, 0.30)
    assert "hot: " in dialog.conversion_text.text() and "seeds: 15-30 %" in dialog.conversion_text.text()
    assert len(dialog.funnel_chart.labels) == 12 and len(dialog.funnel_chart.series) == 3
    assert sum(bar.value or 0 for bar in dialog.response_chart.bars) > 0
    assert "wins expected" in dialog.forecast_text.text()
    # A second trigger raises the open window rather than opening another.
    demo_window.menu_actions.reports.trigger()
    assert demo_window.reports_dialog is dialog


def test_exports_write_png_csv_and_json(qtbot: QtBot, demo_window: MainWindow, tmp_path: Path) -> None:
    dialog = open_reports(qtbot, demo_window)
    assert dialog.save_png(tmp_path / "report.png")
    assert (tmp_path / "report.png").read_bytes().startswith(b"\x89PNG")
    assert dialog.save_figures("csv", tmp_path / "report.csv")
    rows = list(csv.reader((tmp_path / "report.csv").read_text(encoding="utf-8").splitlines()))
    assert rows[0][0] == "section" and any(row[0] == "conversion" for row in rows)
    assert dialog.save_figures("json", tmp_path / "report.json")
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert {row["temperature"] for row in data["conversion"]} == {"cold", "warm", "hot"}


def test_suggested_points_apply_as_one_undoable_rules_change(
    qtbot: QtBot, demo_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = open_reports(qtbot, demo_window)
    assert dialog.report is not None
    suggested = dialog.report.suggested_points
    assert suggested and dialog.apply_button.isVisibleTo(dialog)
    service = demo_window.service
    assert service is not None
    before = {kind: service.catalogue.get(kind).points for kind in suggested}
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    dialog.apply_button.click()
    qtbot.waitUntil(lambda: demo_window.undo_stack.count() == 1, timeout=10_000)
    settle(qtbot, demo_window)
    after = {kind: demo_window.service.catalogue.get(kind).points for kind in suggested}  # type: ignore[union-attr]
    assert after == {kind: float(points) for kind, points in suggested.items()}
    demo_window.undo_stack.undo()
    settle(qtbot, demo_window)
    qtbot.waitUntil(
        lambda: {k: demo_window.service.catalogue.get(k).points for k in suggested} == before,  # type: ignore[union-attr]
        timeout=10_000,
    )


def test_waits_fall_into_the_histograms_bins() -> None:
    assert wait_histogram((1.0, 5.0, 6.0, 59.0, 600.0, 2000.0, 50_000.0)) == [2, 2, 1, 1, 1]


def test_axes_use_round_steps() -> None:
    from desktop.reports.charts import nice_scale

    assert nice_scale(0.41) == (pytest.approx(0.5), 5)
    assert nice_scale(35, whole=True) == (40, 4)
    assert nice_scale(1, whole=True) == (1, 1)
    assert nice_scale(22, whole=True) == (25, 5)
