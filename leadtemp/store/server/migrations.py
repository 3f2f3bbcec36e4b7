"""The schema on PostgreSQL: the same steps, with the same version numbers, as SQLite's.

A step here is PostgreSQL's form of SQLite's step of that number (``leadtemp.store.migrations``):
instants are ``double precision`` epoch seconds and flags ``integer`` 0/1 as there, every table
has a ``rowid`` column for the order rows came in, an ``id`` is given by a sequence (or kept when
one is given, as SQLite does), the day ranks are kept by PL/pgSQL triggers, and every write moves
``leadtemp_writes`` and notifies ``leadtemp``. A SQLite step without a form here stops the
upgrade with a message, so no step is ever skipped.
"""

from __future__ import annotations

from collections.abc import Callable

from leadtemp.errors import DatabaseError
from leadtemp.store.migrations import LATEST_VERSION, move_linkedin_out_of_notes
from leadtemp.store.server.connection import ServerConnection, schema_version

Step = Callable[[ServerConnection], None]
#: The channel every committed write is announced on (see ``leadtemp.store.server.database``).
CHANNEL = "leadtemp"


def _script(conn: ServerConnection, script: str) -> None:
    conn.raw.execute(script)


def _with_ids(conn: ServerConnection, *tables: str) -> None:
    """``id`` from a sequence of the table's own when none is given."""
    for table in tables:
        _script(
            conn,
            f"CREATE SEQUENCE {table}_ids OWNED BY {table}.id; "
            f"CREATE TRIGGER {table}_id BEFORE INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION leadtemp_id()",
        )


def _announced(conn: ServerConnection, *tables: str) -> None:
    """Every statement that writes one of ``tables`` moves the write counter and notifies."""
    for table in tables:
        _script(
            conn,
            f"CREATE TRIGGER {table}_written AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION leadtemp_written()",
        )


def _v1_initial(conn: ServerConnection) -> None:
    _script(
        conn,
        f"""
        CREATE TABLE leadtemp_schema (version integer NOT NULL);
        CREATE SEQUENCE leadtemp_writes;
        CREATE FUNCTION leadtemp_id() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            ids regclass := (TG_TABLE_NAME || '_ids')::regclass;
        BEGIN
            IF NEW.id IS NULL THEN
                NEW.id := nextval(ids);
            ELSIF NEW.id > coalesce(pg_sequence_last_value(ids), 0) THEN
                PERFORM setval(ids, NEW.id);
            END IF;
            RETURN NEW;
        END $$;
        CREATE FUNCTION leadtemp_written() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM nextval('leadtemp_writes');
            PERFORM pg_notify('{CHANNEL}', TG_TABLE_NAME);
            RETURN NULL;
        END $$;
        CREATE TABLE contacts (
            id bigint PRIMARY KEY,
            name text NOT NULL CHECK (length(trim(name)) > 0),
            email text NOT NULL DEFAULT '',
            phone text NOT NULL DEFAULT '',
            company text NOT NULL DEFAULT '',
            role text NOT NULL DEFAULT '',
            industry text NOT NULL DEFAULT '',
            company_size bigint CHECK (company_size IS NULL OR company_size >= 0),
            source text NOT NULL DEFAULT '',
            fit integer CHECK (fit IS NULL OR fit BETWEEN 0 AND 10),
            notes text NOT NULL DEFAULT '',
            outcome text NOT NULL DEFAULT 'open' CHECK (outcome IN ('open', 'won', 'lost')),
            archived integer NOT NULL DEFAULT 0,
            created_at double precision NOT NULL,
            updated_at double precision NOT NULL,
            rowid bigserial
        );
        CREATE TABLE interactions (
            id bigint PRIMARY KEY,
            contact_id bigint NOT NULL REFERENCES contacts(id) ON DELETE CASCADE DEFERRABLE,
            kind text NOT NULL,
            occurred_at double precision NOT NULL,
            note text NOT NULL DEFAULT '',
            created_at double precision NOT NULL,
            rowid bigserial
        );
        CREATE INDEX interactions_by_contact ON interactions (contact_id, occurred_at);
        CREATE TABLE pins (
            contact_id bigint PRIMARY KEY REFERENCES contacts(id) ON DELETE CASCADE DEFERRABLE,
            temperature text NOT NULL CHECK (temperature IN ('cold', 'warm', 'hot')),
            since double precision NOT NULL,
            expires_at double precision,
            rowid bigserial
        );
        CREATE TABLE checklist_progress (
            contact_id bigint NOT NULL REFERENCES contacts(id) ON DELETE CASCADE DEFERRABLE,
            temperature text NOT NULL,
            item_id text NOT NULL,
            done_at double precision NOT NULL,
            rowid bigserial,
            PRIMARY KEY (contact_id, temperature, item_id)
        );
        CREATE TABLE settings (key text PRIMARY KEY, value text NOT NULL, rowid bigserial)
        """,
    )
    _with_ids(conn, "contacts", "interactions")
    _announced(conn, "contacts", "interactions", "pins", "checklist_progress", "settings")


def _v2_score_state(conn: ServerConnection) -> None:
    _script(
        conn,
        """
        CREATE TABLE score_state (
            contact_id bigint PRIMARY KEY REFERENCES contacts(id) ON DELETE CASCADE DEFERRABLE,
            fingerprint text NOT NULL,
            behavioral double precision NOT NULL DEFAULT 0, behavioral_ref double precision,
            engagement double precision NOT NULL DEFAULT 0, engagement_ref double precision,
            explicit_interest double precision NOT NULL DEFAULT 0, explicit_interest_ref double precision,
            negative double precision NOT NULL DEFAULT 0, negative_ref double precision,
            last_touch double precision,
            last_buying_signal double precision,
            last_outreach double precision,
            newest double precision,
            last_temperature text,
            rowid bigserial
        );
        CREATE INDEX interactions_by_time ON interactions (occurred_at);
        INSERT INTO score_state (contact_id, fingerprint) SELECT id, '' FROM contacts
        """,
    )
    _announced(conn, "score_state")


def _v3_import_batches(conn: ServerConnection) -> None:
    _script(
        conn,
        """
        CREATE TABLE import_batches (
            id bigint PRIMARY KEY,
            file_name text NOT NULL,
            format text NOT NULL,
            preset text NOT NULL DEFAULT '',
            source text NOT NULL DEFAULT '',
            created_at double precision NOT NULL,
            undone_at double precision,
            summary text NOT NULL DEFAULT '{}',
            rowid bigserial
        );
        ALTER TABLE contacts ADD COLUMN batch_id bigint REFERENCES import_batches(id) DEFERRABLE;
        ALTER TABLE contacts ADD COLUMN source_file text NOT NULL DEFAULT '';
        CREATE INDEX contacts_by_batch ON contacts (batch_id);
        CREATE TABLE import_updates (
            batch_id bigint NOT NULL REFERENCES import_batches(id) ON DELETE CASCADE DEFERRABLE,
            contact_id bigint NOT NULL REFERENCES contacts(id) ON DELETE CASCADE DEFERRABLE,
            previous text NOT NULL,
            rowid bigserial UNIQUE
        )
        """,
    )
    _with_ids(conn, "import_batches")
    _announced(conn, "import_batches", "import_updates")


def _v4_outcome_changes_and_merges(conn: ServerConnection) -> None:
    _script(
        conn,
        """
        CREATE TABLE outcome_changes (
            id bigint PRIMARY KEY,
            contact_id bigint NOT NULL REFERENCES contacts(id) ON DELETE CASCADE DEFERRABLE,
            outcome text NOT NULL CHECK (outcome IN ('open', 'won', 'lost')),
            changed_at double precision NOT NULL,
            rowid bigserial
        );
        CREATE INDEX outcome_changes_by_contact ON outcome_changes (contact_id, changed_at);
        CREATE TABLE contact_merges (
            id bigint PRIMARY KEY,
            contact_id bigint NOT NULL REFERENCES contacts(id) ON DELETE CASCADE DEFERRABLE,
            merged_id bigint NOT NULL,
            merged_name text NOT NULL,
            merged_at double precision NOT NULL,
            rowid bigserial
        );
        CREATE INDEX contact_merges_by_contact ON contact_merges (contact_id)
        """,
    )
    _with_ids(conn, "outcome_changes", "contact_merges")
    _announced(conn, "outcome_changes", "contact_merges")
    _script(
        conn,
        "INSERT INTO outcome_changes (contact_id, outcome, changed_at) "
        "SELECT id, outcome, updated_at FROM contacts WHERE outcome != 'open' ORDER BY id",
    )


def _v5_linkedin(conn: ServerConnection) -> None:
    _script(conn, "ALTER TABLE contacts ADD COLUMN linkedin text NOT NULL DEFAULT ''")
    move_linkedin_out_of_notes(conn)  # type: ignore[arg-type]


def _v6_rules_history(conn: ServerConnection) -> None:
    _script(
        conn,
        """
        CREATE TABLE rules_history (
            id bigint PRIMARY KEY,
            changed_at double precision NOT NULL,
            action text NOT NULL,
            before text NOT NULL,
            after text NOT NULL,
            undone_at double precision,
            rowid bigserial
        )
        """,
    )
    _with_ids(conn, "rules_history")
    _announced(conn, "rules_history")


def _v7_lasting_facts(conn: ServerConnection) -> None:
    _script(
        conn,
        "ALTER TABLE score_state ADD COLUMN lasting double precision NOT NULL DEFAULT 0; "
        "ALTER TABLE score_state ADD COLUMN lasting_ref double precision; "
        "UPDATE score_state SET fingerprint = ''",
    )


def _v8_next_steps_and_snoozes(conn: ServerConnection) -> None:
    _script(
        conn,
        """
        CREATE TABLE next_steps (
            contact_id bigint PRIMARY KEY REFERENCES contacts(id) ON DELETE CASCADE DEFERRABLE,
            text text NOT NULL CHECK (length(trim(text)) > 0),
            due text NOT NULL CHECK (due ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
            created_at double precision NOT NULL,
            rowid bigserial
        );
        CREATE TABLE snoozes (
            contact_id bigint PRIMARY KEY REFERENCES contacts(id) ON DELETE CASCADE DEFERRABLE,
            until text NOT NULL CHECK (until ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
            snoozed_at double precision NOT NULL,
            rowid bigserial
        );
        CREATE INDEX interactions_by_kind ON interactions (kind, contact_id, occurred_at)
        """,
    )
    _announced(conn, "next_steps", "snoozes")


def _v9_capture(conn: ServerConnection) -> None:
    _script(
        conn,
        """
        CREATE TABLE capture_batches (
            id bigint PRIMARY KEY,
            label text NOT NULL,
            created_at double precision NOT NULL,
            undone_at double precision,
            summary text NOT NULL DEFAULT '{}',
            rowid bigserial
        );
        CREATE TABLE capture_keys (
            source text NOT NULL,
            source_key text NOT NULL,
            batch_id bigint NOT NULL REFERENCES capture_batches(id) ON DELETE CASCADE DEFERRABLE,
            interaction_id bigint REFERENCES interactions(id) ON DELETE SET NULL DEFERRABLE,
            rowid bigserial,
            PRIMARY KEY (source, source_key)
        );
        CREATE INDEX capture_keys_by_batch ON capture_keys (batch_id);
        CREATE INDEX capture_keys_by_interaction ON capture_keys (interaction_id);
        CREATE TABLE contact_addresses (
            contact_id bigint NOT NULL REFERENCES contacts(id) ON DELETE CASCADE DEFERRABLE,
            address text NOT NULL CHECK (length(address) > 0),
            batch_id bigint REFERENCES capture_batches(id) DEFERRABLE,
            rowid bigserial,
            PRIMARY KEY (contact_id, address)
        );
        CREATE INDEX contact_addresses_by_address ON contact_addresses (address);
        CREATE TABLE capture_contacts (
            batch_id bigint NOT NULL REFERENCES capture_batches(id) ON DELETE CASCADE DEFERRABLE,
            contact_id bigint NOT NULL REFERENCES contacts(id) ON DELETE CASCADE DEFERRABLE,
            rowid bigserial,
            PRIMARY KEY (batch_id, contact_id)
        );
        CREATE TABLE ignored_senders (
            address text PRIMARY KEY CHECK (length(address) > 0),
            added_at double precision NOT NULL,
            rowid bigserial
        );
        INSERT INTO contact_addresses (contact_id, address)
            SELECT id, lower(trim(email)) FROM contacts WHERE trim(email) LIKE '%_@_%' ORDER BY id
            ON CONFLICT DO NOTHING
        """,
    )
    _with_ids(conn, "capture_batches")
    _announced(
        conn, "capture_batches", "capture_keys", "contact_addresses", "capture_contacts", "ignored_senders"
    )


def _v10_imap_folders(conn: ServerConnection) -> None:
    _script(
        conn,
        """
        CREATE TABLE imap_folders (
            account text NOT NULL,
            folder text NOT NULL,
            uidvalidity bigint NOT NULL,
            last_uid bigint NOT NULL CHECK (last_uid >= 0),
            checked_at double precision NOT NULL,
            rowid bigserial,
            PRIMARY KEY (account, folder)
        )
        """,
    )
    _announced(conn, "imap_folders")


def _v11_day_ranks(conn: ServerConnection) -> None:
    from leadtemp.store.server import day_ranks

    _script(conn, "ALTER TABLE interactions ADD COLUMN day_rank integer NOT NULL DEFAULT 1")
    day_ranks.rank_all(conn)
    day_ranks.create_triggers(conn)
    _script(
        conn,
        "DROP INDEX IF EXISTS interactions_by_kind; "
        "CREATE INDEX interactions_by_kind ON interactions (kind, contact_id, occurred_at, day_rank); "
        "UPDATE score_state SET fingerprint = ''",
    )


def _v12_qualifications(conn: ServerConnection) -> None:
    _script(
        conn,
        """
        CREATE TABLE qualifications (
            contact_id bigint NOT NULL REFERENCES contacts(id) ON DELETE CASCADE DEFERRABLE,
            criterion text NOT NULL CHECK (criterion IN ('budget', 'authority', 'need', 'timeline')),
            answer text NOT NULL CHECK (length(answer) > 0),
            note text NOT NULL DEFAULT '',
            learned_at double precision NOT NULL,
            rowid bigserial,
            PRIMARY KEY (contact_id, criterion)
        )
        """,
    )
    _announced(conn, "qualifications")


def _v13_companies(conn: ServerConnection) -> None:
    from leadtemp.store.companies import link_contacts

    _script(
        conn,
        """
        CREATE TABLE companies (
            id bigint PRIMARY KEY,
            name text NOT NULL CHECK (length(trim(name)) > 0),
            name_key text NOT NULL,
            domain text UNIQUE CHECK (domain IS NULL OR length(domain) > 0),
            industry text NOT NULL DEFAULT '',
            size bigint CHECK (size IS NULL OR size >= 0),
            created_at double precision NOT NULL,
            rowid bigserial
        );
        CREATE INDEX companies_by_name ON companies (name_key);
        CREATE TABLE company_people (
            contact_id bigint PRIMARY KEY REFERENCES contacts(id) ON DELETE CASCADE DEFERRABLE,
            company_id bigint NOT NULL REFERENCES companies(id) ON DELETE CASCADE DEFERRABLE,
            rowid bigserial
        );
        CREATE INDEX company_people_by_company ON company_people (company_id);
        CREATE TABLE contact_seniority (
            contact_id bigint PRIMARY KEY REFERENCES contacts(id) ON DELETE CASCADE DEFERRABLE,
            seniority text NOT NULL CHECK (seniority IN ('decision-maker', 'influencer', 'user')),
            rowid bigserial
        );
        CREATE TABLE stakeholder_joins (
            company_id bigint NOT NULL REFERENCES companies(id) ON DELETE CASCADE DEFERRABLE,
            newcomer_id bigint NOT NULL REFERENCES contacts(id) ON DELETE CASCADE DEFERRABLE,
            earlier_id bigint NOT NULL REFERENCES contacts(id) ON DELETE CASCADE DEFERRABLE,
            joined_at double precision NOT NULL,
            newcomer_interaction_id bigint NOT NULL REFERENCES interactions(id) ON DELETE CASCADE DEFERRABLE,
            interaction_id bigint REFERENCES interactions(id) ON DELETE SET NULL DEFERRABLE,
            rowid bigserial,
            PRIMARY KEY (company_id, newcomer_id)
        );
        CREATE INDEX stakeholder_joins_by_newcomer_interaction ON stakeholder_joins (newcomer_interaction_id);
        CREATE INDEX stakeholder_joins_by_interaction ON stakeholder_joins (interaction_id)
        """,
    )
    _with_ids(conn, "companies")
    _announced(conn, "companies", "company_people", "contact_seniority", "stakeholder_joins")
    row = conn.execute("SELECT coalesce(max(updated_at), 0) FROM contacts").fetchone()
    link_contacts(conn, None, row[0] if row else 0)  # type: ignore[arg-type]


def _v14_actors_and_lead_changes(conn: ServerConnection) -> None:
    _script(
        conn,
        """
        ALTER TABLE interactions ADD COLUMN actor text NOT NULL DEFAULT '';
        ALTER TABLE pins ADD COLUMN actor text NOT NULL DEFAULT '';
        ALTER TABLE checklist_progress ADD COLUMN actor text NOT NULL DEFAULT '';
        ALTER TABLE outcome_changes ADD COLUMN actor text NOT NULL DEFAULT '';
        CREATE TABLE lead_changes (
            id bigint PRIMARY KEY,
            contact_id bigint NOT NULL REFERENCES contacts(id) ON DELETE CASCADE DEFERRABLE,
            actor text NOT NULL DEFAULT '',
            action text NOT NULL,
            aspects text NOT NULL DEFAULT '',
            summary text NOT NULL DEFAULT '',
            changed_at double precision NOT NULL,
            rowid bigserial
        );
        CREATE INDEX lead_changes_by_contact ON lead_changes (contact_id, id)
        """,
    )
    _with_ids(conn, "lead_changes")
    _announced(conn, "lead_changes")


def _v15_log_by_contact(conn: ServerConnection) -> None:
    _script(
        conn,
        "CREATE INDEX interactions_by_contact_in_order "
        "ON interactions (contact_id, occurred_at, id, kind, day_rank)",
    )


def _v16_reads_from_indexes(conn: ServerConnection) -> None:
    _script(
        conn,
        "CREATE INDEX interactions_by_time_and_contact ON interactions (occurred_at, contact_id, kind); "
        "DROP INDEX interactions_by_time; "
        "CREATE INDEX contacts_by_update ON contacts (updated_at); "
        "CREATE INDEX contacts_by_creation ON contacts (created_at)",
    )


STEPS: dict[int, Step] = {
    1: _v1_initial,
    2: _v2_score_state,
    3: _v3_import_batches,
    4: _v4_outcome_changes_and_merges,
    5: _v5_linkedin,
    6: _v6_rules_history,
    7: _v7_lasting_facts,
    8: _v8_next_steps_and_snoozes,
    9: _v9_capture,
    10: _v10_imap_folders,
    11: _v11_day_ranks,
    12: _v12_qualifications,
    13: _v13_companies,
    14: _v14_actors_and_lead_changes,
    15: _v15_log_by_contact,
    16: _v16_reads_from_indexes,
}


def missing_steps(target: int = LATEST_VERSION) -> list[int]:
    return [version for version in range(1, target + 1) if version not in STEPS]


def migrate(conn: ServerConnection, where: str, target: int = LATEST_VERSION) -> list[int]:
    """Apply the missing steps up to ``target``, each in its own transaction (taking the book's
    write lock, so two desktops upgrading at once apply each step once); return them."""
    absent = missing_steps(target)
    if absent and schema_version(conn) < target:
        raise DatabaseError(
            f"cannot upgrade {where}: schema step {absent[0]} has no PostgreSQL form in this version "
            "of LeadTemp; nothing was changed"
        )
    applied: list[int] = []
    for version in range(schema_version(conn) + 1, target + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            if schema_version(conn) >= version:
                conn.execute("ROLLBACK")
                continue
            STEPS[version](conn)
            _script(conn, "DELETE FROM leadtemp_schema")
            conn.raw.execute("INSERT INTO leadtemp_schema (version) VALUES (%s)", (version,))
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.raw.execute("ROLLBACK")
            raise
        applied.append(version)
    return applied
