"""Argument types and argument errors for the command line: whole numbers checked before they reach SQLite.

SQLite stores integers in 64 bits, so a larger id cannot name anything and would make the
driver raise ``OverflowError`` when the query is bound.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date, datetime

from leadtemp import clock
from leadtemp.errors import ValidationError
from leadtemp.validation import MAX_SQLITE_INT as MAX_STORED_INT

__all__ = ["MAX_STORED_INT", "CliError", "instant", "local_day", "positive_id", "whole_number"]


class CliError(Exception):
    """Bad command-line input: printed as one line, exit status 2."""


def whole_number(text: str, what: str, minimum: int, maximum: int = MAX_STORED_INT) -> int:
    """``text`` as an int from ``minimum`` to ``maximum``, or an argparse error naming ``what``."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{what} must be a number, not {text!r}") from None
    if value < minimum:
        rule = "positive" if minimum == 1 else "not negative" if minimum == 0 else f"at least {minimum}"
        raise argparse.ArgumentTypeError(f"{what} must be {rule}, not {value}")
    if value > maximum:
        raise argparse.ArgumentTypeError(f"{what} must be at most {maximum}, not {value}")
    return value


def positive_id(what: str) -> Callable[[str], int]:
    """An argparse type for the id of a stored row (``what`` names it in messages)."""

    def parse(text: str) -> int:
        return whole_number(text, what, 1)

    parse.__name__ = what.replace(" ", "_")
    return parse


def instant(text: str) -> datetime:
    """An argparse type for a time: ISO 8601, a bare date meaning that day's start where the user is."""
    try:
        return clock.parse_datetime(text)
    except ValidationError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def local_day(text: str) -> date:
    """An argparse type for a day on the user's calendar (``2026-12-03``)."""
    try:
        return clock.parse_date(text)
    except ValidationError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
