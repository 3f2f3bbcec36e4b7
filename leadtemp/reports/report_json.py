"""``leadtemp report --json``: the report as plain JSON, instants in ISO 8601 UTC."""

from __future__ import annotations

from typing import Any

from leadtemp.clock import format_iso, from_timestamp
from leadtemp.reports.figures import Rate
from leadtemp.reports.report import Report
from leadtemp.reports.seeds import SEED_CONVERSION, SEED_CYCLE_DAYS


def _rate(rate: Rate) -> dict[str, Any]:
    interval = rate.interval
    return {
        "leads": rate.leads,
        "won": rate.won,
        "rate": rate.value,
        "interval": list(interval) if interval is not None else None,
    }


def _iso(seconds: float | None) -> str | None:
    return format_iso(from_timestamp(seconds)) if seconds is not None else None


def report_json(report: Report) -> dict[str, Any]:
    return {
        "as_of": _iso(report.as_of),
        "since": _iso(report.since),
        "conversion": [
            {
                "temperature": row.temperature.value,
                **_rate(row.rate),
                "lost": row.lost,
                "open": row.open,
                "archived": row.archived,
                "seeds": list(SEED_CONVERSION[row.temperature]),
            }
            for row in report.conversion
        ],
        "time_to_close": [
            {
                "temperature": row.temperature.value,
                "wins": len(row.days),
                "median_days": row.median_days,
                "min_days": min(row.days, default=None),
                "max_days": max(row.days, default=None),
                "seeds_days": list(SEED_CYCLE_DAYS[row.temperature]),
            }
            for row in report.time_to_close
        ],
        "response": {
            "waits_minutes": sorted(report.response_minutes),
            "groups": [{"name": group.name, **_rate(group.rate)} for group in report.response],
        },
        "sources": [{"source": group.name, **_rate(group.rate)} for group in report.sources],
        "qualification": [{"name": group.name, **_rate(group.rate)} for group in report.qualification],
        "funnel": [
            {"week_end": _iso(end), **{t.value: count for t, count in week.items()}}
            for end, week in zip(report.weeks, report.funnel, strict=True)
        ],
        "signals": {
            "closed_deals": report.closed_deals,
            "kinds": [
                {
                    "kind": signal.kind,
                    "before_wins": signal.before_wins,
                    "before_losses": signal.before_losses,
                    "lift": signal.lift,
                    "points": signal.points,
                    "suggested_points": signal.suggested_points,
                }
                for signal in report.signals
            ],
            "suggested_points": report.suggested_points,
        },
        "calibration": None
        if report.calibration is None
        else {
            "closed_deals": report.calibration.closed,
            "bands": [{"band": band.name, **_rate(band.rate)} for band in report.calibration.bands],
            "verdict": report.calibration.verdict,
        },
        "forecast": None
        if report.forecast is None
        else {
            "horizons": [
                {
                    "days": horizon.days,
                    "expected_wins": horizon.expected,
                    "range": [horizon.low, horizon.high],
                    "leads": [{"id": cid, "chance": chance} for cid, chance in horizon.leaders],
                }
                for horizon in report.forecast.horizons
            ],
            "assumptions": {
                temperature.value: {"win_chance": chance, "cycle_days": days, "from": where}
                for temperature, (chance, days, where) in report.forecast.assumptions.items()
            },
        },
        "notes": list(report.notes),
    }
