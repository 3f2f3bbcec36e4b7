"""The stage a lead's answers and fit make: lead, prospect or qualified.

The seeds: a prospect "has been qualified to some degree: they match your target demographic,
likely need your solution, and possess both the authority and budget to purchase"; a qualified
lead has "been methodically evaluated against specific criteria like budget, authority, need,
and timeline". So:

- **qualified**: all four criteria known and none of them "no";
- **prospect**: otherwise, the lead fits (its demographic fit, hand-set or from the ideal-client
  profile, is at least :data:`FIT_MIN` of 10) and needs what you sell (need "yes"), and neither
  budget nor authority is "no";
- **lead**: everyone else.

The temperature plays no part: "hot leads and qualified leads aren't twins".
"""

from __future__ import annotations

from leadtemp.model import Stage
from leadtemp.qualification.answers import AUTHORITY, BUDGET, YES, Qualification

#: A lead "matches your target demographic" from this demographic fit (0-10) on: more than half
#: of what the fit category is worth, so a lead the profile knows nothing about (the default 5)
#: does not fit yet.
FIT_MIN = 6
#: The criteria whose "no" the card shows ("No budget"): the two the seeds say a prospect must have.
SHOWN_NOES: tuple[str, ...] = (BUDGET, AUTHORITY)


def fits(fit: int) -> bool:
    return fit >= FIT_MIN


def is_qualified(qualification: Qualification) -> bool:
    """All four criteria known, none of them "no"."""
    return all(answer.known and not answer.is_no for answer in qualification.answers)


def stage_of(qualification: Qualification, fit: int) -> Stage:
    if is_qualified(qualification):
        return Stage.QUALIFIED
    if fits(fit) and qualification.need.value == YES and not lacks(qualification):
        return Stage.PROSPECT
    return Stage.LEAD


def lacks(qualification: Qualification) -> tuple[str, ...]:
    """Which of budget and authority the lead was found not to have."""
    return tuple(criterion for criterion in SHOWN_NOES if qualification.answer(criterion).is_no)
