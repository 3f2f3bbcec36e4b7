"""How senior a person is, read from the words of their title, for the seeds' "stakeholder
involvement: how many people from their organization are engaged, and at what seniority levels?"."""

from __future__ import annotations

import re
from enum import StrEnum

from leadtemp.errors import ValidationError
from leadtemp.text import fold


class Seniority(StrEnum):
    """Who decides: the one who signs, the ones whose word counts, the ones who will use it."""

    DECISION_MAKER = "decision-maker"
    INFLUENCER = "influencer"
    USER = "user"

    @property
    def rank(self) -> int:
        return _RANKS[self]


_RANKS = {Seniority.DECISION_MAKER: 2, Seniority.INFLUENCER: 1, Seniority.USER: 0}

#: Title words of the people who sign: owners, the C-suite, directors, heads, vice presidents.
_DECISION_WORDS = frozenset(
    {
        "ceo", "cfo", "cto", "coo", "cmo", "cio", "cpo", "cro", "cso", "chief", "founder", "cofounder",
        "owner", "president", "partner", "director", "head", "vp", "svp", "evp", "chair", "chairman",
        "chairwoman", "chairperson", "proprietor", "md", "gm", "board",
    }
)  # fmt: skip
_DECISION_PHRASES = ("managing director", "general manager", "vice president", "co founder")
#: Title words of the people whose word counts: managers, leads, seniors, architects, advisers.
_INFLUENCER_WORDS = frozenset(
    {
        "manager", "lead", "leader", "senior", "sr", "architect", "consultant", "adviser", "advisor",
        "strategist", "supervisor", "coordinator", "specialist", "controller", "buyer", "procurement",
        "purchasing", "team",
    }
)  # fmt: skip
#: Words that make a title someone's helper whatever else it names ("Assistant to the CEO").
_HELPER_WORDS = frozenset({"assistant", "intern", "trainee", "apprentice", "junior", "jr"})
_WORD = re.compile(r"[a-z0-9]+")


def seniority_from_title(title: str) -> Seniority | None:
    """The seniority a title's words say; None for no title."""
    words = _WORD.findall(fold(title))
    if not words:
        return None
    if _HELPER_WORDS.intersection(words):
        return Seniority.USER
    text = " ".join(words)
    if _DECISION_WORDS.intersection(words) or any(phrase in text for phrase in _DECISION_PHRASES):
        return Seniority.DECISION_MAKER
    if _INFLUENCER_WORDS.intersection(words):
        return Seniority.INFLUENCER
    return Seniority.USER


def parse_seniority(value: str) -> Seniority | None:
    """A seniority as the CLI spells it; ``auto`` (None) goes back to the one the title says."""
    cleaned = value.strip().lower().replace("_", "-").replace(" ", "-")
    if cleaned == "auto":
        return None
    try:
        return Seniority(cleaned)
    except ValueError:
        choices = ", ".join(level.value for level in Seniority)
        raise ValidationError(f"unknown seniority {value!r}: use {choices} or auto") from None
