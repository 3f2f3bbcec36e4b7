"""The whole database as one JSON document: every row of every table the user's work lives in.

Rows are written with their raw stored values (ids, epoch timestamps) so importing the file
into an empty database gives back exactly the same book. Score states are left out: they
are derived from the log and rebuilt on import. The document is written row by row from one
read snapshot, so memory does not grow with the book; each row is one line.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from leadtemp import clock
from leadtemp.exporting.targets import check_export_target
from leadtemp.fileio import WriteError, atomic_write_stream
from leadtemp.json_stream import JsonReader, JsonStreamError
from leadtemp.service import LeadService
from leadtemp.store import whole_book
from leadtemp.store.store import Store

FORMAT_NAME = "leadtemp-export"
FORMAT_VERSION = 1

#: Rows are joined into writes of about this size: few calls, little of the book held at once.
_WRITE_BYTES = 1 << 16


def write_document(
    service: LeadService, write: Callable[[bytes], object], counts: dict[str, int] | None = None
) -> int:
    """Write the whole book as JSON with ``write``; return the number of contacts in it, and put
    the rows written per table in ``counts`` (all from the one snapshot the document is)."""
    store = service.store
    contacts = 0
    with whole_book.read_snapshot(store):
        header = {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "schema": store.schema_version(),
            "exported_at": clock.format_iso(service.now()),
        }
        write(b"{\n" + b"".join(_member(key, value) + b",\n" for key, value in header.items()))
        for table in whole_book.TABLES:
            count = _write_table(store, table, write)
            if counts is not None:
                counts[table] = count
            if table == "contacts":
                contacts = count
        write(_member("settings", whole_book.settings(store)) + b"\n}\n")
    return contacts


def _member(key: str, value: Any) -> bytes:
    return f" {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}".encode()


def _write_table(store: Store, table: str, write: Callable[[bytes], object]) -> int:
    columns = whole_book.table_columns(store, table)
    cursor = whole_book.table_rows(store, table, columns)
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


def export_json(
    service: LeadService, path: str | os.PathLike[str], counts: dict[str, int] | None = None
) -> int:
    """Write the whole database; return the number of contacts in it (``counts``: see
    :func:`write_document`)."""
    target = check_export_target(service.path, path, overwrite=True)
    contacts = 0

    def produce(write: Callable[[bytes], object]) -> None:
        nonlocal contacts
        contacts = write_document(service, write, counts)

    atomic_write_stream(target, produce, verify=_parses)
    return contacts


def _parses(written: Path) -> None:
    """The export just written (never the book: its target was checked) reads back as JSON with
    the reader an import uses, one row at a time."""
    with written.open("rb") as handle:
        reader = JsonReader(handle)
        try:
            for _ in reader.members():
                reader.skip()
            reader.finish()
        except (JsonStreamError, UnicodeDecodeError) as error:
            raise WriteError(f"cannot write {written.name}: it did not read back as JSON ({error})") from None
