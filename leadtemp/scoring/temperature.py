"""Which temperature a lead's signals give it, and what its score is.

The points (fit plus capped categories minus negatives) say how interested a lead looks. The seeds
define the temperatures by what a lead did, and their definitions come first where the points fall
short: a fresh buying signal makes a lead hot for the hot window and warm for the warm window, warm
signals (repeat visits, a download, the newsletter, a webinar, a referral) make it warm, and a fresh
"not interested" with no buying signal after it makes it cold. Such a rule moves the score to its
band's threshold, so score, band and breakdown always agree; the difference is a breakdown line of
its own. A lead that slips under a threshold from decay alone stays in its band (held) until its
score is ``hysteresis_points`` below it.

Everything here works on what a score state holds: per signal category, the decayed sum as it
stood at the category's newest signal and that signal's time (epoch seconds). One :class:`Judge`
serves the board loop, a single card and the contact panel, so they always agree.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from leadtemp.model import Category, Temperature
from leadtemp.scoring.rules import Rules

SECONDS_PER_DAY = 86400.0

#: The scoring model's version, kept in a book's settings: a book last scored by an older model
#: says once, at its next refresh, which leads the new model moved and that this is why.
MODEL_VERSION = 6
MODEL_SETTING = "scoring_model"
MODEL_CHANGED = "the scoring model changed"

#: Which rule set the temperature, as ``show --json`` names it.
POINTS = "points"
BUYING_SIGNAL_HOT = "buying_signal_hot"
BUYING_SIGNAL_WARM = "buying_signal_warm"
WARM_SIGNALS = "warm_signals"
NOT_INTERESTED = "not_interested"
HELD = "held"

_TOLERANCE = 1e-6
_COLD, _WARM, _HOT = Temperature.COLD, Temperature.WARM, Temperature.HOT
_RANK = {_COLD: 0, _WARM: 1, _HOT: 2}

#: (score, points before any rule, temperature, rule)
Verdict = tuple[int, int, Temperature, str]
#: Per signal category (behavioral, engagement, explicit interest, negative), then for the lasting
#: facts (engagement points on their own half-life): the sum at its newest signal and that signal's
#: time, or None without signals.
Sums = tuple[
    float, float | None, float, float | None, float, float | None, float, float | None, float, float | None
]


#: The categories whose sums the warm-signal rule reads (and the lasting facts, engagement's too).
WARM_SIGNAL_CATEGORIES = (Category.BEHAVIORAL, Category.ENGAGEMENT)


def warm_threshold(rules: Rules) -> float:
    """The points at which a category's sum makes a lead warm (the warm-signal rule), with the
    tolerance that lets a sum exactly at it pass however it was computed."""
    return rules.warm_signal_points - _TOLERANCE


class Judge:
    """The rules' thresholds and windows as plain numbers, and the verdict they give."""

    def __init__(
        self,
        rules: Rules,
        scales: tuple[float, ...],
        points: Callable[[float, float, float, float, float], int],
    ) -> None:
        self.warm_min, self.hot_min, self.hysteresis = rules.warm_min, rules.hot_min, rules.hysteresis_points
        self.scales = scales
        self.lasting_scale = rules.lasting_half_life * SECONDS_PER_DAY
        self.points = points
        self.hot_window = rules.hot_window_days * SECONDS_PER_DAY
        self.warm_window = rules.warm_window(Category.EXPLICIT_INTEREST) * SECONDS_PER_DAY
        self.behavioral_window = rules.warm_window(Category.BEHAVIORAL) * SECONDS_PER_DAY
        self.engagement_window = rules.warm_window(Category.ENGAGEMENT) * SECONDS_PER_DAY
        self.lasting_window = rules.lasting_warm_window * SECONDS_PER_DAY
        self.cold_window = rules.not_interested_days * SECONDS_PER_DAY
        # The running sums and a scan of the log reach a sum by different arithmetic: a sum exactly at
        # a threshold must pass whichever way it was computed.
        self.buying_points = rules.buying_signal_points - _TOLERANCE
        self.warm_points = warm_threshold(rules)
        self.not_interested_points = rules.not_interested_points - _TOLERANCE

    def band(self, score: int) -> Temperature:
        if score >= self.hot_min:
            return _HOT
        if score >= self.warm_min:
            return _WARM
        return _COLD

    def verdict(
        self,
        fit: int,
        now: float,
        sums: Sums,
        points: int | None = None,
        lift: tuple[int, str] | None = None,
    ) -> Verdict:
        """Score, points, temperature and rule as of ``now`` (no summed signal newer than it);
        ``points`` and ``lift``: :meth:`points_at` and :meth:`floor` then, where the caller has
        them already."""
        score, points, temperature, rule = self._unheld(fit, now, sums, points, lift)
        if rule is NOT_INTERESTED or self.hysteresis <= 0:
            return score, points, temperature, rule
        below_hot = self.hot_min - self.hysteresis <= score < self.hot_min
        below_warm = self.warm_min - self.hysteresis <= score < self.warm_min
        if not (below_hot or below_warm):
            return score, points, temperature, rule
        newest = max((ref for ref in sums[1::2] if ref is not None), default=None)
        if newest is None:
            return score, points, temperature, rule
        reached = self._unheld(fit, newest, sums)[2]  # type: ignore[arg-type]
        if _RANK[reached] > _RANK[temperature]:
            threshold = self.hot_min if reached is _HOT else self.warm_min
            if score >= threshold - self.hysteresis:
                return score, points, reached, HELD
        return score, points, temperature, rule

    def temperature_within(
        self, fit: int, now: float, sums: Sums, most: float, lift: tuple[int, str] | None = None
    ) -> Temperature:
        """``verdict(fit, now, sums)``'s temperature, of a lead whose points are at most ``most``
        (``lift``: :meth:`floor` then, if the caller has it). Without negatives (so no "not
        interested" either) a buying signal's hot floor makes the lead hot, and a warm floor makes
        it warm where neither the points nor the floor come within the hysteresis of the hot
        threshold: then the points are not worked out."""
        lift = self.floor(now, sums) if lift is None else lift
        if sums[7] is None:
            floor = lift[0]
            if floor >= self.hot_min:
                return _HOT
            if floor >= self.warm_min and max(most, floor) < self.hot_min - max(self.hysteresis, 0):
                return _WARM
        return self.verdict(fit, now, sums, None, lift)[2]

    def points_at(self, fit: int, now: float, sums: Sums) -> int:
        """The points alone (fit plus capped, decayed categories minus negatives), before any rule."""
        behavioral, engagement, explicit, negative = self.decayed(now, sums)
        return self.points(fit, behavioral, engagement, explicit, negative)

    def decayed(self, now: float, sums: Sums) -> tuple[float, float, float, float]:
        """Each signal category's sum at ``now``, uncapped (behavioral, engagement with the lasting
        facts, explicit interest, negative)."""
        b, b_ref, e, e_ref, x, x_ref, n, n_ref, lasting, l_ref = sums
        sb, se, sx, sn = self.scales
        exp2 = math.exp2
        engagement = e * exp2((e_ref - now) / se) if e_ref is not None else 0.0
        if l_ref is not None:
            engagement += lasting * exp2((l_ref - now) / self.lasting_scale)
        return (
            b * exp2((b_ref - now) / sb) if b_ref is not None else 0.0,
            engagement,
            x * exp2((x_ref - now) / sx) if x_ref is not None else 0.0,
            n * exp2((n_ref - now) / sn) if n_ref is not None else 0.0,
        )

    def _unheld(
        self,
        fit: int,
        now: float,
        sums: Sums,
        points: int | None = None,
        lift: tuple[int, str] | None = None,
    ) -> Verdict:
        x_ref, n, n_ref = sums[5], sums[6], sums[7]
        if points is None:
            points = self.points_at(fit, now, sums)
        if (
            n_ref is not None
            and n >= self.not_interested_points
            and now - n_ref <= self.cold_window
            and (x_ref is None or x_ref <= n_ref)
        ):
            limit = self.warm_min - 1
            return (limit if points > limit else points), points, _COLD, NOT_INTERESTED
        if points >= self.hot_min:  # no rule's floor is above the hot threshold
            return points, points, _HOT, POINTS
        floor, rule = self.floor(now, sums) if lift is None else lift
        if points >= floor:
            return points, points, self.band(points), POINTS
        return floor, points, self.band(floor), rule

    def floor(self, now: float, sums: Sums) -> tuple[int, str]:
        """The score a rule lifts the points to at ``now``, unless a recent "not interested" makes
        the lead cold, and that rule (0 and ``POINTS``: none)."""
        b, b_ref, e, e_ref, x, x_ref, _, _, lasting, l_ref = sums
        floor, rule = 0, POINTS
        if x_ref is not None:
            age = now - x_ref
            if age <= self.hot_window and x >= self.buying_points:
                floor, rule = self.hot_min, BUYING_SIGNAL_HOT
            elif age <= self.warm_window:
                floor, rule = self.warm_min, BUYING_SIGNAL_WARM
        if floor < self.warm_min and (
            (b_ref is not None and b >= self.warm_points and now - b_ref <= self.behavioral_window)
            or (e_ref is not None and e >= self.warm_points and now - e_ref <= self.engagement_window)
            or (l_ref is not None and lasting >= self.warm_points and now - l_ref <= self.lasting_window)
        ):
            floor, rule = self.warm_min, WARM_SIGNALS
        return floor, rule


def trend_of_rates(recent: float, before: float, threshold: float) -> int:
    """+1 when the signal rate of the last window is up on the window before, -1 when it is down."""
    delta = recent - before
    if delta >= threshold:
        return 1
    if delta <= -threshold:
        return -1
    return 0


def describe(
    rule: str, score: int, points: int, temperature: Temperature, hysteresis: int, lead: str = "lead"
) -> str:
    """The breakdown line of a rule, e.g. ``+27: a buying signal makes a lead hot`` (``lead``: what
    the book calls one, a candidate in a recruiting book)."""
    lift = score - points
    if rule == BUYING_SIGNAL_HOT:
        return f"{lift:+d}: a fresh buying signal makes a {lead} hot"
    if rule == BUYING_SIGNAL_WARM:
        return f"{lift:+d}: a buying signal in the last months keeps a {lead} warm"
    if rule == WARM_SIGNALS:
        return f"{lift:+d}: recent warm signals (visits, downloads, events, referrals) make a {lead} warm"
    if rule == NOT_INTERESTED:
        return f"{lift:+d}: a recent \u201cnot interested\u201d makes a {lead} cold until a new buying signal"
    if rule == HELD:
        return f"held {temperature.value}: {score} is less than {hysteresis} points below the threshold"
    return f"{score} points make a {lead} {temperature.value}"
