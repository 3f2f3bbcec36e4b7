"""What a report replays: every lead's log in time order and its dated outcomes, up to a moment.

Reads only; the report folds them with the scorer above the store.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from functools import partial
from itertools import chain, groupby
from operator import itemgetter

from leadtemp.model import Outcome
from leadtemp.store.store import Store, kind_code_case

#: Rows fetched from the database at a time.
_ROWS_PER_FETCH = 10_000


def coded_logs_until(
    store: Store, until: float, kind_codes: Sequence[tuple[str, int, int]], beyond: int
) -> Iterator[tuple[int, list[tuple[int, int, float]]]]:
    """Each contact's log up to ``until``, oldest first (then in the order logged), one contact at
    a time, as (contact_id, kind code, occurred_at) rows: the code ``kind_codes`` gives the kind's
    name (-1 for any other), plus ``beyond`` for a repeat later in its UTC day than the daily
    limit given with it (0: any). The database names the kinds by number and has each day's
    repeats ranked already (``day_rank``), so the replay neither hashes names nor counts days; one
    scan of the index that holds the log in this order and covers what is read, grouped by
    contact without a Python step per row."""
    kind_codes = _most_logged_first(store, kind_codes)
    names = [name for name, _, _ in kind_codes]
    code = kind_code_case(kind_codes, beyond)
    cursor = store.conn.execute(
        f"SELECT contact_id, {code}, occurred_at FROM interactions INDEXED BY "
        "interactions_by_contact_in_order WHERE occurred_at <= ? ORDER BY contact_id, occurred_at, id",
        (*names, until),
    )
    rows = chain.from_iterable(iter(partial(cursor.fetchmany, _ROWS_PER_FETCH), []))
    for contact_id, log in groupby(rows, key=itemgetter(0)):
        yield contact_id, list(log)


#: How many of the newest interactions tell which kinds a book logs most.
_SAMPLE = 2_000


def _most_logged_first(
    store: Store, kind_codes: Sequence[tuple[str, int, int]]
) -> list[tuple[str, int, int]]:
    """``kind_codes`` with the kinds most common among the newest interactions first (the rest in
    the order given): SQLite tries the names in this order for every row it reads, and the kinds
    a book logs most differ from book to book."""
    seen = Counter(
        kind
        for (kind,) in store.conn.execute(
            "SELECT kind FROM interactions ORDER BY id DESC LIMIT ?", (_SAMPLE,)
        )
    )
    return sorted(kind_codes, key=lambda entry: -seen[entry[0]])


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


#: What :func:`contact_rows_until` gives of a contact: id, name, source, archived (0 or 1), created
#: (epoch seconds), then what its fit is worked out from: the hand-set fit, role, industry, size.
ContactRow = tuple[int, str, str, int, float, int | None, str, str, int | None]


def contact_rows_until(store: Store, until: float) -> list[ContactRow]:
    """Every contact (archived too) created by ``until``, by id, with only what a report reads of
    it (see :data:`ContactRow`): the rest of each row stays in the database."""
    return store.conn.execute(
        "SELECT id, name, source, archived, created_at, fit, role, industry, company_size "
        "FROM contacts WHERE created_at <= ? ORDER BY id",
        (until,),
    ).fetchall()
