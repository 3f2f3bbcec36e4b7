"""Two people acting on one lead at once: which changes collide, and what to tell the one refused.

Every change a person makes to a lead is journalled with the *aspects* it touched (its pin, one
checklist step, one field, its outcome...; ``temperature`` when it moved the lead). A write made
on what its caller saw at some version collides with the changes others made since then that
touched an aspect the write depends on; changes of other aspects merge without a word.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from leadtemp.errors import LeadTempError

PIN = "pin"
TEMPERATURE = "temperature"
OUTCOME = "outcome"
ARCHIVED = "archived"
LOG = "log"
MERGE = "merge"
NEXT_STEP = "next_step"
SNOOZE = "snooze"


def field_aspect(name: str) -> str:
    return f"field:{name}"


def tick_aspect(temperature: str, item_id: str) -> str:
    return f"tick:{temperature}:{item_id}"


#: What a pin decides from: the lead's pin, temperature and status as its caller saw them.
PIN_DEPENDS_ON = frozenset({PIN, TEMPERATURE, OUTCOME, ARCHIVED})


@dataclass(frozen=True)
class LeadChange:
    """One journalled change of one lead; ``version`` is the lead's row version after it."""

    version: int
    contact_id: int
    actor: str
    action: str
    aspects: frozenset[str]
    summary: str
    changed_at: datetime

    def sentence(self, me: str) -> str:
        """``Sam moved Acme to hot`` (the actor's name omitted when it is ``me``)."""
        return self.summary if self.actor == me or not self.actor else f"{self.actor} {self.summary}"


class ConflictError(LeadTempError):
    """A write refused because someone else changed what it depends on since its caller looked."""

    def __init__(self, message: str, change: LeadChange) -> None:
        super().__init__(message)
        self.change = change


def colliding(changes: Iterable[LeadChange], me: str, depends_on: Iterable[str] | None) -> LeadChange | None:
    """The newest change by someone other than ``me`` that touched one of ``depends_on`` (None:
    anything at all, for a write that puts a whole lead back as it was)."""
    wanted = None if depends_on is None else frozenset(depends_on)
    found = None
    for change in changes:
        if change.actor != me and (wanted is None or change.aspects & wanted):
            found = change
    return found


def ago(then: datetime, now: datetime) -> str:
    """``20 s ago``, ``3 min ago``, ``2 h ago``, ``4 days ago``; ``just now`` under a second."""
    seconds = max(0, int((now - then).total_seconds()))
    if seconds < 1:
        return "just now"
    if seconds < 60:
        return f"{seconds} s ago"
    if seconds < 3600:
        return f"{seconds // 60} min ago"
    if seconds < 86400:
        return f"{seconds // 3600} h ago"
    days = seconds // 86400
    return f"{days} day{'s' if days != 1 else ''} ago"


def refusal(change: LeadChange, what: str, now: datetime) -> str:
    """``Sam moved Acme to hot 20 s ago; your pin was not applied``."""
    who = change.actor or "someone"
    return f"{who} {change.summary} {ago(change.changed_at, now)}; {what}"
