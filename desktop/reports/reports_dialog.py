"""View > Reports...: does the temperature predict wins? The book's own figures beside the seeds'.

The report is computed on the worker queue (it replays every lead's history); the dialog draws it
with the charts in :mod:`desktop.reports.charts`, exports the page as PNG and the figures as CSV or
JSON, and offers the suggested points as one undoable rules change, after a preview.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.reports.charts import Bar, BarChart, LineChart, Series
from desktop.widgets.labels import temperature_color
from leadtemp.clock import from_timestamp
from leadtemp.errors import LeadTempError
from leadtemp.exporting.targets import check_export_target
from leadtemp.fileio import atomic_write_text
from leadtemp.model import Temperature
from leadtemp.reports.figures import percent
from leadtemp.reports.report import Report
from leadtemp.reports.report_csv import report_csv
from leadtemp.reports.report_json import report_json
from leadtemp.reports.seeds import SEED_CONVERSION

#: Response-time histogram: (label, longest wait in minutes; None: any longer).
WAIT_BINS: tuple[tuple[str, float | None], ...] = (
    ("≤ 5 min", 5.0),
    ("≤ 1 h", 60.0),
    ("≤ 1 day", 1440.0),
    ("≤ 1 week", 10080.0),
    ("longer", None),
)

#: ``load(show)``: compute the report off the UI thread and call ``show`` with it.
Loader = Callable[[Callable[[Report], None]], None]
#: ``apply(points)``: put the suggested points through the window's undoable rules change.
Applier = Callable[[dict[str, int]], None]


def wait_histogram(minutes: tuple[float, ...]) -> list[int]:
    counts = [0] * len(WAIT_BINS)
    for wait in minutes:
        index = next(i for i, (_, limit) in enumerate(WAIT_BINS) if limit is None or wait <= limit)
        counts[index] += 1
    return counts


class ReportsDialog(QDialog):
    """Non-modal: the board stays usable while the report is open."""

    reportShown = Signal()

    def __init__(
        self, load: Loader, apply_points: Applier, db_path: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reports")
        self.setAccessibleName("reports")
        self.setWindowTitle("Reports")
        self.resize(760, 720)
        self._load, self._apply_points, self._db_path = load, apply_points, db_path
        self.report: Report | None = None

        self.status = QLabel("Replaying every lead's history…", self)
        self.status.setWordWrap(True)
        self.refresh_button = QPushButton("&Refresh", self)
        self.refresh_button.clicked.connect(self.refresh)
        self.png_button = QPushButton("Save as &PNG…", self)
        self.png_button.clicked.connect(self.save_png)
        self.csv_button = QPushButton("Save as &CSV…", self)
        self.csv_button.clicked.connect(lambda: self.save_figures("csv"))
        self.json_button = QPushButton("Save as &JSON…", self)
        self.json_button.clicked.connect(lambda: self.save_figures("json"))
        top = QHBoxLayout()
        top.addWidget(self.status, 1)
        for button in (self.refresh_button, self.png_button, self.csv_button, self.json_button):
            top.addWidget(button)

        self.page = QWidget(self)
        self.page.setObjectName("reports-page")
        column = QVBoxLayout(self.page)
        self.conversion_chart = BarChart("Conversion per temperature", "%", self.page)
        self.conversion_text = self._text()
        column.addWidget(
            self._group(
                "Conversion per temperature (whiskers: 95 % interval; bands: the seeds)",
                self.conversion_chart,
                self.conversion_text,
            )
        )
        self.funnel_chart = LineChart("Open leads per temperature, week by week", self.page)
        column.addWidget(self._group("Open leads per temperature, week by week", self.funnel_chart))
        self.response_chart = BarChart("Time to first answer after a buying signal", "", self.page)
        self.response_text = self._text()
        column.addWidget(
            self._group(
                "Time to the first answer after a buying signal", self.response_chart, self.response_text
            )
        )
        self.cycle_text = self._text()
        column.addWidget(self._group("Time to close", self.cycle_text))
        self.qualification_text = self._text()
        column.addWidget(
            self._group(
                "Qualified or not (conversion: hot is not the same as qualified)", self.qualification_text
            )
        )
        self.sources_text = self._text()
        column.addWidget(self._group("Sources", self.sources_text))
        self.signals_text = self._text()
        self.apply_button = QPushButton("Apply the suggested points…", self.page)
        self.apply_button.setObjectName("reports-apply-points")
        self.apply_button.clicked.connect(self.apply_suggested)
        self.apply_button.setVisible(False)
        column.addWidget(self._group("Signals that matter", self.signals_text, self.apply_button))
        self.calibration_text = self._text()
        column.addWidget(self._group("Does a higher score win more?", self.calibration_text))
        self.forecast_text = self._text()
        column.addWidget(self._group("Forecast", self.forecast_text))
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.page)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        self._set_ready(False)

    def _text(self) -> QLabel:
        label = QLabel(self.page)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def _group(self, title: str, *widgets: QWidget) -> QGroupBox:
        box = QGroupBox(title, self.page)
        layout = QVBoxLayout(box)
        for widget in widgets:
            layout.addWidget(widget)
        return box

    def _set_ready(self, ready: bool) -> None:
        for button in (self.png_button, self.csv_button, self.json_button, self.refresh_button):
            button.setEnabled(ready)

    def refresh(self) -> None:
        self._set_ready(False)
        self.status.setText("Replaying every lead's history…")
        self._load(self.show_report)

    def show_report(self, report: Report) -> None:
        self.report = report
        day = from_timestamp(report.as_of).astimezone().strftime("%d %b %Y, %H:%M")
        self.status.setText(
            f"As of {day}. " + " ".join(f"{note[0].upper()}{note[1:]}." for note in report.notes)
        )
        self._show_conversion(report)
        self._show_funnel(report)
        self._show_response(report)
        self.cycle_text.setText("\n".join(row.text() for row in report.time_to_close))
        self.qualification_text.setText(
            "\n".join(f"{group.name.capitalize()}: {group.rate.text()}" for group in report.qualification)
        )
        self.sources_text.setText(
            "\n".join(f"{group.name}: {group.rate.text()}" for group in report.sources) or "No leads yet."
        )
        self._show_signals(report)
        self._show_calibration(report)
        self._show_forecast(report)
        self._set_ready(True)
        self.reportShown.emit()

    def _show_conversion(self, report: Report) -> None:
        bars = [
            Bar(
                row.temperature.value.capitalize(),
                row.rate.value,
                temperature_color(self, row.temperature),
                row.rate.interval,
                SEED_CONVERSION[row.temperature],
                f"{row.text()}\n{row.lost} lost, {row.open} still open, {row.archived} archived",
            )
            for row in report.conversion
        ]
        self.conversion_chart.set_bars(bars)
        self.conversion_text.setText("\n".join(row.text() for row in report.conversion))

    def _show_funnel(self, report: Report) -> None:
        labels = [from_timestamp(end).astimezone().strftime("%d %b") for end in report.weeks]
        series = [
            Series(
                t.value.capitalize(),
                temperature_color(self, t),
                tuple(float(week[t]) for week in report.funnel),
            )
            for t in Temperature
        ]
        self.funnel_chart.set_series(series, labels)

    def _show_response(self, report: Report) -> None:
        counts = wait_histogram(report.response_minutes)
        never = next((group.leads for group in report.response if group.name == "never answered"), 0)
        color = temperature_color(self, Temperature.HOT)
        bars = [
            Bar(label, float(count), color, tip=f"{count} lead{'s' if count != 1 else ''} answered {label}")
            for (label, _), count in zip(WAIT_BINS, counts, strict=True)
        ]
        bars.append(Bar("never", float(never), color.darker(150), tip=f"{never} never answered"))
        self.response_chart.set_bars(bars)
        self.response_text.setText(
            "\n".join(f"{group.name}: {group.rate.text()}" for group in report.response)
        )

    def _show_signals(self, report: Report) -> None:
        lines = [signal.text() for signal in report.signals[:8]]
        if not lines:
            lines = ["No closed deals yet: mark leads won or lost to see which signals come before wins."]
        suggested = report.suggested_points
        if suggested:
            changes = [
                f"{signal.label} {signal.points:g} → {signal.suggested_points}"
                for signal in report.signals
                if signal.kind in suggested
            ]
            lines.append("Suggested points: " + ", ".join(changes))
        self.signals_text.setText("\n".join(lines))
        self.apply_button.setVisible(bool(suggested))

    def _show_calibration(self, report: Report) -> None:
        check = report.calibration
        if check is None:
            self.calibration_text.setText("")
            return
        bands = [f"score {band.name}: {band.rate.text()}" for band in check.bands]
        self.calibration_text.setText("\n".join([*bands, check.verdict[0].upper() + check.verdict[1:] + "."]))

    def _show_forecast(self, report: Report) -> None:
        forecast = report.forecast
        if forecast is None:
            self.forecast_text.setText("")
            return
        lines = []
        for horizon in forecast.horizons:
            leaders = ", ".join(
                f"{report.names.get(cid, f'contact {cid}')} ({percent(chance)})"
                for cid, chance in horizon.leaders[:3]
            )
            lines.append(
                f"Next {horizon.days} days: {horizon.expected:.1f} wins expected "
                f"({horizon.low:.1f}-{horizon.high:.1f}); most of it: {leaders or 'no open leads'}"
            )
        sources = {where for _, _, where in forecast.assumptions.values()}
        lines.append("Rates and cycles from " + " and ".join(sorted(sources)) + ".")
        self.forecast_text.setText("\n".join(lines))

    # Exports --------------------------------------------------------------------------

    def _target(self, title: str, suffix: str, pattern: str) -> Path | None:
        stamp = datetime.now().strftime("%Y-%m-%d")
        default = str(Path.home() / f"leadtemp-report-{stamp}.{suffix}")
        name, _ = QFileDialog.getSaveFileName(self, title, default, pattern)
        if not name:
            return None
        try:
            return check_export_target(self._db_path, name, overwrite=True)
        except LeadTempError as error:
            QMessageBox.warning(self, title, str(error))
            return None

    def save_png(self, path: Path | None = None) -> bool:
        target = path or self._target("Save the report as PNG", "png", "PNG images (*.png)")
        if target is None:
            return False
        if not self.page.grab().save(str(target), "PNG"):
            QMessageBox.warning(self, "Save as PNG", f"Could not write {target}")
            return False
        return True

    def save_figures(self, kind: str, path: Path | None = None) -> bool:
        if self.report is None:
            return False
        pattern = "CSV files (*.csv)" if kind == "csv" else "JSON files (*.json)"
        target = path or self._target(f"Save the report as {kind.upper()}", kind, pattern)
        if target is None:
            return False
        text = (
            report_csv(self.report)
            if kind == "csv"
            else json.dumps(report_json(self.report), indent=2) + "\n"
        )
        try:
            atomic_write_text(target, text)
        except LeadTempError as error:
            QMessageBox.warning(self, "Save the report", str(error))
            return False
        return True

    def apply_suggested(self) -> None:
        if self.report is not None and self.report.suggested_points:
            self._apply_points(dict(self.report.suggested_points))
