"""Properties of the score, checked with hypothesis: bounds, determinism, monotonicity, and that the
running sums the board uses always agree with scoring straight from the interaction log."""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from leadtemp.clock import to_timestamp
from leadtemp.model import SIGNAL_CATEGORIES, Category, Interaction
from leadtemp.rescoring import rebuild_states
from leadtemp.scoring.catalogue import DEFAULT_KINDS
from leadtemp.scoring.daily import day_ranks, utc_day
from leadtemp.scoring.decay import (
    SECONDS_PER_DAY,
    Scorer,
    category_sums,
    log_sums,
    score_from_sums,
    score_interactions,
    trend_start,
)
from leadtemp.scoring.rules import DEFAULT_HALF_LIVES, Rules
from leadtemp.scoring.state import LAST_TOUCH, LASTING, LASTING_REF, LogFolder, state_from_log, state_to_row
from leadtemp.service import LeadService
from leadtemp.store import Store

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
RULES = Rules()
POSITIVE = [
    k.name for k in DEFAULT_KINDS if k.category in SIGNAL_CATEGORIES and k.category is not Category.NEGATIVE
]
NEGATIVE = [k.name for k in DEFAULT_KINDS if k.category is Category.NEGATIVE]
#: Where log_sums puts each category's sum, and the lasting facts'.
_SUM_OF = {category: 2 * number for number, category in enumerate(SIGNAL_CATEGORIES)}
_LASTING_SUM = 2 * len(SIGNAL_CATEGORIES)
ALL_KINDS = [k.name for k in DEFAULT_KINDS]

kinds = st.sampled_from(ALL_KINDS)
#: Ages in whole hours hit exact half-lives (values like 1.5 that must round the same everywhere);
#: arbitrary float seconds cover the rest.
ages = st.one_of(
    st.integers(min_value=0, max_value=400 * 24).map(lambda hours: hours * 3600.0),
    st.floats(min_value=0, max_value=400 * SECONDS_PER_DAY, allow_nan=False),
)
entries = st.lists(st.tuples(kinds, ages), max_size=25)
fits = st.integers(min_value=0, max_value=10)
rules_strategy = st.builds(
    lambda b, e, x, n, warm, gap: Rules(
        half_lives={"behavioral": b, "engagement": e, "explicit_interest": x, "negative": n},
        warm_min=warm,
        hot_min=warm + gap,
    ),
    *[st.sampled_from([1.0, 7.0, 14.0, 30.0, 45.0, 90.0, 365.0])] * 4,
    st.integers(min_value=1, max_value=60),
    st.integers(min_value=1, max_value=60),
)


#: Half-lives so short that the trend window spans dozens of them: the board must fall back to
#: exact arithmetic instead of growing sums back and subtracting.
SHORT_LIVED = Rules(
    half_lives={"behavioral": 1, "engagement": 7, "explicit_interest": 0.5, "negative": 365},
    warm_min=10,
    hot_min=20,
    trend_window_days=30,
)


def interactions(pairs: list[tuple[str, float]]) -> list[Interaction]:
    return [
        Interaction(index + 1, 1, kind, NOW - timedelta(seconds=age))
        for index, (kind, age) in enumerate(pairs)
    ]


def score(pairs: list[tuple[str, float]], fit: int, rules: Rules = RULES) -> int:
    return score_interactions(interactions(pairs), fit, rules, NOW).score


@given(entries, fits, rules_strategy)
def test_the_score_is_bounded_by_zero_and_the_sum_of_the_caps(
    pairs: list[tuple[str, float]], fit: int, rules: Rules
) -> None:
    result = score_interactions(interactions(pairs), fit, rules, NOW)
    assert 0 <= result.score <= sum(rules.caps.values())
    assert sum(result.breakdown.values()) == result.score


@given(entries, fits, st.randoms(use_true_random=False))
def test_the_score_is_deterministic_and_ignores_log_order(
    pairs: list[tuple[str, float]], fit: int, rng: object
) -> None:
    shuffled = list(pairs)
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    assert score(pairs, fit) == score(pairs, fit) == score(shuffled, fit)


@given(entries, fits, st.sampled_from(POSITIVE), ages, rules_strategy)
def test_adding_a_positive_signal_never_lowers_the_score(
    pairs: list[tuple[str, float]], fit: int, kind: str, age: float, rules: Rules
) -> None:
    """A signal that is no repeat: an earlier one of the same kind and day would take the place
    of the one the daily limit counted, a few minutes' decay older (see test_daily.py)."""
    day = utc_day(to_timestamp(NOW) - age)
    assume(all(other != kind or utc_day(to_timestamp(NOW) - at) != day for other, at in pairs))
    assert score([*pairs, (kind, age)], fit, rules) >= score(pairs, fit, rules)


def _one_peak_reaches_a_rule(one: list[Interaction], other: list[Interaction]) -> bool:
    """Whether a rule reading a sum at its peak (warm signals, a buying signal, "not interested")
    finds its points in one log's sums and not in the other's."""
    judge = Scorer(RULES).judge
    thresholds = (
        (_SUM_OF[Category.BEHAVIORAL], judge.warm_points),
        (_SUM_OF[Category.ENGAGEMENT], judge.warm_points),
        (_LASTING_SUM, judge.warm_points),
        (_SUM_OF[Category.EXPLICIT_INTEREST], judge.buying_points),
        (_SUM_OF[Category.NEGATIVE], judge.not_interested_points),
    )
    first, second = log_sums(one, RULES, NOW), log_sums(other, RULES, NOW)
    return any(((first[at] or 0.0) >= points) != ((second[at] or 0.0) >= points) for at, points in thresholds)


@given(entries, fits, st.sampled_from(POSITIVE + NEGATIVE), ages, ages)
def test_an_older_copy_of_a_signal_never_counts_more_than_a_newer_one(
    pairs: list[tuple[str, float]], fit: int, kind: str, age_a: float, age_b: float
) -> None:
    """Neither copy a repeat of the day (see the test above): a repeat of an earlier same-day
    signal does not count, while the same signal a day older, on a day of its own, does."""
    newer, older = sorted((age_a, age_b))
    days = {utc_day(to_timestamp(NOW) - newer), utc_day(to_timestamp(NOW) - older)}
    assume(all(other != kind or utc_day(to_timestamp(NOW) - at) not in days for other, at in pairs))
    with_newer = score_interactions(interactions([(kind, newer)]), fit, RULES, NOW).contributions
    with_older = score_interactions(interactions([(kind, older)]), fit, RULES, NOW).contributions
    assert abs(with_older[0].points) <= abs(with_newer[0].points)
    # The temperature rules read a sum at its peak (its newest signal): a copy closer in time to
    # the earlier signals makes a higher peak, as they have faded less by then. Where only the
    # older copy's peak reaches a rule's points, the rule holds for it alone (clustered signals
    # are the stronger ones); those cases are left out.
    assume(
        not _one_peak_reaches_a_rule(
            interactions([*pairs, (kind, older)]), interactions([*pairs, (kind, newer)])
        )
    )
    if kind in NEGATIVE:
        assert score([*pairs, (kind, older)], fit) >= score([*pairs, (kind, newer)], fit)
    else:
        assert score([*pairs, (kind, older)], fit) <= score([*pairs, (kind, newer)], fit)


@given(
    fits,
    *[st.floats(min_value=0, max_value=300, allow_nan=False)] * 4,
    rules_strategy,
)
def test_the_fast_scorer_equals_the_breakdown(
    fit: int, b: float, e: float, x: float, n: float, rules: Rules
) -> None:
    sums = dict(zip(SIGNAL_CATEGORIES, (b, e, x, n), strict=True))
    assert Scorer(rules).score(fit, b, e, x, n) == score_from_sums(fit, sums, rules).score


def test_new_activity_never_cools_a_lead_its_older_signals_keep_warm() -> None:
    """The seeds: a download makes a lead warm for the warm window; a visit on top cannot undo it."""
    download = [("content_download", 70 * 86400.0)]
    assert score(download, 5) >= RULES.warm_min
    assert score([*download, ("website_visit", 60.0)], 5) >= RULES.warm_min


# Running sums against the log -----------------------------------------------------------------


def _value_at(row: list[object], category: int, as_of: float, rules: Rules) -> float:
    """A category's sum at ``as_of``; engagement's with the lasting facts."""
    value, ref = row[2 * category], row[2 * category + 1]
    scale = rules.half_life(SIGNAL_CATEGORIES[category]) * SECONDS_PER_DAY
    result = 0.0 if ref is None else float(value) * math.exp2((float(ref) - as_of) / scale)  # type: ignore[arg-type]
    if SIGNAL_CATEGORIES[category] is Category.ENGAGEMENT and row[LASTING_REF] is not None:
        lasting_scale = rules.lasting_half_life * SECONDS_PER_DAY
        result += float(row[LASTING]) * math.exp2((float(row[LASTING_REF]) - as_of) / lasting_scale)  # type: ignore[arg-type]
    return result


@given(entries, st.sampled_from([RULES, Rules(half_lives={**DEFAULT_HALF_LIVES, "explicit_interest": 0.1})]))
def test_every_way_of_folding_the_log_gives_the_same_sums(
    pairs: list[tuple[str, float]], rules: Rules
) -> None:
    """apply_interaction one by one, the fast one-anchor fold and the exact fold all agree with
    summing each signal, as of the newest interaction and later."""
    items = interactions(pairs)
    log = [(item.kind, to_timestamp(item.occurred_at)) for item in items]
    newest = max((item.occurred_at for item in items), default=NOW)
    incremental = state_to_row(state_from_log(log, rules))
    ranks = day_ranks(log)
    scorer = Scorer(rules)
    folded = []
    for exact in (False, True):
        anchor = max((at for _, at in log), default=0.0)
        folder = LogFolder(scorer, [1], anchor, exact=exact)
        folder.feed(
            [(1, folder.code_of(kind, rank), at) for (kind, at), rank in zip(log, ranks, strict=True)]
        )
        rows, redo = folder.finish()
        if redo:
            again = LogFolder(scorer, redo, anchor, exact=True)
            again.feed(
                [(1, again.code_of(kind, rank), at) for (kind, at), rank in zip(log, ranks, strict=True)]
            )
            rows = again.finish()[0]
        folded.append(rows[1])
    for row in (incremental, *folded):
        assert row[LAST_TOUCH:LASTING] == incremental[LAST_TOUCH:LASTING]
        for later in (0, 3, 200):
            moment = newest + timedelta(days=later)
            as_of = to_timestamp(moment)
            expected, _ = category_sums(items, rules.catalogue, rules, moment)
            for index, category in enumerate(SIGNAL_CATEGORIES):
                assert math.isclose(
                    _value_at(row, index, as_of, rules), expected[category], rel_tol=1e-9, abs_tol=1e-9
                )


@contextmanager
def _service(now: datetime) -> Iterator[LeadService]:
    service = LeadService(Store(":memory:"), now=lambda: now)
    try:
        yield service
    finally:
        service.close()


histories = st.lists(
    st.lists(st.tuples(kinds, st.integers(min_value=-30 * 24, max_value=200 * 24)), max_size=12, unique=True),
    min_size=1,
    max_size=5,
)
as_of_hours = st.lists(st.integers(min_value=-60 * 24, max_value=120 * 24), min_size=1, max_size=4)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(histories, as_of_hours, st.sampled_from([RULES, Rules(trend_window_days=60), SHORT_LIVED]))
def test_the_board_agrees_with_scoring_straight_from_the_log(
    people: list[list[tuple[str, int]]], moments: list[int], rules: Rules
) -> None:
    """The running state (kept up by log_interaction, rebuilt by rebuild_states) and the board
    built from it give, at random as-of times, what scoring the log from scratch gives."""
    with _service(NOW + timedelta(days=30)) as service:
        if rules != RULES:
            service.update_settings(rules)
        ids = []
        for index, history in enumerate(people):
            contact_id = service.add_contact(f"Lead {index}", fit=index * 2).contact_id
            ids.append(contact_id)
            for kind, hours in history:
                service.log_interaction(contact_id, kind, NOW - timedelta(hours=hours))
        _check_board(service, ids, moments)
        with service.store.transaction():
            service.store.conn.execute("UPDATE score_state SET fingerprint = '', behavioral = 0")
            rebuild_states(service.store, service.rules)
        _check_board(service, ids, moments)


def _activity(log: list[Interaction], as_of: datetime, rules: Rules) -> float:
    """Points of positive signals in the trend window less those in the window before it."""
    start = trend_start(as_of, rules)
    before = start - (as_of - start)
    total = 0.0
    for interaction in log:
        kind = rules.catalogue.get(interaction.kind)
        if kind.category in (Category.NEGATIVE, Category.OUTREACH):
            continue
        if start < interaction.occurred_at <= as_of:
            total += kind.points
        elif before < interaction.occurred_at <= start:
            total -= kind.points
    return total


def _check_board(service: LeadService, ids: list[int], moments: list[int]) -> None:
    rules = service.rules
    for hours in moments:
        as_of = NOW + timedelta(hours=hours)
        cards = {card.contact_id: card for card in service.board(as_of).all_cards()}
        assert set(cards) == set(ids)
        for contact_id in ids:
            card = cards[contact_id]
            fit = service.contact(contact_id).fit or 0
            log = service.interactions(contact_id)
            result = score_interactions(log, fit, rules, as_of)
            assert card.score == result.score
            assert card.computed_temperature is result.temperature
            assert card.trend_delta == round(_activity(log, as_of, rules))
            touches = [i.occurred_at for i in log if i.occurred_at <= as_of]
            assert card.last_touch_at == (max(touches) if touches else None)
            assert service.card(contact_id, as_of) == card
