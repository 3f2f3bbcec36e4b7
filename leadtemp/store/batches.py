"""The import ledger: one row per import, plus what each import changed in existing contacts,
and the reads and writes an import makes of contacts.

Kept apart from the importer so the SQL for imports lives in one place; callers hold the
transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from leadtemp import clock
from leadtemp.store import ledger
from leadtemp.store.companies import LINKING_FIELDS, link_contacts
from leadtemp.store.store import Store


@dataclass(frozen=True)
class ImportBatch:
    id: int
    file_name: str
    format: str
    preset: str
    source: str
    created_at: datetime
    undone_at: datetime | None
    summary: dict[str, Any]

    @property
    def undone(self) -> bool:
        return self.undone_at is not None


@dataclass(frozen=True)
class RecordedUpdate:
    contact_id: int
    before: dict[str, Any]
    after: dict[str, Any]


_BATCH_COLUMNS = "id, file_name, format, preset, source, created_at, undone_at, summary"


def insert_batch(
    store: Store,
    file_name: str,
    format: str,
    preset: str,
    source: str,
    at: float,
) -> int:
    cursor = store.conn.execute(
        "INSERT INTO import_batches (file_name, format, preset, source, created_at) VALUES (?, ?, ?, ?, ?)",
        (file_name, format, preset, source, at),
    )
    return int(cursor.lastrowid or 0)


def set_summary(store: Store, batch_id: int, summary: dict[str, Any]) -> None:
    ledger.set_summary(store, "import_batches", batch_id, summary)


def mark_undone(store: Store, batch_id: int, at: float) -> None:
    ledger.mark_undone(store, "import_batches", batch_id, at)


def get_batch(store: Store, batch_id: int) -> ImportBatch:
    missing = f"no import with id {batch_id} (see `leadtemp imports`)"
    return ledger.get_batch(store, "import_batches", _BATCH_COLUMNS, batch_id, _batch_from_row, missing)


def list_batches(store: Store) -> list[ImportBatch]:
    return ledger.list_batches(store, "import_batches", _BATCH_COLUMNS, _batch_from_row)


def record_update(
    store: Store,
    batch_id: int,
    contact_id: int,
    before: dict[str, Any],
    after: dict[str, Any],
) -> None:
    store.conn.execute(
        "INSERT INTO import_updates (batch_id, contact_id, previous) VALUES (?, ?, ?)",
        (batch_id, contact_id, json.dumps({"before": before, "after": after}, sort_keys=True)),
    )


def recorded_updates(store: Store, batch_id: int) -> list[RecordedUpdate]:
    """Newest first, so undoing them in this order restores the oldest values last."""
    rows = store.conn.execute(
        "SELECT contact_id, previous FROM import_updates WHERE batch_id = ? ORDER BY rowid DESC",
        (batch_id,),
    ).fetchall()
    updates = []
    for contact_id, previous in rows:
        data = json.loads(previous)
        updates.append(RecordedUpdate(contact_id, dict(data.get("before", {})), dict(data.get("after", {}))))
    return updates


def created_contact_ids(store: Store, batch_id: int) -> list[int]:
    return [
        row[0]
        for row in store.conn.execute("SELECT id FROM contacts WHERE batch_id = ? ORDER BY id", (batch_id,))
    ]


def contact_values(store: Store, columns: Sequence[str]) -> Iterator[tuple[Any, ...]]:
    """(id, *columns) of every contact, archived ones too, in id order."""
    yield from store.conn.execute(f"SELECT id, {', '.join(columns)} FROM contacts ORDER BY id")


def values_of(store: Store, contact_id: int, columns: Sequence[str]) -> tuple[Any, ...] | None:
    """One contact's ``columns``, None when it is gone."""
    row = store.conn.execute(
        f"SELECT {', '.join(columns)} FROM contacts WHERE id = ?", (contact_id,)
    ).fetchone()
    return None if row is None else tuple(row)


def set_values(store: Store, contact_id: int, values: dict[str, Any], at: float | None) -> None:
    """Change a contact's columns (and its ``updated_at`` to ``at``, when given)."""
    assignments = ", ".join(f"{key} = ?" for key in values)
    if at is None:
        store.conn.execute(f"UPDATE contacts SET {assignments} WHERE id = ?", [*values.values(), contact_id])
    else:
        store.conn.execute(
            f"UPDATE contacts SET {assignments}, updated_at = ? WHERE id = ?",
            [*values.values(), at, contact_id],
        )
    if LINKING_FIELDS.intersection(values):
        link_contacts(store.conn, (contact_id,), clock.to_timestamp(clock.now()) if at is None else at)


def next_contact_id(store: Store) -> int:
    return int(store.conn.execute("SELECT coalesce(max(id), 0) FROM contacts").fetchone()[0]) + 1


def insert_contacts(
    store: Store,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    first_id: int,
    last_id: int,
    fingerprint: str,
) -> None:
    """Create the contacts ``first_id`` to ``last_id`` from rows of ``columns``, each with an
    empty score state made with the rules of ``fingerprint``."""
    store.conn.executemany(
        f"INSERT INTO contacts ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
        rows,
    )
    store.conn.execute(
        "INSERT INTO score_state (contact_id, fingerprint) "
        "SELECT id, ? FROM contacts WHERE id BETWEEN ? AND ? ORDER BY id",
        (fingerprint, first_id, last_id),
    )
    created = store.conn.execute("SELECT created_at FROM contacts WHERE id = ?", (first_id,)).fetchone()
    link_contacts(store.conn, range(first_id, last_id + 1), 0.0 if created is None else float(created[0]))


def names_and_emails(store: Store, first_id: int, last_id: int) -> list[tuple[int, str, str]]:
    """(id, name, email) of the contacts with ids from ``first_id`` to ``last_id``."""
    return store.conn.execute(
        "SELECT id, name, email FROM contacts WHERE id BETWEEN ? AND ?", (first_id, last_id)
    ).fetchall()


def delete_created(store: Store, batch_id: int) -> None:
    """Remove the contacts an import created, with everything that belongs to them."""
    store.conn.execute("DELETE FROM contacts WHERE batch_id = ?", (batch_id,))


def batch_of(store: Store, contact_id: int) -> int | None:
    """The import that created a contact, None for one made by hand (or no such contact)."""
    row = store.conn.execute("SELECT batch_id FROM contacts WHERE id = ?", (contact_id,)).fetchone()
    return None if row is None else row[0]


def _batch_from_row(row: tuple[Any, ...]) -> ImportBatch:
    try:
        summary = json.loads(row[7]) if row[7] else {}
    except ValueError:
        summary = {}
    return ImportBatch(
        id=row[0],
        file_name=row[1],
        format=row[2],
        preset=row[3],
        source=row[4],
        created_at=clock.from_timestamp(row[5]),
        undone_at=None if row[6] is None else clock.from_timestamp(row[6]),
        summary=summary if isinstance(summary, dict) else {},
    )
