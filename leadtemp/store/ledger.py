"""The rows every ledger of batches keeps (imports, captures): a summary, when it was undone, one
batch or all of them. Each ledger names its table, its columns and how it reads a row."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from leadtemp.errors import NotFoundError

if TYPE_CHECKING:
    from leadtemp.store.store import Store

Batch = TypeVar("Batch")


def set_summary(store: Store, table: str, batch_id: int, summary: dict[str, Any]) -> None:
    store.conn.execute(
        f"UPDATE {table} SET summary = ? WHERE id = ?", (json.dumps(summary, sort_keys=True), batch_id)
    )


def mark_undone(store: Store, table: str, batch_id: int, at: float) -> None:
    store.conn.execute(f"UPDATE {table} SET undone_at = ? WHERE id = ?", (at, batch_id))


def get_batch(
    store: Store,
    table: str,
    columns: str,
    batch_id: int,
    read: Callable[[tuple[Any, ...]], Batch],
    missing: str,
) -> Batch:
    """One batch, or a :class:`NotFoundError` saying ``missing``."""
    row = store.conn.execute(f"SELECT {columns} FROM {table} WHERE id = ?", (batch_id,)).fetchone()
    if row is None:
        raise NotFoundError(missing)
    return read(row)


def list_batches(
    store: Store, table: str, columns: str, read: Callable[[tuple[Any, ...]], Batch]
) -> list[Batch]:
    """Every batch, oldest first."""
    return [read(row) for row in store.conn.execute(f"SELECT {columns} FROM {table} ORDER BY id").fetchall()]
