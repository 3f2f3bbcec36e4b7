"""How far each IMAP folder was read (its UIDVALIDITY and the highest UID logged), per account; and
the mailbox the window checks. Callers hold the transaction."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any

#: The settings key of the mailbox the window connects to (address, folders, how often to check).
MAILBOX_SETTING = "mailbox"


def read_marks(conn: sqlite3.Connection, account: str) -> dict[str, tuple[int, int]]:
    """Folder name -> (UIDVALIDITY, last UID) for ``account``."""
    rows = conn.execute(
        "SELECT folder, uidvalidity, last_uid FROM imap_folders WHERE account = ? ORDER BY folder", (account,)
    )
    return {str(folder): (int(validity), int(last)) for folder, validity, last in rows}


def write_marks(
    conn: sqlite3.Connection, account: str, marks: Iterable[tuple[str, int, int]], at: float
) -> None:
    conn.executemany(
        "INSERT INTO imap_folders (account, folder, uidvalidity, last_uid, checked_at) "
        "VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (account, folder) DO UPDATE SET uidvalidity = excluded.uidvalidity, "
        "last_uid = excluded.last_uid, checked_at = excluded.checked_at",
        [(account, folder, validity, last, at) for folder, validity, last in marks],
    )


def forget_mailbox(conn: sqlite3.Connection, account: str) -> None:
    """Drop the window's mailbox setting and every mark of ``account``."""
    conn.execute("DELETE FROM settings WHERE key = ?", (MAILBOX_SETTING,))
    conn.execute("DELETE FROM imap_folders WHERE account = ?", (account,))


def mailbox_setting(conn: sqlite3.Connection) -> dict[str, Any] | None:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (MAILBOX_SETTING,)).fetchone()
    if row is None:
        return None
    value = json.loads(row[0])
    return value if isinstance(value, dict) else None
