"""The capture ledger: one row per capture run, the source key of every fact it logged, the
contacts it created, every address a contact is known by, and the senders always ignored.

Kept apart from the capture step so the SQL for captures lives in one place; callers hold the
transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from leadtemp import clock
from leadtemp.store import ledger
from leadtemp.store.store import Store

_IN_QUERY = 500


@dataclass(frozen=True)
class CaptureBatch:
    """One capture run: what it read (``label``), when, whether it was undone, and its counts."""

    id: int
    label: str
    created_at: datetime
    undone_at: datetime | None
    summary: dict[str, Any]

    @property
    def undone(self) -> bool:
        return self.undone_at is not None


_BATCH_COLUMNS = "id, label, created_at, undone_at, summary"


def insert_batch(store: Store, label: str, at: float) -> int:
    cursor = store.conn.execute("INSERT INTO capture_batches (label, created_at) VALUES (?, ?)", (label, at))
    return int(cursor.lastrowid or 0)


def set_summary(store: Store, batch_id: int, summary: dict[str, Any]) -> None:
    ledger.set_summary(store, "capture_batches", batch_id, summary)


def mark_undone(store: Store, batch_id: int, at: float) -> None:
    ledger.mark_undone(store, "capture_batches", batch_id, at)


def get_batch(store: Store, batch_id: int) -> CaptureBatch:
    missing = f"no capture with id {batch_id} (see `leadtemp captures`)"
    return ledger.get_batch(store, "capture_batches", _BATCH_COLUMNS, batch_id, _batch_from_row, missing)


def list_batches(store: Store) -> list[CaptureBatch]:
    return ledger.list_batches(store, "capture_batches", _BATCH_COLUMNS, _batch_from_row)


def known_keys(store: Store, source: str, keys: Iterable[str]) -> set[str]:
    """Which of ``keys`` of ``source`` were captured before (by a batch not undone)."""
    wanted = list(dict.fromkeys(keys))
    found: set[str] = set()
    for start in range(0, len(wanted), _IN_QUERY):
        chunk = wanted[start : start + _IN_QUERY]
        found.update(
            row[0]
            for row in store.conn.execute(
                f"SELECT source_key FROM capture_keys WHERE source = ? "
                f"AND source_key IN ({', '.join('?' * len(chunk))})",
                (source, *chunk),
            )
        )
    return found


def record_keys(store: Store, rows: Iterable[tuple[str, str, int, int]]) -> None:
    """(source, source key, batch id, interaction id) of each interaction a batch logged."""
    store.conn.executemany(
        "INSERT INTO capture_keys (source, source_key, batch_id, interaction_id) VALUES (?, ?, ?, ?)", rows
    )


def record_created_contacts(store: Store, batch_id: int, contact_ids: Iterable[int]) -> None:
    store.conn.executemany(
        "INSERT INTO capture_contacts (batch_id, contact_id) VALUES (?, ?)",
        [(batch_id, contact_id) for contact_id in contact_ids],
    )


def logged_interactions(store: Store, batch_id: int) -> list[tuple[int, int]]:
    """(interaction id, contact id) of what a batch logged and is still in the log."""
    return store.conn.execute(
        "SELECT i.id, i.contact_id FROM capture_keys k JOIN interactions i ON i.id = k.interaction_id "
        "WHERE k.batch_id = ? ORDER BY i.id",
        (batch_id,),
    ).fetchall()


def captured_of(store: Store, contact_id: int) -> dict[int, tuple[int, str, str]]:
    """Interaction id -> (capture batch, source, what the batch read) of every captured
    interaction of one contact."""
    rows = store.conn.execute(
        "SELECT i.id, k.batch_id, k.source, b.label FROM interactions i "
        "JOIN capture_keys k ON k.interaction_id = i.id JOIN capture_batches b ON b.id = k.batch_id "
        "WHERE i.contact_id = ? ORDER BY i.id",
        (contact_id,),
    )
    return {int(i): (int(batch), str(source), str(label)) for i, batch, source, label in rows}


def created_contacts(store: Store, batch_id: int) -> list[int]:
    return [
        row[0]
        for row in store.conn.execute(
            "SELECT contact_id FROM capture_contacts WHERE batch_id = ? ORDER BY contact_id", (batch_id,)
        )
    ]


def forget_batch(store: Store, batch_id: int) -> None:
    """Take back what a batch wrote: its interactions, the contacts it created (with all that
    belongs to them), the addresses it added and its source keys (so the facts can be captured
    again). The batch row stays, marked undone by the caller."""
    conn = store.conn
    conn.execute(
        "DELETE FROM interactions WHERE id IN (SELECT interaction_id FROM capture_keys WHERE batch_id = ?)",
        (batch_id,),
    )
    conn.execute(
        "DELETE FROM contacts WHERE id IN (SELECT contact_id FROM capture_contacts WHERE batch_id = ?)",
        (batch_id,),
    )
    conn.execute("DELETE FROM contact_addresses WHERE batch_id = ?", (batch_id,))
    conn.execute("DELETE FROM capture_keys WHERE batch_id = ?", (batch_id,))
    conn.execute("DELETE FROM capture_contacts WHERE batch_id = ?", (batch_id,))


# Addresses ------------------------------------------------------------------------------


def addresses(store: Store) -> Iterator[tuple[int, str]]:
    """(contact id, address) of every address a contact has: its e-mail field, the address list
    and its LinkedIn profile, archived contacts too; contacts in id order."""
    yield from store.conn.execute(
        "SELECT id, email FROM contacts WHERE email != '' "
        "UNION SELECT id, linkedin FROM contacts WHERE linkedin != '' "
        "UNION SELECT contact_id, address FROM contact_addresses ORDER BY 1"
    )


def contact_names(store: Store) -> dict[int, tuple[str, bool]]:
    """Each contact's name and whether it is archived."""
    return {
        row[0]: (row[1], bool(row[2]))
        for row in store.conn.execute("SELECT id, name, archived FROM contacts")
    }


def add_addresses(store: Store, rows: Iterable[tuple[int, str, int | None]]) -> None:
    """(contact id, address, batch id) each; an address the contact has already is kept as it was."""
    store.conn.executemany(
        "INSERT OR IGNORE INTO contact_addresses (contact_id, address, batch_id) VALUES (?, ?, ?)", rows
    )


def addresses_of(store: Store, contact_id: int) -> list[str]:
    return [
        row[0]
        for row in store.conn.execute(
            "SELECT address FROM contact_addresses WHERE contact_id = ? ORDER BY rowid", (contact_id,)
        )
    ]


# Ignored senders ------------------------------------------------------------------------


def ignored_senders(store: Store) -> list[str]:
    return [row[0] for row in store.conn.execute("SELECT address FROM ignored_senders ORDER BY address")]


def ignore_sender(store: Store, address: str, at: float) -> bool:
    """Add ``address``; False when it was on the list already."""
    cursor = store.conn.execute(
        "INSERT OR IGNORE INTO ignored_senders (address, added_at) VALUES (?, ?)", (address, at)
    )
    return cursor.rowcount > 0


def unignore_sender(store: Store, address: str) -> bool:
    cursor = store.conn.execute("DELETE FROM ignored_senders WHERE address = ?", (address,))
    return cursor.rowcount > 0


def _batch_from_row(row: tuple[Any, ...]) -> CaptureBatch:
    try:
        summary = json.loads(row[4]) if row[4] else {}
    except ValueError:
        summary = {}
    return CaptureBatch(
        id=row[0],
        label=row[1],
        created_at=clock.from_timestamp(row[2]),
        undone_at=None if row[3] is None else clock.from_timestamp(row[3]),
        summary=summary if isinstance(summary, dict) else {},
    )
