"""Expected wins in the next 30 and 90 days from the open leads' temperatures.

Each open lead wins with its temperature's conversion (the book's own once it has enough closed
deals there, the seeds' midpoint until then) and, if it wins, within a horizon as an exponential
wait with the temperature's cycle as its mean. The range is the normal approximation of the sum of
those independent chances.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from leadtemp.model import Temperature
from leadtemp.reports.figures import Z_95
from leadtemp.reports.seeds import SEED_CONVERSION, SEED_CYCLE_DAYS
from leadtemp.reports.tables import Conversion, TimeToClose

HORIZONS_DAYS = (30, 90)
#: Closed deals a temperature needs before its own conversion replaces the seeds'.
MIN_OWN_DEALS = 10
#: Wins a temperature needs before its own cycle replaces the seeds'.
MIN_OWN_WINS = 5
#: How many leads the forecast names as carrying most of it.
TOP_LEADS = 5


@dataclass(frozen=True)
class Horizon:
    days: int
    expected: float
    low: float
    high: float
    #: (contact id, chance of a win within the horizon), largest first.
    leaders: tuple[tuple[int, float], ...]


@dataclass(frozen=True)
class Forecast:
    horizons: tuple[Horizon, ...]
    #: Per temperature: the chance of a win and the mean days to it, and where each came from.
    assumptions: dict[Temperature, tuple[float, float, str]]


def assumptions_from(
    conversion: Sequence[Conversion], cycles: Sequence[TimeToClose]
) -> dict[Temperature, tuple[float, float, str]]:
    result: dict[Temperature, tuple[float, float, str]] = {}
    for row, cycle in zip(conversion, cycles, strict=True):
        temperature = row.temperature
        closed = row.won + row.lost
        low, high = SEED_CONVERSION[temperature]
        seed_low, seed_high = SEED_CYCLE_DAYS[temperature]
        seed_days = (seed_low + seed_high) / 2 if seed_high is not None else seed_low
        own_rate = closed >= MIN_OWN_DEALS
        own_cycle = len(cycle.days) >= MIN_OWN_WINS and cycle.median_days is not None
        chance = row.won / closed if own_rate else (low + high) / 2
        days = cycle.median_days if own_cycle and cycle.median_days is not None else seed_days
        where = "this book" if own_rate and own_cycle else "the seeds" if not own_rate else "mixed"
        result[temperature] = (chance, max(days, 1.0), where)
    return result


def forecast_of(
    open_leads: Iterable[tuple[int, Temperature]],
    assumptions: dict[Temperature, tuple[float, float, str]],
) -> Forecast:
    leads = list(open_leads)
    horizons: list[Horizon] = []
    for days in HORIZONS_DAYS:
        chances: list[tuple[int, float]] = []
        for contact_id, temperature in leads:
            chance, cycle_days, _ = assumptions[temperature]
            chances.append((contact_id, chance * (1 - math.exp(-days / cycle_days))))
        # Summed exactly (``fsum``): the same leads give the same figures in whatever order.
        expected = math.fsum(p for _, p in chances)
        spread = Z_95 * math.sqrt(math.fsum(p * (1 - p) for _, p in chances))
        leaders = tuple(sorted(chances, key=lambda item: (-item[1], item[0]))[:TOP_LEADS])
        horizons.append(Horizon(days, expected, max(0.0, expected - spread), expected + spread, leaders))
    return Forecast(tuple(horizons), assumptions)
