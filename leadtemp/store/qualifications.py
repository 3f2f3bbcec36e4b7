"""The qualification rows: each lead's answered (or noted) criteria, and what the board's stages
need to know of every lead that has some. Callers hold the transaction for writes."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

#: (criterion, answer, note, learned at)
AnswerRow = tuple[str, str, str, float]
#: (contact id, fit, industry, role, company size): what a lead's demographic fit is worked out from.
FitRow = tuple[int, int | None, str, str, int | None]
#: Ids bound per query (SQLite's limit on bound parameters is far above it).
_IDS_PER_QUERY = 500


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
        """The rows of every lead that has some (or of ``contact_ids`` only, by the key)."""
        select = "SELECT contact_id, criterion, answer, note, learned_at FROM qualifications"
        if contact_ids is None:
            batches: list[tuple[str, list[int]]] = [(f"{select} ORDER BY contact_id", [])]
        else:
            ids = list(contact_ids)
            batches = [
                (f"{select} WHERE contact_id IN ({', '.join('?' * len(chunk))})", chunk)
                for chunk in (
                    ids[start : start + _IDS_PER_QUERY] for start in range(0, len(ids), _IDS_PER_QUERY)
                )
            ]
        found: dict[int, list[AnswerRow]] = {}
        for query, parameters in batches:
            for row in self.conn.execute(query, parameters):
                found.setdefault(row[0], []).append((row[1], row[2], row[3], row[4]))
        return found

    def fit_rows(self, contact_ids: Iterable[int]) -> list[FitRow]:
        ids = list(contact_ids)
        rows: list[FitRow] = []
        for start in range(0, len(ids), _IDS_PER_QUERY):
            chunk = ids[start : start + _IDS_PER_QUERY]
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
