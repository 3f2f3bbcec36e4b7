"""The journal of what people did to each lead: the lead's row versions, with who and what.

A lead's version is the id of its newest journal entry (0 before any): ids only grow, so "changed
since version V" is "has an entry above V". Callers hold the transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

from leadtemp.clock import from_timestamp
from leadtemp.conflicts import LeadChange

_COLUMNS = "id, contact_id, actor, action, aspects, summary, changed_at"
_IDS_PER_QUERY = 500


class LeadChanges:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def record(
        self, contact_id: int, actor: str, action: str, aspects: Iterable[str], summary: str, at: float
    ) -> int:
        """Journal one change; its id is the lead's new version."""
        cursor = self.conn.execute(
            "INSERT INTO lead_changes (contact_id, actor, action, aspects, summary, changed_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (contact_id, actor, action, " ".join(sorted(set(aspects))), summary, at),
        )
        return int(cursor.lastrowid or 0)

    def version_of(self, contact_id: int) -> int:
        row = self.conn.execute(
            "SELECT max(id) FROM lead_changes WHERE contact_id = ?", (contact_id,)
        ).fetchone()
        return int(row[0] or 0)

    def versions(self, contact_ids: Sequence[int] | None = None) -> dict[int, int]:
        """Each lead's version, for the leads that have been changed (the others are at 0)."""
        if contact_ids is None:
            return dict(self.conn.execute("SELECT contact_id, max(id) FROM lead_changes GROUP BY contact_id"))
        result: dict[int, int] = {}
        ids = list(contact_ids)
        for start in range(0, len(ids), _IDS_PER_QUERY):
            chunk = ids[start : start + _IDS_PER_QUERY]
            result.update(
                self.conn.execute(
                    "SELECT contact_id, max(id) FROM lead_changes "
                    f"WHERE contact_id IN ({', '.join('?' * len(chunk))}) GROUP BY contact_id",
                    chunk,
                )
            )
        return result

    def since(self, contact_id: int, version: int) -> list[LeadChange]:
        """The lead's changes after ``version``, oldest first."""
        rows = self.conn.execute(
            f"SELECT {_COLUMNS} FROM lead_changes WHERE contact_id = ? AND id > ? ORDER BY id",
            (contact_id, version),
        ).fetchall()
        return [_change(row) for row in rows]

    def after(self, version: int, limit: int = 200) -> list[LeadChange]:
        """Every lead's changes after the book-wide ``version``, oldest first (at most ``limit``)."""
        rows = self.conn.execute(
            f"SELECT {_COLUMNS} FROM lead_changes WHERE id > ? ORDER BY id LIMIT ?", (version, limit)
        ).fetchall()
        return [_change(row) for row in rows]

    def latest(self) -> int:
        """The book-wide version: the newest entry's id."""
        return int(self.conn.execute("SELECT max(id) FROM lead_changes").fetchone()[0] or 0)


def _change(row: tuple[object, ...]) -> LeadChange:
    version, contact_id, actor, action, aspects, summary, at = row
    assert isinstance(at, (int, float))
    return LeadChange(
        int(str(version)),
        int(str(contact_id)),
        str(actor),
        str(action),
        frozenset(str(aspects).split()),
        str(summary),
        from_timestamp(at),
    )
