"""The whole database as one JSON document: every row of every table the user's work lives in.

Rows are written with their raw stored values (ids, epoch timestamps) so importing the file
into an empty database gives back exactly the same book. Score states are left out: they
are derived from the log and rebuilt on import.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import Any

from leadtemp import clock
from leadtemp.fileio import atomic_write_bytes
from leadtemp.service import LeadService
from leadtemp.store.migrations import schema_version

FORMAT_NAME = "leadtemp-export"
FORMAT_VERSION = 1

#: Exported tables in an order that satisfies foreign keys when inserted front to back.
TABLES: tuple[str, ...] = (
    "import_batches",
    "contacts",
    "interactions",
    "pins",
    "checklist_progress",
    "import_updates",
    "outcome_changes",
    "contact_merges",
)


def table_columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


def snapshot(service: LeadService) -> dict[str, Any]:
    """Everything as plain JSON-ready data, read inside one transaction so it is consistent."""
    conn = service.store.conn
    with service.store.transaction():
        tables: dict[str, list[dict[str, Any]]] = {}
        for table in TABLES:
            columns = table_columns(conn, table)
            rows = conn.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY rowid").fetchall()
            tables[table] = [dict(zip(columns, row, strict=True)) for row in rows]
        settings = {
            key: json.loads(value)
            for key, value in conn.execute("SELECT key, value FROM settings ORDER BY key")
        }
        schema = schema_version(conn)
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "schema": schema,
        "exported_at": clock.format_iso(service.now()),
        **tables,
        "settings": settings,
    }


def json_bytes(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def export_json(service: LeadService, path: str | os.PathLike[str]) -> int:
    """Write the whole database; return the number of contacts in it."""
    data = snapshot(service)
    atomic_write_bytes(Path(path), json_bytes(data), verify=_parses)
    return len(data["contacts"])


def _parses(data: bytes) -> None:
    json.loads(data)
