"""Diminishing returns per kind: one kind counts for a lead at most N times per UTC day.

The first N of a day count (by time, then by the order they were logged); the later ones are
repeats, shown in the breakdown and worth nothing. Counting the first ones keeps the rule
independent of the order things were logged in and replayable as of any time (which interactions
count as of a moment depends only on those up to it), and a repeat logged later the same day
changes no sum. The store keeps each interaction's rank within its day by the same rule
(``interactions.day_rank``, see ``leadtemp.store.migrations``).
"""

from __future__ import annotations

from collections.abc import Sequence

SECONDS_PER_DAY = 86400


def utc_day(at: float) -> int:
    """The UTC day an instant (epoch seconds) falls on, exactly (floor division)."""
    return int(at // SECONDS_PER_DAY)


def day_ranks(entries: Sequence[tuple[str, float]]) -> list[int]:
    """Each (kind, epoch seconds) entry's rank among the entries of its kind on its UTC day, 1
    for the first; entries at the same instant rank in the order given (the order they were
    logged)."""
    ranks = [0] * len(entries)
    seen: dict[tuple[str, int], int] = {}
    for position in sorted(range(len(entries)), key=lambda i: (entries[i][1], i)):
        kind, at = entries[position]
        key = (kind, utc_day(at))
        seen[key] = ranks[position] = seen.get(key, 0) + 1
    return ranks


def counts(rank: int, limit: int) -> bool:
    """Whether the ``rank``-th of a kind on one day counts under a daily limit (0: unlimited)."""
    return limit <= 0 or rank <= limit
