"""The replay agrees with the scorer's own fold at every step of any log."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from leadtemp.model import Outcome, Temperature
from leadtemp.reports.journey import replay
from leadtemp.scoring.decay import Scorer
from leadtemp.scoring.rules import DEFAULT_HALF_LIVES, Rules
from leadtemp.scoring.state import row_sums, state_from_log, state_to_row

RULES = Rules()
SCORER = Scorer(RULES)
KINDS = sorted(kind.name for kind in RULES.catalogue)
DAY = 86400.0
RANK = {Temperature.COLD: 0, Temperature.WARM: 1, Temperature.HOT: 2}

logs = st.lists(
    st.tuples(st.sampled_from(KINDS), st.floats(min_value=0, max_value=400 * DAY, allow_nan=False)),
    max_size=25,
).map(lambda log: sorted(log, key=lambda event: event[1]))


@settings(max_examples=150, deadline=None)
@given(log=logs, fit=st.integers(min_value=0, max_value=10))
def test_the_replay_reaches_what_the_fold_judges_after_each_interaction(
    log: list[tuple[str, float]], fit: int
) -> None:
    journey = replay(1, fit, log, [], SCORER, 0.0)
    highest, first, peak = Temperature.COLD, {Temperature.COLD: 0.0}, 0
    peak = SCORER.judge.verdict(fit, 0.0, row_sums(state_to_row(state_from_log([], RULES))))[0]
    for index, (_, at) in enumerate(log):
        state = state_from_log(log[: index + 1], RULES)
        score, _, temperature, _ = SCORER.judge.verdict(fit, at, row_sums(state_to_row(state)))
        peak = max(peak, score)
        for step in Temperature:
            if RANK[step] <= RANK[temperature] and step not in first:
                first[step] = at
        if RANK[temperature] > RANK[highest]:
            highest = temperature
    assert journey.highest is highest
    assert journey.first_reached == first
    assert journey.peak_score == peak


@given(log=logs)
@settings(max_examples=50, deadline=None)
def test_nothing_after_the_closing_counts(log: list[tuple[str, float]]) -> None:
    closed = 200 * DAY
    journey = replay(1, 5, log, [(Outcome.WON, closed)], SCORER, 0.0)
    before = replay(1, 5, [event for event in log if event[1] <= closed], [], SCORER, 0.0)
    assert (journey.highest, journey.kinds, journey.peak_score) == (
        before.highest,
        before.kinds,
        before.peak_score,
    )


def test_a_lead_warms_at_an_interaction_that_adds_no_points_once_not_interested_lapses() -> None:
    """A "not interested", a referral the next day (held cold by it), then a call once the 90 days
    of "not interested" are over: the referral, still inside its warm window, makes the lead warm
    at the call, as the fold judges it there."""
    log = [("not_interested", 0.0), ("referral", 1 * DAY), ("call_made", 90.5 * DAY)]
    journey = replay(1, 5, log, [], SCORER, 0.0)
    assert journey.highest is Temperature.WARM
    assert journey.first_reached[Temperature.WARM] == 90.5 * DAY
    assert journey.peak_score == RULES.warm_min


def test_a_fading_negative_lifts_the_peak_at_a_later_interaction() -> None:
    """A bounce, then a referral worth less than the warm points under these rules: the bounce
    fades faster than the referral, so the score is higher at a call a month later."""
    rules = Rules(warm_signal_points=20)
    scorer = Scorer(rules)
    log = [("email_bounced", 0.0), ("referral", 60.0), ("call_made", 28 * DAY)]
    after_call = scorer.judge.verdict(0, 28 * DAY, row_sums(state_to_row(state_from_log(log, rules))))[0]
    after_referral = scorer.judge.verdict(0, 60.0, row_sums(state_to_row(state_from_log(log[:2], rules))))[0]
    assert after_call > after_referral
    assert replay(1, 0, log, [], scorer, 0.0).peak_score == after_call


OTHER_RULES = [
    Rules(hysteresis_points=15),
    Rules(hysteresis_points=0, warm_min=20, hot_min=40),
    Rules(half_lives={**DEFAULT_HALF_LIVES, "behavioral": 1, "engagement": 2, "explicit_interest": 1}),
    Rules(warm_signal_points=20),
]
checkpoints = st.lists(st.floats(min_value=-DAY, max_value=420 * DAY, allow_nan=False), max_size=8).map(
    sorted
)


@settings(max_examples=150, deadline=None)
@given(
    log=logs,
    fit=st.integers(min_value=0, max_value=10),
    rules=st.sampled_from([RULES, *OTHER_RULES]),
    marks=checkpoints,
)
def test_the_replay_agrees_with_the_fold_under_other_rules_and_at_checkpoints(
    log: list[tuple[str, float]], fit: int, rules: Rules, marks: list[float]
) -> None:
    """Whichever judgements the replay skips, it finds what judging the fold after every
    interaction finds (thresholds, hysteresis, half-lives and warm points changed), and each
    checkpoint's temperature is the fold's as of that moment."""
    scorer = Scorer(rules)
    journey = replay(1, fit, log, [], scorer, 0.0, marks)
    peak = scorer.judge.verdict(fit, 0.0, row_sums(state_to_row(state_from_log([], rules))))[0]
    first = {Temperature.COLD: 0.0}
    for index, (_, at) in enumerate(log):
        state = state_from_log(log[: index + 1], rules)
        score, _, temperature, _ = scorer.judge.verdict(fit, at, row_sums(state_to_row(state)))
        peak = max(peak, score)
        for step in Temperature:
            if RANK[step] <= RANK[temperature] and step not in first:
                first[step] = at
    assert journey.first_reached == first
    assert journey.peak_score == peak
    expected = [
        None
        if moment < 0
        else scorer.judge.verdict(
            fit,
            moment,
            row_sums(state_to_row(state_from_log([e for e in log if e[1] <= moment], rules))),
        )[2]
        for moment in marks
    ]
    assert list(journey.at_checkpoints) == expected


def test_a_checkpoint_after_a_cold_one_warms_as_a_negative_fades() -> None:
    """A bounce, then three small signals: cold half a day later, warm four days later with nothing
    logged in between, as the bounce fades faster than the signals (and no warm-signal floor
    applies under these rules)."""
    rules = Rules(
        hysteresis_points=0,
        warm_min=20,
        hot_min=60,
        warm_signal_points=50,
        half_lives={**DEFAULT_HALF_LIVES, "negative": 1},
    )
    scorer = Scorer(rules)
    log = [
        ("email_bounced", 0.0),
        ("email_click", 60.0),
        ("website_visit", 120.0),
        ("content_download", 180.0),
    ]
    marks = [0.5 * DAY, 4 * DAY]
    sums = row_sums(state_to_row(state_from_log(log, rules)))
    assert [scorer.judge.verdict(5, moment, sums)[2] for moment in marks] == [
        Temperature.COLD,
        Temperature.WARM,
    ]
    journey = replay(1, 5, log, [], scorer, 0.0, marks)
    assert journey.at_checkpoints == (Temperature.COLD, Temperature.WARM)


def _afresh(scorer: Scorer, fit: int, log: list[tuple[str, float]], moment: float) -> Temperature:
    """The temperature at ``moment``, the lead's state folded afresh from its log up to then."""
    state = state_from_log([event for event in log if event[1] <= moment], scorer.rules)
    return scorer.judge.verdict(fit, moment, row_sums(state_to_row(state)))[2]


def test_a_quiet_run_of_checkpoints_steps_down_where_the_fold_does() -> None:
    """One pricing request, then nothing for half a year: checkpoints every week find it hot for
    the hot window, warm for the buying signal's warm window, then cold, each as the fold judges
    it there (the run shares its sums, so only the steps are judged)."""
    log = [("pricing_request", 0.0)]
    marks = [week * 7 * DAY + 3600.0 for week in range(27)]
    journey = replay(1, 5, log, [], SCORER, 0.0, marks)
    expected = [_afresh(SCORER, 5, log, moment) for moment in marks]
    assert list(journey.at_checkpoints) == expected
    assert set(expected) == {Temperature.HOT, Temperature.WARM, Temperature.COLD}


def test_a_run_of_checkpoints_with_a_fading_negative_is_judged_at_each() -> None:
    """A bounce and three small signals, then five checkpoints with nothing logged between them:
    cold at first, warm once the bounce has faded (under these rules), so along a run with
    negatives the temperature can rise and each checkpoint is judged on its own."""
    rules = Rules(
        hysteresis_points=0,
        warm_min=20,
        hot_min=60,
        warm_signal_points=50,
        half_lives={**DEFAULT_HALF_LIVES, "negative": 1},
    )
    scorer = Scorer(rules)
    log = [
        ("email_bounced", 0.0),
        ("email_click", 60.0),
        ("website_visit", 120.0),
        ("content_download", 180.0),
    ]
    marks = [0.25 * DAY, 0.5 * DAY, 1 * DAY, 2 * DAY, 4 * DAY]
    journey = replay(1, 5, log, [], scorer, 0.0, marks)
    expected = [_afresh(scorer, 5, log, moment) for moment in marks]
    assert list(journey.at_checkpoints) == expected
    assert expected[0] is Temperature.COLD and expected[-1] is Temperature.WARM


def test_a_run_of_checkpoints_has_no_temperature_before_the_lead_or_after_its_closing() -> None:
    """Checkpoints before the lead's first interaction, through a won deal's history and after it
    closed, with nothing logged between them: none before, the fold's temperature while open,
    none once won."""
    log = [("demo_booked", 10 * DAY)]
    marks = [day * DAY for day in (1, 5, 11, 20, 40, 60, 80, 100)]
    journey = replay(1, 5, log, [(Outcome.WON, 70 * DAY)], SCORER, 10 * DAY, marks)
    expected = [
        None if moment < 10 * DAY or moment >= 70 * DAY else _afresh(SCORER, 5, log, moment)
        for moment in marks
    ]
    assert list(journey.at_checkpoints) == expected
    assert expected[:2] == [None, None] and expected[-2:] == [None, None]
    assert Temperature.HOT in expected and Temperature.WARM in expected
