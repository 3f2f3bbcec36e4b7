"""Versioned schema migrations, tracked in ``PRAGMA user_version``.

Each step upgrades the previous version's database in place, inside the same transaction as
the version bump, so a crash leaves either the old schema or the new one, never a mix.
Steps are append-only: a released step is never edited.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from leadtemp.linkedin import profile_from_notes
from leadtemp.store.companies import link_contacts
from leadtemp.store.day_ranks import create_triggers, rank_all

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


def _v9_capture(conn: sqlite3.Connection) -> None:
    """Capture from mail and other sources: each run is a batch that can be undone whole; every
    fact captured keeps its source key (a Message-ID...) so capturing it again logs nothing new;
    a contact has every address it is known by (its e-mail moves in); the senders the user
    always ignores."""
    _run_script(
        conn,
        """
        CREATE TABLE capture_batches (
            id INTEGER PRIMARY KEY,
            label TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            undone_at INTEGER,
            summary TEXT NOT NULL DEFAULT '{}'
        );
        CREATE TABLE capture_keys (
            source TEXT NOT NULL,
            source_key TEXT NOT NULL,
            batch_id INTEGER NOT NULL REFERENCES capture_batches(id) ON DELETE CASCADE,
            interaction_id INTEGER REFERENCES interactions(id) ON DELETE SET NULL,
            PRIMARY KEY (source, source_key)
        );
        CREATE INDEX capture_keys_by_batch ON capture_keys (batch_id);
        CREATE INDEX capture_keys_by_interaction ON capture_keys (interaction_id);
        CREATE TABLE contact_addresses (
            contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
            address TEXT NOT NULL CHECK (length(address) > 0),
            batch_id INTEGER REFERENCES capture_batches(id),
            PRIMARY KEY (contact_id, address)
        );
        CREATE INDEX contact_addresses_by_address ON contact_addresses (address);
        CREATE TABLE capture_contacts (
            batch_id INTEGER NOT NULL REFERENCES capture_batches(id) ON DELETE CASCADE,
            contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
            PRIMARY KEY (batch_id, contact_id)
        );
        CREATE TABLE ignored_senders (
            address TEXT PRIMARY KEY CHECK (length(address) > 0),
            added_at INTEGER NOT NULL
        );
        INSERT OR IGNORE INTO contact_addresses (contact_id, address)
            SELECT id, lower(trim(email)) FROM contacts WHERE trim(email) LIKE '%_@_%' ORDER BY id
        """,
    )


def _v10_imap_folders(conn: sqlite3.Connection) -> None:
    """How far each IMAP folder was read, so a check fetches only new mail: the folder's
    UIDVALIDITY (a new one means the server renumbered it) and the highest UID logged."""
    _run_script(
        conn,
        """
        CREATE TABLE imap_folders (
            account TEXT NOT NULL,
            folder TEXT NOT NULL,
            uidvalidity INTEGER NOT NULL,
            last_uid INTEGER NOT NULL CHECK (last_uid >= 0),
            checked_at INTEGER NOT NULL,
            PRIMARY KEY (account, folder)
        )
        """,
    )


def _v11_day_ranks(conn: sqlite3.Connection) -> None:
    """Each interaction's rank among the same contact's same kind on its UTC day (1 for the
    first, by time then id), kept by triggers through every insert, delete and move, so a daily
    limit per kind (``daily_limit.*``: 50 opens in a day count as one) reads as a plain column
    when the whole log is folded, by SQLite itself over an index by kind. Every state is rebuilt
    on open under the new scoring model."""
    conn.execute("ALTER TABLE interactions ADD COLUMN day_rank INTEGER NOT NULL DEFAULT 1")
    rank_all(conn)
    create_triggers(conn)
    # The whole log by kind, covering what a fold of it reads (see ``Store.decayed_sums``); it
    # replaces the narrower index by kind the agenda's touches were read with, and serves them too.
    conn.execute("DROP INDEX IF EXISTS interactions_by_kind")
    conn.execute(
        "CREATE INDEX interactions_by_kind ON interactions (kind, contact_id, occurred_at, day_rank)"
    )
    conn.execute("UPDATE score_state SET fingerprint = ''")


def _v12_qualifications(conn: sqlite3.Connection) -> None:
    """A lead's budget, authority, need and timeline: one row per criterion answered (or noted),
    with its note and when it was learned; a criterion without a row is unknown."""
    _run_script(
        conn,
        """
        CREATE TABLE qualifications (
            contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
            criterion TEXT NOT NULL CHECK (criterion IN ('budget', 'authority', 'need', 'timeline')),
            answer TEXT NOT NULL CHECK (length(answer) > 0),
            note TEXT NOT NULL DEFAULT '',
            learned_at REAL NOT NULL,
            PRIMARY KEY (contact_id, criterion)
        )
        """,
    )


def _v13_companies(conn: sqlite3.Connection) -> None:
    """Companies as records of their own (name, domain, industry, size), each contact linked to
    the one its e-mail domain names (never a free-mail one) or, failing that, its company name;
    the seniority a user set for a contact; and each time a second person from a company joined
    the conversation (the engagement that made it, and the signal logged for it), so that buying
    signal is logged once, and goes with that engagement. Existing contacts get their companies."""
    _run_script(
        conn,
        """
        CREATE TABLE companies (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            name_key TEXT NOT NULL,
            domain TEXT UNIQUE CHECK (domain IS NULL OR length(domain) > 0),
            industry TEXT NOT NULL DEFAULT '',
            size INTEGER CHECK (size IS NULL OR size >= 0),
            created_at INTEGER NOT NULL
        );
        CREATE INDEX companies_by_name ON companies (name_key);
        CREATE TABLE company_people (
            contact_id INTEGER PRIMARY KEY REFERENCES contacts(id) ON DELETE CASCADE,
            company_id INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE
        );
        CREATE INDEX company_people_by_company ON company_people (company_id);
        CREATE TABLE contact_seniority (
            contact_id INTEGER PRIMARY KEY REFERENCES contacts(id) ON DELETE CASCADE,
            seniority TEXT NOT NULL CHECK (seniority IN ('decision-maker', 'influencer', 'user'))
        );
        CREATE TABLE stakeholder_joins (
            company_id INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
            newcomer_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
            earlier_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
            joined_at REAL NOT NULL,
            newcomer_interaction_id INTEGER NOT NULL REFERENCES interactions(id) ON DELETE CASCADE,
            interaction_id INTEGER REFERENCES interactions(id) ON DELETE SET NULL,
            PRIMARY KEY (company_id, newcomer_id)
        );
        CREATE INDEX stakeholder_joins_by_newcomer_interaction ON stakeholder_joins (newcomer_interaction_id);
        CREATE INDEX stakeholder_joins_by_interaction ON stakeholder_joins (interaction_id)
        """,
    )
    at = conn.execute("SELECT coalesce(max(updated_at), 0) FROM contacts").fetchone()[0]
    link_contacts(conn, None, at)


#: The first schema with companies: a book written before it gets them from its contacts.
COMPANIES_VERSION = 13


def _v14_actors_and_lead_changes(conn: sqlite3.Connection) -> None:
    """Who did what, for a book several people work on: each interaction, pin, tick and outcome
    change names its actor ('' for one recorded before names were), and every change a person
    makes to a lead is journalled with its actor, what it touched and when. A journal entry's id
    is the lead's row version after it: a write checks no one else touched the same thing since
    the version its caller saw."""
    _run_script(
        conn,
        """
        ALTER TABLE interactions ADD COLUMN actor TEXT NOT NULL DEFAULT '';
        ALTER TABLE pins ADD COLUMN actor TEXT NOT NULL DEFAULT '';
        ALTER TABLE checklist_progress ADD COLUMN actor TEXT NOT NULL DEFAULT '';
        ALTER TABLE outcome_changes ADD COLUMN actor TEXT NOT NULL DEFAULT '';
        CREATE TABLE lead_changes (
            id INTEGER PRIMARY KEY,
            contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
            actor TEXT NOT NULL DEFAULT '',
            action TEXT NOT NULL,
            aspects TEXT NOT NULL DEFAULT '',
            summary TEXT NOT NULL DEFAULT '',
            changed_at REAL NOT NULL
        );
        CREATE INDEX lead_changes_by_contact ON lead_changes (contact_id, id)
        """,
    )


def _v15_log_by_contact(conn: sqlite3.Connection) -> None:
    """Each contact's log in its order (time, then the order logged), covering what a replay of it
    reads: the report walks every lead's history in this order, and a window's first cards read
    their leads' recent kinds, without a sort or a look-up in the table."""
    conn.execute(
        "CREATE INDEX interactions_by_contact_in_order "
        "ON interactions (contact_id, occurred_at, id, kind, day_rank)"
    )


def _v16_reads_from_indexes(conn: sqlite3.Connection) -> None:
    """The log by time, naming each interaction's contact and kind: the board's trend reads every
    contact's signals of the last weeks from the index alone, without a look-up in the table per
    interaction. The contacts by when they were added and edited: a window's first cards find
    the leads written since they were last shown without reading every contact."""
    _run_script(
        conn,
        """
        CREATE INDEX interactions_by_time_and_contact ON interactions (occurred_at, contact_id, kind);
        DROP INDEX interactions_by_time;
        CREATE INDEX contacts_by_update ON contacts (updated_at);
        CREATE INDEX contacts_by_creation ON contacts (created_at);
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
    _v9_capture,
    _v10_imap_folders,
    _v11_day_ranks,
    _v12_qualifications,
    _v13_companies,
    _v14_actors_and_lead_changes,
    _v15_log_by_contact,
    _v16_reads_from_indexes,
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
