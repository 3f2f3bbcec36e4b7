"""One lead's way through the temperatures, replayed from its log as of each moment of its history.

The lead is judged as the scorer's fold would judge it right after each interaction, which finds
the highest temperature and score it reached and when it first got there; only where neither can
rise is the judgement skipped (new points are bounded by what they add, a fading negative by the
points without negatives). Pins are the user's view of today, not history: the replay ignores them.

The replay runs once per lead over the whole book, so it keeps the running sums in a plain list
with the scorer's tables (as :class:`leadtemp.scoring.state.LogFolder` does); a test holds it to
:func:`leadtemp.scoring.state.state_from_log` at every step.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import itemgetter

from leadtemp.model import SIGNAL_CATEGORIES, Category, Outcome, Temperature
from leadtemp.scoring.daily import counts, utc_day
from leadtemp.scoring.decay import Scorer, add_to_sum, capped_points
from leadtemp.scoring.temperature import Sums, warm_threshold

_COLD = Temperature.COLD
_RANK = {Temperature.COLD: 0, Temperature.WARM: 1, Temperature.HOT: 2}
_ORDER = (Temperature.COLD, Temperature.WARM, Temperature.HOT)
_TOP = len(_ORDER) - 1
#: Slot of the lasting facts' pair in the running sums (after the four signal categories).
_LASTING = 8
#: The sums whose warm moment the fold keeps: behavioral, engagement and the lasting facts.
_WARM_SLOTS = frozenset({0, 2, _LASTING})
#: The categories whose signals raise the points (behavioral, engagement, explicit interest).
_RAISED = 3
#: Position of explicit interest among the raised categories: the buying signals.
_EXPLICIT = SIGNAL_CATEGORIES.index(Category.EXPLICIT_INTEREST)
#: Slot of the negative signals' ref in the running sums (its value just before).
_NEGATIVE_REF = 2 * SIGNAL_CATEGORIES.index(Category.NEGATIVE) + 1
#: Added to each category's sum when bounding its points: the running sums reach a value by other
#: arithmetic, off by far less than this, and the rounding must not tip over on that difference.
_MARGIN = 1e-6


@dataclass(frozen=True)
class Journey:
    contact_id: int
    #: The highest temperature the lead reached before it closed (or by the report's end).
    highest: Temperature
    #: When it first reached each temperature up to its highest (epoch seconds); cold from its start.
    first_reached: dict[Temperature, float]
    #: Its outcome as of the report's end, and when it got it.
    outcome: Outcome
    closed_at: float | None
    #: The first buying signal, and the first outreach after it (the answer), if any.
    first_buying_signal: float | None
    answered_at: float | None
    #: The temperature at each checkpoint asked for (None before the lead existed or once closed).
    at_checkpoints: tuple[Temperature | None, ...] = ()
    #: The kinds logged before it closed, and the highest score it reached (None where not asked
    #: for: an open lead's in a report, which reads these of closed deals only).
    kinds: frozenset[str] = frozenset()
    peak_score: int | None = 0
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


#: One kind's entry in the replay's table: (sum slot or -1, points, seconds per half-life, the warm
#: points its sum keeps the moment of or None, the category its points raise or -1, the most they
#: add to the points, flags: BUYING and OUTREACH).
_Entry = tuple[int, float, float, float | None, int, int, int]
BUYING, OUTREACH = 1, 2
#: What a repeat beyond its daily limit and a kind the rules do not know add: nothing.
_NOTHING: _Entry = (-1, 0.0, 1.0, None, -1, 0, 0)
_CODE = itemgetter(1)
_TIME = itemgetter(2)


class Replayer:
    """The scorer's tables per kind, worked out once for every lead of a report.

    Logs name their kinds by number (see :meth:`kind_codes`): a kind's code while it counts, that
    code plus :attr:`beyond` for a repeat beyond its daily limit, -1 for a kind nobody named, so
    the loop over every interaction of the book indexes a list instead of hashing names."""

    def __init__(self, scorer: Scorer, names: Iterable[str] = ()) -> None:
        """``names``: kinds the logs may hold besides the rules' own (they count for nothing but
        are among the kinds a lead had)."""
        self.scorer = scorer
        self._judge = scorer.judge
        catalogue = scorer.rules.catalogue
        warm = warm_threshold(scorer.rules)
        self.names: list[str] = list(dict.fromkeys([*scorer.kinds, *names]))
        self.codes = {name: code for code, name in enumerate(self.names)}
        self.beyond = len(self.names)
        #: code -> how many of the kind count per lead and UTC day (0: all of them)
        self.limits: list[int] = []
        counted: list[_Entry] = []
        repeats: list[_Entry] = []
        for name in self.names:
            if name not in scorer.kinds:
                self.limits.append(0)
                counted.append(_NOTHING)
                repeats.append(_NOTHING)
                continue
            category, points = scorer.kinds[name]
            kind = catalogue.get(name)
            if category < 0:
                slot, scale = -1, 1.0
            elif name in scorer.lasting:
                slot, scale = _LASTING, scorer.lasting_scale
            else:
                slot, scale = 2 * category, scorer.scales[category]
            raises = slot >= 0 and points > 0 and kind.category is not Category.NEGATIVE
            flags = (BUYING if kind.is_buying_signal else 0) | (OUTREACH if kind.is_outreach else 0)
            counted.append(
                (
                    slot,
                    points,
                    scale,
                    warm if slot in _WARM_SLOTS else None,
                    category if raises else -1,
                    math.ceil(points),
                    flags,
                )
            )
            repeats.append((*_NOTHING[:-1], flags))
            self.limits.append(scorer.rules.daily_limit_of(kind.category))
        #: code -> entry; the trailing one answers code -1.
        self._table: list[_Entry] = [*counted, *repeats, _NOTHING]
        self._labels: list[str] = [*self.names, *self.names]
        self._caps = scorer.caps[:_RAISED]
        self._negative_scale = scorer.scales[SIGNAL_CATEGORIES.index(Category.NEGATIVE)]
        #: The most points each raised category can add.
        self._tops = [capped_points(cap, cap) for cap in self._caps]
        #: Per temperature rank, the scores from which a lead may be judged warmer than that: the next
        #: threshold, less the points a held lead may be under it.
        hold = max(scorer.rules.hysteresis_points, 0)
        self._ceilings = (float(scorer.rules.warm_min - hold), float(scorer.rules.hot_min - hold), math.inf)

    def kind_codes(self) -> list[tuple[str, int, int]]:
        """(name, code, daily limit) of each kind, the cheapest first: those are the common ones
        (opens, visits, the user's own emails); the store puts the ones its book logs most first."""
        order = sorted(range(self.beyond), key=lambda code: self._table[code][1])
        return [(self.names[code], code, self.limits[code]) for code in order]

    def replay(
        self,
        contact_id: int,
        fit: int,
        log: Sequence[tuple[str, float]],
        outcomes: Sequence[tuple[Outcome, float]],
        start: float,
        checkpoints: Sequence[float] = (),
    ) -> Journey:
        """:meth:`replay_coded` of a log of (kind name, time) pairs, oldest first, its repeats
        counted against their daily limits here."""
        today: dict[tuple[int, int], int] = {}
        coded: list[tuple[int, int, float]] = []
        for name, at in log:
            code = self.codes.get(name, -1)
            if code >= 0 and self.limits[code] > 0:
                key = (code, utc_day(at))
                nth = today[key] = today.get(key, 0) + 1
                if not counts(nth, self.limits[code]):
                    code += self.beyond
            coded.append((contact_id, code, at))
        return self.replay_coded(contact_id, fit, coded, outcomes, start, checkpoints)

    def replay_coded(
        self,
        contact_id: int,
        fit: int,
        log: Sequence[tuple[int, int, float]],
        outcomes: Sequence[tuple[Outcome, float]],
        start: float,
        checkpoints: Sequence[float] = (),
        *,
        closed_details: bool = False,
    ) -> Journey:
        """Judge the lead after each interaction of ``log`` ((contact_id, kind code, time) rows,
        oldest first) up to its closing where its score or temperature can rise, and at each of
        the ``checkpoints`` (ascending). With ``closed_details``, an open lead's highest score and
        kinds are left out, and so are the judgements only a new highest score would need.

        Between judgements the replay keeps, per category, the most its sum can be (what it was
        when last judged plus the points added since: time and negatives only take away); while
        the points those give, and a rule's floor, stay within the peak and the band reached, the
        lead is not judged again."""
        judge = self.scorer.judge
        verdict, floor, score_of = judge.verdict, judge.floor, self.scorer.score
        table, tops, ceilings = self._table, self._tops, self._ceilings
        cap_behavioral, cap_engagement, cap_explicit = self._caps
        warm_min = self.scorer.rules.warm_min
        outcome, closed_at = closing(outcomes)
        if closed_at is not None:
            stop = bisect_right(log, closed_at, key=_TIME)
            rows = log[:stop] if stop < len(log) else log
        else:
            rows = log
        sums: list[float | None] = [0.0, None] * 5
        born = float(min(start, log[0][2])) if log else start
        first_reached = {Temperature.COLD: born}
        rank, ceiling = 0, ceilings[0]
        peaks = closed_at is not None or not closed_details
        peak = verdict(fit, born, tuple(sums))[0] if peaks else math.inf  # type: ignore[arg-type]
        fit_points = capped_points(fit, self.scorer.fit_cap)
        #: Whether the lead is cold before anything is logged: then, while it has never been warmer
        #: and has no negatives (which fade, and a "not interested" which lapses), time alone cannot
        #: warm it (see :meth:`_mark`).
        cold_start = fit_points < ceilings[0]
        #: Cold at a checkpoint since the last change to its sums, without negatives: cold until the
        #: next change, as time alone only lowers its points and a rule's floor.
        settled = cold_start
        rounded = [0] * _RAISED
        best: float = fit_points
        #: The most a rule's floor can lift the score to until new points come (floors only expire).
        lifted = 0
        first_buying: float | None = None
        answered: float | None = None
        marks: list[Temperature | None] = []
        #: The checkpoints, then one past any moment.
        pending, next_mark = [*checkpoints, math.inf], 0
        mark_at = pending[0]
        negative = _NEGATIVE_REF
        #: Set once the lead is hot and no highest score is asked for (see below): from then on
        #: only the sums and the response clock move.
        lean = False
        for _, code, at in rows:
            if mark_at < at:
                quiet = settled or (rank == 0 and cold_start)
                next_mark = self._mark_run(
                    fit, pending, next_mark, at, born, closed_at, sums, best, quiet, marks
                )
                settled = marks[-1] is _COLD and sums[negative] is None
                mark_at = pending[next_mark]
            slot, points, scale, keep, raised, lift, flags = table[code]
            if slot >= 0:
                settled = False
                value = sums[slot]
                assert value is not None
                sums[slot], sums[slot + 1] = add_to_sum(value, sums[slot + 1], points, at, scale, keep)
            if flags:
                if flags & BUYING and first_buying is None:
                    first_buying = float(at)
                if flags & OUTREACH and first_buying is not None and answered is None:
                    answered = float(at)
            if lean:
                continue
            if raised >= 0:
                room = tops[raised] - rounded[raised]
                if room > 0:
                    step = lift if lift < room else room
                    rounded[raised] += step
                    best += step
            most = best  # the most points the lead can have now: negatives never take them below zero
            if most > peak and sums[negative] is not None:
                most = max(most - self._negative_points(at, sums), 0)
            if raised < 0:
                # No new points, and no new rule's floor: a fading negative may still lift the score.
                if (
                    most <= peak
                    and most < ceiling
                    and (rank == _TOP or (lifted <= peak and lifted < ceiling))
                ):
                    continue
            else:
                if most <= peak and most < ceiling:
                    if rank == _TOP:
                        continue
                    # Only a buying signal lifts a floor past the warm threshold.
                    if raised == _EXPLICIT or lifted < warm_min:
                        lifted = floor(at, sums)[0]  # type: ignore[arg-type]
                    if lifted <= peak and lifted < ceiling:
                        continue
            now: Sums = tuple(sums)  # type: ignore[assignment]
            behavioral, engagement, explicit, negatives = judge.decayed(at, now)
            rounded = [
                capped_points(behavioral + _MARGIN, cap_behavioral),
                capped_points(engagement + _MARGIN, cap_engagement),
                capped_points(explicit + _MARGIN, cap_explicit),
            ]
            best = fit_points + rounded[0] + rounded[1] + rounded[2]
            points = score_of(fit, behavioral, engagement, explicit, negatives)
            if rank == _TOP:
                # Hot already: a rule's floor is at most the hot threshold, which the peak passed when
                # the lead turned hot, so only the points themselves can set a new peak.
                if points > peak:
                    peak = points
                continue
            raised_to = floor(at, now)
            lifted = raised_to[0]
            if points <= peak and points < ceiling and lifted <= peak and lifted < ceiling:
                continue
            score, _, temperature, _ = verdict(fit, at, now, points, raised_to)
            if score > peak:
                peak = score
            reached = _RANK[temperature]
            while rank < reached:
                rank += 1
                first_reached[_ORDER[rank]] = float(at)
            ceiling = ceilings[rank]
            if rank == _TOP and not peaks:
                # Hot, and no highest score asked for: nothing later can change the highest
                # temperature or when it was reached, so the rest of the log only moves the sums
                # the checkpoints read and the response clock (the most points the lead can have
                # is no longer kept: unbounded).
                lean, best = True, math.inf
        if next_mark < len(checkpoints):
            quiet = settled or (rank == 0 and cold_start)
            self._mark_run(fit, pending, next_mark, math.inf, born, closed_at, sums, best, quiet, marks)
        labels = self._labels
        codes = set(map(_CODE, rows)) if peaks else set()
        codes.discard(-1)
        return Journey(
            contact_id,
            _ORDER[rank],
            first_reached,
            outcome,
            closed_at,
            first_buying,
            answered,
            tuple(marks),
            frozenset(labels[code] for code in codes),
            int(peak) if peaks else None,
        )

    def _negative_points(self, now: float, sums: list[float | None]) -> int:
        """The least the negatives take away at ``now``, whatever came before (the margin again)."""
        value, ref = sums[_NEGATIVE_REF - 1], sums[_NEGATIVE_REF]
        assert value is not None and ref is not None
        return capped_points(value * math.exp2((ref - now) / self._negative_scale) - _MARGIN, math.inf)

    def _mark_run(
        self,
        fit: int,
        pending: list[float],
        first: int,
        until: float,
        born: float,
        closed_at: float | None,
        sums: list[float | None],
        best: float,
        quiet: bool,
        marks: list[Temperature | None],
    ) -> int:
        """Append the temperatures at the checkpoints ``pending[first:]`` before ``until`` to
        ``marks`` (see :meth:`_mark`: the sums are the same at all of them), and return where the
        next ones start.

        Without negatives the same sums never make a warmer temperature later (time only lowers
        the points and a rule's floor, and a lower score is never held warmer), so along such a run
        the temperature only steps down: where two checkpoints agree, every one between them
        agrees too, and only the checkpoints where it steps are judged (halving each stretch between two
        that differ)."""
        end = first
        while pending[end] < until:
            end += 1
        count = end - first
        now: Sums = tuple(sums)  # type: ignore[assignment]
        if count < 3 or now[_NEGATIVE_REF] is not None:
            for index in range(first, end):
                mark = self._mark(fit, pending[index], born, closed_at, now, best, quiet)
                quiet = quiet or (mark is _COLD and now[_NEGATIVE_REF] is None)
                marks.append(mark)
            return end
        temperatures: list[Temperature | None] = [None] * count
        # Before the lead's history starts and once it closed there is no temperature.
        low, high = 0, count
        while low < count and pending[first + low] < born:
            low += 1
        if closed_at is not None:
            while high > low and pending[first + high - 1] >= closed_at:
                high -= 1
        if low < high:
            top = high - 1
            temperatures[low] = self._mark(fit, pending[first + low], born, closed_at, now, best, quiet)
            if top > low:
                if temperatures[low] is _COLD:
                    temperatures[low + 1 : high] = [_COLD] * (top - low)
                else:
                    temperatures[top] = self._mark(fit, pending[first + top], born, closed_at, now, best)
                    spans = [(low, top)]
                    while spans:
                        left, right = spans.pop()
                        if temperatures[left] is temperatures[right]:
                            temperatures[left + 1 : right] = [temperatures[left]] * (right - left - 1)
                        elif right - left > 1:
                            middle = (left + right) // 2
                            temperatures[middle] = self._mark(
                                fit, pending[first + middle], born, closed_at, now, best
                            )
                            spans += [(left, middle), (middle, right)]
        marks += temperatures
        return end

    def _mark(
        self,
        fit: int,
        moment: float,
        born: float,
        closed_at: float | None,
        now: Sums,
        best: float,
        quiet: bool = False,
    ) -> Temperature | None:
        """The temperature at a checkpoint, with the sums ``now``; ``best``: the most points the
        lead can have then; ``quiet``: the lead was cold at an earlier moment with the same sums
        (or at every moment so far), so without negatives it is cold now: time alone only lowers
        its points and a rule's floor, and a lower score never makes a warmer temperature, held or
        not."""
        if moment < born or (closed_at is not None and moment >= closed_at):
            return None
        if quiet and now[_NEGATIVE_REF] is None:
            return _COLD
        judge, ceiling = self._judge, self._ceilings[0]
        lift = judge.floor(moment, now)
        if lift[0] >= ceiling:
            return judge.temperature_within(fit, moment, now, best, lift)
        if best < ceiling:
            return _COLD
        points = judge.points_at(fit, moment, now)
        return _COLD if points < ceiling else judge.verdict(fit, moment, now, points, lift)[2]


def replay(
    contact_id: int,
    fit: int,
    log: Sequence[tuple[str, float]],
    outcomes: Sequence[tuple[Outcome, float]],
    scorer: Scorer,
    start: float,
    checkpoints: Sequence[float] = (),
) -> Journey:
    """One lead's journey (see :class:`Replayer`, which a whole report reuses)."""
    replayer = Replayer(scorer, (name for name, _ in log))
    return replayer.replay(contact_id, fit, log, outcomes, start, checkpoints)
