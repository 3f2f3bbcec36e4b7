"""``leadtemp report --html FILE``: one self-contained page (tables and inline SVG charts) to share."""

from __future__ import annotations

from html import escape

from leadtemp.clock import from_timestamp
from leadtemp.model import Temperature
from leadtemp.reports.report import Report
from leadtemp.reports.seeds import SEED_CONVERSION

#: The board's light-theme accents.
COLORS = {Temperature.COLD: "#2f6fd0", Temperature.WARM: "#d07a12", Temperature.HOT: "#d23a30"}
_W, _H, _PAD = 420, 200, 36


def _bars_svg(report: Report) -> str:
    rows = report.conversion
    top = max(
        [
            0.1,
            *(SEED_CONVERSION[r.temperature][1] for r in rows),
            *((r.rate.interval or (0, 0))[1] for r in rows),
        ]
    )
    top = min(1.0, top * 1.1)
    slot = (_W - _PAD) / len(rows)

    def y(value: float) -> float:
        return _H - _PAD + 8 - (_H - _PAD) * value / top

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{_W}" height="{_H}" role="img">']
    for index, row in enumerate(rows):
        x0 = _PAD + index * slot
        color = COLORS[row.temperature]
        low, high = SEED_CONVERSION[row.temperature]
        parts.append(
            f'<rect x="{x0 + 4:.1f}" y="{y(high):.1f}" width="{slot - 8:.1f}" '
            f'height="{y(low) - y(high):.1f}" '
            f'fill="{color}" fill-opacity="0.18"><title>seeds: {low:.0%}-{high:.0%}</title></rect>'
        )
        if row.rate.value is not None:
            centre, half = x0 + slot / 2, slot / 4
            parts.append(
                f'<rect x="{centre - half:.1f}" y="{y(row.rate.value):.1f}" width="{2 * half:.1f}" '
                f'height="{y(0) - y(row.rate.value):.1f}" fill="{color}">'
                f"<title>{escape(row.text())}</title></rect>"
            )
            interval = row.rate.interval
            if interval is not None:
                parts.append(
                    f'<line x1="{centre:.1f}" x2="{centre:.1f}" y1="{y(interval[0]):.1f}" '
                    f'y2="{y(interval[1]):.1f}" stroke="#222" stroke-width="1.5"/>'
                )
        parts.append(
            f'<text x="{x0 + slot / 2:.1f}" y="{_H - 8}" text-anchor="middle" font-size="12">'
            f"{row.temperature.value}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _funnel_svg(report: Report) -> str:
    weeks = report.funnel
    top = max([1, *(count for week in weeks for count in week.values())]) * 1.1
    step = (_W - _PAD) / max(1, len(weeks) - 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{_W}" height="{_H}" role="img">']
    for temperature in Temperature:
        points = " ".join(
            f"{_PAD + i * step:.1f},{_H - _PAD - (_H - 2 * _PAD) * week[temperature] / top + _PAD / 2:.1f}"
            for i, week in enumerate(weeks)
        )
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{COLORS[temperature]}" stroke-width="2">'
            f"<title>{temperature.value}</title></polyline>"
        )
    if report.weeks:
        first, last = (from_timestamp(report.weeks[i]).date().isoformat() for i in (0, -1))
        parts.append(f'<text x="{_PAD}" y="{_H - 6}" font-size="11">{first}</text>')
        parts.append(f'<text x="{_W - 4}" y="{_H - 6}" font-size="11" text-anchor="end">{last}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _line(line: str) -> str:
    if line.startswith("  "):
        return f"<li>{escape(line.strip())}</li>"
    if line.startswith("Note: "):
        return f"</ul><p>{escape(line)}</p><ul>"
    return f"</ul><h2>{escape(line)}</h2><ul>"


def report_html(report: Report, book_name: str) -> str:
    day = from_timestamp(report.as_of).date().isoformat()
    lines = "".join(_line(line) for line in report.lines())
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>LeadTemp report: {escape(book_name)}, {day}</title>"
        "<style>body{font-family:system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em;"
        "color:#1b1e24}"
        "h2{font-size:1.05em;margin-top:1.4em}ul{padding-left:1.2em}figure{margin:1em 0}"
        "figcaption{font-size:.9em;color:#555}</style></head><body>"
        f"<h1>{escape(book_name)}: report as of {day}</h1>"
        f"<figure>{_bars_svg(report)}<figcaption>Conversion per temperature: bars are this book, whiskers "
        "the 95 % interval, shaded bands the seeds' ranges.</figcaption></figure>"
        f"<figure>{_funnel_svg(report)}<figcaption>Open leads per temperature, week by week."
        "</figcaption></figure>"
        f"<ul>{lines}</ul></body></html>\n"
    )
