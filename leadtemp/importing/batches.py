"""The import ledger: one row per import, plus what each import changed in existing contacts.

Kept apart from the importer so the SQL for batches lives in one place; callers hold the
transaction.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from leadtemp import clock
from leadtemp.errors import NotFoundError


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
    conn: sqlite3.Connection,
    file_name: str,
    format: str,
    preset: str,
    source: str,
    at: float,
) -> int:
    cursor = conn.execute(
        "INSERT INTO import_batches (file_name, format, preset, source, created_at) VALUES (?, ?, ?, ?, ?)",
        (file_name, format, preset, source, at),
    )
    return int(cursor.lastrowid or 0)


def set_summary(conn: sqlite3.Connection, batch_id: int, summary: dict[str, Any]) -> None:
    conn.execute(
        "UPDATE import_batches SET summary = ? WHERE id = ?",
        (json.dumps(summary, sort_keys=True), batch_id),
    )


def mark_undone(conn: sqlite3.Connection, batch_id: int, at: float) -> None:
    conn.execute("UPDATE import_batches SET undone_at = ? WHERE id = ?", (at, batch_id))


def get_batch(conn: sqlite3.Connection, batch_id: int) -> ImportBatch:
    row = conn.execute(f"SELECT {_BATCH_COLUMNS} FROM import_batches WHERE id = ?", (batch_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"no import with id {batch_id} (see `leadtemp imports`)")
    return _batch_from_row(row)


def list_batches(conn: sqlite3.Connection) -> list[ImportBatch]:
    rows = conn.execute(f"SELECT {_BATCH_COLUMNS} FROM import_batches ORDER BY id").fetchall()
    return [_batch_from_row(row) for row in rows]


def record_update(
    conn: sqlite3.Connection,
    batch_id: int,
    contact_id: int,
    before: dict[str, Any],
    after: dict[str, Any],
) -> None:
    conn.execute(
        "INSERT INTO import_updates (batch_id, contact_id, previous) VALUES (?, ?, ?)",
        (batch_id, contact_id, json.dumps({"before": before, "after": after}, sort_keys=True)),
    )


def recorded_updates(conn: sqlite3.Connection, batch_id: int) -> list[RecordedUpdate]:
    """Newest first, so undoing them in this order restores the oldest values last."""
    rows = conn.execute(
        "SELECT contact_id, previous FROM import_updates WHERE batch_id = ? ORDER BY rowid DESC",
        (batch_id,),
    ).fetchall()
    updates = []
    for contact_id, previous in rows:
        data = json.loads(previous)
        updates.append(RecordedUpdate(contact_id, dict(data.get("before", {})), dict(data.get("after", {}))))
    return updates


def created_contact_ids(conn: sqlite3.Connection, batch_id: int) -> list[int]:
    return [
        row[0] for row in conn.execute("SELECT id FROM contacts WHERE batch_id = ? ORDER BY id", (batch_id,))
    ]


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
