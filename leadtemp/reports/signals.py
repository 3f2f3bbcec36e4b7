"""Which interaction kinds come before wins more than before losses, shrunk toward "no difference".

A freelancer closes a few dozen deals a year, so raw ratios swing wildly. Each kind's frequency
before wins and before losses gets ``PRIOR_DEALS`` pseudo-deals at the kind's overall frequency: a
Beta-Binomial prior that says the current points are right. Twenty deals move an estimate a little,
two hundred a lot. The suggested points scale a kind's points by its shrunk lift, within the
category's range; they are only ever a suggestion.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from leadtemp.model import Category
from leadtemp.reports.journey import Journey
from leadtemp.scoring.catalogue import POINT_RANGES
from leadtemp.scoring.rules import Rules

#: Strength of the prior, in deals.
PRIOR_DEALS = 20.0
#: Fewer closed deals than this and no points are suggested.
MIN_DEALS_FOR_POINTS = 20
#: A suggestion is made when it moves a kind's points by at least this much.
MIN_POINT_CHANGE = 1


@dataclass(frozen=True)
class Signal:
    kind: str
    label: str
    #: Closed deals that had this kind before closing, won and lost.
    before_wins: int
    before_losses: int
    lift: float
    points: float
    suggested_points: int

    @property
    def deals(self) -> int:
        return self.before_wins + self.before_losses

    def text(self) -> str:
        if self.lift >= 1:
            return f"{self.label}: {self.lift:.1f}x more common before a win (n={self.deals})"
        return f"{self.label}: {1 / self.lift:.1f}x more common before a loss (n={self.deals})"


def shrunk_lift(before_wins: int, wins: int, before_losses: int, losses: int) -> float:
    """How many times more often a kind comes before a win than before a loss, shrunk toward 1."""
    closed = wins + losses
    if closed == 0:
        return 1.0
    overall = (before_wins + before_losses) / closed
    prior_hits = PRIOR_DEALS * overall
    win_share = (before_wins + prior_hits) / (wins + PRIOR_DEALS)
    loss_share = (before_losses + prior_hits) / (losses + PRIOR_DEALS)
    return win_share / loss_share if loss_share > 0 else 1.0


def signals_of(journeys: Iterable[Journey], rules: Rules) -> tuple[tuple[Signal, ...], int]:
    """Per kind seen before a closing, its lift and suggested points (strongest first), and the
    number of closed deals they rest on."""
    closed = [journey for journey in journeys if journey.won or journey.lost]
    wins = sum(journey.won for journey in closed)
    losses = len(closed) - wins
    catalogue = rules.catalogue
    counts: dict[str, list[int]] = {}
    for journey in closed:
        for name in journey.kinds:
            counts.setdefault(name, [0, 0])[0 if journey.won else 1] += 1
    signals: list[Signal] = []
    for kind_name, (before_wins, before_losses) in counts.items():
        if kind_name not in catalogue:
            continue
        kind = catalogue.get(kind_name)
        if kind.points <= 0 or kind.is_outreach or kind.category is Category.NEGATIVE:
            continue
        lift = shrunk_lift(before_wins, wins, before_losses, losses)
        suggested = _suggest(kind.points, lift, POINT_RANGES[kind.category], len(closed))
        signals.append(
            Signal(kind_name, kind.label, before_wins, before_losses, lift, kind.points, suggested)
        )
    signals.sort(key=lambda signal: (-abs(math.log(signal.lift)), signal.kind))
    return tuple(signals), len(closed)


def _suggest(points: float, lift: float, allowed: tuple[float, float], deals: int) -> int:
    current = round(points)
    if deals < MIN_DEALS_FOR_POINTS:
        return current
    low, high = allowed
    proposed = round(min(high, max(low, points * lift)))
    return proposed if abs(proposed - current) >= MIN_POINT_CHANGE else current
