"""The qualification rows: each lead's answered (or noted) criteria, and what the board's stages
need to know of every lead that has some. Callers hold the transaction for writes."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

#: (criterion, answer, note, learned at)
AnswerRow = tuple[str, str, str, float]
#: (contact id, fit, industry, role, company size): what a lead's demographic fit is worked out from.
FitRow = tuple[int, int | None, str, str, int | None]


class QualificationStore:
    """Reads and writes of the ``qualifications`` table over the book's connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def answers(self, contact_id: int) -> list[AnswerRow]:
        return [
            (row[0], row[1], row[2], row[3])
            for row in self.conn.execute(
                "SELECT criterion, answer, note, learned_at FROM qualifications WHERE contact_id = ?",
                (contact_id,),
            )
        ]

    def every_answer(self, contact_ids: Iterable[int] | None = None) -> dict[int, list[AnswerRow]]:
        """The rows of every lead that has some (or of ``contact_ids`` only)."""
        wanted = None if contact_ids is None else set(contact_ids)
        found: dict[int, list[AnswerRow]] = {}
        for row in self.conn.execute(
            "SELECT contact_id, criterion, answer, note, learned_at FROM qualifications ORDER BY contact_id"
        ):
            if wanted is None or row[0] in wanted:
                found.setdefault(row[0], []).append((row[1], row[2], row[3], row[4]))
        return found

    def fit_rows(self, contact_ids: Iterable[int]) -> list[FitRow]:
        ids = list(contact_ids)
        rows: list[FitRow] = []
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            rows += [
                (row[0], row[1], row[2], row[3], row[4])
                for row in self.conn.execute(
                    f"SELECT id, fit, industry, role, company_size FROM contacts WHERE id IN ({marks})", chunk
                )
            ]
        return rows

    def set_answer(self, contact_id: int, row: AnswerRow) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO qualifications (contact_id, criterion, answer, note, learned_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (contact_id, *row),
        )

    def delete_answer(self, contact_id: int, criterion: str) -> None:
        self.conn.execute(
            "DELETE FROM qualifications WHERE contact_id = ? AND criterion = ?", (contact_id, criterion)
        )

    def move_missing(self, from_id: int, to_id: int) -> None:
        """Give ``to_id`` the answers of ``from_id`` it has none of (a merge keeps its own)."""
        self.conn.execute(
            "INSERT OR IGNORE INTO qualifications (contact_id, criterion, answer, note, learned_at) "
            "SELECT ?, criterion, answer, note, learned_at FROM qualifications WHERE contact_id = ?",
            (to_id, from_id),
        )
