"""The agenda's rows: each lead's next step and snooze, and the times the Today list reads.

Days (a step's due day, a snooze's end) are stored as ISO 8601 dates, times as epoch seconds;
callers hold the transaction for writes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection

#: (text, due day, created at)
StepRow = tuple[str, str, float]
#: (until day, snoozed at)
SnoozeRow = tuple[str, float]

_OPEN = "c.outcome = 'open' AND c.archived = 0"


class AgendaStore:
    """Reads and writes of the agenda's tables over the book's connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    # Next steps -------------------------------------------------------------------------

    def next_step(self, contact_id: int) -> StepRow | None:
        row = self.conn.execute(
            "SELECT text, due, created_at FROM next_steps WHERE contact_id = ?", (contact_id,)
        ).fetchone()
        return None if row is None else (row[0], row[1], row[2])

    def next_steps(self) -> dict[int, StepRow]:
        """The steps of the open leads."""
        return {
            row[0]: (row[1], row[2], row[3])
            for row in self.conn.execute(
                "SELECT n.contact_id, n.text, n.due, n.created_at FROM next_steps n "
                f"JOIN contacts c ON c.id = n.contact_id WHERE {_OPEN}"
            )
        }

    def set_next_step(self, contact_id: int, text: str, due: str, at: float) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO next_steps (contact_id, text, due, created_at) VALUES (?, ?, ?, ?)",
            (contact_id, text, due, at),
        )

    def delete_next_step(self, contact_id: int) -> None:
        self.conn.execute("DELETE FROM next_steps WHERE contact_id = ?", (contact_id,))

    # Snoozes ----------------------------------------------------------------------------

    def snooze(self, contact_id: int) -> SnoozeRow | None:
        row = self.conn.execute(
            "SELECT until, snoozed_at FROM snoozes WHERE contact_id = ?", (contact_id,)
        ).fetchone()
        return None if row is None else (row[0], row[1])

    def snoozes(self) -> dict[int, SnoozeRow]:
        """The snoozes of the open leads."""
        return {
            row[0]: (row[1], row[2])
            for row in self.conn.execute(
                "SELECT s.contact_id, s.until, s.snoozed_at FROM snoozes s "
                f"JOIN contacts c ON c.id = s.contact_id WHERE {_OPEN}"
            )
        }

    def set_snooze(self, contact_id: int, until: str, at: float) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO snoozes (contact_id, until, snoozed_at) VALUES (?, ?, ?)",
            (contact_id, until, at),
        )

    def delete_snooze(self, contact_id: int) -> None:
        self.conn.execute("DELETE FROM snoozes WHERE contact_id = ?", (contact_id,))

    # What the Today list reads ----------------------------------------------------------

    def latest_of_kinds(self, kinds: Collection[str], until: float) -> dict[int, float]:
        """Each contact's latest interaction of one of ``kinds`` up to ``until`` (read through the
        log's index on kinds)."""
        if not kinds:
            return {}
        marks = ", ".join("?" for _ in kinds)
        return dict(
            self.conn.execute(
                "SELECT contact_id, max(occurred_at) FROM interactions INDEXED BY interactions_by_kind "
                f"WHERE kind IN ({marks}) AND occurred_at <= ? GROUP BY contact_id",
                (*kinds, until),
            ).fetchall()
        )

    def snoozed_logged(self, kinds: Collection[str], until: float) -> dict[int, float]:
        """For each snoozed contact, when the latest interaction of one of ``kinds`` that happened
        by ``until`` was logged."""
        if not kinds:
            return {}
        marks = ", ".join("?" for _ in kinds)
        return dict(
            self.conn.execute(
                "SELECT i.contact_id, max(i.created_at) FROM snoozes s JOIN interactions i "
                f"ON i.contact_id = s.contact_id WHERE i.kind IN ({marks}) AND i.occurred_at <= ? "
                "GROUP BY i.contact_id",
                (*kinds, until),
            ).fetchall()
        )

    def arrivals(self) -> dict[int, float]:
        """When each open lead came into the book."""
        return dict(self.conn.execute(f"SELECT c.id, c.created_at FROM contacts c WHERE {_OPEN}").fetchall())

    def sources(self) -> dict[int, str]:
        """Every contact's source, by id."""
        return dict(self.conn.execute("SELECT id, source FROM contacts").fetchall())

    # Merging ----------------------------------------------------------------------------

    def move_next_step(self, from_id: int, to_id: int) -> None:
        """Give ``to_id`` the step of ``from_id`` (replacing its own)."""
        self.conn.execute("DELETE FROM next_steps WHERE contact_id = ?", (to_id,))
        self.conn.execute("UPDATE next_steps SET contact_id = ? WHERE contact_id = ?", (to_id, from_id))
