"""When a hot or warm lead drops a temperature if nothing happens ("goes warm on Dec 9").

The scoring judge says what a lead's temperature is at any time from its sums; with no new signal
it can only fall as points fade and the windows of its signals close. The first instant it is
below today's is found by doubling steps ahead, then halving the step that crossed.
"""

from __future__ import annotations

from collections.abc import Callable

from leadtemp.model import Temperature

#: How far ahead to look: past this, a lead that has not cooled (a pin with no end) does not.
HORIZON_SECONDS = 5 * 366 * 86400.0
#: How close to the moment of the drop the answer gets; well under a day, so its date is right.
PRECISION_SECONDS = 60.0
_FIRST_STEP = 3600.0


def cools_at(temperature_at: Callable[[float], Temperature], now: float) -> float | None:
    """The first instant after ``now`` (epoch seconds) at which ``temperature_at`` gives a colder
    temperature than at ``now``; None for a cold lead or one that stays put within the horizon."""
    start = temperature_at(now).rank
    if start == 0:
        return None
    before, step = now, _FIRST_STEP
    while True:
        after = min(now + step, now + HORIZON_SECONDS)
        if temperature_at(after).rank < start:
            break
        if after >= now + HORIZON_SECONDS:
            return None
        before, step = after, step * 2
    while after - before > PRECISION_SECONDS:
        middle = (before + after) / 2
        if temperature_at(middle).rank < start:
            after = middle
        else:
            before = middle
    return after
