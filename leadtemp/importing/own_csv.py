"""Recognising LeadTemp's own CSV export, so it imports field for field and without the
formula-injection quotes the export put in front of risky cells."""

from __future__ import annotations

import csv
import dataclasses
import io
import os
from pathlib import Path

from leadtemp.exporting.csv_export import CSV_COLUMNS, IMPORTED_COLUMNS, unneutralise
from leadtemp.importing.draft import ContactDraft
from leadtemp.importing.sniff import is_open_database

_HEAD_BYTES = 4096


def own_export_mapping(path: str | os.PathLike[str]) -> dict[str, str] | None:
    """The column mapping for a LeadTemp CSV export, or None for any other file."""
    if is_open_database(path):
        return None
    try:
        with Path(os.fspath(path)).open("rb") as handle:
            head = handle.read(_HEAD_BYTES)
    except OSError:
        return None
    return own_export_mapping_of(head)


def own_export_mapping_of(data: bytes) -> dict[str, str] | None:
    """``own_export_mapping`` of a file's content (only its first line is looked at)."""
    head = data[:_HEAD_BYTES]
    first_line = head.decode("utf-8-sig", errors="replace").split("\r\n", 1)[0].split("\n", 1)[0]
    try:
        header = next(csv.reader(io.StringIO(first_line)), [])
    except csv.Error:
        return None
    if tuple(header) != CSV_COLUMNS:
        return None
    return {column: IMPORTED_COLUMNS.get(column, "ignore") for column in CSV_COLUMNS}


def restore_neutralised(draft: ContactDraft) -> ContactDraft:
    return dataclasses.replace(
        draft,
        name=unneutralise(draft.name),
        emails=[unneutralise(e) for e in draft.emails],
        phones=[unneutralise(p) for p in draft.phones],
        company=unneutralise(draft.company),
        role=unneutralise(draft.role),
        industry=unneutralise(draft.industry),
        notes=unneutralise(draft.notes),
    )
