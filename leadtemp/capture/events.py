"""What every capture source hands to the commit step: one observation per fact, or why it was skipped."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class SkipReason(StrEnum):
    """Why a message, event or row logs nothing; counted per reason in every capture report."""

    DUPLICATE = "duplicate"  # captured before (same source key)
    AUTOMATED = "automated"  # newsletters, mailing lists, auto-replies, no-reply senders
    OWN = "own"  # between the user's own addresses
    NOT_A_LEAD = "not a lead"  # nothing a lead did or was done to a lead
    UNKNOWN_SENDER = "unknown sender"  # no lead has the address and it is no inquiry
    IGNORED_SENDER = "ignored sender"  # on the user's "always ignore" list
    CANCELLED = "cancelled"  # a calendar event that did not happen
    UNREADABLE = "unreadable"  # broken input; the message says what


@dataclass(frozen=True, slots=True)
class Observation:
    """One interaction seen in a source, before it is matched to a lead.

    ``source_key`` identifies the fact in its source (a Message-ID, an iCalendar UID with its
    recurrence id, an activity export's row); capturing it again logs nothing new.
    """

    source: str
    source_key: str
    kind: str
    occurred_at: datetime  # aware, UTC
    #: The lead's addresses as seen in the source (e-mail addresses, lower-cased by the matcher).
    addresses: tuple[str, ...]
    #: The lead's display name, for proposing a new lead when no lead has these addresses.
    name: str = ""
    note: str = ""
    #: The phrase that made this a buying signal ("asking for a quote"), shown in the review.
    evidence: str = ""
    #: A new lead may be created from this observation (an inquiry or a contact form).
    may_propose_lead: bool = False
    #: Contact fields read with it (company, phone...) for a proposed lead.
    company: str = ""


@dataclass(frozen=True, slots=True)
class Skipped:
    """A fact a source read and deliberately does not log."""

    source: str
    source_key: str
    reason: SkipReason
    detail: str = ""
