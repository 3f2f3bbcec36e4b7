"""Rates with honest intervals, for books of a few dozen deals."""

from __future__ import annotations

import math
from dataclasses import dataclass

#: The normal quantile of a two-sided 95 % interval.
Z_95 = 1.959963984540054


def wilson_interval(successes: int, trials: int, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval of a proportion: sound at small counts and at 0 or n successes,
    where the usual p ± z·se collapses to a point or leaves [0, 1]."""
    if trials <= 0:
        return 0.0, 1.0
    p = successes / trials
    denominator = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class Rate:
    """``won`` of ``leads``, with the Wilson 95 % interval."""

    won: int
    leads: int

    @property
    def value(self) -> float | None:
        return self.won / self.leads if self.leads else None

    @property
    def interval(self) -> tuple[float, float] | None:
        return wilson_interval(self.won, self.leads) if self.leads else None

    def text(self) -> str:
        """ "4 of 11 won, 36 % (15-65 %)", or "no leads"."""
        if not self.leads or self.value is None or self.interval is None:
            return "no leads"
        low, high = self.interval
        spread = f"{percent(low, False)}-{percent(high)}"
        return f"{self.won} of {self.leads} won, {percent(self.value)} ({spread})"


def percent(value: float, sign: bool = True) -> str:
    text = f"{value * 100:.0f}"
    return f"{text} %" if sign else text


def median(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
