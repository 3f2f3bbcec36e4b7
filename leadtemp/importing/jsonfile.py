"""Importing a whole-database JSON export into an empty database, exactly as it was exported.

Ids, timestamps, pins, checklist progress, settings and the import ledger come back as they
were; merging into a database that already has leads is refused, because ids would clash
and the result could not be the exported book. Every table in ``whole_book.TABLES`` is read the same
way, so a new table needs only its name there.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from leadtemp import clock
from leadtemp.errors import ValidationError
from leadtemp.exporting.json_export import FORMAT_NAME, FORMAT_VERSION
from leadtemp.importing.read.errors import ImportFileError
from leadtemp.importing.read.sniff import display_name, refuse_open_database
from leadtemp.json_stream import JsonReader, JsonStreamError
from leadtemp.rescoring import rebuild_states
from leadtemp.scoring.rules import Rules
from leadtemp.service import LeadService
from leadtemp.store import whole_book
from leadtemp.store.companies import link_contacts
from leadtemp.store.migrations import COMPANIES_VERSION, LATEST_VERSION, LINKEDIN_FIELD_VERSION
from leadtemp.store.store import Store

_SCALARS = (str, int, float, type(None))


@dataclass(frozen=True)
class JsonImportSummary:
    counts: dict[str, int]
    settings: int
    dry_run: bool = False

    @property
    def contacts(self) -> int:
        return self.counts.get("contacts", 0)

    def describe(self) -> str:
        verb = "would restore" if self.dry_run else "restored"
        return (
            f"{verb} {self.contacts} contacts, {self.counts.get('interactions', 0)} interactions, "
            f"{self.counts.get('pins', 0)} pins, {self.counts.get('checklist_progress', 0)} checklist "
            f"steps and {self.settings} settings"
        )


#: Members of the document that describe it; they come before the tables.
HEADER_KEYS = frozenset({"format", "version", "schema", "exported_at"})
#: Rows inserted with one ``executemany``, and the most text they may span in the file: large
#: enough to be fast, small enough that a book of long notes stays light.
INSERT_BATCH = 1000
INSERT_BATCH_CHARS = 1 << 20


def _is_row(row: Any) -> bool:
    return isinstance(row, dict) and all(isinstance(value, _SCALARS) for value in row.values())


def _refuse_non_empty(store: Store) -> None:
    present = {table: count for table, count in whole_book.row_counts(store).items() if count}
    if present:
        what = ", ".join(f"{count} {table.replace('_', ' ')}" for table, count in present.items())
        raise ValidationError(
            f"this database is not empty ({what}); a JSON export can only be imported into an empty "
            "database (start a new one with --db NEW_FILE)"
        )


def import_json(
    service: LeadService, path: str | os.PathLike[str], *, dry_run: bool = False
) -> JsonImportSummary:
    """Restore a JSON export into this (empty) database in one transaction.

    The file is read as a stream, its rows inserted as they come, so a book of any size the
    store can hold comes back; any problem rolls the whole transaction back.
    """
    name = display_name(path)
    store = service.store
    _refuse_non_empty(store)
    if dry_run:
        counts, settings, _ = _restore(store, path, name, insert=False)
        return JsonImportSummary(counts, len(settings), dry_run=True)
    try:
        with service.store.transaction():
            _refuse_non_empty(store)
            whole_book.begin_restore(store)
            counts, settings, schema = _restore(store, path, name, insert=True)
            whole_book.end_restore(store)
            if schema < LINKEDIN_FIELD_VERSION:
                store.move_linkedin_out_of_notes()
            if schema < COMPANIES_VERSION:
                link_contacts(store.conn, None, clock.to_timestamp(service.now()))
            rules = _rules(settings, name)
            for key, value in settings.items():
                service.store.set_setting(key, value)
            service.store.date_undated_outcomes()
            rebuild_states(service.store, rules)
            broken = whole_book.broken_link(store)
            if broken is not None:
                raise ImportFileError(f"{name} is damaged: {broken} refers to rows that are not in it.")
    except sqlite3.IntegrityError as error:
        raise ImportFileError(f"{name} is damaged and was not imported ({error}).") from None
    service.reload(f"restored {name}")
    return JsonImportSummary(counts, len(settings))


def read_back(store: Store, path: str | os.PathLike[str]) -> dict[str, int]:
    """The rows per table of the export at ``path``, every row checked as an import would (none
    inserted): what a backup is verified by."""
    return _restore(store, path, display_name(path), insert=False)[0]


def _restore(
    store: Store, path: str | os.PathLike[str], name: str, *, insert: bool
) -> tuple[dict[str, int], dict[str, Any], int]:
    """Read the whole file, checking every row (and inserting it when ``insert``).

    Returns the rows per table, the settings and the schema version the file was written at
    (0 when it does not say).
    """
    with _open(path, name) as handle:
        reader = JsonReader(handle)
        try:
            if reader.peek() == "":
                raise ImportFileError(f"{name} is empty.")
            if reader.peek() != "{":
                raise ImportFileError(f"{name} is not a LeadTemp JSON export.")
            counts = dict.fromkeys(whole_book.TABLES, 0)
            header: dict[str, Any] = {}
            settings: dict[str, Any] = {}
            checked = False
            for key in reader.members():
                if key in HEADER_KEYS and not checked:
                    header[key] = reader.value()
                    continue
                if not checked:
                    _check_header(header, name)
                    checked = True
                if key in counts:
                    counts[key] += _table(store, key, reader, name, insert=insert)
                elif key == "settings":
                    settings = reader.value()
                    if not isinstance(settings, dict):
                        raise ImportFileError(f"{name} is damaged: settings must be an object.")
                else:
                    reader.skip()
            reader.finish()
        except JsonStreamError as error:
            raise ImportFileError(f"{name} is not valid JSON ({error}).") from None
        except UnicodeDecodeError:
            raise ImportFileError(f"{name} is not a LeadTemp JSON export (it is not UTF-8 text).") from None
    if not checked:
        _check_header(header, name)
    schema = header.get("schema")
    return counts, settings, schema if isinstance(schema, int) else 0


@contextmanager
def _open(path: str | os.PathLike[str], name: str) -> Iterator[BinaryIO]:
    target = Path(os.fspath(path))
    try:
        if target.is_dir():
            raise ImportFileError(f"{name} is a folder, not a contact file.")
        refuse_open_database(target, name)
        handle = target.open("rb")
    except FileNotFoundError:
        raise ImportFileError(f"{name} was not found.") from None
    except PermissionError:
        raise ImportFileError(f"{name} cannot be opened: permission denied.") from None
    except OSError as error:
        raise ImportFileError(f"{name} cannot be read: {error.strerror or error}.") from None
    with handle:
        yield handle


def _check_header(header: dict[str, Any], name: str) -> None:
    if header.get("format") != FORMAT_NAME:
        raise ImportFileError(f"{name} is not a LeadTemp JSON export.")
    version = header.get("version")
    schema = header.get("schema")
    if (
        not isinstance(version, int)
        or version > FORMAT_VERSION
        or (isinstance(schema, int) and schema > LATEST_VERSION)
    ):
        raise ImportFileError(f"{name} was written by a newer LeadTemp; please update LeadTemp to import it.")


def _table(store: Store, table: str, reader: JsonReader, name: str, *, insert: bool) -> int:
    """Check (and insert) one table's rows as they are read; return how many there were."""
    damaged = ImportFileError(f"{name} is damaged: {table} must be a list of rows with plain values.")
    if reader.peek() != "[":
        raise damaged
    known = set(whole_book.table_columns(store, table))
    batch: list[tuple[Any, ...]] = []
    columns: tuple[str, ...] = ()
    count = 0
    batch_start = reader.position
    for row in reader.elements():
        if not _is_row(row):
            raise damaged
        unknown = [column for column in row if column not in known]
        if unknown:
            raise ImportFileError(
                f"{name} has {table} columns this LeadTemp does not know ({', '.join(unknown)}); "
                "please update LeadTemp to import it."
            )
        count += 1
        if not insert:
            continue
        full = len(batch) >= INSERT_BATCH or reader.position - batch_start >= INSERT_BATCH_CHARS
        if full or tuple(row) != columns:
            whole_book.insert_rows(store, table, columns, batch)
            columns, batch, batch_start = tuple(row), [], reader.position
        batch.append(tuple(row.values()))
    whole_book.insert_rows(store, table, columns, batch)
    return count


def _rules(settings: dict[str, Any], name: str) -> Rules:
    stored = settings.get("rules")
    if stored is None:
        return Rules()
    try:
        return Rules.from_json(stored)
    except ValidationError as error:
        raise ImportFileError(f"{name} has scoring rules this LeadTemp cannot use ({error}).") from None
