"""The Today list: which open leads need the user now, in which section, why, and in what order.

A lead is on the list at most once, in its most urgent section:

1. ``waiting``: hot, with a buying signal no outreach has answered yet (the board's response clock);
2. ``due``: its next step is due today or overdue;
3. ``follow_up``: hot or warm, no next step scheduled, and no touch for its temperature's cadence;
4. ``nurture``: the same for a cold lead.

"Touched" means any logged outreach or reply, so a reminder resets however the contact was made. A
scheduled next step pauses the cadence until its day comes. A snoozed lead is off the list until
its day, unless a buying signal came after the snooze.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from leadtemp.agenda.entries import AgendaEntry, NextStep, Section, Snooze
from leadtemp.clock import from_timestamp, to_timestamp
from leadtemp.model import Card, Temperature
from leadtemp.scoring.catalogue import InteractionKind

#: The lead's own words that reset the cadence besides the user's outreach: a reply.
REPLY_KINDS = frozenset({"email_reply", "quick_reply"})
SECONDS_PER_DAY = 86400.0


@dataclass(frozen=True)
class AgendaBook:
    """What the list is made from, besides the open leads' cards (all times epoch seconds)."""

    #: Each lead's latest touch (outreach or reply) up to the as-of time.
    touches: Mapping[int, float]
    #: When each lead came into the book: the cadence of a lead never touched counts from there.
    arrivals: Mapping[int, float]
    steps: Mapping[int, NextStep]
    snoozes: Mapping[int, Snooze]
    #: When the latest buying signal (up to the as-of time) of each snoozed lead was logged.
    snoozed_buying: Mapping[int, float]


def snooze_holds(snooze: Snooze | None, today: date, buying: float | None) -> bool:
    """Whether a snooze still keeps its lead off the list: before its day, with no buying signal
    logged since it was set (``buying``: when the latest one was logged)."""
    if snooze is None or today >= snooze.until:
        return False
    return buying is None or buying < to_timestamp(snooze.snoozed_at)


def entry_for(
    card: Card,
    book: AgendaBook,
    moment: datetime,
    today: date,
    cadence: Mapping[Temperature, float],
) -> AgendaEntry | None:
    """The lead's entry as of ``moment`` (the user's day ``today``), or None when nothing is due."""
    return _Reader(book, moment, today, cadence).entry(card)


def agenda(
    cards: Iterable[Card],
    book: AgendaBook,
    moment: datetime,
    today: date,
    cadence: Mapping[Temperature, float],
) -> list[AgendaEntry]:
    """Every entry due as of ``moment``, in :func:`entry_order`."""
    entry_of = _Reader(book, moment, today, cadence).entry
    keyed = [(entry_order(entry), entry) for card in cards if (entry := entry_of(card)) is not None]
    keyed.sort(key=_first)
    return [entry for _, entry in keyed]


def _first(
    pair: tuple[tuple[int, float, float, str, int], AgendaEntry],
) -> tuple[int, float, float, str, int]:
    return pair[0]


_RANKS = {section: rank for rank, section in enumerate(Section)}


def entry_order(entry: AgendaEntry) -> tuple[int, float, float, str, int]:
    """Section first; then the longest wait (waiting), the earliest due day (due) or the hottest
    lead longest untouched (follow-up, nurture); then the name."""
    section = entry.section
    if section is Section.DUE:
        assert entry.due is not None
        first, second = float(entry.due.toordinal()), float(-entry.temperature.rank)
    else:
        assert entry.since is not None
        since = entry.since.timestamp()
        first, second = (
            (since, 0.0) if section is Section.WAITING else (float(-entry.temperature.rank), since)
        )
    return (_RANKS[section], first, second, entry.name.casefold(), entry.contact_id)


class _Reader:
    """Entries as of one moment: what every lead shares is worked out once."""

    def __init__(
        self, book: AgendaBook, moment: datetime, today: date, cadence: Mapping[Temperature, float]
    ) -> None:
        self.book, self.moment, self.today = book, moment, today
        self.now = to_timestamp(moment)
        self.cadence = {temperature: days * SECONDS_PER_DAY for temperature, days in cadence.items()}
        self.every = {
            temperature: f"{temperature.value}: every {_days(days)}" for temperature, days in cadence.items()
        }

    def entry(self, card: Card) -> AgendaEntry | None:
        book, contact_id = self.book, card.contact_id
        if book.snoozes and snooze_holds(
            book.snoozes.get(contact_id), self.today, book.snoozed_buying.get(contact_id)
        ):
            return None
        step = book.steps.get(contact_id)
        if card.waiting_since is not None:
            minutes = max(0, int((self.moment - card.waiting_since).total_seconds() // 60))
            reason = f"waiting {describe_wait(minutes)} for an answer to a buying signal"
            return _entry(card, step, Section.WAITING, reason, since=card.waiting_since, minutes=minutes)
        if step is not None:
            if step.due > self.today:
                return None
            return _entry(card, step, Section.DUE, describe_due(step.due, self.today), due=step.due)
        touched = book.touches.get(contact_id)
        anchor = touched if touched is not None else book.arrivals.get(contact_id)
        if anchor is None:
            return None
        temperature = card.temperature
        idle = self.now - anchor
        if idle < self.cadence[temperature]:
            return None
        idle_days = _days(int(idle // SECONDS_PER_DAY))
        every = self.every[temperature]
        reason = (
            f"no touch for {idle_days} ({every})"
            if touched is not None
            else f"never touched, added {idle_days} ago ({every})"
        )
        section = Section.NURTURE if temperature is Temperature.COLD else Section.FOLLOW_UP
        return _entry(card, None, section, reason, since=from_timestamp(anchor))


def _entry(
    card: Card,
    step: NextStep | None,
    section: Section,
    reason: str,
    *,
    since: datetime | None = None,
    due: date | None = None,
    minutes: int | None = None,
) -> AgendaEntry:
    return AgendaEntry(
        contact_id=card.contact_id,
        name=card.name,
        company=card.company,
        section=section,
        reason=reason,
        since=since,
        due=due,
        temperature=card.temperature,
        next_step=step.text if step else "",
        checklist_step=card.next_step or "",
        waiting_minutes=minutes,
        stage=card.stage,
    )


def describe_wait(minutes: int) -> str:
    """``7 min``, ``3 h``, ``2 days``."""
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 48 * 60:
        return f"{minutes // 60} h"
    return _days(minutes // (24 * 60))


def describe_due(due: date, today: date) -> str:
    """``next step due today`` or ``next step overdue by 2 days``."""
    late = (today - due).days
    if late <= 0:
        return "next step due today"
    return f"next step overdue by {_days(late)}"


def _days(days: float) -> str:
    whole = int(days) if float(days).is_integer() else days
    return f"{whole:g} day" if whole == 1 else f"{whole:g} days"


def touch_kinds(kinds: Iterable[InteractionKind]) -> list[str]:
    """The kinds that count as a touch: the user's outreach and the lead's reply."""
    return [kind.name for kind in kinds if kind.is_outreach or kind.name in REPLY_KINDS]


def buying_kinds(kinds: Iterable[InteractionKind]) -> list[str]:
    """The kinds that end a snooze at once."""
    return [kind.name for kind in kinds if kind.is_buying_signal]
