"""Who may use a book on a server: PostgreSQL roles and GRANTs, so an assistant can read the book
without changing it. The roles themselves are the server administrator's (``CREATE ROLE``)."""

from __future__ import annotations

import re

from psycopg import sql

from leadtemp.errors import DatabaseError, ValidationError
from leadtemp.store.server.connection import ServerConnection

_ROLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_$-]{0,62}$")
_READ = "SELECT"
_WRITE = "SELECT, INSERT, UPDATE, DELETE"


def grant(conn: ServerConnection, role: str, *, read_only: bool) -> None:
    """Let ``role`` read the book (``read_only``) or work on it; a role granted both keeps the
    last. Tables a later LeadTemp adds are granted alike (default privileges)."""
    if not _ROLE.match(role):
        raise ValidationError(f"{role!r} is not a role name")
    exists = conn.raw.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
    if exists is None:
        raise DatabaseError(
            f"there is no role {role} on {conn.where}; the server's administrator makes it first "
            f"(CREATE ROLE {role} LOGIN PASSWORD '...')"
        )
    who = sql.Identifier(role)
    tables, sequences = (_READ, "SELECT") if read_only else (_WRITE, "USAGE, SELECT, UPDATE")
    statements = [
        sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(sql.Identifier(_database(conn)), who),
        sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(who),
        sql.SQL("REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA public FROM {}").format(who),
        sql.SQL("REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {}").format(who),
        sql.SQL(f"GRANT {tables} ON ALL TABLES IN SCHEMA public TO {{}}").format(who),
        sql.SQL(f"GRANT {sequences} ON ALL SEQUENCES IN SCHEMA public TO {{}}").format(who),
        sql.SQL(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT {tables} ON TABLES TO {{}}").format(who),
        sql.SQL(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT {sequences} ON SEQUENCES TO {{}}").format(
            who
        ),
    ]
    conn.execute("BEGIN IMMEDIATE")
    try:
        for statement in statements:
            conn.raw.execute(statement)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.raw.execute("ROLLBACK")
        raise


def may_write(conn: ServerConnection) -> bool:
    """Whether this connection's role may change the book."""
    row = conn.raw.execute("SELECT has_table_privilege('contacts', 'INSERT')").fetchone()
    return bool(row and row[0])


def owns_the_book(conn: ServerConnection) -> bool:
    """Whether this connection's role owns the book's tables (may change their triggers)."""
    row = conn.raw.execute(
        "SELECT pg_has_role(current_user, tableowner, 'MEMBER') FROM pg_tables "
        "WHERE schemaname = current_schema() AND tablename = 'interactions'"
    ).fetchone()
    return bool(row and row[0])


def _database(conn: ServerConnection) -> str:
    row = conn.raw.execute("SELECT current_database()").fetchone()
    return str(row[0]) if row else ""
