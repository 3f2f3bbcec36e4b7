"""Opening a book on a PostgreSQL server: TLS checked, the password from the keychain or the
environment, the schema at this version's, one connection per thread (as SQLite's)."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg

from leadtemp.errors import DatabaseError, ServerUnreachable
from leadtemp.server_address import ServerAddress, as_path
from leadtemp.store.migrations import LATEST_VERSION
from leadtemp.store.server import keychain
from leadtemp.store.server.connection import ServerConnection, schema_version
from leadtemp.store.server.migrations import migrate
from leadtemp.store.server.roles import may_write


def connect_raw(
    address: ServerAddress, *, timeout_seconds: int | None = None, password: str | None = None
) -> psycopg.Connection[tuple[object, ...]]:
    """A connection in autocommit mode, or a :class:`DatabaseError` that says what to do
    (:class:`ServerUnreachable` when nothing answers); ``password``: the one just typed, else
    the keychain's."""
    if not address.verified:
        print(
            f"leadtemp: warning: the certificate of {address.host} is not checked (sslmode=require): "
            "the connection is encrypted, but anyone in between could pose as the server",
            file=sys.stderr,
        )
    if password is None:
        password = keychain.password_for(address)
    try:
        arguments = address.connect_arguments(password)
        if timeout_seconds is not None:
            arguments["connect_timeout"] = str(timeout_seconds)
        conninfo = psycopg.conninfo.make_conninfo("", **arguments)
        return psycopg.connect(conninfo, autocommit=True)
    except psycopg.OperationalError as error:
        why = _why_not(address, error)
        if why.startswith("cannot reach"):
            raise ServerUnreachable(why, address.host) from None
        raise DatabaseError(why) from None


#: How long a look at whether a lost server is back may wait for it.
ANSWER_TIMEOUT_SECONDS = 3


def server_answers(address: ServerAddress) -> bool:
    """Whether the server takes a connection now (any answer but silence counts: a refused
    password is a message for the open that follows, not a server that is away)."""
    try:
        connect_raw(address, timeout_seconds=ANSWER_TIMEOUT_SECONDS).close()
    except ServerUnreachable:
        return False
    except DatabaseError:
        return True
    return True


def try_book(address: ServerAddress, password: str | None) -> None:
    """Whether ``address`` opens a book with ``password`` (none: the keychain's): nothing, or the
    :class:`DatabaseError` that says why not, before the password is kept anywhere."""
    connection = ServerConnection(connect_raw(address, password=password), str(address), address.host)
    try:
        if schema_version(connection) == 0:
            raise DatabaseError(f"no LeadTemp book at {address} (create one with `leadtemp server init`)")
    finally:
        connection.close()


def _why_not(address: ServerAddress, error: psycopg.OperationalError) -> str:
    text = " ".join(str(error).split())
    lowered = text.lower()
    if "certificate verify failed" in lowered or "does not match host name" in lowered:
        return (
            f"cannot open {address}: the server's certificate is not valid for {address.host} ({text}); "
            "give its CA with --ca FILE, or (trusting the network) turn verification off with --no-verify"
        )
    if "root certificate file" in lowered:
        return f"cannot open {address}: {text}"
    if "password" in lowered or "authentication" in lowered:
        return (
            f"cannot open {address}: the server refused {address.user}'s password; keep the right one "
            "with `leadtemp server password URI` or pass --password-env VAR"
        )
    if "does not exist" in lowered and "database" in lowered:
        return f"cannot open {address}: no database {address.database} on the server"
    return f"cannot reach {address}: {text}"


class ServerDatabase:
    """A book on a server, with the same face as :class:`leadtemp.store.database.Database`."""

    def __init__(self, address: ServerAddress, *, create: bool = True, read_only: bool = False) -> None:
        self.address = address
        self.path = as_path(address)
        self.read_only = read_only
        self.conn = ServerConnection(connect_raw(address), str(address), address.host)
        try:
            self._open(create=create)
        except BaseException:
            self.conn.close()
            raise

    def _open(self, *, create: bool) -> None:
        version = schema_version(self.conn)
        if version > LATEST_VERSION:
            raise DatabaseError(
                f"{self.address} was written by a newer version of LeadTemp (schema {version}, this "
                f"version reads up to {LATEST_VERSION}); please update LeadTemp"
            )
        if version == 0:
            if not create or self.read_only:
                raise DatabaseError(
                    f"no LeadTemp book at {self.address} (create one with `leadtemp server init`)"
                )
            tables = self.conn.raw.execute(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"
            ).fetchone()
            if tables and tables[0]:
                raise DatabaseError(f"{self.address} holds tables of its own: not a LeadTemp book")
        if version < LATEST_VERSION:
            if self.read_only:
                raise DatabaseError(
                    f"{self.address} is from an older LeadTemp; it must be upgraded, which needs write access"
                )
            migrate(self.conn, str(self.address))
        self.conn.counting_writes()
        if not self.read_only and not may_write(self.conn):
            # A role granted reading only: the book opens as a read-only file does.
            self.read_only = True
        if self.read_only:
            self.conn.raw.execute("SET default_transaction_read_only = on")

    @contextmanager
    def transaction(self, *, wait: bool = True) -> Iterator[ServerConnection]:
        """One user action, all or nothing; nested calls become savepoints. ``wait`` is the
        file book's (whether to wait for another process's lock): a server locks rows, not the
        book, so a transaction here only ever waits for the rows it writes."""
        if self.conn.in_transaction:
            self.conn.execute("SAVEPOINT leadtemp_nested")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK TO SAVEPOINT leadtemp_nested")
                raise
            self.conn.execute("RELEASE SAVEPOINT leadtemp_nested")
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
            self._commit()
        finally:
            if self.conn.in_transaction:
                self._rollback()

    def _commit(self) -> None:
        self.conn.end("COMMIT")

    def _rollback(self) -> None:
        # A server that is gone rolls the transaction back itself.
        with contextlib.suppress(DatabaseError):
            self.conn.end("ROLLBACK")

    def close(self) -> None:
        self.conn.close()


def password_env(variable: str) -> None:
    """``--password-env VAR``: the password for this run is in ``$VAR`` (libpq's ``PGPASSWORD``)."""
    value = os.environ.get(variable)
    if not value:
        raise DatabaseError(f"--password-env {variable}: the environment variable is not set or empty")
    os.environ["PGPASSWORD"] = value
