"""LinkedIn's messages.csv read as replies and outreach (fixture: see fixtures/README.md)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from leadtemp.capture.errors import CaptureFileError
from leadtemp.capture.events import Observation, Skipped, SkipReason
from leadtemp.capture.linkedin_messages import read_linkedin_messages

DATA = (Path(__file__).parent / "fixtures" / "linkedin-messages.csv").read_bytes()


def _facts(found: list[Observation | Skipped]) -> list[tuple[str, str, datetime]]:
    return [(o.kind, o.addresses[0], o.occurred_at) for o in found if isinstance(o, Observation)]


def test_the_user_is_the_sender_in_most_conversations_and_their_messages_are_outreach() -> None:
    found = list(read_linkedin_messages(DATA))
    assert _facts(found) == [
        ("message_sent", "linkedin.com/in/dana-lee-4a1b2c", datetime(2026, 2, 11, 8, 2, 45, tzinfo=UTC)),
        ("email_reply", "linkedin.com/in/dana-lee-4a1b2c", datetime(2026, 2, 11, 17, 45, 10, tzinfo=UTC)),
        ("inquiry", "linkedin.com/in/jonas-weber-fabrikam", datetime(2026, 2, 14, 10, 0, tzinfo=UTC)),
        ("message_sent", "linkedin.com/in/jonas-weber-fabrikam", datetime(2026, 2, 14, 11, 20, tzinfo=UTC)),
    ]
    reply = [o for o in found if isinstance(o, Observation)][1]
    assert reply.name == "Dana Lee"
    assert reply.note == "Thanks Sam! Yes please, send it over. We are planning our relaunch for Q3."


def test_sponsored_conversations_and_drafts_log_nothing() -> None:
    skipped = [s for s in read_linkedin_messages(DATA) if isinstance(s, Skipped)]
    assert [(s.reason, s.detail) for s in skipped] == [
        (SkipReason.AUTOMATED, "line 7: Grow your agency Book a demo of our lead tool today"),
        (SkipReason.NOT_A_LEAD, "line 8: a draft, never sent"),
    ]


def test_me_names_the_user_by_any_spelling_of_their_profile() -> None:
    found = read_linkedin_messages(
        DATA, me=("sam@samfreelance.studio", "http://linkedin.com/in/Jonas-Weber-Fabrikam")
    )
    # Seen from Jonas's side, Sam is the other person.
    facts = _facts(list(found))
    assert (
        "message_sent",
        "linkedin.com/in/sam-freelance",
        datetime(2026, 2, 14, 10, 0, tzinfo=UTC),
    ) in facts


def test_keys_are_the_same_in_a_later_export_and_since_drops_older_messages() -> None:
    keys = [o.source_key for o in read_linkedin_messages(DATA)]
    assert len(set(keys)) == len(keys) == 6
    assert keys == [o.source_key for o in read_linkedin_messages(DATA)]
    later = read_linkedin_messages(DATA, since=datetime(2026, 2, 14, 11, tzinfo=UTC))
    assert [kind for kind, _, _ in _facts(list(later))] == ["message_sent"]


def test_a_file_that_is_not_the_messages_export_is_refused() -> None:
    with pytest.raises(CaptureFileError, match="is not LinkedIn's messages export"):
        list(read_linkedin_messages(b"First Name,Last Name,URL\nDana,Lee,https://www.linkedin.com/in/dana\n"))


def test_one_conversation_alone_does_not_say_who_the_user_is() -> None:
    one = b"\r\n".join(DATA.split(b"\r\n")[:2]) + b"\r\n"
    with pytest.raises(CaptureFileError, match=r"--me linkedin\.com/in/"):
        list(read_linkedin_messages(one))


_HEADER = (
    "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,"
    "SUBJECT,CONTENT,FOLDER,IS MESSAGE DRAFT"
)
_SAM = "Sam Freelance,https://www.linkedin.com/in/sam-freelance"
_ALEX = "Alex Kim,https://www.linkedin.com/in/alex-kim"


def _export(*rows: str) -> bytes:
    return ("\r\n".join((_HEADER, *rows)) + "\r\n").encode()


def test_a_lead_who_writes_first_makes_an_inquiry_and_answers_after_yours_are_replies() -> None:
    data = _export(
        f"c1,,{_ALEX},{_SAM},2026-03-02 09:00:00 UTC,,Do you take on small rebuilds?,INBOX,No",
        f"c1,,{_ALEX},{_SAM},2026-03-02 09:05:00 UTC,,It is a shop of 40 pages.,INBOX,No",
        f"c1,,{_SAM},{_ALEX},2026-03-02 10:00:00 UTC,,Yes we do.,INBOX,No",
        f"c1,,{_ALEX},{_SAM},2026-03-02 11:00:00 UTC,,Great.,INBOX,No",
        # Sam's only message in c2 is a draft: never sent, so Alex wrote first there too.
        f"c2,,{_SAM},{_ALEX},2026-03-03 08:00:00 UTC,,Hi Alex,INBOX,Yes",
        f"c2,,{_ALEX},{_SAM},2026-03-03 09:00:00 UTC,,Another project for you,INBOX,No",
    )
    found = list(read_linkedin_messages(data, me=("linkedin.com/in/sam-freelance",)))
    assert [kind for kind, _, _ in _facts(found)] == [
        "inquiry",
        "inquiry",
        "message_sent",
        "email_reply",
        "inquiry",
    ]
    later = read_linkedin_messages(
        data, me=("linkedin.com/in/sam-freelance",), since=datetime(2026, 3, 2, 10, 30, tzinfo=UTC)
    )
    # Sam's message before --since still makes Alex's answer a reply.
    assert [kind for kind, _, _ in _facts(list(later))] == ["email_reply", "inquiry"]
