"""Domain types shared by the store, the scorer, the service and every front end."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

# Re-exported: the vocabularies belong to the domain model too.
from leadtemp.vocabulary import BREAKDOWN_KEYS as BREAKDOWN_KEYS
from leadtemp.vocabulary import LEAD_SOURCES as LEAD_SOURCES
from leadtemp.vocabulary import SIGNAL_CATEGORIES as SIGNAL_CATEGORIES
from leadtemp.vocabulary import Category as Category
from leadtemp.vocabulary import Outcome as Outcome
from leadtemp.vocabulary import Stage as Stage
from leadtemp.vocabulary import Temperature as Temperature


@dataclass(frozen=True)
class Contact:
    id: int
    name: str
    email: str = ""
    phone: str = ""
    company: str = ""
    role: str = ""
    industry: str = ""
    company_size: int | None = None
    source: str = ""
    fit: int | None = None
    notes: str = ""
    outcome: Outcome = Outcome.OPEN
    archived: bool = False
    created_at: datetime | None = None
    updated_at: datetime | None = None
    #: A LinkedIn profile address (``https://www.linkedin.com/in/<name>``): an identity, like the e-mail.
    linkedin: str = ""


#: Contact fields a user may set; used by validation, the CLI and the editor.
CONTACT_FIELDS: tuple[str, ...] = (
    "name",
    "email",
    "phone",
    "company",
    "role",
    "industry",
    "company_size",
    "source",
    "fit",
    "notes",
    "linkedin",
)


@dataclass(frozen=True)
class Interaction:
    id: int
    contact_id: int
    kind: str
    occurred_at: datetime
    note: str = ""
    created_at: datetime | None = None
    #: Who logged it ('' when no name was recorded).
    actor: str = ""


@dataclass(frozen=True)
class OutcomeChange:
    """A lead marked won, lost or open again, and when."""

    outcome: Outcome
    changed_at: datetime
    #: Who changed it ('' when no name was recorded).
    actor: str = ""


#: The action of a rules change that takes the previous one back.
UNDO_ACTION = "undo"


@dataclass(frozen=True)
class RulesChange:
    """One change of the scoring rules: when, what the user did, and the rules (as stored JSON)
    before and after; ``undone_at`` once ``rules undo`` took it back."""

    id: int
    changed_at: datetime
    action: str
    before: dict[str, Any]
    after: dict[str, Any]
    undone_at: datetime | None = None


@dataclass(frozen=True)
class ContactMerge:
    """Another contact merged into this one (its interactions, pin, ticks and details)."""

    merged_id: int
    merged_name: str
    merged_at: datetime

    def describe(self) -> str:
        return f"merged with #{self.merged_id} {self.merged_name}"


@dataclass(frozen=True)
class Pin:
    contact_id: int
    temperature: Temperature
    since: datetime
    expires_at: datetime | None = None


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    text: str


@dataclass(frozen=True)
class ChecklistEntry:
    item: ChecklistItem
    done: bool
    done_at: datetime | None = None


@dataclass(frozen=True)
class Contribution:
    """One logged interaction's share of the score as of a given time."""

    interaction_id: int
    kind: str
    category: Category
    occurred_at: datetime
    base_points: float
    points: float


@dataclass(frozen=True)
class Adjustment:
    """Points the score gained or lost beyond its contributions: a category's cap or rounding, the
    fit, a temperature rule; with the contributions they sum exactly to the score."""

    key: str
    points: float
    reason: str


@dataclass(frozen=True)
class ScoreResult:
    score: int
    breakdown: dict[str, int]
    contributions: tuple[Contribution, ...] = ()
    raw: dict[str, float] = field(default_factory=dict)
    #: The temperature the score's rules give (before any pin), and which rule set it.
    temperature: Temperature | None = None
    rule: str = "points"
    reason: str = ""
    adjustments: tuple[Adjustment, ...] = ()


@dataclass(frozen=True, slots=True)
class Card:
    """What the board needs to draw one lead, computed as of a given time.

    Slotted: a board holds one per lead (100,000 in a purchased list), at a fifth of the memory of
    an instance dictionary, and the board's loop builds them at a fraction of the cost."""

    contact_id: int
    name: str
    company: str
    email: str
    score: int
    temperature: Temperature
    computed_temperature: Temperature
    pinned: bool
    trend: int
    trend_delta: int
    last_touch_at: datetime | None
    days_since_touch: int | None
    next_step: str | None
    waiting_since: datetime | None
    outcome: Outcome = Outcome.OPEN
    #: Only a board that shows closed leads holds archived ones.
    archived: bool = False
    #: How far the lead is qualified (see :mod:`leadtemp.qualification`), and which of budget and
    #: authority it was found not to have.
    stage: Stage = Stage.LEAD
    lacks: tuple[str, ...] = ()

    @property
    def closed(self) -> bool:
        """Won, lost or archived: off the open board."""
        return self.archived or self.outcome is not Outcome.OPEN

    @property
    def closed_label(self) -> str | None:
        """How a board of closed leads marks this one: "Won", "Lost", "Archived" (or "Won, archived")."""
        parts = [] if self.outcome is Outcome.OPEN else [self.outcome.value.capitalize()]
        if self.archived:
            parts.append("archived" if parts else "Archived")
        return ", ".join(parts) or None

    @property
    def response_priority(self) -> str:
        return self.temperature.response_priority


@dataclass(frozen=True)
class Board:
    cold: list[Card]
    warm: list[Card]
    hot: list[Card]
    #: How many cards each column has in all (cold, warm, hot) when it holds only its first ones;
    #: None when the board is whole.
    totals: tuple[int, int, int] | None = None

    @property
    def complete(self) -> bool:
        """Every card is here (a board of first cards can be whole when the book is small)."""
        return self.totals is None or self.totals == (len(self.cold), len(self.warm), len(self.hot))

    def first(self, top: int) -> Board:
        """Each column's first ``top`` cards, with the columns' sizes."""
        totals = (self.total(Temperature.COLD), self.total(Temperature.WARM), self.total(Temperature.HOT))
        return Board(self.cold[:top], self.warm[:top], self.hot[:top], totals)

    def total(self, temperature: Temperature) -> int:
        """The column's size, counting the cards a partial board leaves out."""
        if self.totals is None:
            return len(self.column(temperature))
        return self.totals[temperature.rank]

    def column(self, temperature: Temperature) -> list[Card]:
        return {
            Temperature.COLD: self.cold,
            Temperature.WARM: self.warm,
            Temperature.HOT: self.hot,
        }[temperature]

    def all_cards(self) -> list[Card]:
        return [*self.hot, *self.warm, *self.cold]
