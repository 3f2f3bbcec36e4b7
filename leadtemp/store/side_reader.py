"""A second connection to a book file, on a thread of its own, for one read to run while the store's
connection does another.

``sqlite3`` lets go of the interpreter while SQLite steps through a statement, so a read that
SQLite spends its time on (scanning an index and sorting what it found, handing back few rows)
costs the caller almost nothing when it runs here beside the caller's own reads: the whole board
reads the trend window's sums this way while its rows come in. Both connections are SQLite's;
SQLite keeps one process's locks on a file together however many connections it has open.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from leadtemp import database_files
from leadtemp.store.database import BUSY_TIMEOUT_MS, open_read_only

Row = tuple[Any, ...]


class SideReader:
    """Reads of one book file on one thread, opened at the first read and kept until :meth:`close`.

    Each read is its own read transaction: it sees what was committed when it began, not what the
    caller's connection has written and not yet committed (callers inside a transaction read on
    their own connection instead).
    """

    def __init__(self, path: Path) -> None:
        self._path = path
        self._pool: ThreadPoolExecutor | None = None
        self._conn: sqlite3.Connection | None = None

    def read(self, sql: str, parameters: Sequence[Any] = ()) -> Future[list[Row]]:
        """The rows of ``sql``, soon: call ``result()`` on the answer to wait for them."""
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="leadtemp-side-read")
        return self._pool.submit(self._fetch, sql, tuple(parameters))

    def close(self) -> None:
        """Wait for a read under way, then close the connection on its own thread."""
        if self._pool is None:
            return
        self._pool.submit(self._disconnect).result()
        self._pool.shutdown(wait=True)
        self._pool = None

    def _fetch(self, sql: str, parameters: tuple[Any, ...]) -> list[Row]:
        if self._conn is None:
            self._conn = self._connect()
        return self._conn.execute(sql, parameters).fetchall()

    def _connect(self) -> sqlite3.Connection:
        conn = open_read_only(self._path, immutable=False)
        database_files.hold(self._path)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        return conn

    def _disconnect(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
            database_files.release(self._path)
