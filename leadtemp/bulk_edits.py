"""What a bulk edit of many leads (pin, archive, set source, mark won or lost) did, and what its
undo needs: each lead's pin, archive flag, outcome and source as the edit found them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from leadtemp.changes import Change
from leadtemp.errors import ValidationError
from leadtemp.model import Contact, Outcome, Pin


@dataclass(frozen=True)
class LeadSnapshot:
    """The parts of one lead a bulk edit can change, as they were before it."""

    contact_id: int
    pin: Pin | None
    archived: bool
    outcome: Outcome
    source: str

    @classmethod
    def of(cls, contact: Contact, pin: Pin | None) -> LeadSnapshot:
        return cls(contact.id, pin, contact.archived, contact.outcome, contact.source)


@dataclass(frozen=True)
class BulkEdit:
    """One bulk edit: a Change per lead, in the order asked, and the leads as they were."""

    changes: tuple[Change, ...]
    undo: tuple[LeadSnapshot, ...]

    def describe(self) -> str:
        """``3 leads: archived`` for a notice."""
        count = len(self.changes)
        action = self.changes[0].action if self.changes else "unchanged"
        return f"{count} lead{'s' if count != 1 else ''}: {action}"


def distinct_ids(contact_ids: Iterable[int]) -> list[int]:
    """The ids in the order given, each once; refuses an empty list (a bulk edit of nothing)."""
    ids = list(dict.fromkeys(contact_ids))
    if not ids:
        raise ValidationError("no leads selected: choose at least one")
    for contact_id in ids:
        if isinstance(contact_id, bool) or not isinstance(contact_id, int):
            raise ValidationError(f"a lead's id is a whole number (got {contact_id!r})")
    return ids
