"""A read-only health check of a database file, for ``leadtemp check`` and the Backups dialog.

It never opens the file for writing, never migrates it and never rebuilds anything, so it is
safe to run on a damaged file or on one another LeadTemp window has open.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from leadtemp.errors import LeadTempError
from leadtemp.model import SIGNAL_CATEGORIES
from leadtemp.scoring.rules import Rules
from leadtemp.scoring.state import ScoreState, state_from_log, state_from_values
from leadtemp.store.database import not_an_sqlite_file
from leadtemp.store.database import open_read_only as open_read_only
from leadtemp.store.migrations import LATEST_VERSION

MAX_LISTED = 20
_STATE_QUERY = (
    "SELECT contact_id, fingerprint, behavioral, behavioral_ref, engagement, engagement_ref, "
    "explicit_interest, explicit_interest_ref, negative, negative_ref, last_touch, "
    "last_buying_signal, last_outreach, newest, last_temperature FROM score_state"
)


@dataclass(frozen=True)
class Report:
    """What the check found: ``problems`` make it fail, ``notes`` are harmless facts."""

    path: Path
    problems: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    schema_version: int | None = None
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        """The report as the CLI prints it and the dialog shows it."""
        if self.ok:
            summary = ", ".join(f"{count} {name}" for name, count in self.counts.items())
            head = [f"ok: {self.path}" + (f" ({summary})" if summary else "")]
        else:
            head = [f"{len(self.problems)} problem(s) in {self.path}:"]
            head += [f"  problem: {problem}" for problem in self.problems]
        return head + [f"  note: {note}" for note in self.notes]


def check(path: Path | str, *, scores: bool = True) -> Report:
    """Integrity, foreign keys, schema version and (with ``scores``) the score cache."""
    path = Path(path).expanduser()
    problem = _file_problem(path)
    if problem:
        return Report(path, (problem,))
    problems: list[str] = []
    notes: list[str] = []
    version: int | None = None
    counts: dict[str, int] = {}
    try:
        conn = open_read_only(path)
    except sqlite3.Error as error:
        return Report(path, (f"cannot open the file: {error}",))
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        problems += integrity_problems(conn)
        if "contacts" not in tables:
            problems.append("not a LeadTemp database (no contacts table)")
        elif version > LATEST_VERSION:
            problems.append(
                f"written by a newer version of LeadTemp (schema {version}; this version reads up to "
                f"{LATEST_VERSION})"
            )
        else:
            if version < LATEST_VERSION:
                notes.append(f"schema {version} will be upgraded to {LATEST_VERSION} when opened")
            counts = {
                name: int(conn.execute(f"SELECT count(*) FROM {name}").fetchone()[0])
                for name in ("contacts", "interactions")
            }
            problems += _foreign_key_problems(conn)
            if scores and not problems and version == LATEST_VERSION:
                _check_scores(conn, problems, notes)
    except sqlite3.Error as error:
        problems.append(f"cannot read the file: {error}")
    finally:
        conn.close()
    return Report(path, tuple(problems), tuple(notes), version, counts)


def _file_problem(path: Path) -> str | None:
    """What stops the file being read at all, found without opening it outside SQLite."""
    if not path.exists():
        return f"no such file: {path}"
    if path.is_dir():
        return f"{path} is a folder, not a database file"
    if not os.access(path, os.R_OK):
        return f"cannot read {path}: permission denied"
    if path.stat().st_size == 0:
        return "the file is empty"
    if not_an_sqlite_file(path):
        return "not an SQLite database (the file header is wrong)"
    return None


def integrity_problems(conn: sqlite3.Connection) -> list[str]:
    """``PRAGMA integrity_check`` findings; empty when the file is sound."""
    rows = [str(row[0]) for row in conn.execute(f"PRAGMA integrity_check({MAX_LISTED})")]
    if rows == ["ok"]:
        return []
    lines = [line for row in rows for line in row.splitlines() if line.strip()]
    return [f"integrity: {line}" for line in lines[:MAX_LISTED]]


def _foreign_key_problems(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute("PRAGMA foreign_key_check").fetchmany(MAX_LISTED)
    return [f"{table} row {rowid} refers to a missing {parent} row" for table, rowid, parent, _ in rows]


def _check_scores(conn: sqlite3.Connection, problems: list[str], notes: list[str]) -> None:
    """The cached running sums must agree with what the interaction log says."""
    rules = _stored_rules(conn, problems)
    if rules is None:
        return
    fingerprint = rules.fingerprint()
    states = {row[0]: state_from_values(row[1:]) for row in conn.execute(_STATE_QUERY)}
    missing = conn.execute(
        "SELECT count(*) FROM contacts WHERE id NOT IN (SELECT contact_id FROM score_state)"
    ).fetchone()[0]
    if missing:
        notes.append(f"{missing} contact(s) have no score cache yet; it is rebuilt when opened")
    stale = sum(1 for state in states.values() if state.fingerprint != fingerprint)
    if stale:
        notes.append(f"{stale} score cache(s) predate the current rules; they are rebuilt when opened")
    logs: dict[int, list[tuple[str, float]]] = {}
    for contact_id, kind, at in conn.execute(
        "SELECT contact_id, kind, occurred_at FROM interactions ORDER BY contact_id, occurred_at, id"
    ):
        logs.setdefault(contact_id, []).append((kind, at))
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


def _stored_rules(conn: sqlite3.Connection, problems: list[str]) -> Rules | None:
    row = conn.execute("SELECT value FROM settings WHERE key = 'rules'").fetchone()
    if row is None:
        return Rules()
    try:
        data = json.loads(row[0])
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
    return None


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))
