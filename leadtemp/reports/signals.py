"""Which interaction kinds come before wins more than before losses, shrunk toward "no difference".

A freelancer closes a few dozen deals a year, so raw ratios swing wildly. A kind's frequency before
wins and before losses is smoothed with the Jeffreys Beta(1/2, 1/2) prior, and the log of their
ratio is shrunk toward zero (the current points are right) with a prior worth ``PRIOR_DEALS`` deals:
a kind seen in 20 deals moves its estimate about half-way, one seen in 200 almost all the way. The
suggested points scale a kind's points by its shrunk lift, within the category's range; they are
only ever a suggestion.
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
#: Fewer closed deals than this in the book, or deals with the kind, and no points are suggested.
MIN_DEALS_FOR_POINTS = 20
MIN_KIND_DEALS = 5
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
    deals = before_wins + before_losses
    if wins + losses == 0 or deals == 0:
        return 1.0
    win_share = (before_wins + 0.5) / (wins + 1)
    loss_share = (before_losses + 0.5) / (losses + 1)
    weight = deals / (deals + PRIOR_DEALS)
    return math.exp(math.log(win_share / loss_share) * weight)


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
        enough = len(closed) >= MIN_DEALS_FOR_POINTS and before_wins + before_losses >= MIN_KIND_DEALS
        suggested = _suggest(kind.points, lift, POINT_RANGES[kind.category]) if enough else round(kind.points)
        signals.append(
            Signal(kind_name, kind.label, before_wins, before_losses, lift, kind.points, suggested)
        )
    signals.sort(key=lambda signal: (-abs(math.log(signal.lift)), signal.kind))
    return tuple(signals), len(closed)


def _suggest(points: float, lift: float, allowed: tuple[float, float]) -> int:
    current = round(points)
    low, high = allowed
    proposed = round(min(high, max(low, points * lift)))
    return proposed if abs(proposed - current) >= MIN_POINT_CHANGE else current
