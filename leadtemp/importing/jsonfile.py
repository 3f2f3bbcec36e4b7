"""Importing a whole-database JSON export into an empty database, exactly as it was exported.

Ids, timestamps, pins, checklist progress, settings and the import ledger come back as they
were; merging into a database that already has leads is refused, because ids would clash
and the result could not be the exported book.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass
from typing import Any

from leadtemp.errors import ValidationError
from leadtemp.exporting.json_export import FORMAT_NAME, FORMAT_VERSION, TABLES, table_columns
from leadtemp.importing.errors import ImportFileError
from leadtemp.importing.sniff import DEFAULT_LIMIT_BYTES, display_name, read_bytes
from leadtemp.rules import Rules
from leadtemp.service import LeadService
from leadtemp.store.migrations import LATEST_VERSION

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


def load_export(path: str | os.PathLike[str], limit_bytes: int = DEFAULT_LIMIT_BYTES) -> dict[str, Any]:
    """Read and check a JSON export's shape; raise :class:`ImportFileError` naming the problem."""
    name = display_name(path)
    data = read_bytes(path, limit_bytes)
    if not data.strip():
        raise ImportFileError(f"{name} is empty.")
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ImportFileError(f"{name} is not a LeadTemp JSON export (it is not UTF-8 text).") from None
    except ValueError as error:
        raise ImportFileError(f"{name} is not valid JSON ({error}).") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise ImportFileError(f"{name} is not a LeadTemp JSON export.")
    version = document.get("version")
    schema = document.get("schema")
    if (
        not isinstance(version, int)
        or version > FORMAT_VERSION
        or (isinstance(schema, int) and schema > LATEST_VERSION)
    ):
        raise ImportFileError(f"{name} was written by a newer LeadTemp; please update LeadTemp to import it.")
    for table in TABLES:
        rows = document.get(table, [])
        if not isinstance(rows, list) or not all(_is_row(row) for row in rows):
            raise ImportFileError(f"{name} is damaged: {table} must be a list of rows with plain values.")
    if not isinstance(document.get("settings", {}), dict):
        raise ImportFileError(f"{name} is damaged: settings must be an object.")
    return document


def _is_row(row: Any) -> bool:
    return isinstance(row, dict) and all(isinstance(value, _SCALARS) for value in row.values())


def existing_rows(conn: sqlite3.Connection) -> dict[str, int]:
    return {table: int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]) for table in TABLES}


def _refuse_non_empty(conn: sqlite3.Connection) -> None:
    present = {table: count for table, count in existing_rows(conn).items() if count}
    if present:
        what = ", ".join(f"{count} {table.replace('_', ' ')}" for table, count in present.items())
        raise ValidationError(
            f"this database is not empty ({what}); a JSON export can only be imported into an empty "
            "database (start a new one with --db NEW_FILE)"
        )


def import_json(
    service: LeadService, path: str | os.PathLike[str], *, dry_run: bool = False
) -> JsonImportSummary:
    """Restore a JSON export into this (empty) database in one transaction."""
    document = load_export(path)
    conn = service.store.conn
    name = display_name(path)
    plans = {table: _table_plan(conn, table, document.get(table, []), name) for table in TABLES}
    settings: dict[str, Any] = document.get("settings", {})
    rules = _rules(settings, name)
    counts = {table: len(rows) for table, (_, rows) in plans.items()}
    _refuse_non_empty(conn)
    if dry_run:
        return JsonImportSummary(counts, len(settings), dry_run=True)
    try:
        with service.store.transaction():
            _refuse_non_empty(conn)
            conn.execute("DELETE FROM settings")
            for key, value in settings.items():
                service.store.set_setting(key, value)
            for table in TABLES:
                columns, rows = plans[table]
                if rows:
                    marks = ", ".join("?" for _ in columns)
                    conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
            if "outcome_changes" not in document:
                service.store.date_undated_outcomes()
            conn.execute("DELETE FROM score_state")
            service.store.rebuild_states(rules)
            problems = conn.execute("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise ImportFileError(
                    f"{name} is damaged: {problems[0][0]} refers to rows that are not in it."
                )
    except sqlite3.IntegrityError as error:
        raise ImportFileError(f"{name} is damaged and was not imported ({error}).") from None
    service.reload(f"restored {name}")
    return JsonImportSummary(counts, len(settings))


def _table_plan(
    conn: sqlite3.Connection, table: str, rows: list[dict[str, Any]], name: str
) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Columns to insert (the file's, which must all exist here) and the rows as tuples."""
    known = table_columns(conn, table)
    seen: dict[str, None] = {}
    for row in rows:
        seen.update(dict.fromkeys(row))
    unknown = [column for column in seen if column not in known]
    if unknown:
        raise ImportFileError(
            f"{name} has {table} columns this LeadTemp does not know ({', '.join(unknown)}); "
            "please update LeadTemp to import it."
        )
    columns = [column for column in known if column in seen]
    return columns, [tuple(row.get(column) for column in columns) for row in rows]


def _rules(settings: dict[str, Any], name: str) -> Rules:
    stored = settings.get("rules")
    if stored is None:
        return Rules()
    try:
        return Rules.from_json(stored)
    except ValidationError as error:
        raise ImportFileError(f"{name} has scoring rules this LeadTemp cannot use ({error}).") from None
