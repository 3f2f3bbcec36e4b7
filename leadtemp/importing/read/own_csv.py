"""Recognising LeadTemp's own CSV export, so it imports field for field and without the
formula-injection quotes the export put in front of risky cells.

The importer's fields are the ones any contact file has; the export's columns for what only
LeadTemp keeps (fit, company size, source, outcome, archived) are read by :func:`own_columns`
and put on the contacts the import creates, in the import's transaction.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from leadtemp.csv_format import CSV_COLUMNS, IMPORTED_COLUMNS, unneutralise
from leadtemp.importing.read.draft import ContactDraft
from leadtemp.importing.read.sniff import is_open_database
from leadtemp.model import Outcome
from leadtemp.validation import MAX_SQLITE_INT, MAX_TEXT, clean_text

#: The preset name an import of LeadTemp's own CSV export is recorded with.
OWN_PRESET = "leadtemp"
#: Export columns the importer has no field for, and the contacts column each goes back to.
RESTORED_COLUMNS = {
    "Company size": "company_size",
    "Fit": "fit",
    "Source": "source",
    "Outcome": "outcome",
    "Archived": "archived",
}

_HEAD_BYTES = 4096
#: The export's header before contacts had a LinkedIn field: such files are still its own.
_BEFORE_LINKEDIN = tuple(column for column in CSV_COLUMNS if column != "LinkedIn")


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
    if tuple(header) not in (CSV_COLUMNS, _BEFORE_LINKEDIN):
        return None
    return {column: IMPORTED_COLUMNS.get(column, "ignore") for column in header}


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
        linkedin=unneutralise(draft.linkedin),
    )


def own_columns(path: str | os.PathLike[str]) -> dict[tuple[str, str], dict[str, Any]]:
    """The fit, company size, source, outcome and archived flag of each row of an own export,
    by the :func:`identity` of its name and e-mail; a cell that is empty or not a value LeadTemp
    writes is left out, and so is a row with nothing left."""
    wanted: dict[tuple[str, str], dict[str, Any]] = {}
    for row in _own_rows(path):
        values = _restored_values(row)
        if values:
            wanted.setdefault(identity(row.get("Name", ""), row.get("Email", "")), values)
    return wanted


def _own_rows(path: str | os.PathLike[str]) -> Iterator[dict[str, str]]:
    try:
        with Path(os.fspath(path)).open(encoding="utf-8-sig", newline="") as handle:
            yield from csv.DictReader(handle)
    except (OSError, UnicodeDecodeError, csv.Error):
        return


def identity(name: str, email: str) -> tuple[str, str]:
    """A row's name and e-mail as the import cleans them, to find its contact again."""
    return " ".join(clean_text(unneutralise(name)).split()).casefold(), clean_text(
        unneutralise(email)
    ).casefold()


def _restored_values(row: dict[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    fit = _whole(row.get("Fit", ""), 0, 10)
    if fit is not None:
        values["fit"] = fit
    size = _whole(row.get("Company size", ""), 0, MAX_SQLITE_INT)
    if size is not None:
        values["company_size"] = size
    source = clean_text(unneutralise(row.get("Source", "")))
    if source and len(source) <= MAX_TEXT:
        values["source"] = source
    outcome = row.get("Outcome", "").strip().lower()
    if outcome in {o.value for o in Outcome} and outcome != Outcome.OPEN.value:
        values["outcome"] = outcome
    if row.get("Archived", "").strip().lower() == "yes":
        values["archived"] = 1
    return values


def _whole(text: str, low: int, high: int) -> int | None:
    text = text.strip()
    if not text.isdigit() or len(text) > 19:
        return None
    value = int(text)
    return value if low <= value <= high else None
