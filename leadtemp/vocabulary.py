"""The small fixed vocabularies (temperatures, categories, outcomes, lead sources).

Kept apart from the record types in :mod:`leadtemp.model` so a front end can draw its first
frame with them before the rest of the core has loaded.
"""

from __future__ import annotations

import enum


class Temperature(enum.StrEnum):
    """How ready a lead is to buy; the order matters (cold < warm < hot)."""

    COLD = "cold"
    WARM = "warm"
    HOT = "hot"

    @property
    def rank(self) -> int:
        return _TEMPERATURE_RANK[self]

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def response_priority(self) -> str:
        """The seeds' response priority: hot immediate, warm medium, cold low."""
        return _RESPONSE_PRIORITY[self]


_TEMPERATURE_RANK = {Temperature.COLD: 0, Temperature.WARM: 1, Temperature.HOT: 2}
_RESPONSE_PRIORITY = {
    Temperature.COLD: "Low",
    Temperature.WARM: "Medium",
    Temperature.HOT: "Immediate",
}


class Category(enum.StrEnum):
    """Scoring categories from the seeds, plus negative signals and the user's own outreach."""

    BEHAVIORAL = "behavioral"
    ENGAGEMENT = "engagement"
    EXPLICIT_INTEREST = "explicit_interest"
    NEGATIVE = "negative"
    OUTREACH = "outreach"


#: Categories whose points decay over time and add up into the score.
SIGNAL_CATEGORIES: tuple[Category, ...] = (
    Category.BEHAVIORAL,
    Category.ENGAGEMENT,
    Category.EXPLICIT_INTEREST,
    Category.NEGATIVE,
)

#: Names of the breakdown entries, in display order; they always sum to the score.
BREAKDOWN_KEYS: tuple[str, ...] = (
    "fit",
    "behavioral",
    "engagement",
    "explicit_interest",
    "negative",
    "rule",
)


class Outcome(enum.StrEnum):
    OPEN = "open"
    WON = "won"
    LOST = "lost"


#: Lead sources named by the seeds, offered for manual entry and import batches.
LEAD_SOURCES: tuple[str, ...] = (
    "purchased list",
    "trade show",
    "social media",
    "networking event",
    "referral",
    "directory",
    "website",
)


class Stage(enum.StrEnum):
    """How far a lead is qualified (the seeds' lead, prospect and qualified lead), beside and
    apart from its temperature: hot is timing and intent, qualified is budget, authority, need
    and timeline."""

    LEAD = "lead"
    PROSPECT = "prospect"
    QUALIFIED = "qualified"

    @property
    def label(self) -> str:
        return self.value.capitalize()
