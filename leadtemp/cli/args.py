"""Argument types and argument errors for the command line: whole numbers checked before they reach SQLite.

SQLite stores integers in 64 bits, so a larger id cannot name anything and would make the
driver raise ``OverflowError`` when the query is bound.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from leadtemp.validation import MAX_SQLITE_INT as MAX_STORED_INT

__all__ = ["MAX_STORED_INT", "CliError", "positive_id", "whole_number"]


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
