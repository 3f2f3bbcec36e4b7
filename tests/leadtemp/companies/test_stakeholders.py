"""The seeds' "new stakeholders join the conversation": a second person's reply or meeting within
two weeks of another person's, once per person."""

from __future__ import annotations

from leadtemp.companies.stakeholders import (
    JOIN_WINDOW,
    SIGNAL_KIND,
    Engagement,
    conversation_kinds,
    join_note,
    stakeholder_joins,
)

DAY = 86_400.0


def talk(interaction_id: int, contact_id: int, day: float, kind: str = "email_reply") -> Engagement:
    return Engagement(interaction_id, contact_id, kind, day * DAY)


def pairs(engagements: list[Engagement], seen: tuple[int, ...] = ()) -> list[tuple[int, int, int]]:
    return [
        (join.newcomer.contact_id, join.earlier.contact_id, join.newcomer.interaction_id)
        for join in stakeholder_joins(engagements, seen)
    ]


def test_a_second_person_within_two_weeks_joins_the_first_ones_conversation() -> None:
    assert pairs([talk(1, 10, 0, "meeting_held"), talk(2, 20, 13.9)]) == [(20, 10, 2)]


def test_two_weeks_is_the_limit_and_one_person_alone_never_joins() -> None:
    assert pairs([talk(1, 10, 0), talk(2, 20, 14.01)]) == []
    assert pairs([talk(1, 10, 0), talk(2, 10, 1), talk(3, 10, 2)]) == []
    assert stakeholder_joins([talk(1, 10, 0), talk(2, 20, 14)], window=JOIN_WINDOW)


def test_each_person_joins_once_and_the_one_joined_is_in_the_conversation_too() -> None:
    log = [talk(1, 10, 0), talk(2, 20, 3), talk(3, 20, 5), talk(4, 10, 6), talk(5, 30, 40), talk(6, 30, 41)]
    # Sam (20) joins Dana (10); Dana's later reply is no join; Kim (30) is alone a month later.
    assert pairs(log) == [(20, 10, 2)]
    assert pairs([*log, talk(7, 40, 45)]) == [(20, 10, 2), (40, 30, 7)]


def test_the_people_already_recorded_do_not_join_again() -> None:
    assert pairs([talk(1, 10, 0), talk(2, 20, 3)], seen=(10, 20)) == []
    assert pairs([talk(1, 10, 0), talk(2, 20, 3), talk(3, 30, 4)], seen=(10, 20)) == [(30, 20, 3)]


def test_the_order_of_the_log_does_not_matter_and_the_latest_earlier_one_is_joined() -> None:
    log = [talk(3, 30, 10), talk(1, 10, 0), talk(2, 20, 8)]
    # Kim (30) joins two days after Sam (20), the latest one before her.
    assert pairs(log) == [(20, 10, 2), (30, 20, 3)]
    assert pairs(list(reversed(log))) == [(20, 10, 2), (30, 20, 3)]
    assert pairs([talk(1, 10, 0), talk(2, 30, 6), talk(3, 20, 7)], seen=(10, 30)) == [(20, 30, 3)]


def test_replies_meetings_and_buying_signals_are_engagement_but_the_signal_itself_is_not() -> None:
    kinds = conversation_kinds(["pricing_request", SIGNAL_KIND])
    assert kinds == {"email_reply", "meeting_held", "pricing_request"}
    assert "email_open" not in kinds and "website_visit" not in kinds


def test_the_note_says_who_joined_whom() -> None:
    assert join_note("Sam Ortiz", "CTO", "Email reply", "Dana Lee", "Meeting held", 3) == (
        "Sam Ortiz (CTO) joined the conversation: Email reply 3 days after Dana Lee's Meeting held"
    )
    assert join_note("Sam", "", "Meeting held", "Dana", "Meeting held", 0) == (
        "Sam joined the conversation: Meeting held the same day as Dana's Meeting held"
    )
