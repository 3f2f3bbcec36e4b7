"""Typed reads and writes over the SQLite schema; callers wrap writes in ``transaction()``."""

from __future__ import annotations

import json
import math
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from leadtemp import database_files
from leadtemp.clock import from_timestamp, to_timestamp
from leadtemp.errors import NotFoundError, ValidationError
from leadtemp.model import (
    CONTACT_FIELDS,
    UNDO_ACTION,
    Contact,
    ContactMerge,
    Interaction,
    Outcome,
    OutcomeChange,
    Pin,
    RulesChange,
    Temperature,
)
from leadtemp.server_address import is_server_address
from leadtemp.store.companies import LINKING_FIELDS, link_contacts
from leadtemp.store.database import Database
from leadtemp.store.day_ranks import same_day
from leadtemp.store.lead_changes import LeadChanges
from leadtemp.store.migrations import move_linkedin_out_of_notes, schema_version
from leadtemp.store.rows import (
    CONTACT_ROW_FIELDS,
    STATE_FIELDS,
    STATE_ROW_FIELDS,
    SUMS_FIELDS,
    columns,
)

if TYPE_CHECKING:
    from leadtemp.store.server.database import ServerDatabase

CONTACT_COLUMNS = columns(CONTACT_ROW_FIELDS)
_STATE_COLUMNS = columns(STATE_FIELDS)
_STATE_ROW_COLUMNS = columns(STATE_ROW_FIELDS)
_STATE_ROW_SELECT = columns(STATE_ROW_FIELDS, "s")
#: Whether a board row's state answers as of the read (parameters: the rules' fingerprint, the
#: read's time): built with those rules and holding no signal after it.
_ANSWERS = "CASE WHEN s.fingerprint = ? AND (s.newest IS NULL OR s.newest <= ?) THEN 1 ELSE 0 END"
_UPSERT_STATE = (
    f"INSERT INTO score_state (contact_id, fingerprint, {_STATE_ROW_COLUMNS}) "
    f"VALUES ({', '.join('?' * (2 + len(STATE_ROW_FIELDS)))}) ON CONFLICT (contact_id) DO UPDATE SET "
    + ", ".join(f"{name} = excluded.{name}" for name in ("fingerprint", *STATE_ROW_FIELDS))
)
#: Ticks count only for the stay at the temperature the lead was last seen at: a lead that has
#: left a temperature since its ticks there (and not been seen back yet) starts that list afresh.
_THIS_STAY = (
    "JOIN score_state s ON s.contact_id = p.contact_id "
    "AND (s.last_temperature IS NULL OR s.last_temperature = p.temperature)"
)
#: The tables holding a contact's own rows and the column naming it, the contact first.
_OWN_TABLES = (
    ("contacts", "id"),
    ("score_state", "contact_id"),
    ("pins", "contact_id"),
    ("checklist_progress", "contact_id"),
    ("outcome_changes", "contact_id"),
    ("import_updates", "contact_id"),
    ("contact_merges", "contact_id"),
    ("next_steps", "contact_id"),
    ("snoozes", "contact_id"),
    ("contact_addresses", "contact_id"),
    ("capture_contacts", "contact_id"),
    ("company_people", "contact_id"),
    ("contact_seniority", "contact_id"),
    ("qualifications", "contact_id"),
)
#: What a merge changes of the contact it keeps besides its details (and its score state).
_PUT_BACK_WHOLE = (
    "pins",
    "checklist_progress",
    "contact_merges",
    "next_steps",
    "snoozes",
    "contact_addresses",
    "company_people",
    "contact_seniority",
    "qualifications",
)
#: Above this many contacts, one scan of the log beats index look-ups per contact.
_FEW_CONTACTS = 2000
_IDS_PER_QUERY = 500
_ROWS_PER_FETCH = 20_000


_FIELD_AT = tuple((name, CONTACT_ROW_FIELDS.index(name)) for name in ("id", *CONTACT_FIELDS))
_OUTCOME, _ARCHIVED, _CREATED, _UPDATED = (
    CONTACT_ROW_FIELDS.index(name) for name in ("outcome", "archived", "created_at", "updated_at")
)


def contact_from_row(row: tuple[Any, ...]) -> Contact:
    return Contact(
        **{name: row[at] for name, at in _FIELD_AT},
        outcome=Outcome(row[_OUTCOME]),
        archived=bool(row[_ARCHIVED]),
        created_at=from_timestamp(row[_CREATED]),
        updated_at=from_timestamp(row[_UPDATED]),
    )


class Store:
    """Every query of the book but imports and whole-book copies (``batches``, ``whole_book``);
    one instance per thread (sqlite connections stay put)."""

    def __init__(self, path: Path | str, *, create: bool = True, read_only: bool = False) -> None:
        self.database: Database | ServerDatabase
        if is_server_address(path):
            from leadtemp.server_address import ServerAddress
            from leadtemp.store.server.database import ServerDatabase

            address = ServerAddress.parse(os.fspath(path))
            self.database = ServerDatabase(address, create=create, read_only=read_only)
        else:
            self.database = Database(path, create=create, read_only=read_only)
        # A server's connection answers as sqlite3's does (``leadtemp.store.server.connection``).
        self.conn: sqlite3.Connection = cast(sqlite3.Connection, self.database.conn)
        self._math_functions: bool | None = None
        #: Who the writes are by: recorded with each interaction, pin, tick and outcome change.
        self.actor = ""

    @staticmethod
    def writable_at(path: Path | str) -> bool:
        """Whether the book at ``path`` can be written now: SQLite needs the file and its folder
        (for the ``-wal``) writable, or for a new book the nearest folder that exists (the missing
        ones are made). Asks the file system only."""
        return database_files.writable_at(path)

    def lock_lead(self, contact_id: int) -> None:
        """Hold the lead's row until the transaction ends, so a check of its version and the write
        after it see no other writer in between. SQLite's write transaction (``BEGIN IMMEDIATE``)
        already holds the whole book, as a server book's write lock (taken at ``BEGIN``) does."""

    def current_actor(self) -> str | None:
        """Who the database itself says is connected: a server's role; a SQLite file has no
        users, so the service names the person another way."""
        if not self.on_server:
            return None
        row = self.conn.execute("SELECT current_user").fetchone()
        return str(row[0]) if row and row[0] else None

    @property
    def lead_changes(self) -> LeadChanges:
        return LeadChanges(self.conn)

    @property
    def read_only(self) -> bool:
        return self.database.read_only

    @property
    def path(self) -> Path:
        return self.database.path

    @property
    def on_server(self) -> bool:
        """Whether the book is on a PostgreSQL server rather than in a file."""
        return not isinstance(self.database, Database)

    def close(self) -> None:
        self.database.close()

    def grant(self, role: str, *, read_only: bool) -> None:
        """Let a role of the book's server read it (or change it too)."""
        if not self.on_server:
            raise ValidationError("roles are a server's: a book in a file is the file's owner's")
        from leadtemp.store.server.roles import grant

        grant(cast(Any, self.conn), role, read_only=read_only)

    def schema_version(self) -> int:
        return schema_version(self.conn)

    def data_version(self) -> int:
        """SQLite's counter of commits made to the file by other connections."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    @contextmanager
    def transaction(self, *, wait: bool = True) -> Iterator[sqlite3.Connection]:
        """See ``Database.transaction``."""
        with self.database.transaction(wait=wait):
            yield self.conn

    # Contacts ---------------------------------------------------------------------------

    def insert_contact(self, fields: dict[str, Any], at: float) -> int:
        return self.insert_contacts([fields], at)[0]

    def insert_contacts(self, many: Sequence[dict[str, Any]], at: float) -> list[int]:
        """Each contact's row, its empty score state and its company, in order; their ids (the
        companies are linked for all at once: one look-up per run, not per contact)."""
        names = list(many[0]) if many else []
        alike = len(many) > 1 and "id" not in names and all(list(fields) == names for fields in many)
        if alike and isinstance(self.conn, sqlite3.Connection):
            # One statement for all (a capture's new leads share their fields), the ids SQLite
            # would give each in turn: one past the highest.
            first = int(self.conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM contacts").fetchone()[0])
            columns = ["id", *names, "created_at", "updated_at"]
            self.conn.executemany(
                f"INSERT INTO contacts ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                [(first + number, *fields.values(), at, at) for number, fields in enumerate(many)],
            )
            ids = list(range(first, first + len(many)))
        else:
            ids = [self._insert_contact_row(fields, at) for fields in many]
        self.conn.executemany(
            "INSERT INTO score_state (contact_id, fingerprint) VALUES (?, '')", [(i,) for i in ids]
        )
        link_contacts(self.conn, ids, at)
        return ids

    def _insert_contact_row(self, fields: dict[str, Any], at: float) -> int:
        columns = [*fields, "created_at", "updated_at"]
        cursor = self.conn.execute(
            f"INSERT INTO contacts ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            [*fields.values(), at, at],
        )
        return int(cursor.lastrowid or 0)

    def update_contact(self, contact_id: int, fields: dict[str, Any], at: float) -> None:
        self.get_contact(contact_id)
        assignments = ", ".join(f"{name} = ?" for name in fields)
        self.conn.execute(
            f"UPDATE contacts SET {assignments}, updated_at = ? WHERE id = ?",
            [*fields.values(), at, contact_id],
        )
        if LINKING_FIELDS.intersection(fields):
            link_contacts(self.conn, (contact_id,), at)

    def get_contact(self, contact_id: int) -> Contact:
        row = self.conn.execute(
            f"SELECT {CONTACT_COLUMNS} FROM contacts WHERE id = ?", (contact_id,)
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no contact with id {contact_id}")
        return contact_from_row(row)

    def names_and_roles(self, contact_ids: Iterable[int]) -> dict[int, tuple[str, str]]:
        """(name, role) of each of these contacts, in one query per thousand."""
        wanted = list(dict.fromkeys(contact_ids))
        found: dict[int, tuple[str, str]] = {}
        for start in range(0, len(wanted), 1000):
            chunk = wanted[start : start + 1000]
            for contact_id, name, role in self.conn.execute(
                f"SELECT id, name, role FROM contacts WHERE id IN ({', '.join('?' * len(chunk))})", chunk
            ):
                found[int(contact_id)] = (str(name), str(role or ""))
        missing = next((contact_id for contact_id in wanted if contact_id not in found), None)
        if missing is not None:
            raise NotFoundError(f"no contact with id {missing}")
        return found

    def contacts(self, *, include_archived: bool = False) -> list[Contact]:
        where = "" if include_archived else "WHERE archived = 0"
        rows = self.conn.execute(f"SELECT {CONTACT_COLUMNS} FROM contacts {where} ORDER BY id").fetchall()
        return [contact_from_row(row) for row in rows]

    def archived_ids(self) -> list[int]:
        return [row[0] for row in self.conn.execute("SELECT id FROM contacts WHERE archived = 1 ORDER BY id")]

    def contact_ids(self, *, include_archived: bool = False) -> list[int]:
        where = "" if include_archived else "WHERE archived = 0"
        return [row[0] for row in self.conn.execute(f"SELECT id FROM contacts {where} ORDER BY id")]

    def source_files(self) -> dict[int, str | None]:
        """The file each contact was imported from (None for one added by hand)."""
        return dict(self.conn.execute("SELECT id, source_file FROM contacts").fetchall())

    def purge_contact(self, contact_id: int) -> None:
        self.get_contact(contact_id)
        self.conn.execute("DELETE FROM contacts WHERE id = ?", (contact_id,))

    # Outcomes ---------------------------------------------------------------------------

    def record_outcome(self, contact_id: int, outcome: Outcome, at: float) -> None:
        self.conn.execute(
            "INSERT INTO outcome_changes (contact_id, outcome, changed_at, actor) VALUES (?, ?, ?, ?)",
            (contact_id, outcome.value, at, self.actor),
        )

    def outcome_history(self, contact_id: int) -> list[OutcomeChange]:
        """Oldest first."""
        rows = self.conn.execute(
            "SELECT outcome, changed_at, actor FROM outcome_changes WHERE contact_id = ? "
            "ORDER BY changed_at, id",
            (contact_id,),
        ).fetchall()
        return [OutcomeChange(Outcome(row[0]), from_timestamp(row[1]), row[2]) for row in rows]

    def move_linkedin_out_of_notes(self) -> None:
        """Give contacts restored from a book written before the LinkedIn field the profile their
        notes name, as the schema step does for a book on disk."""
        move_linkedin_out_of_notes(self.conn)

    def date_undated_outcomes(self) -> None:
        """Give every won or lost contact without an outcome history one change, dated by its last
        update (for a book written before outcomes had dates)."""
        self.conn.execute(
            "INSERT INTO outcome_changes (contact_id, outcome, changed_at) "
            "SELECT id, outcome, updated_at FROM contacts c WHERE outcome != 'open' "
            "AND NOT EXISTS (SELECT 1 FROM outcome_changes o WHERE o.contact_id = c.id) ORDER BY id"
        )

    def closed_contacts(self) -> list[tuple[Contact, float | None]]:
        """Won, lost or archived contacts with the date of their latest outcome change (None when
        it was never won or lost), most recently closed first."""
        rows = self.conn.execute(
            f"SELECT {', '.join('c.' + name.strip() for name in CONTACT_COLUMNS.split(','))}, "
            "(SELECT max(changed_at) FROM outcome_changes o WHERE o.contact_id = c.id) AS outcome_at "
            "FROM contacts c WHERE c.outcome != 'open' OR c.archived = 1 "
            "ORDER BY coalesce((SELECT max(changed_at) FROM outcome_changes o WHERE o.contact_id = c.id), "
            "c.updated_at) DESC, c.id"
        ).fetchall()
        return [(contact_from_row(row[:-1]), row[-1]) for row in rows]

    # Merges -----------------------------------------------------------------------------

    def record_merge(self, contact_id: int, merged: Contact, at: float) -> None:
        self.conn.execute(
            "INSERT INTO contact_merges (contact_id, merged_id, merged_name, merged_at) VALUES (?, ?, ?, ?)",
            (contact_id, merged.id, merged.name, at),
        )

    def merges_for(self, contact_id: int) -> list[ContactMerge]:
        """Oldest first."""
        rows = self.conn.execute(
            "SELECT merged_id, merged_name, merged_at FROM contact_merges WHERE contact_id = ? "
            "ORDER BY merged_at, id",
            (contact_id,),
        ).fetchall()
        return [ContactMerge(row[0], row[1], from_timestamp(row[2])) for row in rows]

    def own_rows(self, contact_id: int) -> dict[str, list[dict[str, Any]]]:
        """Every row that belongs to one contact, table by table (its interactions aside)."""
        rows: dict[str, list[dict[str, Any]]] = {}
        for table, column in _OWN_TABLES:
            cursor = self.conn.execute(
                f"SELECT * FROM {table} WHERE {column} = ? ORDER BY rowid", (contact_id,)
            )
            names = [description[0] for description in cursor.description]
            rows[table] = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        return rows

    def put_back(self, rows: dict[str, list[dict[str, Any]]], *, exists: bool) -> None:
        """Make a contact's rows what :meth:`own_rows` read. For a contact that still ``exists``
        its details, pin, ticks and merges are replaced; one that is gone comes back whole."""
        (contact,) = rows["contacts"]
        contact_id = contact["id"]
        if exists:
            for table in _PUT_BACK_WHOLE:
                self.conn.execute(f"DELETE FROM {table} WHERE contact_id = ?", (contact_id,))
            columns = [name for name in contact if name != "id"]
            self.conn.execute(
                f"UPDATE contacts SET {', '.join(f'{name} = ?' for name in columns)} WHERE id = ?",
                [*(contact[name] for name in columns), contact_id],
            )
        else:
            self._insert_rows("contacts", [contact])
        for table, _ in _OWN_TABLES[1:]:
            if not exists or table in (*_PUT_BACK_WHOLE, "score_state"):
                self._insert_rows(table, rows[table])

    def _insert_rows(self, table: str, rows: list[dict[str, Any]]) -> None:
        for row in rows:
            self.conn.execute(
                f"INSERT OR REPLACE INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                list(row.values()),
            )

    def interaction_ids(self, contact_id: int) -> list[int]:
        return [
            row[0]
            for row in self.conn.execute(
                "SELECT id FROM interactions WHERE contact_id = ? ORDER BY id", (contact_id,)
            )
        ]

    def move_interactions(self, interaction_ids: Sequence[int], contact_id: int) -> None:
        self.conn.executemany(
            "UPDATE interactions SET contact_id = ? WHERE id = ?", [(contact_id, i) for i in interaction_ids]
        )

    def move_addresses(self, from_id: int, to_id: int) -> None:
        """Every address of ``from_id`` (its e-mail field too) is ``to_id``'s as well."""
        self.conn.execute(
            "INSERT OR IGNORE INTO contact_addresses (contact_id, address, batch_id) "
            "SELECT ?, address, batch_id FROM contact_addresses WHERE contact_id = ? ORDER BY rowid",
            (to_id, from_id),
        )
        self.conn.execute(
            "INSERT OR IGNORE INTO contact_addresses (contact_id, address) "
            "SELECT ?, lower(trim(email)) FROM contacts WHERE id = ? AND trim(email) LIKE '%_@_%'",
            (to_id, from_id),
        )

    def move_merges(self, from_id: int, to_id: int) -> None:
        """Contacts merged into ``from_id`` earlier now show in ``to_id``'s timeline."""
        self.conn.execute("UPDATE contact_merges SET contact_id = ? WHERE contact_id = ?", (to_id, from_id))

    def copy_ticks(self, ticks: dict[str, dict[str, float]], contact_id: int) -> None:
        """Add ticks (item id -> done at, per temperature) the contact does not have yet."""
        self.conn.executemany(
            "INSERT OR IGNORE INTO checklist_progress (contact_id, temperature, item_id, done_at) "
            "VALUES (?, ?, ?, ?)",
            [
                (contact_id, temperature, item_id, done_at)
                for temperature, items in ticks.items()
                for item_id, done_at in items.items()
            ],
        )

    def stay_ticks(self, contact_id: int) -> dict[str, dict[str, float]]:
        """The ticks that count now (see ``_THIS_STAY``), with when they were done, per temperature."""
        result: dict[str, dict[str, float]] = {}
        for temperature, item_id, done_at in self.conn.execute(
            f"SELECT p.temperature, p.item_id, p.done_at FROM checklist_progress p {_THIS_STAY} "
            "WHERE p.contact_id = ?",
            (contact_id,),
        ):
            result.setdefault(temperature, {})[item_id] = done_at
        return result

    # Interactions -----------------------------------------------------------------------

    def insert_interaction(
        self,
        contact_id: int,
        kind: str,
        occurred_at: float,
        note: str,
        created_at: float,
        interaction_id: int | None = None,
    ) -> int:
        cursor = self.conn.execute(
            "INSERT INTO interactions (id, contact_id, kind, occurred_at, note, created_at, actor) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (interaction_id, contact_id, kind, occurred_at, note, created_at, self.actor),
        )
        return int(cursor.lastrowid or 0)

    def insert_interactions(
        self, rows: Iterable[tuple[int, int, str, float, str, float]], *, by_actor: bool = False
    ) -> None:
        """Many interactions at once: (id, contact id, kind, occurred at, note, created at) each,
        the ids from :meth:`next_interaction_id` on; ``by_actor`` signs each with the book's actor,
        as :meth:`insert_interaction` does."""
        if by_actor:
            self.conn.executemany(
                "INSERT INTO interactions (id, contact_id, kind, occurred_at, note, created_at, actor) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(*row, self.actor) for row in rows],
            )
            return
        self.conn.executemany(
            "INSERT INTO interactions (id, contact_id, kind, occurred_at, note, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )

    def next_interaction_id(self) -> int:
        """The id the next interaction gets (SQLite's own choice: one past the highest)."""
        return int(self.conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM interactions").fetchone()[0])

    def has_interaction(self, contact_id: int, kind: str, second: int, note: str) -> bool:
        """Whether the contact has an interaction of this kind and note within this whole second."""
        return (
            self.conn.execute(
                "SELECT 1 FROM interactions WHERE contact_id = ? AND occurred_at >= ? AND occurred_at < ? "
                "AND kind = ? AND note = ? LIMIT 1",
                (contact_id, second, second + 1, kind, note),
            ).fetchone()
            is not None
        )

    def get_interaction(self, interaction_id: int) -> Interaction:
        row = self.conn.execute(
            "SELECT id, contact_id, kind, occurred_at, note, created_at, actor FROM interactions "
            "WHERE id = ?",
            (interaction_id,),
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no interaction with id {interaction_id}")
        return _interaction_from_row(row)

    def delete_interaction(self, interaction_id: int) -> Interaction:
        interaction = self.get_interaction(interaction_id)
        self.conn.execute("DELETE FROM interactions WHERE id = ?", (interaction_id,))
        return interaction

    def interactions_for(self, contact_id: int) -> list[Interaction]:
        rows = self.conn.execute(
            "SELECT id, contact_id, kind, occurred_at, note, created_at, actor FROM interactions "
            "WHERE contact_id = ? ORDER BY occurred_at DESC, id DESC",
            (contact_id,),
        ).fetchall()
        return [_interaction_from_row(row) for row in rows]

    def day_standing(self, contact_id: int, interaction_id: int) -> tuple[int, int]:
        """A contact's interaction's rank among the contact's interactions of its kind on its UTC
        day (1 for the first), and how many of them that day holds."""
        row = self.conn.execute(
            "SELECT i.day_rank, (SELECT count(*) FROM interactions WHERE contact_id = ? "
            f"AND {same_day('i')}) FROM interactions i WHERE i.contact_id = ? AND i.id = ?",
            (contact_id, contact_id, interaction_id),
        ).fetchone()
        if row is None:
            raise NotFoundError(f"#{contact_id} has no interaction with id {interaction_id}")
        return int(row[0]), int(row[1])

    def log_for(self, contact_id: int) -> list[tuple[str, float]]:
        return self.conn.execute(
            "SELECT kind, occurred_at FROM interactions WHERE contact_id = ? ORDER BY occurred_at, id",
            (contact_id,),
        ).fetchall()

    # Pins -------------------------------------------------------------------------------

    def get_pin(self, contact_id: int) -> Pin | None:
        row = self.conn.execute(
            "SELECT contact_id, temperature, since, expires_at FROM pins WHERE contact_id = ?",
            (contact_id,),
        ).fetchone()
        return None if row is None else _pin_from_row(row)

    def pins(self, contact_ids: Sequence[int] | None = None) -> dict[int, Pin]:
        """Every pin, or those of the given contacts (many of them: every pin, then theirs)."""
        select = "SELECT contact_id, temperature, since, expires_at FROM pins"
        if contact_ids is None or len(contact_ids) > _FEW_CONTACTS:
            rows = self.conn.execute(select).fetchall()
        else:
            rows = self.conn.execute(
                f"{select} WHERE contact_id IN ({', '.join('?' * len(contact_ids))})", tuple(contact_ids)
            ).fetchall()
        wanted = None if contact_ids is None else set(contact_ids)
        return {row[0]: _pin_from_row(row) for row in rows if wanted is None or row[0] in wanted}

    def set_pin(self, pin: Pin) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO pins (contact_id, temperature, since, expires_at, actor) "
            "VALUES (?, ?, ?, ?, ?)",
            (
                pin.contact_id,
                pin.temperature.value,
                to_timestamp(pin.since),
                None if pin.expires_at is None else to_timestamp(pin.expires_at),
                self.actor,
            ),
        )

    def delete_pin(self, contact_id: int) -> None:
        self.conn.execute("DELETE FROM pins WHERE contact_id = ?", (contact_id,))

    # Checklists -------------------------------------------------------------------------

    def progress_for(self, contact_id: int, temperature: Temperature) -> dict[str, float]:
        rows = self.conn.execute(
            f"SELECT p.item_id, p.done_at FROM checklist_progress p {_THIS_STAY} "
            "WHERE p.contact_id = ? AND p.temperature = ?",
            (contact_id, temperature.value),
        ).fetchall()
        return {row[0]: row[1] for row in rows}

    def ticks(self, contact_ids: Sequence[int] | None = None) -> dict[int, dict[str, set[str]]]:
        """Ticked step ids per contact and temperature, for the whole board at once (or for the
        contacts of ``contact_ids``)."""
        result: dict[int, dict[str, set[str]]] = {}
        who = "" if contact_ids is None else f" WHERE p.contact_id IN ({', '.join('?' * len(contact_ids))})"
        for contact_id, temperature, item_id in self.conn.execute(
            f"SELECT p.contact_id, p.temperature, p.item_id FROM checklist_progress p {_THIS_STAY}{who}",
            tuple(contact_ids or ()),
        ):
            result.setdefault(contact_id, {}).setdefault(temperature, set()).add(item_id)
        return result

    def set_progress(
        self,
        contact_id: int,
        temperature: Temperature,
        item_id: str,
        done_at: float | None,
    ) -> None:
        if done_at is None:
            self.conn.execute(
                "DELETE FROM checklist_progress WHERE contact_id = ? AND temperature = ? AND item_id = ?",
                (contact_id, temperature.value, item_id),
            )
        else:
            self.conn.execute(
                "INSERT OR REPLACE INTO checklist_progress "
                "(contact_id, temperature, item_id, done_at, actor) VALUES (?, ?, ?, ?, ?)",
                (contact_id, temperature.value, item_id, done_at, self.actor),
            )

    # Settings ---------------------------------------------------------------------------

    def get_setting(self, key: str) -> Any | None:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return None if row is None else json.loads(row[0])

    def set_setting(self, key: str, value: Any) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
            (key, json.dumps(value, sort_keys=True)),
        )

    def clear_setting(self, key: str) -> None:
        """Forget a setting: :meth:`get_setting` answers None for it again."""
        self.conn.execute("DELETE FROM settings WHERE key = ?", (key,))

    # Rules history ----------------------------------------------------------------------

    def record_rules_change(self, at: float, action: str, before: Any, after: Any) -> int:
        cursor = self.conn.execute(
            "INSERT INTO rules_history (changed_at, action, before, after) VALUES (?, ?, ?, ?)",
            (at, action, json.dumps(before, sort_keys=True), json.dumps(after, sort_keys=True)),
        )
        return int(cursor.lastrowid or 0)

    def rules_history(self) -> list[RulesChange]:
        """Oldest first."""
        rows = self.conn.execute(
            "SELECT id, changed_at, action, before, after, undone_at FROM rules_history ORDER BY id"
        ).fetchall()
        return [
            RulesChange(
                row[0],
                from_timestamp(row[1]),
                row[2],
                json.loads(row[3]),
                json.loads(row[4]),
                None if row[5] is None else from_timestamp(row[5]),
            )
            for row in rows
        ]

    def last_undoable_rules_change(self) -> RulesChange | None:
        """The newest change that is not an undo and not undone yet."""
        undoable = [c for c in self.rules_history() if c.undone_at is None and c.action != UNDO_ACTION]
        return undoable[-1] if undoable else None

    def mark_rules_change_undone(self, change_id: int, at: float) -> None:
        self.conn.execute("UPDATE rules_history SET undone_at = ? WHERE id = ?", (at, change_id))

    def kind_use_count(self, kind: str) -> int:
        return int(
            self.conn.execute("SELECT count(*) FROM interactions WHERE kind = ?", (kind,)).fetchone()[0]
        )

    # Score state ------------------------------------------------------------------------

    def state_values(self, contact_id: int) -> tuple[Any, ...] | None:
        """The contact's stored score state as :data:`~leadtemp.store.rows.STATE_FIELDS`."""
        row = self.conn.execute(
            f"SELECT {_STATE_COLUMNS} FROM score_state WHERE contact_id = ?",
            (contact_id,),
        ).fetchone()
        return None if row is None else tuple(row)

    def put_state_values(self, contact_id: int, values: Sequence[Any]) -> None:
        """Store a score state given as :data:`~leadtemp.store.rows.STATE_FIELDS`."""
        self.conn.execute(
            f"INSERT OR REPLACE INTO score_state (contact_id, {_STATE_COLUMNS}) "
            f"VALUES (?, {', '.join('?' for _ in STATE_FIELDS)})",
            [contact_id, *values],
        )

    def put_state_rows(self, fingerprint: str, rows: Iterable[tuple[int, Sequence[Any]]]) -> None:
        """Store (contact id, state row) pairs made with the rules of ``fingerprint``; each contact
        keeps the temperature it was last seen at."""
        self.conn.executemany(_UPSERT_STATE, ((cid, fingerprint, *row) for cid, row in rows))

    def last_temperatures(self) -> dict[int, str | None]:
        """The temperature each contact was last seen at (None before the first look)."""
        return dict(self.conn.execute("SELECT contact_id, last_temperature FROM score_state").fetchall())

    def set_last_temperature(self, contact_id: int, temperature: str) -> None:
        self.conn.execute(
            "UPDATE score_state SET last_temperature = ? WHERE contact_id = ?",
            (temperature, contact_id),
        )

    def enter_temperature(self, contact_id: int, temperature: Temperature) -> None:
        """The lead arrives at ``temperature``: a new stay there, so the ticks of its last stay
        at that temperature are cleared."""
        self.set_last_temperature(contact_id, temperature.value)
        self.conn.execute(
            "DELETE FROM checklist_progress WHERE contact_id = ? AND temperature = ?",
            (contact_id, temperature.value),
        )

    def stale_state_ids(self, fingerprint: str) -> list[int]:
        """Contacts without a state made with the rules of ``fingerprint``. A state belongs to a
        contact (the key deletes it with its contact), so when there are as many current states as
        contacts there is none, and counting them spares a look-up per contact."""
        current = self.conn.execute(
            "SELECT (SELECT count(*) FROM contacts) = "
            "(SELECT count(*) FROM score_state WHERE fingerprint = ?)",
            (fingerprint,),
        ).fetchone()[0]
        if current:
            return []
        return [
            row[0]
            for row in self.conn.execute(
                "SELECT c.id FROM contacts c LEFT JOIN score_state s ON s.contact_id = c.id "
                "WHERE s.fingerprint IS NULL OR s.fingerprint != ?",
                (fingerprint,),
            )
        ]

    def latest_interaction_at(self, until: float | None = None) -> float | None:
        """When the newest interaction (up to ``until``) happened."""
        where, args = ("", ()) if until is None else (" WHERE occurred_at <= ?", (until,))
        latest: float | None = self.conn.execute(
            f"SELECT max(occurred_at) FROM interactions{where}", args
        ).fetchone()[0]
        return latest

    def signals_after(
        self,
        kind_names: Sequence[str],
        limit: int,
        starts: Sequence[tuple[int, float]],
        until: float | None = None,
    ) -> list[tuple[int, str, float]]:
        """(contact_id, kind, occurred_at) of the interactions of ``kind_names`` that count (the
        first ``limit`` of their kind on their UTC day; 0: all) of each (contact, start) pair's
        contact after its start, up to ``until``: index seeks, so a contact's older rows are never
        read."""
        if not kind_names or not starts:
            return []
        kinds = ", ".join("?" * len(kind_names))
        counted = "" if limit <= 0 else f" AND i.day_rank <= {int(limit)}"
        time_filter = "" if until is None else " AND i.occurred_at <= ?"
        time_args: tuple[float, ...] = () if until is None else (until,)
        rows: list[tuple[int, str, float]] = []
        for first in range(0, len(starts), _IDS_PER_QUERY // 2):
            chunk = starts[first : first + _IDS_PER_QUERY // 2]
            rows += self.conn.execute(
                f"WITH b(contact_id, start) AS (VALUES {', '.join('(?, ?)' for _ in chunk)}) "
                "SELECT i.contact_id, i.kind, i.occurred_at FROM b CROSS JOIN interactions AS i "
                f"INDEXED BY interactions_by_kind WHERE i.kind IN ({kinds}) AND i.contact_id = b.contact_id "
                f"AND i.occurred_at > b.start{counted}{time_filter}",
                (*(value for pair in chunk for value in pair), *kind_names, *time_args),
            ).fetchall()
        return rows

    def signals_in_order(
        self, kind_names: Sequence[str], contact_ids: Sequence[int] | None, until: float | None = None
    ) -> Iterator[tuple[int, str, float, int]]:
        """(contact_id, kind, occurred_at, day_rank) of the interactions of ``kind_names``, of the
        given contacts (default: everybody) up to ``until``, each contact's in time order."""
        kinds = f"kind IN ({', '.join('?' * len(kind_names))})"
        time_filter = "" if until is None else " AND occurred_at <= ?"
        time_args: tuple[float, ...] = () if until is None else (until,)
        select = (
            "SELECT contact_id, kind, occurred_at, day_rank FROM interactions "
            "INDEXED BY interactions_by_contact WHERE "
        )
        order = " ORDER BY contact_id, occurred_at, id"
        if contact_ids is None:
            cursor = self.conn.execute(f"{select}{kinds}{time_filter}{order}", (*kind_names, *time_args))
            while rows := cursor.fetchmany(_ROWS_PER_FETCH):
                yield from rows
            return
        ids = sorted(contact_ids)
        for start in range(0, len(ids), _IDS_PER_QUERY):
            chunk = ids[start : start + _IDS_PER_QUERY]
            yield from self.conn.execute(
                f"{select}contact_id IN ({', '.join('?' * len(chunk))}) AND {kinds}{time_filter}{order}",
                (*chunk, *kind_names, *time_args),
            ).fetchall()

    def coded_log(
        self,
        kind_codes: Sequence[tuple[str, int, int]],
        contact_ids: list[int] | None,
        until: float | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> Iterator[list[tuple[int, int, float]]]:
        """The interaction log in batches of (contact_id, kind code, occurred_at), with the code
        ``kind_codes`` gives the kind's name (-1 for any other) as long as the interaction is no
        later in its day than the daily limit given with it (0: any; -1 beyond it), of everybody
        or of the given contacts, up to ``until``: one scan for everybody, index look-ups for a few.

        SQLite tries the codes in the order given, so the commonest kinds should come first.
        """
        time_filter = "" if until is None else " AND occurred_at <= ?"
        time_args: tuple[float, ...] = () if until is None else (until,)
        names = [name for name, _, _ in kind_codes]
        code = kind_code_case(kind_codes)
        select = f"SELECT contact_id, {code}, occurred_at FROM interactions"
        if contact_ids is not None and len(contact_ids) <= _FEW_CONTACTS:
            for start in range(0, len(contact_ids), _IDS_PER_QUERY):
                chunk = contact_ids[start : start + _IDS_PER_QUERY]
                yield self.conn.execute(
                    f"{select} WHERE contact_id IN ({', '.join('?' * len(chunk))}){time_filter}",
                    (*names, *chunk, *time_args),
                ).fetchall()
            return
        total = 1
        if progress is not None:
            total = self.conn.execute("SELECT count(*) FROM interactions").fetchone()[0] or 1
        cursor = self.conn.execute(f"{select} WHERE TRUE{time_filter}", (*names, *time_args))
        done = 0
        while rows := cursor.fetchmany(_ROWS_PER_FETCH):
            yield rows
            done += len(rows)
            if progress is not None:
                progress(min(done, total), total)

    def has_math_functions(self) -> bool:
        """Whether this SQLite build has its math functions (``exp``), which
        :meth:`decayed_sums` needs; some builds are compiled without them."""
        if self._math_functions is None:
            try:
                self.conn.execute("SELECT exp(0.5)").fetchone()
                self._math_functions = True
            except sqlite3.OperationalError:
                self._math_functions = False
        return self._math_functions

    def decayed_sums(
        self, kinds: Sequence[tuple[str, float, int]], anchor: float, until: float | None = None
    ) -> Iterator[tuple[str, list[tuple[int, float | None, float | None, float]]]]:
        """The whole log folded by SQLite, one batch per kind given with its ``rate`` (half-lives
        per second; 0 for a kind without points) and daily ``limit`` (0: none): per contact, the sum
        of ``2 ** ((occurred_at - anchor) * rate)`` over the interactions that count (the first
        ``limit`` of their kind on their UTC day, by ``day_rank``), the latest of those (None for
        none), and the latest of all: (kind, [(contact_id, sum, latest counted, latest)]),
        counting only interactions up to ``until``. Needs :meth:`has_math_functions`.

        One statement per kind walks one stretch of the kind index, so the kind is never read
        back, and a kind without a daily limit needs no test of the day's rank."""
        time_filter = "" if until is None else " AND occurred_at <= ?"
        time_args: tuple[float, ...] = () if until is None else (until,)
        for name, rate, limit in kinds:
            if limit <= 0:
                weight = "sum(exp((occurred_at - ?) * ?))"
                counted_latest = "max(occurred_at)"
            else:
                counted = f"day_rank <= {int(limit)}"
                weight = f"sum(CASE WHEN {counted} THEN exp((occurred_at - ?) * ?) END)"
                counted_latest = f"max(CASE WHEN {counted} THEN occurred_at END)"
            if not rate:
                weight = "NULL"
            rows = self.conn.execute(
                f"SELECT contact_id, {weight}, {counted_latest}, max(occurred_at) "
                "FROM interactions INDEXED BY interactions_by_kind "
                f"WHERE kind = ?{time_filter} GROUP BY contact_id",
                (*((anchor, rate * math.log(2.0)) if rate else ()), name, *time_args),
            ).fetchall()
            yield name, rows

    def logged_kinds(self) -> list[str]:
        """Every kind the log holds, each found with one index seek."""
        return [
            kind
            for (kind,) in self.conn.execute(
                "WITH RECURSIVE seen(kind) AS (SELECT min(kind) FROM interactions UNION ALL "
                "SELECT (SELECT min(kind) FROM interactions WHERE kind > seen.kind) FROM seen "
                "WHERE seen.kind IS NOT NULL) SELECT kind FROM seen WHERE kind IS NOT NULL"
            )
        ]

    def board_state_rows(
        self,
        fingerprint: str,
        *,
        include_closed: bool = False,
        include_archived: bool = False,
        with_profile: bool = False,
        contact_ids: Sequence[int] | None = None,
    ) -> list[tuple[Any, ...]]:
        """:data:`~leadtemp.store.rows.CARD_ROW_FIELDS` of every open, unarchived contact (and
        the won and lost ones, the archived ones, when asked), or of those of ``contact_ids`` (many
        of them: everybody's, then theirs picked out): what a card folded from the log is made of."""
        if contact_ids is not None and len(contact_ids) > _FEW_CONTACTS:
            wanted = set(contact_ids)
            return [
                row
                for row in self.board_state_rows(
                    fingerprint,
                    include_closed=include_closed,
                    include_archived=include_archived,
                    with_profile=with_profile,
                )
                if row[0] in wanted
            ]
        profile = "c.industry, c.role, c.company_size" if with_profile else "NULL, NULL, NULL"
        return self._board_read(
            f"c.id, c.name, c.company, c.email, c.fit, {profile}, c.outcome, "
            f"CASE WHEN s.fingerprint = ? THEN 1 ELSE 0 END, {_STATE_ROW_SELECT}",
            (fingerprint,),
            _board_filter(include_closed, include_archived, contact_ids),
            contact_ids,
        )

    def board_rows(
        self,
        fingerprint: str,
        now: float,
        *,
        include_closed: bool = False,
        include_archived: bool = False,
        with_profile: bool = False,
        contact_ids: Sequence[int] | None = None,
    ) -> list[tuple[Any, ...]]:
        """One query for the whole board: :data:`~leadtemp.store.rows.BOARD_ROW_FIELDS` as of
        ``now`` of every open, unarchived contact (and the won and lost ones, the archived ones,
        when asked), or of those of ``contact_ids``; with the row's tail when the board holds
        closed leads or ``with_profile``."""
        profile = "c.industry, c.role, c.company_size" if with_profile else "NULL, NULL, NULL"
        tail = f", c.outcome, {profile}" if include_closed or with_profile else ""
        return self._board_read(
            f"c.id, c.name, c.company, c.email, c.fit, {_ANSWERS}, s.last_touch, "
            f"s.last_buying_signal, s.last_outreach, {columns(SUMS_FIELDS, 's')}{tail}",
            (fingerprint, now),
            _board_filter(include_closed, include_archived, contact_ids),
            contact_ids,
        )

    def board_leading_rows(
        self,
        fingerprint: str,
        now: float,
        *,
        include_closed: bool = False,
        include_archived: bool = False,
        with_profile: bool = False,
    ) -> list[tuple[Any, ...]]:
        """:data:`~leadtemp.store.rows.LEAD_ROW_FIELDS` of the contacts :meth:`board_rows`
        reads: what each column's first cards are picked by, as of ``now``."""
        profile = "c.industry, c.role, c.company_size" if with_profile else "NULL, NULL, NULL"
        return self._board_read(
            f"c.id, c.name, c.fit, {profile}, {_ANSWERS}, s.last_touch, {columns(SUMS_FIELDS, 's')}",
            (fingerprint, now),
            _board_filter(include_closed, include_archived, None),
        )

    def _board_read(
        self, select: str, args: tuple[Any, ...], where: str, contact_ids: Sequence[int] | None = None
    ) -> list[tuple[Any, ...]]:
        """The board's contacts with their states: ``select`` over both, ``args`` its parameters."""
        return self.conn.execute(
            f"SELECT {select} FROM contacts c LEFT JOIN score_state s ON s.contact_id = c.id WHERE {where}",
            (*args, *(contact_ids or ())),
        ).fetchall()

    def card_row(self, contact_id: int, fingerprint: str) -> tuple[Any, ...]:
        """One contact's :data:`~leadtemp.store.rows.DETAIL_ROW_FIELDS`: its board row, then archived,
        last temperature and its pin."""
        row = self.conn.execute(
            "SELECT c.id, c.name, c.company, c.email, c.fit, c.industry, c.role, c.company_size, "
            f"c.outcome, CASE WHEN s.fingerprint = ? THEN 1 ELSE 0 END, {_STATE_ROW_SELECT}, c.archived, "
            "s.last_temperature, p.temperature, p.since, p.expires_at "
            "FROM contacts c LEFT JOIN score_state s ON s.contact_id = c.id "
            "LEFT JOIN pins p ON p.contact_id = c.id WHERE c.id = ?",
            (fingerprint, contact_id),
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no contact with id {contact_id}")
        return tuple(row)

    def last_change_and_interaction(self) -> tuple[int, int]:
        """The ids of the journal's last change and the log's last interaction (0 for none): how
        far the book had got, for :meth:`written_since`."""
        change = self.conn.execute("SELECT max(id) FROM lead_changes").fetchone()[0]
        interaction = self.conn.execute("SELECT max(id) FROM interactions").fetchone()[0]
        return int(change or 0), int(interaction or 0)

    def written_since(self, change: int, interaction: int, moment: float, now: float) -> set[int]:
        """Every lead written after the journal's ``change`` and the log's ``interaction`` or
        edited, added or pinned at or after ``moment``, and every lead whose pin ended between
        ``moment`` and ``now``."""
        queries: list[tuple[str, tuple[Any, ...]]] = [
            ("SELECT contact_id FROM lead_changes WHERE id > ?", (change,)),
            ("SELECT contact_id FROM interactions WHERE id > ?", (interaction,)),
            ("SELECT id FROM contacts WHERE updated_at >= ? OR created_at >= ?", (moment, moment)),
            (
                "SELECT contact_id FROM pins WHERE since >= ? OR expires_at BETWEEN ? AND ?",
                (moment, moment, now),
            ),
        ]
        return {int(row[0]) for sql, parameters in queries for row in self.conn.execute(sql, parameters)}

    def progress_of(self, contact_id: int) -> dict[str, set[str]]:
        """Ticked step ids of one contact, per temperature."""
        result: dict[str, set[str]] = {}
        for temperature, item_id in self.conn.execute(
            f"SELECT p.temperature, p.item_id FROM checklist_progress p {_THIS_STAY} WHERE p.contact_id = ?",
            (contact_id,),
        ):
            result.setdefault(temperature, set()).add(item_id)
        return result

    def signal_rates(
        self,
        start: float,
        split: float,
        end: float,
        weights: dict[str, float],
        contact_ids: Sequence[int] | None = None,
    ) -> dict[int, tuple[float, float]]:
        """Per contact with any, the summed ``weights`` of its interactions of those kinds after
        ``split`` (up to ``end``) and after ``start`` up to ``split``: the trend's two windows, of
        everybody or of the given contacts (many of them: everybody's, then theirs picked out)."""
        if not weights:
            return {}
        if contact_ids is None or len(contact_ids) <= _FEW_CONTACTS:
            return _rates(self.conn.execute(*_signal_rates_query(start, split, end, weights, contact_ids)))
        everybody = self.signal_rates(start, split, end, weights)
        return {contact_id: everybody[contact_id] for contact_id in contact_ids if contact_id in everybody}

    # Maintenance ------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        return {
            table: self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("contacts", "interactions", "pins", "checklist_progress")
        }


def kind_code_case(kind_codes: Sequence[tuple[str, int, int]], beyond: int | None = None) -> str:
    """SQL naming each interaction's kind by the code ``kind_codes`` gives it ((name, code, daily
    limit) triples; the names are the statement's parameters, in that order), -1 for any other
    kind; a repeat later in its UTC day than the limit (0: none) gets -1, or its code plus
    ``beyond`` when given."""
    return (
        "CASE kind "
        + " ".join(
            f"WHEN ? THEN {int(index)}"
            if limit <= 0
            else f"WHEN ? THEN CASE WHEN day_rank <= {int(limit)} THEN {int(index)} "
            f"ELSE {-1 if beyond is None else int(index) + int(beyond)} END"
            for _, index, limit in kind_codes
        )
        + " ELSE -1 END"
    )


def _signal_rates_query(
    start: float, split: float, end: float, weights: dict[str, float], contact_ids: Sequence[int] | None
) -> tuple[str, tuple[Any, ...]]:
    """:meth:`Store.signal_rates`' statement: SQLite sums each contact's windows, so only a row
    per contact comes back, not one per interaction."""
    kinds = list(weights)
    weight = "CASE kind " + " ".join("WHEN ? THEN ?" for _ in kinds) + " END"
    weight_args = tuple(value for kind in kinds for value in (kind, float(weights[kind])))
    if contact_ids is None:
        who = ""
    elif len(contact_ids) == 1:
        who = "contact_id = ? AND "
    else:
        who = f"contact_id IN ({', '.join('?' * len(contact_ids))}) AND "
    # ``+kind``: the time (or the contact) picks the index; the kinds are nearly all of them.
    sql = (
        f"SELECT contact_id, coalesce(sum(CASE WHEN occurred_at > ? THEN {weight} END), 0.0), "
        f"coalesce(sum(CASE WHEN occurred_at <= ? THEN {weight} END), 0.0) FROM interactions "
        f"WHERE {who}occurred_at > ? AND occurred_at <= ? AND +kind IN ({', '.join('?' * len(kinds))}) "
        "GROUP BY contact_id"
    )
    return sql, (
        split,
        *weight_args,
        split,
        *weight_args,
        *(() if contact_ids is None else contact_ids),
        start,
        end,
        *kinds,
    )


def _rates(rows: Iterable[Sequence[Any]]) -> dict[int, tuple[float, float]]:
    return {contact_id: (recent, before) for contact_id, recent, before in rows}


def _interaction_from_row(row: tuple[Any, ...]) -> Interaction:
    return Interaction(
        id=row[0],
        contact_id=row[1],
        kind=row[2],
        occurred_at=from_timestamp(row[3]),
        note=row[4],
        created_at=from_timestamp(row[5]),
        actor=row[6],
    )


def _pin_from_row(row: tuple[Any, ...]) -> Pin:
    return Pin(
        contact_id=row[0],
        temperature=Temperature(row[1]),
        since=from_timestamp(row[2]),
        expires_at=None if row[3] is None else from_timestamp(row[3]),
    )


def _board_filter(include_closed: bool, include_archived: bool, contact_ids: Sequence[int] | None) -> str:
    """The WHERE clause of the board's contacts (``contact_ids`` as parameters)."""
    return " AND ".join(
        [
            "TRUE",
            *(() if include_archived else ("c.archived = 0",)),
            *(() if include_closed else ("c.outcome = 'open'",)),
            *(() if contact_ids is None else (f"c.id IN ({', '.join('?' * len(contact_ids))})",)),
        ]
    )
