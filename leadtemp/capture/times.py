"""The times export files write, in the formats apps use, read as aware UTC instants."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime, tzinfo

#: Formats besides ISO 8601; slashed dates are month first unless the file says day first.
_FORMATS = (
    "%Y-%m-%d %H:%M:%S %z",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
    "%b %d, %Y %I:%M %p",
    "%b %d, %Y %H:%M",
    "%B %d, %Y %I:%M %p",
    "%b %d, %Y",
    "%B %d, %Y",
    "%a, %d %b %Y %H:%M:%S %z",
)
_DAY_FIRST = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y")
_SLASHED = re.compile(r"(\d{1,2})/(\d{1,2})/\d{4}")
_UTC_SUFFIX = re.compile(r"\s*(?:UTC|GMT|Z)$", re.IGNORECASE)
_EPOCH = re.compile(r"\d{10}(?:\.\d+)?")


def day_first(samples: Iterable[str]) -> bool:
    """Whether the slashed dates of a column are day first (31/01/2026): some first number is over
    12 and no second one is."""
    firsts, seconds = set(), set()
    for sample in samples:
        match = _SLASHED.match(sample.strip())
        if match:
            firsts.add(int(match.group(1)))
            seconds.add(int(match.group(2)))
    return bool(firsts) and max(firsts) > 12 and max(seconds) <= 12


def parse_export_time(text: str, zone: tzinfo | None = None, *, days_first: bool = False) -> datetime:
    """An aware UTC instant; a time without zone is in ``zone`` (the machine's when None).

    Raises ValueError for anything else."""
    cleaned = " ".join(text.split())
    if not cleaned:
        raise ValueError("no time")
    if _EPOCH.fullmatch(cleaned):
        return datetime.fromtimestamp(float(cleaned), UTC)
    zoneless = _UTC_SUFFIX.sub("", cleaned)
    if zoneless != cleaned:
        zone = UTC
    parsed = _parse(zoneless, _DAY_FIRST + _FORMATS if days_first else _FORMATS + _DAY_FIRST)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=zone) if zone is not None else parsed.astimezone()
    return parsed.astimezone(UTC)


def _parse(text: str, layouts: tuple[str, ...]) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    for layout in layouts:
        try:
            return datetime.strptime(text, layout)
        except ValueError:
            continue
    raise ValueError(f"cannot read the time {text!r}")
