"""The report as one CSV table: a row per figure, so a spreadsheet can chart any of it."""

from __future__ import annotations

import csv
import io

from leadtemp.clock import from_timestamp
from leadtemp.reports.figures import Rate
from leadtemp.reports.report import Report

HEADER = ("section", "name", "leads", "won", "rate", "low", "high", "value")


def _rate_cells(rate: Rate) -> list[object]:
    interval = rate.interval
    return [
        rate.leads,
        rate.won,
        "" if rate.value is None else f"{rate.value:.4f}",
        "" if interval is None else f"{interval[0]:.4f}",
        "" if interval is None else f"{interval[1]:.4f}",
    ]


def report_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for row in report.conversion:
        writer.writerow(["conversion", row.temperature.value, *_rate_cells(row.rate), ""])
    for cycle in report.time_to_close:
        median = cycle.median_days
        writer.writerow(
            ["time_to_close_days", cycle.temperature.value, len(cycle.days), "", "", "", "", median or ""]
        )
    for group in report.response:
        writer.writerow(["response", group.name, *_rate_cells(group.rate), ""])
    for group in report.sources:
        writer.writerow(["source", group.name, *_rate_cells(group.rate), ""])
    for group in report.qualification:
        writer.writerow(["qualification", group.name, *_rate_cells(group.rate), ""])
    for signal in report.signals:
        writer.writerow(
            ["signal_lift", signal.kind, signal.deals, signal.before_wins, "", "", "", f"{signal.lift:.3f}"]
        )
    if report.calibration is not None:
        for band in report.calibration.bands:
            writer.writerow(["score_band", band.name, *_rate_cells(band.rate), ""])
    if report.forecast is not None:
        for horizon in report.forecast.horizons:
            writer.writerow(
                [
                    "forecast_wins",
                    f"{horizon.days} days",
                    "",
                    "",
                    "",
                    f"{horizon.low:.2f}",
                    f"{horizon.high:.2f}",
                    f"{horizon.expected:.2f}",
                ]
            )
    for end, week in zip(report.weeks, report.funnel, strict=True):
        for temperature, count in week.items():
            writer.writerow(["funnel", f"{_day(end)} {temperature.value}", count, "", "", "", "", ""])
    return out.getvalue()


def _day(seconds: float) -> str:
    return from_timestamp(seconds).date().isoformat()
