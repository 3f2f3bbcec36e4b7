"""Answers a captured signal suggests: budget talk suggests a budget, a named start date or
deadline a timeline in the quarter the message was written. Only suggestions: the capture review
shows each and sets it only when the user ticks it.

A capture rule says what it suggests as ``{"budget": "yes"}`` or ``{"timeline": "quarter"}``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from leadtemp.errors import ValidationError
from leadtemp.qualification.answers import CRITERIA, NO, TIMELINE, YES

#: A timeline suggestion meaning "the quarter the message was written in".
MESSAGE_QUARTER = "quarter"


def read_suggestions(data: Any) -> tuple[tuple[str, str], ...]:
    """A rule's ``"suggests"`` object as (criterion, answer) pairs, refused when it names no
    criterion or an answer the criterion cannot take."""
    if not isinstance(data, dict):
        raise ValidationError('"suggests" must map criteria to answers, such as {"budget": "yes"}')
    pairs = []
    for criterion, answer in data.items():
        allowed = (MESSAGE_QUARTER, NO) if criterion == TIMELINE else (YES, NO)
        if criterion not in CRITERIA or answer not in allowed:
            raise ValidationError(
                f'"suggests" cannot say {criterion!r}: {answer!r} (use {", ".join(CRITERIA)}; '
                f'yes or no, a timeline "quarter" or no)'
            )
        pairs.append((criterion, answer))
    return tuple(pairs)


def resolved(suggests: Iterable[tuple[str, str]], written_on: date) -> dict[str, str]:
    """The answers as the lead's qualification takes them, for a message written on ``written_on``."""
    quarter = f"{written_on.year}-Q{(written_on.month - 1) // 3 + 1}"
    return {criterion: quarter if answer == MESSAGE_QUARTER else answer for criterion, answer in suggests}
