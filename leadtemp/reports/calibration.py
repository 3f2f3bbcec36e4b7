"""Does a higher score mean more wins in this book? Win rate per band of the highest score reached."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass

from leadtemp.reports.figures import Rate
from leadtemp.reports.journey import Journey

#: Closed deals needed before the check says anything.
MIN_CLOSED = 20


@dataclass(frozen=True)
class Band:
    low: int
    high: int | None  # None: and above
    rate: Rate

    @property
    def name(self) -> str:
        return f"{self.low}+" if self.high is None else f"{self.low}-{self.high}"


@dataclass(frozen=True)
class Calibration:
    bands: tuple[Band, ...]
    closed: int
    verdict: str


def bands_for(warm_min: int, hot_min: int) -> tuple[tuple[int, int | None], ...]:
    """Cold, the lower and upper half of warm, hot."""
    middle = (warm_min + hot_min) // 2
    return ((0, warm_min - 1), (warm_min, middle - 1), (middle, hot_min - 1), (hot_min, None))


def calibration_of(journeys: Iterable[Journey], warm_min: int, hot_min: int) -> Calibration:
    limits = bands_for(warm_min, hot_min)
    tallies = [[0, 0] for _ in limits]
    closed = 0
    for journey in journeys:
        if not (journey.won or journey.lost):
            continue
        closed += 1
        peak = journey.peak_score
        assert peak is not None, "a closed deal's journey keeps its highest score"
        index = next(i for i, (_, high) in enumerate(limits) if high is None or peak <= high)
        tallies[index][0] += journey.won
        tallies[index][1] += 1
    bands = tuple(Band(low, high, Rate(*tally)) for (low, high), tally in zip(limits, tallies, strict=True))
    return Calibration(bands, closed, _verdict(bands, closed))


def _verdict(bands: tuple[Band, ...], closed: int) -> str:
    if closed < MIN_CLOSED:
        return f"too little data to tell: {closed} closed deals (the check needs at least {MIN_CLOSED})"
    filled = [band for band in bands if band.rate.leads]
    rates = [band.rate.value or 0.0 for band in filled]
    if len(filled) < 2:
        return "too little data to tell: every closed deal falls in one score band"
    lowest, highest = filled[0].rate.interval, filled[-1].rate.interval
    assert lowest is not None and highest is not None
    if highest[0] > lowest[1]:
        return "higher scores win more: the top band's interval lies above the bottom one's"
    if all(a <= b for a, b in itertools.pairwise(rates)):
        return "higher scores tend to win more, but the intervals still overlap"
    return "in this book the score does not yet order wins: the bands' rates do not rise with the score"
