"""Properties of the score and temperature rules: the breakdown and the traced points sum to the score,
a replay as of any date equals scoring that date's log afresh, and the order of logging does not matter."""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from tempfile import TemporaryDirectory

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leadtemp.errors import ValidationError
from leadtemp.model import Interaction, ScoreResult, Temperature
from leadtemp.scoring.catalogue import DEFAULT_KINDS
from leadtemp.scoring.decay import score_interactions
from leadtemp.scoring.rules import DEFAULT_WARM_WINDOWS, RULE_RANGES, Rules
from leadtemp.service import LeadService

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
kinds = st.sampled_from([kind.name for kind in DEFAULT_KINDS])
#: (kind, hours before NOW) pairs; whole hours so no two hand-logged entries are exact copies by chance.
histories = st.lists(st.tuples(kinds, st.integers(min_value=0, max_value=200 * 24)), max_size=25, unique=True)


@contextmanager
def _service(now: datetime) -> Iterator[LeadService]:
    with TemporaryDirectory() as folder:
        service = LeadService.open(Path(folder) / "book.db", now=lambda: now)
        try:
            yield service
        finally:
            service.close()


def _log(history: list[tuple[str, int]]) -> list[Interaction]:
    return [Interaction(i + 1, 1, kind, NOW - timedelta(hours=h)) for i, (kind, h) in enumerate(history)]


@settings(max_examples=200, deadline=None)
@given(histories, st.integers(min_value=0, max_value=10), st.integers(min_value=0, max_value=150 * 24))
def test_the_breakdown_and_the_traced_points_sum_to_the_score(
    history: list[tuple[str, int]], fit: int, hours_on: int
) -> None:
    result = score_interactions(_log(history), fit, Rules(), NOW + timedelta(hours=hours_on))
    assert sum(result.breakdown.values()) == result.score
    traced = sum(c.points for c in result.contributions) + sum(a.points for a in result.adjustments)
    assert round(traced, 2) == result.score
    assert result.reason
    held = result.rule == "held"
    assert held or result.temperature is Rules().temperature_for(result.score)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(histories, st.integers(min_value=0, max_value=120 * 24), st.randoms(use_true_random=False))
def test_replay_as_of_a_date_equals_scoring_that_dates_log_afresh_in_any_order(
    history: list[tuple[str, int]], hours_back: int, rng: random.Random
) -> None:
    """The whole log replayed ``--as-of`` a past date gives the card a book holding only what had
    happened by then gives on that date, and logging the same interactions shuffled changes nothing."""
    as_of = NOW - timedelta(hours=hours_back)
    shuffled = list(history)
    rng.shuffle(shuffled)
    with _service(NOW) as full, _service(as_of) as then:
        a = full.add_contact("Dana Lee", fit=4).contact_id
        for kind, hours in history:
            full.log_interaction(a, kind, NOW - timedelta(hours=hours))
        b = full.add_contact("Dana Lee", fit=4).contact_id
        for kind, hours in shuffled:
            full.log_interaction(b, kind, NOW - timedelta(hours=hours))
        c = then.add_contact("Dana Lee", fit=4).contact_id
        for kind, hours in history:
            if NOW - timedelta(hours=hours) <= as_of:
                then.log_interaction(c, kind, NOW - timedelta(hours=hours))
        cards = [full.card(a, as_of), full.card(b, as_of), then.card(c)]
        assert len({(x.score, x.temperature, x.trend, x.trend_delta, x.waiting_since) for x in cards}) == 1
        board = {card.contact_id: card for card in full.board(as_of).all_cards()}
        assert (board[a].score, board[a].temperature) == (cards[0].score, cards[0].temperature)
        results = [full.score(a, as_of), full.score(b, as_of), then.score(c)]
        assert len({_traced(result) for result in results}) == 1


def _traced(result: ScoreResult) -> tuple[object, ...]:
    """A score and how it was reached, without the interactions' ids."""
    shares = sorted((c.kind, c.occurred_at, c.points) for c in result.contributions)
    return (
        result.score,
        tuple(result.breakdown.items()),
        result.temperature,
        result.rule,
        result.adjustments,
        tuple(shares),
    )


def test_every_plain_rule_has_its_range_and_old_rules_load() -> None:
    rules = Rules()
    for key, (low, high) in RULE_RANGES.items():
        assert low <= getattr(rules, key) <= high, key
    older = {"warm_min": 31, "hot_min": 71, "caps": {"explicit_interest": 50}, "trend_window_days": 14}
    loaded = Rules.from_json(older)
    assert loaded.caps["explicit_interest"] == 50 and loaded.hot_window_days == rules.hot_window_days
    assert Rules.from_json(rules.to_json()) == rules


def test_a_rule_out_of_its_range_is_refused_with_its_range() -> None:
    with pytest.raises(ValidationError, match="hysteresis_points must be between 0 and 30"):
        Rules.from_json({"hysteresis_points": 31})
    with pytest.raises(ValidationError, match=r"warm_windows\.explicit_interest must be at least hot_window"):
        Rules(hot_window_days=30, warm_windows={**DEFAULT_WARM_WINDOWS, "explicit_interest": 20})
    with pytest.raises(ValidationError, match="warm window for engagement must be between 1 and 365 days"):
        Rules.from_json({"warm_windows": {"engagement": 400}})


def test_hot_and_warm_windows_are_configurable() -> None:
    log = _log([("pricing_request", 0)])
    later = NOW + timedelta(days=20)
    assert score_interactions(log, 0, Rules(), later).temperature is Temperature.WARM
    assert score_interactions(log, 0, Rules(hot_window_days=21), later).temperature is Temperature.HOT
    short = Rules(warm_windows={**DEFAULT_WARM_WINDOWS, "explicit_interest": 19})
    assert score_interactions(log, 0, short, later).temperature is Temperature.COLD


@pytest.mark.parametrize("category", ["behavioral", "engagement"])
def test_each_category_keeps_a_lead_warm_for_its_own_window(category: str) -> None:
    """A download keeps a lead warm for the behavioral window, a webinar for the engagement one;
    shortening one category's window leaves the other's leads warm."""
    kind = "content_download" if category == "behavioral" else "webinar_attended"
    log = _log([(kind, 0)])
    later = NOW + timedelta(days=40)
    assert score_interactions(log, 0, Rules(), later).temperature is Temperature.WARM
    for shortened in ("behavioral", "engagement"):
        rules = Rules(warm_windows={**DEFAULT_WARM_WINDOWS, shortened: 30})
        expected = Temperature.COLD if shortened == category else Temperature.WARM
        assert score_interactions(log, 0, rules, later).temperature is expected, shortened


def test_rules_stored_with_one_warm_window_for_all_signals_load_per_category() -> None:
    loaded = Rules.from_json({"warm_window_days": 60, "signal_warm_window_days": 30})
    expected = {"behavioral": 30, "engagement": 30, "explicit_interest": 60, "lasting": 365}
    assert loaded.warm_windows == expected
    assert Rules.from_json(loaded.to_json()) == loaded


_DAY = 86400.0
_SUM = st.one_of(st.none(), st.tuples(st.floats(0, 200), st.floats(-200 * _DAY, 0)))


@settings(max_examples=300, deadline=None)
@given(
    fit=st.integers(0, 10),
    sums=st.tuples(_SUM, _SUM, _SUM, _SUM, _SUM),
    warm_min=st.integers(10, 60),
    band=st.integers(1, 60),
    hysteresis=st.integers(0, 30),
    slack=st.integers(0, 40),
)
def test_the_temperature_within_a_bound_is_the_verdicts(
    fit: int,
    sums: tuple[tuple[float, float] | None, ...],
    warm_min: int,
    band: int,
    hysteresis: int,
    slack: int,
) -> None:
    """Whatever the sums, the rules and how far above the points the bound is, the temperature a
    rule's floor settles is the one the full verdict gives."""
    from leadtemp.scoring.decay import Scorer

    judge = Scorer(Rules(warm_min=warm_min, hot_min=warm_min + band, hysteresis_points=hysteresis)).judge
    flat: list[float | None] = []
    for entry in sums:
        flat += [0.0, None] if entry is None else [entry[0], entry[1]]
    state = tuple(flat)
    points = judge.points_at(fit, 0.0, state)  # type: ignore[arg-type]
    expected = judge.verdict(fit, 0.0, state)[2]  # type: ignore[arg-type]
    assert judge.temperature_within(fit, 0.0, state, points + slack) is expected  # type: ignore[arg-type]
