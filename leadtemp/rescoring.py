"""Score states folded from the interaction log: the scorer run over what the store reads.

Everybody's log is folded by SQLite where its build has math functions (one row per contact
and kind comes back), else and for a few contacts in Python, row by row.

This needs both the store and the scorer, which know nothing of each other, so it sits above
both; the service uses it when rules change or a state cannot answer, ``leadtemp check``
compares the cached states with it, and a JSON import rebuilds every state through it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from itertools import groupby
from operator import itemgetter

from leadtemp.bulk import collection_paused
from leadtemp.scoring.decay import Scorer
from leadtemp.scoring.rules import Rules
from leadtemp.scoring.state import (
    LogFolder,
    StateRow,
    anchored_sums,
    last_warm_moment,
    warm_kinds,
    warm_slots,
)
from leadtemp.scoring.temperature import warm_threshold
from leadtemp.store import Store

#: Up to this many contacts are read by id; more, and the whole log is scanned (or folded) once.
_FEW_CANDIDATES = 2000
#: A warm moment more half-lives than this before the log's newest interaction is left out: no
#: warm window reaches that far, and its sum's value there has lost its precision to underflow.
_SAFE_HALF_LIVES = 900.0


def compute_states(
    store: Store,
    rules: Rules,
    contact_ids: list[int] | None = None,
    *,
    until: float | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[int, StateRow]:
    """State rows of the given (default: all) contacts from the log, counting only interactions
    up to ``until``; nothing is written."""
    scorer = Scorer(rules)
    # A contact asked for twice (a capture's touched leads and their joins) is folded once.
    ids = (
        store.contact_ids(include_archived=True) if contact_ids is None else list(dict.fromkeys(contact_ids))
    )
    anchor = store.latest_interaction_at(until) or 0.0
    folder = LogFolder(scorer, ids, anchor)
    with collection_paused():
        # Many contacts cost a fold of everybody's log by SQLite less than reading theirs row by row.
        many = contact_ids is None or len(ids) > _FEW_CANDIDATES
        if many and store.has_math_functions():
            _fold_in_sqlite(store, folder, until, progress)
        else:
            _fold(store, folder, None if contact_ids is None else ids, until, progress)
        states, redo = folder.finish()
        if redo:
            exact = LogFolder(scorer, redo, anchor, exact=True)
            _fold(store, exact, redo, until, None)
            states.update(exact.finish()[0])
        _keep_warm_moments(store, folder, states, until)
    return states


def _keep_warm_moments(
    store: Store, folder: LogFolder, states: dict[int, StateRow], until: float | None
) -> None:
    """A sum the warm-signal rule reads stays anchored where it was last worth the warm points
    (see ``add_to_sum``): the folds above anchor every sum at its newest signal, which is right
    unless that signal left it below them, so those contacts' signals are looked at again."""
    scorer = folder.scorer
    slots, warm = warm_slots(scorer), warm_threshold(scorer.rules)
    below = {
        slot: [cid for cid, row in states.items() if row[slot] < warm and row[slot + 1] is not None]
        for slot in slots
    }
    candidates = {contact_id for ids in below.values() for contact_id in ids}
    if not candidates:
        return
    few = len(candidates) <= _FEW_CANDIDATES
    if not few and store.has_math_functions():
        _move_to_warm_moments(store, folder, states, below, until)
        return
    signals = store.signals_in_order(list(warm_kinds(scorer)), sorted(candidates) if few else None, until)
    for contact_id, rows in groupby(signals, key=itemgetter(0)):
        if contact_id not in candidates:
            continue
        row = states[contact_id]
        for slot, (value, ref) in anchored_sums(((k, at, rank) for _, k, at, rank in rows), scorer).items():
            if ref is not None:
                row[slot], row[slot + 1] = value, ref


def _move_to_warm_moments(
    store: Store,
    folder: LogFolder,
    states: dict[int, StateRow],
    below: dict[int, list[int]],
    until: float | None,
) -> None:
    """Each sum left below the warm points (``below``: per slot, the contacts whose sum is) is
    moved to its last warm moment when there is one, rescaled so its value from then on is the
    same. Only the signals after the newest one worth the warm points on its own (the fold's
    mark) are read: the sum was worth them at that one."""
    scorer = folder.scorer
    slots, warm = warm_slots(scorer), warm_threshold(scorer.rules)
    kinds = warm_kinds(scorer)
    anchor = store.latest_interaction_at(until) or 0.0
    for slot, scale in slots.items():
        points = {name: scorer.kinds[name][1] for name, at_slot in kinds.items() if at_slot == slot}
        if not points:
            continue
        limit = scorer.limits.get(next(iter(points)), 0)
        marks = {cid: folder.warm_mark(cid, slot) for cid in below[slot]}
        small = [name for name, value in points.items() if value < warm]
        if folder.marks_known:  # no mark: no signal that counts is worth the warm points on its own
            starts = [(cid, -math.inf if mark is None else mark) for cid, mark in marks.items()]
            rows = store.signals_after(small, limit, starts, until)
        else:
            rows = store.signals_after(list(points), limit, [(cid, -math.inf) for cid in marks], until)
        later: dict[int, list[tuple[float, float]]] = {cid: [] for cid in marks}
        for contact_id, kind, at in rows:
            later[contact_id].append((at, points[kind]))
        for contact_id, mark in marks.items():
            row = states[contact_id]
            value, ref = row[slot], row[slot + 1]
            moment = last_warm_moment(value, ref, later[contact_id], mark, scale, warm)
            if moment is not None and moment < ref and (anchor - moment) / scale < _SAFE_HALF_LIVES:
                row[slot], row[slot + 1] = value * math.exp2((ref - moment) / scale), moment


def rebuild_states(
    store: Store,
    rules: Rules,
    contact_ids: list[int] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Recompute and store the running state of the given (default: all) contacts from the log.

    This is what runs after the rules change; each contact keeps its last temperature.
    """
    states = compute_states(store, rules, contact_ids, progress=progress)
    store.put_state_rows(rules.fingerprint(), states.items())
    return len(states)


def _fold_in_sqlite(
    store: Store, folder: LogFolder, until: float | None, progress: Callable[[int, int], None] | None
) -> None:
    """Everybody's log folded by SQLite per kind and contact, so Python sees one row per kind a
    contact has rather than one per interaction; the exact refold stays in Python."""
    known = set(folder.kind_names)
    kinds = folder.sum_kinds(kind for kind in store.logged_kinds() if kind not in known)
    for done, (kind_name, rows) in enumerate(store.decayed_sums(kinds, folder.anchor, until), start=1):
        folder.feed_sums(kind_name, rows)
        if progress is not None:
            progress(done, len(kinds))


def _fold(
    store: Store,
    folder: LogFolder,
    contact_ids: list[int] | None,
    until: float | None,
    progress: Callable[[int, int], None] | None,
) -> None:
    # The cheapest signals are the common ones (opens, visits, the user's own emails), so they
    # are named to SQLite first.
    order = sorted(range(len(folder.kind_names)), key=folder.points_of)
    kind_codes = [(folder.kind_names[code], code, folder.daily_limit_of(code)) for code in order]
    for rows in store.coded_log(kind_codes, contact_ids, until, progress):
        folder.feed(rows)
