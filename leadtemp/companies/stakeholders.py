"""The seeds' hot signal "suddenly, new stakeholders from their organization join the
conversation": a second person from a company replying or meeting with you within two weeks of
another person's reply or meeting. Opens and visits are no conversation, so only engagement counts."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

#: How close the second person's engagement must follow another's (the seeds' two weeks).
JOIN_WINDOW_DAYS = 14
JOIN_WINDOW = JOIN_WINDOW_DAYS * 86_400.0
#: The kind logged on the earlier person's lead when someone joins their conversation.
SIGNAL_KIND = "stakeholder_joined"
#: The lead talking with you besides its buying signals: a reply, a meeting.
_CONVERSATION_KINDS = ("email_reply", "meeting_held")


def conversation_kinds(buying_kinds: Iterable[str]) -> frozenset[str]:
    """The kinds that are a person engaging: a reply, a meeting, a buying signal they gave (the
    join signal itself aside, so one join never makes another)."""
    return frozenset((*_CONVERSATION_KINDS, *buying_kinds)) - {SIGNAL_KIND}


@dataclass(frozen=True, slots=True)
class Engagement:
    """One person of a company talking with you: a reply, a meeting, a question they asked."""

    interaction_id: int
    contact_id: int
    kind: str
    at: float


@dataclass(frozen=True, slots=True)
class StakeholderJoin:
    """``newcomer`` joined the conversation ``earlier`` had with you, within the window."""

    newcomer: Engagement
    earlier: Engagement


def join_note(
    newcomer: str, newcomer_role: str, what: str, earlier: str, earlier_what: str, days: int
) -> str:
    """Who joined whose conversation, for the note of the logged signal."""
    who = f"{newcomer} ({newcomer_role})" if newcomer_role else newcomer
    after = "the same day as" if days == 0 else f"{days} day{'s' if days != 1 else ''} after"
    return f"{who} joined the conversation: {what} {after} {earlier}'s {earlier_what}"


def stakeholder_joins(
    engagements: Iterable[Engagement], in_conversation: Collection[int] = (), window: float = JOIN_WINDOW
) -> list[StakeholderJoin]:
    """Each join not yet recorded, oldest first: for every person not ``in_conversation`` (joined
    before, or joined by someone), the first engagement of theirs that follows another person's
    within ``window``. The earlier person is the latest such other one; both are then in the
    conversation, so each person joins once."""
    ordered = sorted(engagements, key=lambda e: (e.at, e.interaction_id))
    seen = set(in_conversation)
    joins: list[StakeholderJoin] = []
    for at, engagement in enumerate(ordered):
        if engagement.contact_id in seen:
            continue
        earlier = next(
            (
                other
                for other in reversed(ordered[:at])
                if other.contact_id != engagement.contact_id and engagement.at - other.at <= window
            ),
            None,
        )
        if earlier is None:
            continue
        joins.append(StakeholderJoin(engagement, earlier))
        seen.update((engagement.contact_id, earlier.contact_id))
    return joins
