"""The scoring engine: decay, caps, negatives, the breakdown, fit, trend, response clock, thresholds."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest

from leadtemp.errors import ValidationError
from leadtemp.model import BREAKDOWN_KEYS, Category, Contact, Interaction, Pin, Temperature
from leadtemp.scoring.catalogue import DEFAULT_KINDS_BY_NAME, Catalogue
from leadtemp.scoring.decay import (
    SECONDS_PER_DAY,
    DecaySum,
    Scorer,
    compute_fit,
    decay_factor,
    effective_temperature,
    response_waiting_since,
    response_window,
    score_from_sums,
    score_interactions,
    trend_start,
)
from leadtemp.scoring.rules import DEFAULT_CAPS, DEFAULT_HALF_LIVES, IdealClientProfile, Rules
from leadtemp.scoring.temperature import trend_of_rates

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
RULES = Rules()


def log(*entries: tuple[str, float]) -> list[Interaction]:
    """Interactions from (kind, days before NOW) pairs, ids in the order given."""
    return [
        Interaction(index + 1, 1, kind, NOW - timedelta(days=days))
        for index, (kind, days) in enumerate(entries)
    ]


def points(kind: str) -> float:
    return DEFAULT_KINDS_BY_NAME[kind].points


def half_life(category: Category) -> float:
    return RULES.half_life(category)


def score(entries: Sequence[Interaction], fit: int = 5, rules: Rules = RULES, as_of: datetime = NOW) -> int:
    """The points, before a temperature rule lifts or lowers them (see test_temperature.py)."""
    result = score_interactions(entries, fit, rules, as_of)
    return result.score - result.breakdown["rule"]


# Decay --------------------------------------------------------------------------------------


def test_a_signal_loses_half_its_weight_every_half_life() -> None:
    days = 14.0
    assert decay_factor(0, days) == 1.0
    assert decay_factor(days * SECONDS_PER_DAY, days) == pytest.approx(0.5)
    assert decay_factor(2 * days * SECONDS_PER_DAY, days) == pytest.approx(0.25)
    assert decay_factor(-1, days) == 0.0


@pytest.mark.parametrize("kind", ["pricing_request", "webinar_attended", "content_download"])
def test_points_fade_with_the_half_life_of_their_category(kind: str) -> None:
    category = DEFAULT_KINDS_BY_NAME[kind].category
    days = half_life(category)
    fresh = score_interactions(log((kind, 0)), 0, RULES, NOW).breakdown[category.value]
    one = score_interactions(log((kind, days)), 0, RULES, NOW).breakdown[category.value]
    two = score_interactions(log((kind, 2 * days)), 0, RULES, NOW).breakdown[category.value]
    assert fresh == points(kind)
    assert one == math.floor(points(kind) / 2 + 0.5)
    assert two == math.floor(points(kind) / 4 + 0.5)


def test_a_signal_exactly_one_half_life_old_rounds_its_half_point_up() -> None:
    # 3 behavioral points at one half-life are worth exactly 1.5, whichever arithmetic got there.
    rules = Rules(points={"website_visit": 3})
    days = rules.half_life(Category.BEHAVIORAL)
    result = score_interactions(log(("website_visit", days)), 0, rules, NOW)
    assert result.breakdown["behavioral"] == 2


def test_signals_after_the_as_of_time_do_not_count() -> None:
    entries = log(("pricing_request", -1), ("website_visit", 0))
    result = score_interactions(entries, 0, RULES, NOW)
    assert result.breakdown["explicit_interest"] == 0
    assert [c.kind for c in result.contributions] == ["website_visit"]
    assert score(entries, as_of=NOW + timedelta(days=1)) > score(entries)


def test_the_score_can_be_replayed_as_of_any_past_time() -> None:
    entries = log(("demo_booked", 30), ("pricing_request", 2))
    earlier = score_interactions(entries, 5, RULES, NOW - timedelta(days=29))
    assert earlier.breakdown["explicit_interest"] == math.floor(
        points("demo_booked") * decay_factor(SECONDS_PER_DAY, half_life(Category.EXPLICIT_INTEREST)) + 0.5
    )


def test_longer_half_lives_fade_slower() -> None:
    slow = Rules(half_lives={**DEFAULT_HALF_LIVES, "explicit_interest": 60})
    entries = log(("pricing_request", 30))
    assert score(entries, rules=slow) > score(entries)


# Caps and negatives -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "category"),
    [
        ("website_visit", "behavioral"),
        ("email_reply", "engagement"),
        ("proposal_request", "explicit_interest"),
    ],
)
def test_each_category_is_capped(kind: str, category: str) -> None:
    result = score_interactions(log(*[(kind, day) for day in range(30)]), 0, RULES, NOW)
    assert result.breakdown[category] == DEFAULT_CAPS[category]
    assert result.raw[category] > DEFAULT_CAPS[category]


def test_fit_is_capped_too() -> None:
    assert score_from_sums(10, {}, Rules(caps={**DEFAULT_CAPS, "fit": 6})).breakdown["fit"] == 6


def test_a_full_house_scores_the_sum_of_the_caps() -> None:
    entries = log(
        *[(kind, 0) for kind in ("pricing_page_visit", "case_study_download", "referral", "webinar_attended")]
        * 3,
        ("proposal_request", 0),
        ("demo_booked", 0),
        ("pricing_request", 0),
    )
    assert score(entries, fit=10) == sum(DEFAULT_CAPS.values())


def test_negative_signals_subtract() -> None:
    engaged = log(("referral", 1), ("webinar_attended", 1), ("content_download", 1))
    result = score_interactions([*engaged, *log(("unsubscribed", 0))], 5, RULES, NOW)
    assert result.breakdown["negative"] == -points("unsubscribed")
    assert result.score - result.breakdown["rule"] == score(engaged) - points("unsubscribed")


def test_a_score_never_goes_below_zero() -> None:
    entries = log(("not_interested", 0), ("unsubscribed", 0), ("email_bounced", 0), ("website_visit", 0))
    result = score_interactions(entries, 2, RULES, NOW)
    assert result.score == 0
    positive = sum(value for key, value in result.breakdown.items() if key != "negative")
    assert result.breakdown["negative"] == -positive


def test_outreach_earns_no_points_and_is_not_a_contribution() -> None:
    entries = log(("email_sent", 0), ("call_made", 0), ("meeting_held", 0), ("message_sent", 0))
    result = score_interactions(entries, 5, RULES, NOW)
    assert result.score == 5
    assert result.contributions == ()


def test_unknown_kinds_are_ignored() -> None:
    assert score(log(("carrier_pigeon", 0), ("website_visit", 0))) == score(log(("website_visit", 0)))


# Breakdown and contributions ----------------------------------------------------------------


@pytest.mark.parametrize(
    "entries",
    [
        log(),
        log(("website_visit", 3), ("email_open", 1)),
        log(("pricing_request", 10), ("demo_booked", 3), ("unsubscribed", 2), ("referral", 40)),
        log(*[("email_click", day) for day in range(0, 60, 3)], ("not_interested", 5)),
    ],
)
def test_the_breakdown_has_the_five_categories_and_sums_to_the_score(entries: list[Interaction]) -> None:
    for fit in (0, 7, 10):
        result = score_interactions(entries, fit, RULES, NOW)
        assert tuple(result.breakdown) == BREAKDOWN_KEYS
        assert sum(result.breakdown.values()) == result.score


def test_contributions_trace_every_point_to_an_interaction() -> None:
    entries = log(("pricing_request", 14), ("website_visit", 0), ("not_interested", 0), ("email_sent", 0))
    result = score_interactions(entries, 5, RULES, NOW)
    by_id = {c.interaction_id: c for c in result.contributions}
    assert set(by_id) == {1, 2, 3}
    assert by_id[1].points == pytest.approx(points("pricing_request") / 2, abs=0.01)
    assert by_id[1].base_points == points("pricing_request")
    assert by_id[2].points == points("website_visit")
    assert by_id[3].points == -points("not_interested")
    assert by_id[3].category is Category.NEGATIVE
    # Largest first, whatever the sign.
    assert [abs(c.points) for c in result.contributions] == sorted(
        (abs(c.points) for c in result.contributions), reverse=True
    )


# Fit ----------------------------------------------------------------------------------------

ICP = IdealClientProfile(industries=("software",), company_size_min=10, company_size_max=200, roles=("CEO",))


def contact(**fields: object) -> Contact:
    return Contact(1, "Dana", **fields)  # type: ignore[arg-type]


def test_fit_defaults_when_nothing_is_known() -> None:
    assert compute_fit(contact(), RULES) == RULES.default_fit
    assert compute_fit(contact(), Rules(default_fit=3)) == 3


def test_a_hand_set_fit_wins_over_the_profile() -> None:
    rules = Rules(icp=ICP)
    assert compute_fit(contact(fit=2, industry="software", role="CEO", company_size=50), rules) == 2


def test_fit_from_the_ideal_client_profile() -> None:
    rules = Rules(icp=ICP)
    assert compute_fit(contact(industry="Software", role="ceo", company_size=50), rules) == 10
    assert compute_fit(contact(industry="retail", role="intern", company_size=5000), rules) == 0
    # Unknown fields count half: no evidence either way.
    assert compute_fit(contact(), rules) == 5
    assert compute_fit(contact(industry="software"), rules) == 7  # (1 + 0.5 + 0.5) / 3 -> 6.67


def test_fit_moves_the_score_point_for_point() -> None:
    entries = log(("website_visit", 1), ("email_reply", 2))
    assert score(entries, fit=9) - score(entries, fit=2) == 7


# Trend and response clock -------------------------------------------------------------------


def test_trend_compares_the_signal_rate_of_the_last_window_with_the_one_before() -> None:
    assert trend_start(NOW, RULES) == NOW - timedelta(days=RULES.trend_window_days)
    assert trend_of_rates(40, 35, RULES.trend_points) == 1
    assert trend_of_rates(40, 36, RULES.trend_points) == 0
    assert trend_of_rates(36, 40, RULES.trend_points) == 0
    assert trend_of_rates(0, 35, RULES.trend_points) == -1


def test_the_response_clock_runs_from_the_latest_buying_signal_until_outreach() -> None:
    signal = NOW - timedelta(hours=3)
    after = NOW - timedelta(days=28)
    assert response_waiting_since(None, None, after) is None
    assert response_waiting_since(signal, None, after) == signal
    assert response_waiting_since(signal, signal - timedelta(days=1), after) == signal
    assert response_waiting_since(signal, signal + timedelta(minutes=5), after) is None
    assert response_waiting_since(signal, signal, after) is None


def test_only_a_recent_buying_signal_waits_for_an_answer() -> None:
    rules = Rules()
    window = response_window(rules)
    assert window == timedelta(days=rules.hot_window_days) == timedelta(days=14)
    after = NOW - window
    assert response_waiting_since(after, None, after) == after
    assert response_waiting_since(after - timedelta(seconds=1), None, after) is None
    assert response_waiting_since(datetime(1999, 3, 1, tzinfo=UTC), None, after) is None
    assert response_window(Rules(hot_window_days=30)) == timedelta(days=30)


def test_a_pin_overrides_the_computed_temperature_until_it_expires() -> None:
    pin = Pin(1, Temperature.HOT, NOW, NOW + timedelta(days=2))
    assert effective_temperature(Temperature.COLD, pin, NOW) == (Temperature.HOT, True)
    assert effective_temperature(Temperature.COLD, pin, NOW + timedelta(days=2)) == (Temperature.COLD, False)
    assert effective_temperature(Temperature.WARM, None, NOW) == (Temperature.WARM, False)


# Thresholds and rules -----------------------------------------------------------------------


def test_default_thresholds_follow_the_seeds() -> None:
    assert [RULES.temperature_for(s) for s in (0, 30, 31, 70, 71, 200)] == [
        Temperature.COLD,
        Temperature.COLD,
        Temperature.WARM,
        Temperature.WARM,
        Temperature.HOT,
        Temperature.HOT,
    ]


def test_thresholds_are_configurable() -> None:
    rules = Rules(warm_min=20, hot_min=50)
    assert rules.temperature_for(19) is Temperature.COLD
    assert rules.temperature_for(20) is Temperature.WARM
    assert rules.temperature_for(50) is Temperature.HOT
    assert Rules.from_json(rules.to_json()) == rules


@pytest.mark.parametrize(
    "bad",
    [
        {"warm_min": 50, "hot_min": 40},
        {"warm_min": 0},
        {"half_lives": {"behavioral": 0}},
        {"caps": {"behavioral": -1}},
        {"points": {"pricing_request": 80}},
        {"points": {"website_visit": 0}},
        {"points": {"no_such_kind": 3}},
        {"default_fit": 11},
        {"colour": "blue"},
    ],
)
def test_bad_rules_are_refused(bad: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        Rules.from_json(bad)


def test_the_catalogue_stays_within_the_seeds_ranges() -> None:
    ranges = {
        Category.BEHAVIORAL: (1, 15),
        Category.ENGAGEMENT: (1, 20),
        Category.EXPLICIT_INTEREST: (20, 50),
        Category.OUTREACH: (0, 0),
    }
    for kind in Catalogue():
        if kind.category in ranges:
            low, high = ranges[kind.category]
            assert low <= kind.points <= high, kind.name


def test_point_overrides_change_the_score_and_the_fingerprint() -> None:
    rules = Rules(points={"website_visit": 10})
    assert score(log(("website_visit", 0)), rules=rules) == 5 + 10
    assert rules.fingerprint() != RULES.fingerprint()
    assert Rules(warm_min=20, hot_min=50).fingerprint() == RULES.fingerprint()


# The running sums and the fast scorer --------------------------------------------------------


def test_a_decay_sum_matches_summing_each_signal() -> None:
    days = 14.0
    times = [0.0, 5 * SECONDS_PER_DAY, 2 * SECONDS_PER_DAY, 9 * SECONDS_PER_DAY]
    decay = DecaySum()
    for at in times:
        decay = decay.add(10, at, days)
    end = 20 * SECONDS_PER_DAY
    expected = sum(10 * decay_factor(end - at, days) for at in times)
    assert decay.ref == max(times)
    assert decay.at(end, days) == pytest.approx(expected)


@pytest.mark.parametrize(
    "sums",
    [
        (0.0, 0.0, 0.0, 0.0),
        (14.5, 19.4999999999, 49.5, 0.0),
        (100.0, 100.0, 100.0, 20.0),
        (3.0, 2.0, 0.0, 500.0),
    ],
)
def test_the_fast_scorer_agrees_with_the_breakdown(sums: tuple[float, float, float, float]) -> None:
    scorer = Scorer(RULES)
    categories = (Category.BEHAVIORAL, Category.ENGAGEMENT, Category.EXPLICIT_INTEREST, Category.NEGATIVE)
    for fit in (0, 5, 10):
        expected = score_from_sums(fit, dict(zip(categories, sums, strict=True)), RULES).score
        assert scorer.score(fit, *sums) == expected
