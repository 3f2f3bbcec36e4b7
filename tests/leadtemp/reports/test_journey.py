"""The replay agrees with the scorer's own fold at every step of any log."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from leadtemp.model import Outcome, Temperature
from leadtemp.reports.journey import replay
from leadtemp.scoring.decay import Scorer
from leadtemp.scoring.rules import Rules
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
