"""Versioned schema migrations, tracked in ``PRAGMA user_version``.

Each step upgrades the previous version's database in place, inside the same transaction as
the version bump, so a crash leaves either the old schema or the new one, never a mix.
Steps are append-only: a released step is never edited.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from leadtemp.linkedin import profile_from_notes

Migration = Callable[[sqlite3.Connection], None]


def _run_script(conn: sqlite3.Connection, script: str) -> None:
    """Run statements one by one: ``executescript`` would commit the open transaction."""
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def _v1_initial(conn: sqlite3.Connection) -> None:
    _run_script(
        conn,
        """
        CREATE TABLE contacts (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            email TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            company TEXT NOT NULL DEFAULT '',
            role TEXT NOT NULL DEFAULT '',
            industry TEXT NOT NULL DEFAULT '',
            company_size INTEGER CHECK (company_size IS NULL OR company_size >= 0),
            source TEXT NOT NULL DEFAULT '',
            fit INTEGER CHECK (fit IS NULL OR fit BETWEEN 0 AND 10),
            notes TEXT NOT NULL DEFAULT '',
            outcome TEXT NOT NULL DEFAULT 'open' CHECK (outcome IN ('open', 'won', 'lost')),
            archived INTEGER NOT NULL DEFAULT 0,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE TABLE interactions (
            id INTEGER PRIMARY KEY,
            contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            occurred_at INTEGER NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            created_at INTEGER NOT NULL
        );
        CREATE INDEX interactions_by_contact ON interactions (contact_id, occurred_at);
        CREATE TABLE pins (
            contact_id INTEGER PRIMARY KEY REFERENCES contacts(id) ON DELETE CASCADE,
            temperature TEXT NOT NULL CHECK (temperature IN ('cold', 'warm', 'hot')),
            since INTEGER NOT NULL,
            expires_at INTEGER
        );
        CREATE TABLE checklist_progress (
            contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
            temperature TEXT NOT NULL,
            item_id TEXT NOT NULL,
            done_at INTEGER NOT NULL,
            PRIMARY KEY (contact_id, temperature, item_id)
        );
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """,
    )


def _v2_score_state(conn: sqlite3.Connection) -> None:
    """Running decayed sums per contact, so the board never rescans the interaction log."""
    _run_script(
        conn,
        """
        CREATE TABLE score_state (
            contact_id INTEGER PRIMARY KEY REFERENCES contacts(id) ON DELETE CASCADE,
            fingerprint TEXT NOT NULL,
            behavioral REAL NOT NULL DEFAULT 0, behavioral_ref REAL,
            engagement REAL NOT NULL DEFAULT 0, engagement_ref REAL,
            explicit_interest REAL NOT NULL DEFAULT 0, explicit_interest_ref REAL,
            negative REAL NOT NULL DEFAULT 0, negative_ref REAL,
            last_touch REAL,
            last_buying_signal REAL,
            last_outreach REAL,
            newest REAL,
            last_temperature TEXT
        );
        CREATE INDEX interactions_by_time ON interactions (occurred_at);
        """,
    )
    # Existing contacts get an empty, stale state; the store rebuilds stale states on open.
    conn.execute("INSERT INTO score_state (contact_id, fingerprint) SELECT id, '' FROM contacts")


def _v3_import_batches(conn: sqlite3.Connection) -> None:
    """Imports are recorded as batches so a whole import can be undone later."""
    _run_script(
        conn,
        """
        CREATE TABLE import_batches (
            id INTEGER PRIMARY KEY,
            file_name TEXT NOT NULL,
            format TEXT NOT NULL,
            preset TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT '',
            created_at INTEGER NOT NULL,
            undone_at INTEGER,
            summary TEXT NOT NULL DEFAULT '{}'
        );
        ALTER TABLE contacts ADD COLUMN batch_id INTEGER REFERENCES import_batches(id);
        ALTER TABLE contacts ADD COLUMN source_file TEXT NOT NULL DEFAULT '';
        CREATE INDEX contacts_by_batch ON contacts (batch_id);
        CREATE TABLE import_updates (
            batch_id INTEGER NOT NULL REFERENCES import_batches(id) ON DELETE CASCADE,
            contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
            previous TEXT NOT NULL
        );
        """,
    )


def _v4_outcome_changes_and_merges(conn: sqlite3.Connection) -> None:
    """Every outcome change with its date, so reports can count what was won when (outcomes set
    before this step are dated by their contact's last update, the best the old schema knows),
    and the contacts merged into each one, for its timeline."""
    _run_script(
        conn,
        """
        CREATE TABLE outcome_changes (
            id INTEGER PRIMARY KEY,
            contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
            outcome TEXT NOT NULL CHECK (outcome IN ('open', 'won', 'lost')),
            changed_at INTEGER NOT NULL
        );
        CREATE INDEX outcome_changes_by_contact ON outcome_changes (contact_id, changed_at);
        CREATE TABLE contact_merges (
            id INTEGER PRIMARY KEY,
            contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
            merged_id INTEGER NOT NULL,
            merged_name TEXT NOT NULL,
            merged_at INTEGER NOT NULL
        );
        CREATE INDEX contact_merges_by_contact ON contact_merges (contact_id);
        INSERT INTO outcome_changes (contact_id, outcome, changed_at)
            SELECT id, outcome, updated_at FROM contacts WHERE outcome != 'open' ORDER BY id
        """,
    )


def _v5_linkedin(conn: sqlite3.Connection) -> None:
    """A contact's LinkedIn profile gets a field of its own: imports kept it as a line of the notes
    ("LinkedIn: https://..."), where editing the notes changed who the contact is. The first
    profile named on a line of its own moves out of the notes into the field, normalised."""
    conn.execute("ALTER TABLE contacts ADD COLUMN linkedin TEXT NOT NULL DEFAULT ''")
    move_linkedin_out_of_notes(conn)


#: The first schema with a LinkedIn field: a book written before it keeps profiles in the notes.
LINKEDIN_FIELD_VERSION = 5


def move_linkedin_out_of_notes(conn: sqlite3.Connection) -> None:
    """Give each contact without a LinkedIn profile the first one its notes name on a line of
    its own, taking those lines out of the notes (see ``_v5_linkedin``)."""
    moved = []
    for contact_id, notes in conn.execute(
        "SELECT id, notes FROM contacts WHERE linkedin = '' AND notes LIKE '%linkedin%' ORDER BY id"
    ).fetchall():
        profile, rest = profile_from_notes(notes)
        if profile:
            moved.append((profile, rest, contact_id))
    conn.executemany("UPDATE contacts SET linkedin = ?, notes = ? WHERE id = ?", moved)


def _v6_rules_history(conn: sqlite3.Connection) -> None:
    """Every change of the scoring rules (custom kinds included) with its date and the rules
    before and after it, so a change can be shown, exported and undone."""
    _run_script(
        conn,
        """
        CREATE TABLE rules_history (
            id INTEGER PRIMARY KEY,
            changed_at INTEGER NOT NULL,
            action TEXT NOT NULL,
            before TEXT NOT NULL,
            after TEXT NOT NULL,
            undone_at INTEGER
        )
        """,
    )


def _v7_lasting_facts(conn: sqlite3.Connection) -> None:
    """Lasting facts (a previous customer, a referral) get a running sum of their own, on their own
    half-life; every state is rebuilt on open, so existing books rescore under the new model."""
    _run_script(
        conn,
        """
        ALTER TABLE score_state ADD COLUMN lasting REAL NOT NULL DEFAULT 0;
        ALTER TABLE score_state ADD COLUMN lasting_ref REAL;
        UPDATE score_state SET fingerprint = '';
        """,
    )


def _v8_next_steps_and_snoozes(conn: sqlite3.Connection) -> None:
    """A lead's next step with its due date and a snooze until a date, for the Today agenda. Both
    dates are days on the user's calendar (ISO 8601 ``YYYY-MM-DD``), not instants; an index on the
    log's kinds finds each lead's latest touch (outreach or reply) without reading the whole log."""
    _run_script(
        conn,
        """
        CREATE TABLE next_steps (
            contact_id INTEGER PRIMARY KEY REFERENCES contacts(id) ON DELETE CASCADE,
            text TEXT NOT NULL CHECK (length(trim(text)) > 0),
            due TEXT NOT NULL CHECK (due GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
            created_at REAL NOT NULL
        );
        CREATE TABLE snoozes (
            contact_id INTEGER PRIMARY KEY REFERENCES contacts(id) ON DELETE CASCADE,
            until TEXT NOT NULL CHECK (until GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
            snoozed_at REAL NOT NULL
        );
        CREATE INDEX interactions_by_kind ON interactions (kind, contact_id, occurred_at)
        """,
    )


MIGRATIONS: tuple[Migration, ...] = (
    _v1_initial,
    _v2_score_state,
    _v3_import_batches,
    _v4_outcome_changes_and_merges,
    _v5_linkedin,
    _v6_rules_history,
    _v7_lasting_facts,
    _v8_next_steps_and_snoozes,
)
LATEST_VERSION = len(MIGRATIONS)


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, target: int = LATEST_VERSION) -> list[int]:
    """Apply the missing steps up to ``target``, each in its own transaction; return them."""
    applied: list[int] = []
    current = schema_version(conn)
    for version in range(current + 1, target + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            if schema_version(conn) >= version:
                conn.execute("ROLLBACK")
                continue
            MIGRATIONS[version - 1](conn)
            conn.execute(f"PRAGMA user_version = {version}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        applied.append(version)
    return applied
