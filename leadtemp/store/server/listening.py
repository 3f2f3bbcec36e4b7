"""Hearing every commit to a server book as it happens: ``LISTEN leadtemp`` on a connection of its own.

Every statement that writes a book's table notifies the channel with the table's name (the
``leadtemp_written`` trigger), the command line's and every desktop's alike; PostgreSQL delivers a
transaction's notifications when it commits. A listener only says which tables were written: what
changed is read from the book's journal of lead changes, so a notification missed while the
connection was down loses nothing (the next one reads everything since).
"""

from __future__ import annotations

import contextlib

import psycopg

from leadtemp.errors import DatabaseError, ServerUnreachable
from leadtemp.server_address import ServerAddress
from leadtemp.store.server.database import ServerDatabase, connect_raw
from leadtemp.store.server.migrations import CHANNEL

#: Not a table: what :meth:`ChangeListener.wait` reports after (re)connecting, when anything may
#: have been written unheard.
UNHEARD = "*"


class ChangeListener:
    """One autocommit connection listening on the book's channel; used by one thread at a time."""

    def __init__(self, address: ServerAddress) -> None:
        self.address = address
        self._conn: psycopg.Connection[tuple[object, ...]] | None = None

    def wait(self, timeout: float) -> set[str]:
        """The tables written since the last call, waiting at most ``timeout`` seconds for the first
        (an empty set: nothing). A new connection reports :data:`UNHEARD`; a lost one raises
        :class:`ServerUnreachable` and is made again on the next call."""
        if self._conn is None:
            self._conn = connect_raw(self.address)
            try:
                self._conn.execute(f"LISTEN {CHANNEL}")
            except psycopg.Error as error:
                self.close()
                raise DatabaseError(f"cannot listen for changes on {self.address}: {error}") from None
            return {UNHEARD}
        try:
            tables = {note.payload for note in self._conn.notifies(timeout=timeout, stop_after=1)}
            if tables:
                tables |= {note.payload for note in self._conn.notifies(timeout=0)}
        except psycopg.Error as error:
            self.close()
            raise ServerUnreachable(
                f"lost the connection to {self.address}: {error}", self.address.host
            ) from None
        return tables

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(psycopg.Error):
                conn.close()


def listener_for(database: object) -> ChangeListener | None:
    """A listener on ``database``'s book when it is on a server (None: a file, whose commits the
    window sees through SQLite's ``data_version``)."""
    if not isinstance(database, ServerDatabase):
        return None
    return ChangeListener(database.address)
