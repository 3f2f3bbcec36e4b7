"""Per-contact running state: decayed sums per category and the times the board needs.

The state is derived data: it can always be rebuilt from the interaction log, and it is tagged
with the rules' fingerprint so a change of points or half-lives invalidates it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from leadtemp.model import SIGNAL_CATEGORIES, Category, ScoreResult
from leadtemp.scoring.catalogue import Catalogue
from leadtemp.scoring.daily import counts, day_ranks
from leadtemp.scoring.decay import DecaySum, Scorer, add_to_sum, score_from_sums
from leadtemp.scoring.rules import Rules
from leadtemp.scoring.temperature import WARM_SIGNAL_CATEGORIES, warm_threshold


@dataclass(frozen=True)
class ScoreState:
    fingerprint: str = ""
    sums: dict[Category, DecaySum] = field(
        default_factory=lambda: {category: DecaySum() for category in SIGNAL_CATEGORIES}
    )
    #: The lasting facts' points (engagement kinds on the lasting half-life).
    lasting: DecaySum = field(default_factory=DecaySum)
    last_touch: float | None = None
    last_buying_signal: float | None = None
    last_outreach: float | None = None
    #: Newest interaction of any kind; the sums are exact only as of this time or later.
    newest: float | None = None
    last_temperature: str | None = None

    def usable_at(self, as_of: float, rules: Rules) -> bool:
        return self.fingerprint == rules.fingerprint() and (self.newest is None or self.newest <= as_of)

    def sums_at(self, as_of: float, rules: Rules) -> dict[Category, float]:
        sums = {category: decay.at(as_of, rules.half_life(category)) for category, decay in self.sums.items()}
        sums[Category.ENGAGEMENT] += self.lasting.at(as_of, rules.lasting_half_life)
        return sums

    def score_at(self, fit: int, as_of: float, rules: Rules) -> ScoreResult:
        return score_from_sums(fit, self.sums_at(as_of, rules), rules)


def _later(current: float | None, candidate: float) -> float:
    return candidate if current is None or candidate > current else current


def apply_interaction(
    state: ScoreState,
    kind_name: str,
    at: float,
    rules: Rules,
    catalogue: Catalogue,
    *,
    counted: bool = True,
) -> ScoreState:
    """Fold one logged interaction into the state (O(1), no log scan); a repeat the daily limit
    does not count (``counted=False``) is a touch only."""
    changes: dict[str, object] = {
        "last_touch": _later(state.last_touch, at),
        "newest": _later(state.newest, at),
    }
    if counted and kind_name in catalogue:
        kind = catalogue.get(kind_name)
        warm = warm_threshold(rules)
        if kind.is_lasting:
            changes["lasting"] = state.lasting.add(kind.points, at, rules.lasting_half_life, warm)
        elif kind.category in state.sums:
            sums = dict(state.sums)
            keep = warm if kind.category in WARM_SIGNAL_CATEGORIES else None
            sums[kind.category] = sums[kind.category].add(
                kind.points, at, rules.half_life(kind.category), keep
            )
            changes["sums"] = sums
        if kind.is_buying_signal:
            changes["last_buying_signal"] = _later(state.last_buying_signal, at)
        if kind.is_outreach:
            changes["last_outreach"] = _later(state.last_outreach, at)
    return replace(state, **changes)  # type: ignore[arg-type]


def state_from_log(
    log: Iterable[tuple[str, float]], rules: Rules, last_temperature: str | None = None
) -> ScoreState:
    """Rebuild a contact's state from its (kind, timestamp) log, given in the order it was logged:
    folded in time order (the same instant in logged order), so each sum keeps its warm moment."""
    catalogue = rules.catalogue
    state = ScoreState(fingerprint=rules.fingerprint(), last_temperature=last_temperature)
    log = list(log)
    ranked = sorted(zip(log, day_ranks(log), range(len(log)), strict=True), key=lambda e: (e[0][1], e[2]))
    for (kind_name, at), rank, _ in ranked:
        limit = rules.daily_limit_of(catalogue.get(kind_name).category) if kind_name in catalogue else 0
        state = apply_interaction(state, kind_name, at, rules, catalogue, counted=counts(rank, limit))
    return state


#: A state row: the score_state columns after the fingerprint, in table order.
StateRow = list[Any]
#: Positions in a :data:`StateRow`; sums and their refs alternate, one pair per signal category, then
#: the times, then the lasting facts' pair.
LAST_TOUCH, LAST_BUYING_SIGNAL, LAST_OUTREACH, NEWEST, LASTING, LASTING_REF = 8, 9, 10, 11, 12, 13
#: Buying signals are the explicit-interest kinds, so the newest one is that category's ref.
_BUYING_REF = 2 * SIGNAL_CATEGORIES.index(Category.EXPLICIT_INTEREST) + 1
#: A running sum anchored more half-lives than this before the log's anchor may have lost its
#: precision to underflow; such contacts are folded again the slow, exact way.
_SAFE_HALF_LIVES = 900.0
_NEVER = -math.inf


def empty_row() -> StateRow:
    return [0.0, None, 0.0, None, 0.0, None, 0.0, None, None, None, None, None, 0.0, None]


def row_sums(row: StateRow) -> tuple[Any, ...]:
    """The judge's sums (see ``leadtemp.scoring.temperature.Sums``) in a state row."""
    return (*row[:LAST_TOUCH], row[LASTING], row[LASTING_REF])


def state_to_row(state: ScoreState) -> StateRow:
    row: StateRow = []
    for category in SIGNAL_CATEGORIES:
        decay = state.sums[category]
        row += (decay.value, decay.ref)
    row += (state.last_touch, state.last_buying_signal, state.last_outreach, state.newest)
    row += (state.lasting.value, state.lasting.ref)
    return row


def state_from_values(values: Sequence[Any]) -> ScoreState:
    """A state from its stored values: the fingerprint, a :data:`StateRow`, the last temperature."""
    sums = {
        category: DecaySum(values[1 + 2 * index], values[2 + 2 * index])
        for index, category in enumerate(SIGNAL_CATEGORIES)
    }
    return ScoreState(
        fingerprint=values[0],
        sums=sums,
        last_touch=values[1 + LAST_TOUCH],
        last_buying_signal=values[1 + LAST_BUYING_SIGNAL],
        last_outreach=values[1 + LAST_OUTREACH],
        newest=values[1 + NEWEST],
        lasting=DecaySum(values[1 + LASTING], values[1 + LASTING_REF]),
        last_temperature=values[2 + LASTING_REF],
    )


def state_values(state: ScoreState) -> list[Any]:
    """What :func:`state_from_values` reads back."""
    return [state.fingerprint, *state_to_row(state), state.last_temperature]


def warm_slots(scorer: Scorer) -> dict[int, float]:
    """Slot of each sum the warm-signal rule reads (behavioral, engagement, the lasting facts) and
    its seconds per half-life."""
    slots = {
        2 * SIGNAL_CATEGORIES.index(c): scorer.scales[SIGNAL_CATEGORIES.index(c)]
        for c in WARM_SIGNAL_CATEGORIES
    }
    slots[LASTING] = scorer.lasting_scale
    return slots


def warm_kinds(scorer: Scorer) -> dict[str, int]:
    """Each kind whose points go into a sum that keeps its warm moment, and that sum's slot."""
    slots = warm_slots(scorer)
    kinds: dict[str, int] = {}
    for name, (category, points) in scorer.kinds.items():
        slot = LASTING if name in scorer.lasting else 2 * category
        if category >= 0 and points and slot in slots:
            kinds[name] = slot
    return kinds


def anchored_sums(
    signals: Iterable[tuple[str, float, int]], scorer: Scorer
) -> dict[int, tuple[float, float | None]]:
    """The warm-keeping sums of one contact from its (kind, occurred_at, day_rank) signals in time
    order: per slot, the value at its anchor and the anchor (see ``add_to_sum``)."""
    slots, kinds, warm = warm_slots(scorer), warm_kinds(scorer), warm_threshold(scorer.rules)
    sums: dict[int, tuple[float, float | None]] = {}
    for name, at, day_rank in signals:
        slot = kinds.get(name)
        if slot is None or not counts(day_rank, scorer.limits.get(name, 0)):
            continue
        value, ref = sums.get(slot, (0.0, None))
        sums[slot] = add_to_sum(value, ref, scorer.kinds[name][1], at, slots[slot], warm)
    return sums


def last_warm_moment(
    value: float,
    ref: float,
    later: list[tuple[float, float]],
    start: float | None,
    scale: float,
    warm: float,
) -> float | None:
    """The newest moment a running sum (``value`` at its newest signal ``ref``; ``scale`` seconds
    per half-life) was worth ``warm``, right after every signal of that instant, given its
    (occurred_at, points) signals that count after ``start``: the time of a signal worth ``warm``
    on its own, so the sum was worth it then (None: no such signal, ``later`` is all of them).

    Walking back from ``ref``, the sum as it stood at each earlier instant is what is left of
    ``value`` once the signals after that instant are taken out, so the older signals are never
    read (see ``add_to_sum`` for why the warm-signal rule keeps this moment)."""
    later.sort(reverse=True)
    rest, position, count, exp2 = value, 0, len(later), math.exp2
    while position < count:
        at = later[position][0]
        if at < ref and rest * exp2((ref - at) / scale) >= warm:
            return at
        while position < count and later[position][0] == at:
            rest -= later[position][1] * exp2((at - ref) / scale)
            position += 1
    return start


def _fold_row() -> StateRow:
    return [0.0, _NEVER, 0.0, _NEVER, 0.0, _NEVER, 0.0, _NEVER, None, None, _NEVER, _NEVER, 0.0, _NEVER]


#: A folded row's width as stored; the folder keeps, after it, the newest signal of each warm-
#: keeping sum that was worth the warm points on its own (see :meth:`LogFolder.warm_mark`).
_ROW_WIDTH = len(empty_row())


class LogFolder:
    """Folds an interaction log, in any order, into state rows in one pass.

    Every signal is weighed against one common anchor (the newest time in the log) so the loop
    needs one ``exp2`` per row and no re-anchoring; each sum is moved to its own newest signal at
    the end. Contacts whose newest interaction is so far behind the anchor that the weights may
    have underflowed are reported by :meth:`finish` to be folded again with ``exact=True``, which
    re-anchors per row like :func:`apply_interaction`.

    Rows name their kind by position in :attr:`kind_names` (-1 for a kind the rules do not know
    and for a repeat beyond its kind's daily limit, see :meth:`code_of`) so the store can let
    SQLite translate names and this loop, the hot spot of a rebuild, indexes
    a list instead of hashing strings.
    """

    def __init__(
        self, scorer: Scorer, contact_ids: Iterable[int], anchor: float, *, exact: bool = False
    ) -> None:
        self.scorer = scorer
        self.anchor = anchor
        self.exact = exact
        self.contact_ids = list(contact_ids)
        # Warm-keeping sum slot -> where a row keeps the newest counted signal into it that is worth
        # the warm points on its own (see :meth:`warm_mark`), after the row as stored.
        self._mark_of = {slot: _ROW_WIDTH + number for number, slot in enumerate(warm_slots(scorer))}
        self._blank = [*_fold_row(), *(_NEVER for _ in self._mark_of)]
        self._states = {cid: self._marked_row() for cid in self.contact_ids}
        self.kind_names: list[str] = list(scorer.kinds)
        self._codes = {name: code for code, name in enumerate(self.kind_names)}
        # code -> (sum slot, its ref slot, points, half-lives per second); outreach has no sum and
        # only stamps LAST_OUTREACH; the trailing None answers code -1.
        self._kinds: list[tuple[int, int, float, float] | None] = []
        for name in self.kind_names:
            category, points = scorer.kinds[name]
            if category < 0:
                self._kinds.append((LAST_OUTREACH - 1, LAST_OUTREACH, 0.0, 0.0))
            elif name in scorer.lasting:
                self._kinds.append((LASTING, LASTING_REF, points, 1.0 / scorer.lasting_scale))
            else:
                self._kinds.append((2 * category, 2 * category + 1, points, 1.0 / scorer.scales[category]))
        self._kinds.append(None)
        # code -> the mark this kind's rows move (-1: none); the trailing -1 answers code -1.
        warm, kinds = warm_threshold(scorer.rules), warm_kinds(scorer)
        self._marks = [
            self._mark_of[kinds[name]] if name in kinds and scorer.kinds[name][1] >= warm else -1
            for name in self.kind_names
        ]
        self._marks.append(-1)
        #: Whether the marks are known: :meth:`feed_sums` keeps them, the row-by-row folds do not.
        self.marks_known = False

    def code_of(self, kind_name: str, day_rank: int = 1) -> int:
        """The code of a row of this kind, the ``day_rank``-th of its kind that day: -1 (a touch
        only) for a kind the rules do not know or a repeat beyond its daily limit."""
        if not counts(day_rank, self.scorer.limits.get(kind_name, 0)):
            return -1
        return self._codes.get(kind_name, -1)

    def daily_limit_of(self, code: int) -> int:
        """How many rows of the kind with this code count per contact and UTC day (0: all)."""
        return self.scorer.limits[self.kind_names[code]]

    def points_of(self, code: int) -> float:
        info = self._kinds[code]
        return 0.0 if info is None else info[2]

    def feed(self, rows: Iterable[tuple[int, int, float]]) -> None:
        """Fold (contact_id, kind code, occurred_at) rows; other contacts' rows are dropped."""
        if self.exact:
            self._feed_exact(rows)
            return
        states, kinds, anchor, exp2 = self._states, self._kinds, self.anchor, math.exp2
        for contact_id, code, at in rows:
            try:
                state = states[contact_id]
            except KeyError:  # not asked for: folded into a scratch row and dropped
                state = states[contact_id] = self._marked_row()
            info = kinds[code]
            if info is None:
                if at > state[NEWEST]:
                    state[NEWEST] = at
                continue
            slot, ref, points, rate = info
            if at > state[ref]:
                state[ref] = at
            if points:
                state[slot] += points * exp2((at - anchor) * rate)

    def sum_kinds(self, other_kinds: Iterable[str] = ()) -> list[tuple[str, float, int]]:
        """The kinds as SQLite folds them (see :meth:`feed_sums`): (name, half-lives per second
        or 0 for a kind without points, daily limit); ``other_kinds``, logged but unknown to the
        rules, are touches only."""
        folds = [
            (name, info[3] if info is not None and info[2] else 0.0, self.scorer.limits[name])
            for name, info in zip(self.kind_names, self._kinds, strict=False)
        ]
        return folds + [(name, 0.0, 0) for name in other_kinds]

    def feed_sums(
        self, kind_name: str, rows: Iterable[tuple[int, float | None, float | None, float]]
    ) -> None:
        """Fold what SQLite folded per contact for one kind (``Store.decayed_sums`` with the kinds
        of :meth:`sum_kinds` and this folder's anchor): the sum of the weights of the rows that
        count, the latest of those and the latest of all; other contacts' rows are dropped."""
        self.marks_known = True
        states = self._states
        code = self._codes.get(kind_name, -1)
        info, mark = self._kinds[code], self._marks[code]
        # A kind the rules do not know has no sum: its rows only move the newest interaction.
        slot, ref, points, _ = info if info is not None else (NEWEST, NEWEST, 0.0, 0.0)
        for contact_id, weights, latest_counted, latest in rows:
            state = states.get(contact_id)
            if state is None:  # not asked for: folded into a scratch row and dropped
                state = states[contact_id] = self._marked_row()
            if latest > state[NEWEST]:
                state[NEWEST] = latest
            if latest_counted is None:
                continue
            if latest_counted > state[ref]:
                state[ref] = latest_counted
            if mark >= 0 and latest_counted > state[mark]:
                state[mark] = latest_counted
            if points and weights:
                state[slot] += points * weights

    def _marked_row(self) -> StateRow:
        return self._blank.copy()

    def warm_mark(self, contact_id: int, slot: int) -> float | None:
        """The newest counted signal of the warm-keeping sum at ``slot`` worth the warm points on
        its own, as far as :meth:`feed_sums` saw (None: none, or not :attr:`marks_known`)."""
        state = self._states.get(contact_id)
        if state is None:
            return None
        at: float = state[self._mark_of[slot]]
        return None if at == _NEVER else at

    def _feed_exact(self, rows: Iterable[tuple[int, int, float]]) -> None:
        states, kinds, exp2 = self._states, self._kinds, math.exp2
        for contact_id, code, at in rows:
            try:
                state = states[contact_id]
            except KeyError:  # not asked for: folded into a scratch row and dropped
                state = states[contact_id] = self._marked_row()
            info = kinds[code]
            if info is None:
                if at > state[NEWEST]:
                    state[NEWEST] = at
                continue
            slot, ref_slot, points, rate = info
            ref = state[ref_slot]
            if not points:
                if at > ref:
                    state[ref_slot] = at
            elif ref == _NEVER:
                state[slot], state[ref_slot] = points, at
            elif at >= ref:
                state[slot] = state[slot] * exp2(-(at - ref) * rate) + points
                state[ref_slot] = at
            else:
                state[slot] += points * exp2(-(ref - at) * rate)

    def finish(self) -> tuple[dict[int, StateRow], list[int]]:
        """State rows of the requested contacts, and those to fold again exactly (never any in
        exact mode)."""
        scorer = self.scorer
        pairs = [(2 * category, scale) for category, scale in enumerate(scorer.scales)]
        pairs.append((LASTING, scorer.lasting_scale))
        limit = _SAFE_HALF_LIVES * min(scorer.scales)
        anchor, exp2 = self.anchor, math.exp2
        result: dict[int, StateRow] = {}
        redo: list[int] = []
        for contact_id in self.contact_ids:
            state = self._states[contact_id]
            newest = max(state[1], state[3], state[5], state[7], state[LASTING_REF])
            newest = max(newest, state[LAST_OUTREACH], state[NEWEST])
            if newest == _NEVER:
                result[contact_id] = empty_row()
                continue
            if not self.exact and anchor - newest > limit:
                redo.append(contact_id)
                continue
            for slot, scale in pairs:
                ref = state[slot + 1]
                if ref == _NEVER:
                    state[slot], state[slot + 1] = 0.0, None
                elif not self.exact:
                    lift = (anchor - ref) / scale
                    state[slot] = state[slot] * exp2(lift) if lift < _SAFE_HALF_LIVES else 0.0
            state[LAST_TOUCH] = state[NEWEST] = newest
            state[LAST_BUYING_SIGNAL] = state[_BUYING_REF]
            if state[LAST_OUTREACH] == _NEVER:
                state[LAST_OUTREACH] = None
            result[contact_id] = state[:_ROW_WIDTH]
        return result, redo
