"""The whole database as one JSON document: every row of every table the user's work lives in.

Rows are written with their raw stored values (ids, epoch timestamps) so importing the file
into an empty database gives back exactly the same book. Score states are left out: they
are derived from the log and rebuilt on import. The document is written row by row from one
read snapshot, so memory does not grow with the book; each row is one line.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from leadtemp import clock
from leadtemp.exporting.targets import check_export_target
from leadtemp.fileio import WriteError, atomic_write_stream
from leadtemp.json_stream import JsonReader, JsonStreamError
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
    "rules_history",
)

#: Rows are joined into writes of about this size: few calls, little of the book held at once.
_WRITE_BYTES = 1 << 16


def table_columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


@contextmanager
def read_snapshot(conn: sqlite3.Connection) -> Iterator[None]:
    """One read transaction: every query inside sees the same book, and no write lock is taken
    (so the window keeps working during a long export, and a read-only book exports)."""
    conn.execute("BEGIN DEFERRED")
    try:
        yield
    finally:
        conn.execute("ROLLBACK")


def write_document(service: LeadService, write: Callable[[bytes], object]) -> int:
    """Write the whole book as JSON with ``write``; return the number of contacts in it."""
    conn = service.store.conn
    contacts = 0
    with read_snapshot(conn):
        header = {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "schema": schema_version(conn),
            "exported_at": clock.format_iso(service.now()),
        }
        write(b"{\n" + b"".join(_member(key, value) + b",\n" for key, value in header.items()))
        for table in TABLES:
            count = _write_table(conn, table, write)
            if table == "contacts":
                contacts = count
        settings = {
            key: json.loads(value)
            for key, value in conn.execute("SELECT key, value FROM settings ORDER BY key")
        }
        write(_member("settings", settings) + b"\n}\n")
    return contacts


def _member(key: str, value: Any) -> bytes:
    return f" {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}".encode()


def _write_table(conn: sqlite3.Connection, table: str, write: Callable[[bytes], object]) -> int:
    columns = table_columns(conn, table)
    cursor = conn.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY rowid")
    pending = [f" {json.dumps(table)}: [".encode()]
    size = count = 0
    for row in cursor:
        line = json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False).encode()
        pending.append((b",\n  " if count else b"\n  ") + line)
        size += len(line)
        count += 1
        if size >= _WRITE_BYTES:
            write(b"".join(pending))
            pending, size = [], 0
    pending.append(b"\n ],\n" if count else b"],\n")
    write(b"".join(pending))
    return count


def export_json(service: LeadService, path: str | os.PathLike[str]) -> int:
    """Write the whole database; return the number of contacts in it."""
    target = check_export_target(service.path, path, overwrite=True)
    contacts = 0

    def produce(write: Callable[[bytes], object]) -> None:
        nonlocal contacts
        contacts = write_document(service, write)

    atomic_write_stream(target, produce, verify=_parses)
    return contacts


def _parses(path: Path) -> None:
    """The file reads back as JSON with the reader an import uses, one row at a time."""
    with path.open("rb") as handle:
        reader = JsonReader(handle)
        try:
            for _ in reader.members():
                reader.skip()
            reader.finish()
        except (JsonStreamError, UnicodeDecodeError) as error:
            raise WriteError(f"cannot write {path.name}: it did not read back as JSON ({error})") from None
