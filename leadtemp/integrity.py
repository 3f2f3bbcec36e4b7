"""``leadtemp check`` and the Backups dialog's check: the file's health (``store.integrity``) and
whether each cached score agrees with folding its log again, which needs the scorer as well as
the store and so lives above both."""

from __future__ import annotations

import json
from pathlib import Path

from leadtemp.errors import LeadTempError
from leadtemp.model import SIGNAL_CATEGORIES
from leadtemp.scoring.rules import Rules
from leadtemp.scoring.state import ScoreState, state_from_log, state_from_values
from leadtemp.store.integrity import MAX_LISTED, CacheReader, Report
from leadtemp.store.integrity import check as check_file

__all__ = ["Report", "check"]


def check(path: Path | str, *, scores: bool = True) -> Report:
    """Integrity, foreign keys, schema version and (with ``scores``) the score cache."""
    return check_file(path, scores=_check_scores if scores else None)


def _check_scores(cache: CacheReader, problems: list[str], notes: list[str]) -> None:
    """The cached running sums must agree with what the interaction log says."""
    rules = _stored_rules(cache, problems)
    if rules is None:
        return
    fingerprint = rules.fingerprint()
    states = {contact_id: state_from_values(values) for contact_id, values in cache.states().items()}
    missing = cache.contacts_without_state()
    if missing:
        notes.append(f"{missing} contact(s) have no score cache yet; it is rebuilt when opened")
    stale = sum(1 for state in states.values() if state.fingerprint != fingerprint)
    if stale:
        notes.append(f"{stale} score cache(s) predate the current rules; they are rebuilt when opened")
    logs = cache.logs()
    wrong = 0
    for contact_id, state in sorted(states.items()):
        if state.fingerprint != fingerprint:
            continue
        difference = _difference(state, state_from_log(logs.get(contact_id, []), rules), rules)
        if difference:
            wrong += 1
            if wrong <= MAX_LISTED:
                problems.append(f"contact {contact_id}: score cache disagrees with its log ({difference})")
    if wrong > MAX_LISTED:
        problems.append(f"... and {wrong - MAX_LISTED} more contacts with a wrong score cache")


def _stored_rules(cache: CacheReader, problems: list[str]) -> Rules | None:
    text = cache.stored_rules()
    if text is None:
        return Rules()
    try:
        data = json.loads(text)
        return Rules.from_json(data) if data else Rules()
    except (ValueError, TypeError, ArithmeticError, LeadTempError) as error:
        problems.append(f"the stored scoring rules are invalid: {error}")
        return None


def _difference(stored: ScoreState, expected: ScoreState, rules: Rules) -> str | None:
    for name in ("last_touch", "last_buying_signal", "last_outreach", "newest"):
        if not _close(getattr(stored, name), getattr(expected, name)):
            return f"{name} {getattr(stored, name)} instead of {getattr(expected, name)}"
    moment = max(value for value in (stored.newest, expected.newest, 0.0) if value is not None)
    for category in SIGNAL_CATEGORIES:
        half_life = rules.half_life(category)
        have = stored.sums[category].at(moment, half_life)
        want = expected.sums[category].at(moment, half_life)
        if not _close(have, want):
            return f"{category.value} {have:g} instead of {want:g}"
    have = stored.lasting.at(moment, rules.lasting_half_life)
    want = expected.lasting.at(moment, rules.lasting_half_life)
    if not _close(have, want):
        return f"lasting {have:g} instead of {want:g}"
    return None


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))
