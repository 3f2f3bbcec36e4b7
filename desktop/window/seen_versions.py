"""The row versions of the leads as this window shows them, for the writes it makes from them.

A board read takes the book's version first (every lead's changes up to it are in the board, or
newer), and a write's change brings its lead's version; a write then carries the newest of the two
for its lead, so the service refuses it when someone else changed that lead in a way the window had
not shown yet. Read before the board, the book's version can only be older than what shows: a
change in between is taken as unseen (a needless refusal at worst, never a lost write).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from leadtemp.service import LeadService

T = TypeVar("T")


class SeenVersions:
    def __init__(self) -> None:
        self._book = 0
        self._leads: dict[int, int] = {}

    def reading(self, read: Callable[..., T]) -> Callable[..., tuple[int, T]]:
        """``read`` (a worker's board read) with the book's version taken just before it."""

        def versioned(service: LeadService, *args: Any) -> tuple[int, T]:
            return service.book_version(), read(service, *args)

        return versioned

    def shown(self, result: tuple[int, T]) -> T:
        """What a versioned read returned, now on screen: its version is seen."""
        version, value = result
        self._book = max(self._book, version)
        return value

    def wrote(self, contact_id: int, version: int) -> None:
        """A write's change (this window's) shows the lead as of ``version``."""
        if version:
            self._leads[contact_id] = max(version, self._leads.get(contact_id, 0))

    @property
    def book(self) -> int:
        """The book's version as of the newest board read shown."""
        return self._book

    def of(self, contact_id: int) -> int:
        return max(self._book, self._leads.get(contact_id, 0))

    def forget(self) -> None:
        """Another book (a restore, a reopen): nothing of it is seen yet."""
        self._book = 0
        self._leads.clear()
