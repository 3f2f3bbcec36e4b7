"""The report: conversion, time to close, response time, sources and the weekly funnel of a book.

Each lead counts once, in the highest temperature it reached before it closed (or by the report's
end), judged from its log as of each moment of its own history, under the rules in force today.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from leadtemp.model import Outcome, Temperature
from leadtemp.reports.figures import Rate
from leadtemp.reports.journey import Journey
from leadtemp.reports.seeds import RESPONSE_MINUTES
from leadtemp.reports.tables import Conversion, TimeToClose

if TYPE_CHECKING:
    from leadtemp.reports.calibration import Calibration
    from leadtemp.reports.forecast import Forecast
    from leadtemp.reports.signals import Signal

SECONDS_PER_DAY = 86400.0
SECONDS_PER_WEEK = 7 * SECONDS_PER_DAY
#: Response-time buckets: (name, longest wait in minutes; None = any answer later).
RESPONSE_BUCKETS: tuple[tuple[str, float | None], ...] = (
    ("within 5 minutes", RESPONSE_MINUTES),
    ("within an hour", 60.0),
    ("later", None),
)
UNANSWERED = "never answered"


@dataclass(frozen=True)
class Group:
    """Leads and wins of one response bucket or one source."""

    name: str
    leads: int
    won: int

    @property
    def rate(self) -> Rate:
        return Rate(self.won, self.leads)


@dataclass(frozen=True)
class Report:
    since: float | None
    as_of: float
    conversion: tuple[Conversion, ...]
    time_to_close: tuple[TimeToClose, ...]
    #: Minutes each answered lead with a buying signal waited for its first answer.
    response_minutes: tuple[float, ...]
    response: tuple[Group, ...]
    sources: tuple[Group, ...]
    #: Week ends (epoch seconds) and, per week, open leads per temperature.
    weeks: tuple[float, ...]
    funnel: tuple[dict[Temperature, int], ...]
    notes: tuple[str, ...] = field(default=())
    signals: tuple[Signal, ...] = ()
    closed_deals: int = 0
    calibration: Calibration | None = None
    forecast: Forecast | None = None
    #: Names of the open leads the forecast names.
    names: dict[int, str] = field(default_factory=dict)
    #: Leads and wins of the qualified leads and of the others (see :func:`qualification_of`).
    qualification: tuple[Group, ...] = ()

    @property
    def suggested_points(self) -> dict[str, int]:
        """Kinds whose points the book's own wins argue to change: never applied by itself."""
        return {s.kind: s.suggested_points for s in self.signals if s.suggested_points != round(s.points)}

    def lines(self) -> list[str]:
        out = ["Conversion per temperature (each lead in the highest temperature it reached):"]
        out += [f"  {row.text()}" for row in self.conversion]
        out.append("Time to close (first reached its highest temperature -> won):")
        out += [f"  {row.text()}" for row in self.time_to_close]
        out.append("Response to buying signals (first answer after the first signal):")
        out += [f"  {group.name}: {group.rate.text()}" for group in self.response]
        out.append('Qualified or not (budget, authority, need and timeline known, none "no"):')
        out += [f"  {group.name}: {group.rate.text()}" for group in self.qualification]
        out.append("Sources:")
        out += [f"  {group.name}: {group.rate.text()}" for group in self.sources] or ["  no leads"]
        out.append(f"Signals that matter ({self.closed_deals} closed deals):")
        out += [f"  {signal.text()}" for signal in self.signals[:8]] or ["  no closed deals yet"]
        if self.suggested_points:
            keys = " ".join(f"points.{kind}={points}" for kind, points in self.suggested_points.items())
            out.append(f"  suggested (preview with --dry-run): leadtemp rules set {keys}")
        if self.calibration is not None:
            out.append("Does a higher score win more? (highest score reached)")
            out += [f"  {band.name}: {band.rate.text()}" for band in self.calibration.bands]
            out.append(f"  {self.calibration.verdict}")
        if self.forecast is not None:
            out.append("Forecast from the open leads:")
            for horizon in self.forecast.horizons:
                leaders = ", ".join(
                    f"{self.names.get(cid, f'contact {cid}')} {chance * 100:.0f} %"
                    for cid, chance in horizon.leaders[:3]
                )
                out.append(
                    f"  next {horizon.days} days: {horizon.expected:.1f} wins expected "
                    f"({horizon.low:.1f}-{horizon.high:.1f}); most likely: {leaders or 'none'}"
                )
        out += [f"Note: {note}" for note in self.notes]
        return out


def conversion_of(journeys: Iterable[Journey]) -> tuple[Conversion, ...]:
    # Counted by (highest, outcome, archived) in one pass: a book's leads fall in a dozen such kinds.
    kinds = Counter((journey.highest, journey.outcome, journey.archived) for journey in journeys)
    tallies = {temperature: [0, 0, 0, 0, 0] for temperature in Temperature}
    for (highest, outcome, archived), count in kinds.items():
        tally = tallies[highest]
        tally[0] += count
        if outcome is Outcome.WON:
            tally[1] += count
        elif outcome is Outcome.LOST:
            tally[2] += count
        else:
            tally[4 if archived else 3] += count
    return tuple(Conversion(t, *tallies[t]) for t in Temperature)


def time_to_close_of(journeys: Iterable[Journey]) -> tuple[TimeToClose, ...]:
    """Per temperature, the wins whose highest temperature it was (as in the conversion rows), each
    from first reaching it to the win."""
    days: dict[Temperature, list[float]] = {temperature: [] for temperature in Temperature}
    for journey in journeys:
        if not journey.won or journey.closed_at is None:
            continue
        reached = journey.first_reached[journey.highest]
        days[journey.highest].append(max(0.0, journey.closed_at - reached) / SECONDS_PER_DAY)
    return tuple(TimeToClose(t, tuple(days[t])) for t in Temperature)


def response_of(journeys: Iterable[Journey]) -> tuple[tuple[float, ...], tuple[Group, ...]]:
    waits: list[float] = []
    groups = {name: [0, 0] for name, _ in RESPONSE_BUCKETS}
    groups[UNANSWERED] = [0, 0]
    for journey in journeys:
        if journey.first_buying_signal is None:
            continue
        if journey.answered_at is None:
            name = UNANSWERED
        else:
            wait = (journey.answered_at - journey.first_buying_signal) / 60
            waits.append(wait)
            name = next(n for n, limit in RESPONSE_BUCKETS if limit is None or wait <= limit)
        groups[name][0] += 1
        groups[name][1] += journey.won
    return tuple(waits), tuple(Group(name, *counts) for name, counts in groups.items())


def sources_of(journeys: Iterable[Journey], sources: dict[int, str]) -> tuple[Group, ...]:
    counts: dict[str, list[int]] = {}
    for journey in journeys:
        tally = counts.setdefault(sources.get(journey.contact_id) or "(no source)", [0, 0])
        tally[0] += 1
        tally[1] += journey.won
    ordered = sorted(counts.items(), key=lambda item: (-item[1][0], item[0]))
    return tuple(Group(name, *tally) for name, tally in ordered)


QUALIFIED, NOT_QUALIFIED = "qualified", "not qualified"


def qualification_of(journeys: Iterable[Journey], qualified: frozenset[int]) -> tuple[Group, ...]:
    """Conversion of the leads qualified by the report's end against the others: hot is not
    qualified, and the book shows which of the two wins."""
    counts = {QUALIFIED: [0, 0], NOT_QUALIFIED: [0, 0]}
    for journey in journeys:
        tally = counts[QUALIFIED if journey.contact_id in qualified else NOT_QUALIFIED]
        tally[0] += 1
        tally[1] += journey.won
    return tuple(Group(name, *tally) for name, tally in counts.items())


def week_ends(start: float, end: float, limit: int = 104) -> tuple[float, ...]:
    """Week ends from ``start`` to ``end`` (the last is ``end`` itself), at most ``limit``."""
    ends: list[float] = []
    moment = end
    while moment > start and len(ends) < limit:
        ends.append(moment)
        moment -= SECONDS_PER_WEEK
    return tuple(reversed(ends))


def funnel_of(journeys: Iterable[Journey], weeks: int) -> tuple[dict[Temperature, int], ...]:
    counts = [dict.fromkeys(Temperature, 0) for _ in range(weeks)]
    for journey in journeys:
        for week, temperature in enumerate(journey.at_checkpoints):
            if temperature is not None:
                counts[week][temperature] += 1
    return tuple(counts)


def build_report(
    journeys: list[Journey],
    sources: dict[int, str],
    *,
    since: float | None,
    as_of: float,
    weeks: tuple[float, ...],
    notes: tuple[str, ...] = (),
    qualified: frozenset[int] = frozenset(),
) -> Report:
    waits, response = response_of(journeys)
    return Report(
        since=since,
        as_of=as_of,
        conversion=conversion_of(journeys),
        time_to_close=time_to_close_of(journeys),
        response_minutes=waits,
        response=response,
        sources=sources_of(journeys, sources),
        weeks=weeks,
        funnel=funnel_of(journeys, len(weeks)),
        notes=notes,
        qualification=qualification_of(journeys, qualified),
    )


def rate_json(rate: Rate) -> dict[str, Any]:
    interval = rate.interval
    return {
        "won": rate.won,
        "leads": rate.leads,
        "rate": rate.value,
        "interval": list(interval) if interval is not None else None,
    }
