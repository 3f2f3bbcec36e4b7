"""Diminishing returns per kind: a kind counts at most ``daily_limit.<category>`` times per lead and
UTC day. Properties with same-day repeats in every generated log: the breakdown sums to the score,
the order things were logged in does not matter, and replaying as of a time equals scoring afresh
the log up to it, in the running states (logged one by one, rebuilt) as from the log."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leadtemp.clock import to_timestamp
from leadtemp.errors import ValidationError
from leadtemp.model import Interaction
from leadtemp.rescoring import rebuild_states
from leadtemp.scoring.daily import counts, day_ranks, utc_day
from leadtemp.scoring.decay import score_interactions
from leadtemp.scoring.rules import DEFAULT_DAILY_LIMITS, Rules
from leadtemp.scoring.tuning import rule_keys, rules_with
from leadtemp.service import LeadService
from leadtemp.store import Store

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
START_OF_DAY = datetime(2026, 3, 2, tzinfo=UTC)
RULES = Rules()
UNLIMITED = Rules(daily_limit=dict.fromkeys(DEFAULT_DAILY_LIMITS, 0))
TWICE = Rules(daily_limit={**DEFAULT_DAILY_LIMITS, "engagement": 2, "explicit_interest": 1})

#: Few kinds and few days, so that most logs hold the same kind twice on one day.
kinds = st.sampled_from(
    ["email_open", "website_visit", "pricing_request", "email_bounced", "referral", "email_sent"]
)
#: Minutes before NOW over three days, on whole minutes and odd seconds alike.
moments = st.one_of(
    st.integers(min_value=0, max_value=3 * 24 * 60).map(lambda minutes: minutes * 60.0),
    st.floats(min_value=0, max_value=3 * 86400.0, allow_nan=False),
)
logs = st.lists(st.tuples(kinds, moments), min_size=1, max_size=30)
rule_sets = st.sampled_from([RULES, UNLIMITED, TWICE])


def interactions(pairs: list[tuple[str, float]]) -> list[Interaction]:
    return [
        Interaction(index + 1, 1, kind, NOW - timedelta(seconds=age))
        for index, (kind, age) in enumerate(pairs)
    ]


# The rule ---------------------------------------------------------------------------------------


def test_the_first_of_a_kind_each_utc_day_ranks_first_whatever_the_order_given() -> None:
    at = to_timestamp(START_OF_DAY)
    entries = [("email_open", at + 7200), ("email_open", at + 60), ("website_visit", at + 3600)]
    entries += [("email_open", at - 1), ("email_open", at + 60)]
    assert day_ranks(entries) == [3, 1, 1, 1, 2]
    assert utc_day(at) - utc_day(at - 1) == 1
    assert utc_day(-1.5) == -1 and utc_day(0) == 0
    assert counts(1, 1) and not counts(2, 1) and counts(50, 0)


def test_fifty_opens_in_a_day_score_as_one_and_the_breakdown_says_what_it_left_out() -> None:
    opens = interactions([("email_open", minutes * 60.0) for minutes in range(50)])
    one = score_interactions(opens[-1:], 5, RULES, NOW)
    fifty = score_interactions(opens, 5, RULES, NOW)
    assert fifty.score == one.score
    assert fifty.raw == one.raw
    (limit,) = [a for a in fifty.adjustments if "daily limit" in a.reason]
    assert limit.reason.endswith("Email opened x50: 49 repeats on the same day not counted")
    assert limit.points == pytest.approx(-sum(c.points for c in fifty.contributions[1:]), abs=0.01)
    assert score_interactions(opens, 5, UNLIMITED, NOW).score > fifty.score


def test_a_buying_signal_counts_every_time_by_default() -> None:
    asks = interactions([("implementation_question", 60.0), ("implementation_question", 120.0)])
    assert score_interactions(asks, 0, RULES, NOW).raw["explicit_interest"] > 70
    assert score_interactions(asks, 0, TWICE, NOW).raw["explicit_interest"] < 41


def test_a_limit_of_two_counts_the_first_two_of_the_day() -> None:
    opens = interactions([("email_open", 60.0 * minutes) for minutes in (5, 1, 3, 4)])
    result = score_interactions(opens, 0, TWICE, NOW)
    shares = {c.interaction_id: c.points for c in result.contributions}
    assert result.raw["engagement"] == pytest.approx(shares[1] + shares[4], abs=0.01)
    limit = result.adjustments[1]
    assert limit.reason.endswith("Email opened x4: 2 repeats on the same day not counted")
    assert limit.points == pytest.approx(-(shares[2] + shares[3]), abs=1e-9)


# Settings ---------------------------------------------------------------------------------------


def test_the_daily_limits_are_rule_keys_with_a_whole_range() -> None:
    keys = {key.key: key for key in rule_keys(RULES)}
    for category, default in DEFAULT_DAILY_LIMITS.items():
        key = keys[f"daily_limit.{category}"]
        assert (key.value, key.default, key.low, key.high, key.whole) == (default, default, 0, 100, True)
    assert rules_with(RULES, {"daily_limit.engagement": "0"}).daily_limit["engagement"] == 0
    assert rules_with(RULES, {"daily_limit.engagement": "3"}).fingerprint() != RULES.fingerprint()


@pytest.mark.parametrize(
    ("value", "message"),
    [("101", "between 0 and 100"), ("-1", "between 0 and 100"), ("1.5", "whole number")],
)
def test_a_daily_limit_out_of_range_or_not_whole_is_refused(value: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        rules_with(RULES, {"daily_limit.behavioral": value})


def test_the_daily_limits_survive_the_rules_json_and_refuse_a_fraction() -> None:
    assert Rules.from_json(TWICE.to_json()) == TWICE
    with pytest.raises(ValidationError, match="whole number"):
        Rules.from_json({"daily_limit": {"engagement": 1.5}})
    with pytest.raises(ValidationError, match="unknown daily limit category"):
        Rules.from_json({"daily_limit": {"outreach": 1}})


# Properties -------------------------------------------------------------------------------------


@given(logs, st.integers(min_value=0, max_value=10), rule_sets)
def test_the_contributions_and_adjustments_sum_to_the_score(
    pairs: list[tuple[str, float]], fit: int, rules: Rules
) -> None:
    result = score_interactions(interactions(pairs), fit, rules, NOW)
    assert sum(result.breakdown.values()) == result.score
    shown = sum(c.points for c in result.contributions) + sum(a.points for a in result.adjustments)
    assert round(shown, 2) == result.score


@given(logs, rule_sets, st.randoms(use_true_random=False))
def test_the_order_of_logging_does_not_matter(
    pairs: list[tuple[str, float]], rules: Rules, rng: object
) -> None:
    shuffled = list(pairs)
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    first = score_interactions(interactions(pairs), 5, rules, NOW)
    second = score_interactions(interactions(shuffled), 5, rules, NOW)
    assert (first.score, first.breakdown, first.raw) == (second.score, second.breakdown, second.raw)


@given(logs, rule_sets, st.floats(min_value=0, max_value=3 * 86400.0, allow_nan=False))
def test_replaying_as_of_a_time_equals_scoring_the_log_up_to_it(
    pairs: list[tuple[str, float]], rules: Rules, back: float
) -> None:
    as_of = NOW - timedelta(seconds=back)
    log = interactions(pairs)
    replay = score_interactions(log, 5, rules, as_of)
    fresh = score_interactions([i for i in log if i.occurred_at <= as_of], 5, rules, as_of)
    assert (replay.score, replay.breakdown, replay.raw) == (fresh.score, fresh.breakdown, fresh.raw)


@contextmanager
def _service(rules: Rules) -> Iterator[LeadService]:
    service = LeadService(Store(":memory:"), now=lambda: NOW)
    try:
        if rules != RULES:
            service.update_settings(rules)
        yield service
    finally:
        service.close()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(logs, rule_sets, st.randoms(use_true_random=False), st.integers(min_value=0, max_value=3 * 24))
def test_logged_one_by_one_deleted_or_rebuilt_the_state_agrees_with_the_log(
    pairs: list[tuple[str, float]], rules: Rules, rng: object, hours_back: int
) -> None:
    """Logging in any order (each repeat, each backdated first of a day), deleting one, and
    rebuilding every state all give the board what scoring the log afresh gives, as of now and
    as of earlier times."""
    with _service(rules) as service:
        contact_id = service.add_contact("Dana", fit=5).contact_id
        shuffled = list(dict.fromkeys(pairs))
        rng.shuffle(shuffled)  # type: ignore[attr-defined]
        for kind, age in shuffled:
            service.log_interaction(contact_id, kind, NOW - timedelta(seconds=age), note=f"{age}")
        _agrees(service, contact_id, hours_back)
        victim = rng.choice(service.interactions(contact_id))  # type: ignore[attr-defined]
        service.delete_interaction(victim.id)
        _agrees(service, contact_id, hours_back)
        with service.store.transaction():
            rebuild_states(service.store, service.rules)
        _agrees(service, contact_id, hours_back)


def _agrees(service: LeadService, contact_id: int, hours_back: int) -> None:
    for as_of in (NOW, NOW - timedelta(hours=hours_back)):
        expected = score_interactions(service.interactions(contact_id), 5, service.rules, as_of)
        card = service.card(contact_id, as_of)
        assert (card.score, card.computed_temperature) == (expected.score, expected.temperature)
        assert service.board(as_of).all_cards()[0].score == expected.score
