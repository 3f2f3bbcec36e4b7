"""The rows of a report's two per-temperature tables, held against the seeds' figures."""

from __future__ import annotations

from dataclasses import dataclass

from leadtemp.model import Temperature
from leadtemp.reports.figures import Rate, median, percent
from leadtemp.reports.seeds import SEED_CONVERSION, SEED_CYCLE_DAYS


@dataclass(frozen=True)
class Conversion:
    temperature: Temperature
    leads: int
    won: int
    lost: int
    open: int
    archived: int = 0

    @property
    def rate(self) -> Rate:
        return Rate(self.won, self.leads)

    def text(self) -> str:
        low, high = SEED_CONVERSION[self.temperature]
        seeds = f"{percent(low, False)}-{percent(high)}"
        return f"{self.temperature.value}: {self.rate.text()}; seeds: {seeds}"


@dataclass(frozen=True)
class TimeToClose:
    temperature: Temperature
    #: Days from first reaching the temperature to the win, one per won lead that reached it.
    days: tuple[float, ...]

    @property
    def median_days(self) -> float | None:
        return median(list(self.days))

    def text(self) -> str:
        low, high = SEED_CYCLE_DAYS[self.temperature]
        seeds = f"{low:.0f}+ days" if high is None else f"{low:.0f}-{high:.0f} days"
        if not self.days:
            return f"{self.temperature.value}: no wins yet; seeds: {seeds}"
        middle = self.median_days
        assert middle is not None
        return (
            f"{self.temperature.value}: median {middle:.0f} days over {len(self.days)} wins "
            f"({min(self.days):.0f}-{max(self.days):.0f}); seeds: {seeds}"
        )
