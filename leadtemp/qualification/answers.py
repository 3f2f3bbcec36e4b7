"""The four criteria a lead is qualified against (the seeds' "budget, authority, need, and
timeline"), what each may be answered, and reading an answer typed on the command line.

Budget, authority and need are ``unknown``, ``yes`` or ``no``; the timeline is ``unknown``,
``no`` or when the lead means to buy: a day (``2026-09-30``) or a quarter (``2026-Q3``; ``Q3`` is
the next third quarter that has not ended yet, on the user's calendar).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from leadtemp.errors import ValidationError

BUDGET, AUTHORITY, NEED, TIMELINE = "budget", "authority", "need", "timeline"
CRITERIA: tuple[str, ...] = (BUDGET, AUTHORITY, NEED, TIMELINE)
UNKNOWN, YES, NO = "unknown", "yes", "no"
#: The answers budget, authority and need take, in the order a click on their chip cycles them.
YES_NO: tuple[str, ...] = (UNKNOWN, YES, NO)
#: The longest note one criterion keeps (a line of what was said, not the whole conversation).
MAX_ANSWER_NOTE = 1000

_QUARTER = re.compile(r"(?:(\d{4})-)?Q([1-4])", re.IGNORECASE)
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Answer:
    """One criterion as the user last set it: the answer, an optional note and when it was learned
    (None while nothing is known or noted)."""

    criterion: str
    value: str = UNKNOWN
    note: str = ""
    learned_at: datetime | None = None

    @property
    def known(self) -> bool:
        return self.value != UNKNOWN

    @property
    def is_no(self) -> bool:
        return self.value == NO

    @property
    def timeline_ends(self) -> date | None:
        """For a timeline, the last day of the day or quarter it names (None otherwise)."""
        return timeline_end(self.value) if self.criterion == TIMELINE else None

    @property
    def label(self) -> str:
        """The chip's words: "Budget: yes", "Timeline: 2026-Q3"."""
        return f"{self.criterion.capitalize()}: {self.value}"


@dataclass(frozen=True)
class Qualification:
    """A lead's four answers, unknown until set."""

    budget: Answer = Answer(BUDGET)
    authority: Answer = Answer(AUTHORITY)
    need: Answer = Answer(NEED)
    timeline: Answer = Answer(TIMELINE)

    @classmethod
    def of(cls, answers: list[Answer] | tuple[Answer, ...]) -> Qualification:
        return cls(**{answer.criterion: answer for answer in answers})

    def answer(self, criterion: str) -> Answer:
        if criterion not in CRITERIA:
            raise ValidationError(f"unknown criterion {criterion!r}: use {', '.join(CRITERIA)}")
        found: Answer = getattr(self, criterion)
        return found

    @property
    def answers(self) -> tuple[Answer, ...]:
        return (self.budget, self.authority, self.need, self.timeline)

    @property
    def answered(self) -> bool:
        """Whether the user has set any of the four answers."""
        return any(answer.known for answer in self.answers)

    def with_answer(self, answer: Answer) -> Qualification:
        return replace(self, **{answer.criterion: answer})


def read_answer(criterion: str, text: str, today: date) -> str:
    """The stored form of ``text`` as an answer to ``criterion``, or a one-line refusal."""
    cleaned = text.strip()
    if criterion != TIMELINE:
        if criterion not in CRITERIA:
            raise ValidationError(f"unknown criterion {criterion!r}: use {', '.join(CRITERIA)}")
        value = cleaned.casefold()
        if value not in YES_NO:
            raise ValidationError(f"{criterion} must be yes, no or unknown, not {text!r}")
        return value
    if cleaned.casefold() in (UNKNOWN, NO):
        return cleaned.casefold()
    quarter = _QUARTER.fullmatch(cleaned)
    if quarter is not None:
        number = int(quarter.group(2))
        year = int(quarter.group(1)) if quarter.group(1) else next_quarter_year(number, today)
        if not 1970 <= year < 9000:
            raise ValidationError(f"timeline {text!r} is out of range")
        return f"{year}-Q{number}"
    if _DAY.fullmatch(cleaned):
        try:
            return date.fromisoformat(cleaned).isoformat()
        except ValueError:
            pass
    raise ValidationError(
        f"cannot read timeline {text!r}: use unknown, no, a day (2026-09-30) or a quarter (2026-Q3, Q3)"
    )


def next_quarter_year(number: int, today: date) -> int:
    """The year of the first quarter ``number`` that has not ended by ``today``."""
    return today.year if today <= quarter_end(today.year, number) else today.year + 1


def quarter_end(year: int, number: int) -> date:
    first_of_next = date(year + 1, 1, 1) if number == 4 else date(year, 3 * number + 1, 1)
    return first_of_next - timedelta(days=1)


def timeline_end(value: str) -> date | None:
    """The last day a timeline answer names: the day itself, or its quarter's last day."""
    quarter = _QUARTER.fullmatch(value)
    if quarter is not None and quarter.group(1):
        return quarter_end(int(quarter.group(1)), int(quarter.group(2)))
    if _DAY.fullmatch(value):
        return date.fromisoformat(value)
    return None


def next_answer(answer: Answer, today: date) -> str:
    """What a click on the answer's chip makes it: unknown, yes, no and round again; a timeline
    goes unknown, this quarter, the next quarter, no and round again (a day set by hand goes to no)."""
    if answer.criterion != TIMELINE:
        return YES_NO[(YES_NO.index(answer.value) + 1) % len(YES_NO)]
    this_quarter = (today.month - 1) // 3 + 1
    current = f"{today.year}-Q{this_quarter}"
    following = f"{today.year + 1}-Q1" if this_quarter == 4 else f"{today.year}-Q{this_quarter + 1}"
    cycle = (UNKNOWN, current, following, NO)
    if answer.value in cycle:
        return cycle[(cycle.index(answer.value) + 1) % len(cycle)]
    return NO
