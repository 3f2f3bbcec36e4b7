"""One lead's way through the temperatures, replayed from its log as of each moment of its history.

A lead's temperature only rises when something happens (decay and time only cool it), so judging it
right after each interaction finds the highest temperature it reached and when it first got there.
Pins are the user's view of today, not history: the replay ignores them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from leadtemp.model import Outcome, Temperature
from leadtemp.scoring.decay import Scorer
from leadtemp.scoring.state import ScoreState, apply_interaction, row_sums, state_to_row

_RANK = {Temperature.COLD: 0, Temperature.WARM: 1, Temperature.HOT: 2}


@dataclass(frozen=True)
class Journey:
    contact_id: int
    #: The highest temperature the lead reached before it closed (or by the report's end).
    highest: Temperature
    #: When it first reached each temperature at or above cold (epoch seconds); cold from its start.
    first_reached: dict[Temperature, float]
    #: Its outcome as of the report's end, and when it got it.
    outcome: Outcome
    closed_at: float | None
    #: The first buying signal, and the first outreach after it (the answer), if any.
    first_buying_signal: float | None
    answered_at: float | None
    #: The temperature at each checkpoint asked for (None before the lead existed or once closed).
    at_checkpoints: tuple[Temperature | None, ...] = ()
    #: The kinds logged before it closed, and the highest score it reached.
    kinds: frozenset[str] = frozenset()
    peak_score: int = 0
    #: Archived without an outcome: off the board, neither won nor lost, and not open either.
    archived: bool = False

    @property
    def won(self) -> bool:
        return self.outcome is Outcome.WON

    @property
    def lost(self) -> bool:
        return self.outcome is Outcome.LOST


def closing(outcomes: Sequence[tuple[Outcome, float]]) -> tuple[Outcome, float | None]:
    """The outcome after the last change, and when it was set (None while open)."""
    if not outcomes:
        return Outcome.OPEN, None
    outcome, at = outcomes[-1]
    return outcome, (None if outcome is Outcome.OPEN else at)


def replay(
    contact_id: int,
    fit: int,
    log: Sequence[tuple[str, float]],
    outcomes: Sequence[tuple[Outcome, float]],
    scorer: Scorer,
    start: float,
    checkpoints: Sequence[float] = (),
) -> Journey:
    """Judge the lead after each interaction of ``log`` (oldest first) up to its closing, and at
    each of the ``checkpoints`` (ascending)."""
    rules, catalogue, judge = scorer.rules, scorer.rules.catalogue, scorer.judge
    outcome, closed_at = closing(outcomes)
    state = ScoreState(fingerprint="")
    born = min([start, *(at for _, at in log[:1])])
    first_reached = {Temperature.COLD: born}
    highest = Temperature.COLD
    first_buying: float | None = None
    answered: float | None = None
    marks: list[Temperature | None] = []
    kinds: set[str] = set()
    peak = judge.verdict(fit, born, row_sums(state_to_row(state)))[0]
    pending = list(checkpoints)

    def mark_until(moment: float) -> None:
        while pending and pending[0] < moment:
            checkpoint = pending.pop(0)
            if checkpoint < born or (closed_at is not None and checkpoint >= closed_at):
                marks.append(None)
            else:
                marks.append(judge.verdict(fit, checkpoint, row_sums(state_to_row(state)))[2])

    for kind_name, at in log:
        if closed_at is not None and at > closed_at:
            break
        mark_until(at)
        state = apply_interaction(state, kind_name, at, rules, catalogue)
        kinds.add(kind_name)
        kind = catalogue.get(kind_name) if kind_name in catalogue else None
        if kind is not None and kind.is_buying_signal and first_buying is None:
            first_buying = at
        if kind is not None and kind.is_outreach and first_buying is not None and answered is None:
            answered = at
        score, _, temperature, _ = judge.verdict(fit, at, row_sums(state_to_row(state)))
        peak = max(peak, score)
        for step in Temperature:
            if _RANK[step] <= _RANK[temperature] and step not in first_reached:
                first_reached[step] = at
        if _RANK[temperature] > _RANK[highest]:
            highest = temperature
    mark_until(float("inf"))
    return Journey(
        contact_id,
        highest,
        first_reached,
        outcome,
        closed_at,
        first_buying,
        answered,
        tuple(marks),
        frozenset(kinds),
        peak,
    )
