"""What the agenda is made of: a lead's next step, its snooze, and one entry of the Today list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from leadtemp.model import Stage, Temperature


class Section(StrEnum):
    """The Today list's sections, in the seeds' priority order."""

    WAITING = "waiting"
    DUE = "due"
    FOLLOW_UP = "follow_up"
    NURTURE = "nurture"


@dataclass(frozen=True)
class NextStep:
    """What the user means to do next about a lead, and the day (on the user's calendar) it is due."""

    contact_id: int
    text: str
    due: date
    created_at: datetime


@dataclass(frozen=True)
class Snooze:
    """A lead kept off Today until a day on the user's calendar (a new buying signal ends it)."""

    contact_id: int
    until: date
    snoozed_at: datetime


@dataclass(frozen=True)
class AgendaEntry:
    """One line of the Today list: which lead, why it is there and what to do."""

    contact_id: int
    name: str
    company: str
    section: Section
    #: Why the lead is on the list, in words ("waiting 7 min for an answer").
    reason: str
    #: When the wait began: the unanswered buying signal, or the latest touch the cadence counts
    #: from (the lead's arrival when it was never touched); None for a due step.
    since: datetime | None
    #: The day a due step is due; None for the other sections.
    due: date | None
    temperature: Temperature
    #: The lead's scheduled next step, or "".
    next_step: str
    #: The next unticked item of the lead's checklist at its temperature, or "".
    checklist_step: str
    #: Whole minutes a hot lead has waited for an answer; None outside the waiting section.
    waiting_minutes: int | None = None
    #: How far the lead is qualified (lead, prospect, qualified), shown beside its temperature.
    stage: Stage = Stage.LEAD


def only_qualified(entries: list[AgendaEntry]) -> list[AgendaEntry]:
    """The entries of qualified leads, in the list's own order (the seeds' priority)."""
    return [entry for entry in entries if entry.stage is Stage.QUALIFIED]
