"""The scoring engine: pure functions of the interaction log, the rules and an as-of time.

Each signal's points fade exponentially with age (a half-life per category), each category is
capped, negative signals subtract and the score never drops below zero. The breakdown always
sums to the score, and every point traces back to one logged interaction.

For speed the store keeps, per contact and category, a running decayed sum anchored at the
latest signal (:class:`DecaySum`); evaluating it needs no scan of the log.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from leadtemp.book_kinds import BookKind, words_for
from leadtemp.clock import to_timestamp
from leadtemp.model import (
    SIGNAL_CATEGORIES,
    Adjustment,
    Category,
    Contact,
    Contribution,
    Interaction,
    Pin,
    ScoreResult,
    Temperature,
)
from leadtemp.scoring.catalogue import Catalogue
from leadtemp.scoring.daily import counts, day_ranks
from leadtemp.scoring.recruiting import role_match
from leadtemp.scoring.rules import Rules
from leadtemp.scoring.temperature import WARM_SIGNAL_CATEGORIES, Judge, Sums, describe, warm_threshold

SECONDS_PER_DAY = 86400.0
#: Float noise tolerated when rounding points. The running sums and a scan of the log reach the
#: same value by different arithmetic; a signal exactly one half-life old is worth exactly half its
#: points, and that half must round up whichever way it was computed.
ROUNDING_TOLERANCE = 1e-9
_HALF_UP = 0.5 + ROUNDING_TOLERANCE


def decay_factor(age_seconds: float, half_life_days: float) -> float:
    """Weight of a signal of the given age; signals from the future weigh nothing."""
    if age_seconds < 0:
        return 0.0
    return math.exp2(-age_seconds / (half_life_days * SECONDS_PER_DAY))


def add_to_sum(
    value: float, ref: float | None, points: float, at: float, scale: float, warm: float | None = None
) -> tuple[float, float]:
    """A running sum (``value`` as it stood at ``ref``; ``scale`` seconds per half-life) with
    ``points`` added at ``at``.

    Added in time order, the sum moves to the new signal, except where it was last worth ``warm``
    points (the warm-signal rule's threshold) and the new signal leaves it below that: then it
    stays anchored at that moment, rescaled so its value from now on is the same. The rule reads
    the sum at its anchor, so a small fresh signal never undoes a warm moment still inside the
    warm window. A signal older than ``ref`` is added where the sum stands (exact for the value;
    the anchor may then not be the newest warm moment, so callers fold such logs afresh)."""
    if ref is None:
        return points, at
    if at < ref:
        return value + points * math.exp2(-(ref - at) / scale), ref
    moved = value * math.exp2(-(at - ref) / scale) + points
    if warm is not None and moved < warm <= value:
        return value + points * math.exp2((at - ref) / scale), ref
    return moved, at


@dataclass(frozen=True)
class DecaySum:
    """Sum of decayed points as it stood at ``ref`` (the newest signal's time, epoch seconds)."""

    value: float = 0.0
    ref: float | None = None

    def add(self, points: float, at: float, half_life_days: float, warm: float | None = None) -> DecaySum:
        """The sum with ``points`` added at ``at`` (see :func:`add_to_sum`; ``warm`` for the
        categories whose warm-signal moment the sum keeps)."""
        value, ref = add_to_sum(self.value, self.ref, points, at, half_life_days * SECONDS_PER_DAY, warm)
        return DecaySum(value, ref)

    def at(self, as_of: float, half_life_days: float) -> float:
        """Value at ``as_of``; only valid when no summed signal is newer than ``as_of``."""
        if self.ref is None:
            return 0.0
        return self.value * math.exp2(-(as_of - self.ref) / (half_life_days * SECONDS_PER_DAY))

    def growth_to(self, as_of: float, half_life_days: float) -> float:
        if self.ref is None or as_of >= self.ref:
            return 1.0
        return math.exp2((self.ref - as_of) / (half_life_days * SECONDS_PER_DAY))


def compute_fit(contact: Contact, rules: Rules) -> int:
    """Demographic fit 0-10: a hand-set value wins, then the profile (in a recruiting book the
    candidate's match with the role profile, in a sales book the ideal-client profile), then the default.

    Each configured profile criterion counts fully when met, half when the contact's field is
    unknown (no evidence either way), and not at all when it is not met.
    """
    if contact.fit is not None:
        return clamp_fit(contact.fit)
    if not rules.profile_configured:
        return rules.default_fit
    if rules.book is BookKind.RECRUITING:
        return _round_half_up(10 * role_match(rules.role_profile, contact.role, contact.industry))
    icp = rules.icp
    scores: list[float] = []
    if icp.industries:
        scores.append(_text_criterion(contact.industry, icp.industries))
    if icp.roles:
        scores.append(_text_criterion(contact.role, icp.roles))
    if icp.company_size_min is not None or icp.company_size_max is not None:
        if contact.company_size is None:
            scores.append(0.5)
        else:
            low = icp.company_size_min if icp.company_size_min is not None else 0
            high = icp.company_size_max if icp.company_size_max is not None else math.inf
            scores.append(1.0 if low <= contact.company_size <= high else 0.0)
    return _round_half_up(10 * sum(scores) / len(scores))


def clamp_fit(value: int) -> int:
    """A hand-set fit held to the 0-10 the fit category is worth."""
    return 0 if value < 0 else 10 if value > 10 else value


def _text_criterion(value: str, wanted: Iterable[str]) -> float:
    text = value.strip().casefold()
    if not text:
        return 0.5
    words = set(text.replace("/", " ").replace(",", " ").split())
    for item in wanted:
        needle = item.casefold()
        if needle == text or needle in words or (len(needle) > 3 and needle in text):
            return 1.0
    return 0.0


def _round_half_up(value: float) -> int:
    return math.floor(value + _HALF_UP)


def capped_points(value: float, cap: float) -> int:
    """What a category's sum (or the fit) adds to the points: capped, then rounded half up."""
    return _round_half_up(min(value, cap))


def category_sums(
    interactions: Iterable[Interaction],
    catalogue: Catalogue,
    rules: Rules,
    as_of: datetime,
) -> tuple[dict[Category, float], list[Contribution]]:
    """Decayed, uncapped points per category (repeats beyond the daily limit left out), and each
    interaction's share."""
    sums, contributions, _ = _shares(interactions, catalogue, rules, as_of)
    return sums, contributions


def _shares(
    interactions: Iterable[Interaction],
    catalogue: Catalogue,
    rules: Rules,
    as_of: datetime,
) -> tuple[dict[Category, float], list[Contribution], list[Contribution]]:
    """:func:`category_sums`, and the shares of the repeats the daily limit does not count."""
    now = to_timestamp(as_of)
    sums = {category: 0.0 for category in SIGNAL_CATEGORIES}
    contributions: list[Contribution] = []
    repeats: list[Contribution] = []
    dated = sorted(
        (
            (interaction, catalogue.get(interaction.kind), to_timestamp(interaction.occurred_at))
            for interaction in interactions
            if interaction.kind in catalogue
        ),
        key=lambda item: item[0].id,
    )
    dated = [item for item in dated if item[1].category in sums and item[2] <= now]
    ranks = day_ranks([(kind.name, at) for _, kind, at in dated])
    for (interaction, kind, at), rank in zip(dated, ranks, strict=True):
        half_life = rules.lasting_half_life if kind.is_lasting else rules.half_life(kind.category)
        points = kind.points * decay_factor(now - at, half_life)
        share = Contribution(
            interaction.id,
            kind.name,
            kind.category,
            interaction.occurred_at,
            kind.points,
            round(-points if kind.category is Category.NEGATIVE else points, 2),
        )
        contributions.append(share)
        if counts(rank, rules.daily_limit_of(kind.category)):
            sums[kind.category] += points
        else:
            repeats.append(share)
    return sums, contributions, repeats


def score_from_sums(fit: int, sums: dict[Category, float], rules: Rules) -> ScoreResult:
    """Cap each category, round it, subtract negatives; the breakdown sums to the score."""
    breakdown: dict[str, int] = {"fit": _round_half_up(min(float(fit), rules.caps["fit"]))}
    for category in (
        Category.BEHAVIORAL,
        Category.ENGAGEMENT,
        Category.EXPLICIT_INTEREST,
    ):
        breakdown[category.value] = _round_half_up(min(sums.get(category, 0.0), rules.cap(category)))
    positive = sum(breakdown.values())
    negative = min(_round_half_up(sums.get(Category.NEGATIVE, 0.0)), positive)
    breakdown["negative"] = -negative
    raw = {category.value: round(value, 4) for category, value in sums.items()}
    return ScoreResult(score=positive - negative, breakdown=breakdown, raw=raw)


class Scorer:
    """The rules boiled down to plain numbers, for scoring thousands of contacts in a loop.

    ``score`` gives exactly what :func:`score_from_sums` gives (same caps, same rounding) without
    building dicts or touching enums, which is what makes the whole board cheap to recompute.
    Category positions follow :data:`SIGNAL_CATEGORIES`.
    """

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        #: Seconds per half-life, per signal category.
        self.scales: tuple[float, ...] = tuple(
            rules.half_life(category) * SECONDS_PER_DAY for category in SIGNAL_CATEGORIES
        )
        self.lasting_scale = rules.lasting_half_life * SECONDS_PER_DAY
        #: The kinds whose points fade on the lasting half-life.
        self.lasting = frozenset(kind.name for kind in rules.catalogue if kind.is_lasting)
        self.fit_cap = float(rules.caps["fit"])
        self.caps: tuple[float, ...] = tuple(rules.cap(category) for category in SIGNAL_CATEGORIES)
        index = {category: position for position, category in enumerate(SIGNAL_CATEGORIES)}
        #: kind name -> (category position or -1 for outreach, points)
        self.kinds: dict[str, tuple[int, float]] = {
            kind.name: (index.get(kind.category, -1), kind.points) for kind in rules.catalogue
        }
        #: kind name -> how many of it count per lead and UTC day (0: all of them)
        self.limits: dict[str, int] = {
            kind.name: rules.daily_limit_of(kind.category) for kind in rules.catalogue
        }
        #: ``temperature(score)``: the band a score falls in.
        self.temperature: Callable[[int], Temperature] = rules.temperature_for
        #: ``score(fit, behavioral, engagement, explicit, negative)``: capped, rounded, negatives
        #: subtracted, never below zero: the points, before the temperature rules.
        self.score: Callable[[float, float, float, float, float], int] = _score_function(
            self.fit_cap, *self.caps[:3]
        )
        #: ``judge.verdict(fit, now, sums)``: the score and temperature the rules give.
        self.judge = Judge(rules, self.scales, self.score)


def _score_function(
    fit_cap: float, cap_b: float, cap_e: float, cap_x: float
) -> Callable[[float, float, float, float, float], int]:
    """A closure with the caps bound, since it runs twice per card on every board refresh."""
    floor, half = math.floor, _HALF_UP

    def score(fit: float, behavioral: float, engagement: float, explicit: float, negative: float) -> int:
        positive = (
            floor((fit if fit < fit_cap else fit_cap) + half)
            + floor((behavioral if behavioral < cap_b else cap_b) + half)
            + floor((engagement if engagement < cap_e else cap_e) + half)
            + floor((explicit if explicit < cap_x else cap_x) + half)
        )
        minus = floor(negative + half)
        return positive - minus if minus < positive else 0

    return score


def log_sums(interactions: Iterable[Interaction], rules: Rules, as_of: datetime) -> Sums:
    """Per signal category, the decayed sum at its newest signal up to ``as_of`` and that signal's
    time: what a score state holds, straight from the log."""
    now = to_timestamp(as_of)
    catalogue = rules.catalogue
    signals: dict[Category, list[tuple[float, float]]] = {category: [] for category in SIGNAL_CATEGORIES}
    lasting: list[tuple[float, float]] = []
    dated = sorted(
        (
            (interaction.id, catalogue.get(interaction.kind), to_timestamp(interaction.occurred_at))
            for interaction in interactions
            if interaction.kind in catalogue
        ),
        key=lambda item: item[0],
    )
    dated = [item for item in dated if item[1].category in signals and item[2] <= now]
    ranks = day_ranks([(kind.name, at) for _, kind, at in dated])
    for (_, kind, at), rank in zip(dated, ranks, strict=True):
        if counts(rank, rules.daily_limit_of(kind.category)):
            (lasting if kind.is_lasting else signals[kind.category]).append((at, kind.points))
    values: list[float | None] = []
    half_lives = [*(rules.half_life(category) for category in signals), rules.lasting_half_life]
    warm = warm_threshold(rules)
    keeps_warm = [category in WARM_SIGNAL_CATEGORIES for category in signals] + [True]
    for items, half_life, keep in zip([*signals.values(), lasting], half_lives, keeps_warm, strict=True):
        scale = half_life * SECONDS_PER_DAY
        value, ref = 0.0, None
        for at, points in sorted(items, key=lambda item: item[0]):
            value, ref = add_to_sum(value, ref, points, at, scale, warm if keep else None)
        values += (value, ref)
    return tuple(values)  # type: ignore[return-value]


def score_interactions(
    interactions: Iterable[Interaction], fit: int, rules: Rules, as_of: datetime
) -> ScoreResult:
    """Score a contact from its log as of a time; interactions after ``as_of`` do not count.

    The breakdown (``rule`` is what a temperature rule added or took away) sums to the score, and
    so do the contributions with the adjustments (fit, caps and rounding per category, the rule).
    """
    interactions = list(interactions)
    sums, contributions, repeats = _shares(interactions, rules.catalogue, rules, as_of)
    points = score_from_sums(fit, sums, rules)
    scorer = Scorer(rules)
    score, _, temperature, rule = scorer.judge.verdict(
        fit, to_timestamp(as_of), log_sums(interactions, rules, as_of)
    )
    breakdown = {**points.breakdown, "rule": score - points.score}
    reason = describe(
        rule, score, points.score, temperature, rules.hysteresis_points, words_for(rules.book).lead
    )
    contributions.sort(key=lambda c: (abs(c.points), c.occurred_at), reverse=True)
    return ScoreResult(
        score,
        breakdown,
        tuple(contributions),
        points.raw,
        temperature,
        rule,
        reason,
        _adjustments(breakdown, contributions, repeats, rules, reason),
    )


def _adjustments(
    breakdown: dict[str, int],
    contributions: list[Contribution],
    repeats: list[Contribution],
    rules: Rules,
    reason: str,
) -> tuple[Adjustment, ...]:
    """What makes the contributions as shown add up to the breakdown, in hundredths of a point:
    the repeats the daily limit does not count, then the cap or rounding."""
    shown: dict[str, int] = {}
    for contribution in contributions:
        key = contribution.category.value
        shown[key] = shown.get(key, 0) + round(contribution.points * 100)
    not_counted: dict[str, int] = {}
    for repeat in repeats:
        key = repeat.category.value
        not_counted[key] = not_counted.get(key, 0) + round(repeat.points * 100)
    repeat_ids = {repeat.interaction_id for repeat in repeats}
    counted = [c for c in contributions if c.interaction_id not in repeat_ids]
    piled = _pile_ups(counted, rules.catalogue)
    lines = [Adjustment("fit", float(breakdown["fit"]), "demographic fit")]
    for category in SIGNAL_CATEGORIES:
        key = category.value
        if key in not_counted:
            lines.append(
                Adjustment(
                    key, -not_counted[key] / 100, _repeats_reason(category, contributions, repeats, rules)
                )
            )
        kept = shown.get(key, 0) - not_counted.get(key, 0)
        gap = breakdown[key] * 100 - kept
        if not gap:
            continue
        if category is Category.NEGATIVE:
            why = "rounding; negatives never take the score below zero"
        elif gap < 0 and kept > rules.cap(category) * 100:
            why = f"the {key.replace('_', ' ')} cap of {rules.cap(category):g} (diminishing returns)"
            why += f" takes away what {piled[category]} add beyond it"
        else:
            why = "rounding"
        lines.append(Adjustment(key, gap / 100, why))
    if breakdown["rule"]:
        lines.append(Adjustment("rule", float(breakdown["rule"]), reason))
    return tuple(lines)


def _repeats_reason(
    category: Category, contributions: list[Contribution], repeats: list[Contribution], rules: Rules
) -> str:
    """``the daily limit of 1 per kind (diminishing returns): Email opened x50: 49 repeats on the
    same day not counted``, the kinds with the most repeats first."""
    logged: dict[str, int] = {}
    for contribution in contributions:
        if contribution.category is category:
            logged[contribution.kind] = logged.get(contribution.kind, 0) + 1
    repeated: dict[str, int] = {}
    for repeat in repeats:
        if repeat.category is category:
            repeated[repeat.kind] = repeated.get(repeat.kind, 0) + 1
    catalogue = rules.catalogue
    parts = []
    for name, count in sorted(repeated.items(), key=lambda item: (-item[1], item[0])):
        label = catalogue.get(name).label if name in catalogue else name
        parts.append(
            f"{label} x{logged[name]}: {count} repeat{'s' if count != 1 else ''} on the same day not counted"
        )
    limit = rules.daily_limit_of(category)
    return f"the daily limit of {limit} per kind (diminishing returns): " + ", ".join(parts)


#: Kinds a cap's adjustment names, the largest shares first; the rest are counted.
_KINDS_NAMED = 3


def _pile_ups(contributions: Iterable[Contribution], catalogue: Catalogue) -> dict[Category, str]:
    """Per category, the kinds its contributions come from and how many of each ("Email opened
    x50, Email link clicked x3"): what a cap holds back is a pile-up of these."""
    counts: dict[Category, dict[str, tuple[int, float]]] = {}
    for contribution in contributions:
        kinds = counts.setdefault(contribution.category, {})
        count, points = kinds.get(contribution.kind, (0, 0.0))
        kinds[contribution.kind] = (count + 1, points + abs(contribution.points))
    named: dict[Category, str] = {}
    for category, kinds in counts.items():
        ranked = sorted(kinds.items(), key=lambda item: (-item[1][1], item[0]))
        parts = [
            f"{catalogue.get(name).label if name in catalogue else name} x{count}"
            for name, (count, _) in ranked[:_KINDS_NAMED]
        ]
        if len(ranked) > _KINDS_NAMED:
            parts.append(f"{len(ranked) - _KINDS_NAMED} more kinds")
        named[category] = ", ".join(parts)
    return named


def trend_start(as_of: datetime, rules: Rules) -> datetime:
    return as_of - timedelta(days=rules.trend_window_days)


def pin_active(pin: Pin, as_of: datetime) -> bool:
    """A pin holds until it expires (never, without an expiry)."""
    return pin.expires_at is None or as_of < pin.expires_at


def effective_temperature(
    computed: Temperature, pin: Pin | None, as_of: datetime
) -> tuple[Temperature, bool]:
    """The pinned temperature while the pin is active, else the computed one."""
    if pin is not None and pin_active(pin, as_of):
        return pin.temperature, True
    return computed, False


_Instant = TypeVar("_Instant", float, datetime)


def response_window(rules: Rules) -> timedelta:
    """How long a buying signal keeps the response clock running: the hot window it makes a lead
    hot for (a pin keeps a lead hot, not its inquiry of years ago young)."""
    return timedelta(days=rules.hot_window_days)


def response_waiting_since(
    last_buying_signal: _Instant | None, last_outreach: _Instant | None, awaited_after: _Instant
) -> _Instant | None:
    """When the latest buying signal arrived, if no outreach has been logged since and it came
    after ``awaited_after`` (the as-of time less :func:`response_window`). Instants are datetimes
    or timestamps, all of one kind."""
    if last_buying_signal is None or last_buying_signal < awaited_after:
        return None
    if last_outreach is not None and last_outreach >= last_buying_signal:
        return None
    return last_buying_signal


def days_between(earlier: datetime | None, later: datetime) -> int | None:
    if earlier is None:
        return None
    return max(0, (later - earlier).days)
