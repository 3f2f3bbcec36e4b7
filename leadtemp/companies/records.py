"""What a company is and what its panel and ``leadtemp company`` show of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from leadtemp.companies.seniority import Seniority
from leadtemp.companies.temperature import CompanyTemperature
from leadtemp.vocabulary import Temperature


@dataclass(frozen=True)
class CompanyRecord:
    id: int
    name: str
    #: "" for a company known only by its name (its people write from free-mail addresses).
    domain: str
    industry: str
    size: int | None
    people: int


@dataclass(frozen=True)
class CompanyPerson:
    contact_id: int
    name: str
    role: str
    #: The user's choice, else the one the title says (None without a title).
    seniority: Seniority | None
    seniority_chosen: bool
    temperature: Temperature
    score: int
    #: "Won", "Lost", "Archived"... for a closed lead, else None.
    closed: str | None


@dataclass(frozen=True)
class TimelineEntry:
    interaction_id: int
    contact_id: int
    name: str
    kind: str
    label: str
    occurred_at: datetime
    note: str


@dataclass(frozen=True)
class JoinEntry:
    """A second person who joined the conversation, the one they joined, and when."""

    newcomer_id: int
    newcomer: str
    earlier_id: int
    earlier: str
    joined_at: datetime
    #: The ``stakeholder_joined`` interaction logged for it (None once deleted).
    interaction_id: int | None


@dataclass(frozen=True)
class CompanySummary:
    record: CompanyRecord
    temperature: CompanyTemperature


@dataclass(frozen=True)
class CompanyView:
    record: CompanyRecord
    temperature: CompanyTemperature
    #: Open leads first, hottest and highest score first, then by name.
    people: tuple[CompanyPerson, ...]
    joins: tuple[JoinEntry, ...]
    #: Everyone's interactions, newest first.
    timeline: tuple[TimelineEntry, ...]


def engaged_badge(people: int, company: str) -> str:
    """The line a board card carries when several of its company's people engaged this week."""
    return f"{people} people from {company} engaged this week"
