"""SQLite's SQL, as the store writes it, in PostgreSQL's words.

The store's queries stay in one dialect; what PostgreSQL says differently is rewritten here, one
rule per difference: ``?`` placeholders (and a literal ``%``), ``INSERT OR IGNORE`` / ``OR REPLACE``
(``ON CONFLICT`` on the table's key), an empty ``IN ()`` list, index hints (``INDEXED BY``, a
unary ``+``), the implicit ``rowid`` (a column of its own here), ``lastrowid`` (``RETURNING id``),
the day of an instant, the transaction modes and the handful of PRAGMAs the store reads.
"""

from __future__ import annotations

import re

#: Each table's key, for ``INSERT OR REPLACE``; tables with an ``id`` hand it back on insert.
KEYS: dict[str, tuple[str, ...]] = {
    "contacts": ("id",),
    "interactions": ("id",),
    "pins": ("contact_id",),
    "checklist_progress": ("contact_id", "temperature", "item_id"),
    "settings": ("key",),
    "score_state": ("contact_id",),
    "import_batches": ("id",),
    "import_updates": ("rowid",),
    "outcome_changes": ("id",),
    "contact_merges": ("id",),
    "rules_history": ("id",),
    "next_steps": ("contact_id",),
    "snoozes": ("contact_id",),
    "capture_batches": ("id",),
    "capture_keys": ("source", "source_key"),
    "contact_addresses": ("contact_id", "address"),
    "capture_contacts": ("batch_id", "contact_id"),
    "ignored_senders": ("address",),
    "imap_folders": ("account", "folder"),
    "qualifications": ("contact_id", "criterion"),
    "companies": ("id",),
    "company_people": ("contact_id",),
    "contact_seniority": ("contact_id",),
    "stakeholder_joins": ("company_id", "newcomer_id"),
    "lead_changes": ("id",),
}
#: The column every table has here for SQLite's implicit ``rowid`` (the order rows came in).
ROWID = "rowid"

_LITERALS = re.compile(r"('(?:[^']|'')*')")
_INSERT_OR = re.compile(r"^\s*INSERT OR (IGNORE|REPLACE) INTO (\w+)\s*(\(([^)]*)\))?", re.IGNORECASE)
_INSERT_INTO = re.compile(r"^\s*INSERT INTO (\w+)", re.IGNORECASE)
_INDEXED_BY = re.compile(r"\s+INDEXED BY \w+", re.IGNORECASE)
_UNARY_PLUS = re.compile(r"(?<![\w)])\+(?=[a-z_])")
#: ``leadtemp.store.day_ranks.utc_day``: SQLite's exact day of an instant, PostgreSQL's ``floor``.
_UTC_DAY = re.compile(
    r"\(CAST\(([\w.]+) / 86400 AS INTEGER\) - \(\1 < CAST\(\1 / 86400 AS INTEGER\) \* 86400\)\)"
)
#: SQLite takes an empty list (``x IN ()``); PostgreSQL an empty array of the column's type,
#: with the same truth (``IN``: false, ``NOT IN``: true).
_EMPTY_LIST = re.compile(r"\b(NOT )?IN \(\s*\)", re.IGNORECASE)
_BEGIN = {
    "BEGIN IMMEDIATE": "BEGIN",
    "BEGIN": "BEGIN",
    # A read that sees one moment of the book throughout (an export).
    "BEGIN DEFERRED": "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
}


def begin_statement(sql: str) -> str | None:
    """PostgreSQL's form of a ``BEGIN ...`` statement, or None for any other statement."""
    return _BEGIN.get(" ".join(sql.split()).upper())


def translated(sql: str) -> str:
    """The statement in PostgreSQL's SQL, with psycopg's ``%s`` placeholders."""
    sql = _INDEXED_BY.sub("", sql)
    sql = _UTC_DAY.sub(lambda match: utc_day(match.group(1)), sql)
    sql = _EMPTY_LIST.sub(lambda match: "<> ALL('{}')" if match.group(1) else "= ANY('{}')", sql)
    sql = _insert_or(sql)
    parts = _LITERALS.split(sql)
    for index, part in enumerate(parts):
        part = part.replace("%", "%%")
        if index % 2 == 0:
            part = _UNARY_PLUS.sub("", part).replace("?", "%s")
        parts[index] = part
    return "".join(parts)


def _insert_or(sql: str) -> str:
    match = _INSERT_OR.match(sql)
    if match is None:
        return sql
    action, table, columns = match.group(1).upper(), match.group(2), match.group(4)
    head = f"INSERT INTO {table}" + (f" ({columns})" if columns else "")
    rest = sql[match.end() :].rstrip().rstrip(";")
    key = KEYS.get(table, ())
    names = [name.strip() for name in columns.split(",")] if columns else []
    updates = [name for name in names if name not in key]
    if action == "IGNORE" or not updates:
        return f"{head}{rest} ON CONFLICT DO NOTHING"
    assignments = ", ".join(f"{name} = EXCLUDED.{name}" for name in updates)
    return f"{head}{rest} ON CONFLICT ({', '.join(key)}) DO UPDATE SET {assignments}"


def returning_id(sql: str) -> str | None:
    """The statement asking for the new row's id back, when it inserts into a table with one."""
    match = _INSERT_INTO.match(sql)
    if match is None or KEYS.get(match.group(1)) != ("id",) or "RETURNING" in sql.upper():
        return None
    return f"{sql} RETURNING id"


def pragma(sql: str) -> tuple[str, str] | None:
    """(name, argument) of a ``PRAGMA name`` / ``PRAGMA name(argument)`` / ``PRAGMA name = value``."""
    match = re.match(r"^\s*PRAGMA\s+(\w+)\s*(?:\(\s*(\w+)\s*\)|=\s*(\w+))?\s*$", sql, re.IGNORECASE)
    if match is None:
        return None
    return match.group(1).lower(), match.group(2) or match.group(3) or ""


def utc_day(column: str) -> str:
    """SQL: the UTC day of an instant in epoch seconds."""
    return f"floor({column} / 86400.0)"
