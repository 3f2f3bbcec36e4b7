"""What a report replays: every lead's log in time order and its dated outcomes, up to a moment.

Reads only; the report folds them with the scorer above the store.
"""

from __future__ import annotations

from collections.abc import Iterator

from leadtemp.model import Outcome
from leadtemp.store.store import Store


def logs_until(store: Store, until: float) -> Iterator[tuple[int, list[tuple[str, float]]]]:
    """Each contact's (kind, occurred_at) log up to ``until``, oldest first, one contact at a time."""
    cursor = store.conn.execute(
        "SELECT contact_id, kind, occurred_at FROM interactions INDEXED BY interactions_by_kind "
        "WHERE occurred_at <= ? ORDER BY contact_id, occurred_at, id",
        (until,),
    )
    current: int | None = None
    log: list[tuple[str, float]] = []
    while rows := cursor.fetchmany(10_000):
        for contact_id, kind, at in rows:
            if contact_id != current:
                if current is not None:
                    yield current, log
                current, log = contact_id, []
            log.append((kind, float(at)))
    if current is not None:
        yield current, log


def outcomes_until(store: Store, until: float) -> dict[int, list[tuple[Outcome, float]]]:
    """Per contact, its outcome changes up to ``until``, oldest first."""
    changes: dict[int, list[tuple[Outcome, float]]] = {}
    for contact_id, outcome, at in store.conn.execute(
        "SELECT contact_id, outcome, changed_at FROM outcome_changes WHERE changed_at <= ? "
        "ORDER BY contact_id, changed_at, id",
        (until,),
    ):
        changes.setdefault(contact_id, []).append((Outcome(outcome), float(at)))
    return changes
