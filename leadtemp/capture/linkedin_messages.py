"""LinkedIn messages (``messages.csv`` from LinkedIn's data export) read as replies, inquiries and
outreach.

People are named by their profile address (``linkedin.com/in/<name>``, as
:func:`~leadtemp.linkedin.normalise_linkedin` writes it), which the commit step matches against
the leads' LinkedIn field. The user is the ``--me`` profile, or the sender found in most
conversations (the export is one member's inbox).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import datetime

from leadtemp.capture.errors import CaptureFileError
from leadtemp.capture.events import Observation, Skipped, SkipReason
from leadtemp.capture.times import parse_export_time
from leadtemp.importing.read.csvfile import read_table
from leadtemp.importing.read.errors import ImportFileError
from leadtemp.importing.read.presets import normalize_header
from leadtemp.linkedin import normalise_linkedin

SOURCE = "linkedin"
_REQUIRED = ("conversation id", "from", "sender profile url", "recipient profile urls", "date")
#: Characters of a message kept in the note.
_NOTE_CHARS = 200


@dataclass(frozen=True)
class _Message:
    line: int
    conversation: str
    sender: str
    sender_name: str
    recipients: tuple[str, ...]
    recipient_names: str
    sent_at: datetime
    text: str
    skipped: SkipReason | None = None


def is_linkedin_messages(columns: Collection[str]) -> bool:
    """Whether a CSV header is LinkedIn's messages export."""
    keys = {normalize_header(column) for column in columns}
    return all(column in keys for column in _REQUIRED)


def read_linkedin_messages(
    data: bytes,
    *,
    me: Collection[str] = (),
    since: datetime | None = None,
    name: str = "messages.csv",
) -> Iterator[Observation | Skipped]:
    """Outreach for each message the user sent; a person's message is a reply when the user wrote
    earlier in that conversation, an inquiry when the person wrote first.

    ``me`` may hold addresses of any kind; the LinkedIn profiles among them are the user's.
    Raises :class:`CaptureFileError` when the file is not LinkedIn's messages export.
    """
    messages = list(_messages(data, name))
    mine = {key for key in (normalise_linkedin(value) for value in me) if key} or _owner(messages)
    if not mine:
        raise CaptureFileError(
            f"{name}: whose messages are these? Give your profile with --me linkedin.com/in/..."
        )
    first_from_me = _first_sent(messages, mine)
    for message in messages:
        key = _key(message)
        if message.skipped is not None:
            yield Skipped(SOURCE, key, message.skipped, f"line {message.line}: {message.text[:60]}")
            continue
        if since is not None and message.sent_at < since:
            continue
        note = _note(message.text)
        if message.sender in mine:
            others = [person for person in message.recipients if person not in mine]
            if not others:
                yield Skipped(SOURCE, key, SkipReason.OWN, f"line {message.line}: a message to yourself")
            for person in others:
                yield Observation(
                    source=SOURCE,
                    source_key=f"{key}/{person}",
                    kind="message_sent",
                    occurred_at=message.sent_at,
                    addresses=(person,),
                    name=message.recipient_names if len(others) == 1 else "",
                    note=note,
                )
        else:
            mine_before = first_from_me.get(message.conversation)
            answers_me = mine_before is not None and mine_before < message.sent_at
            yield Observation(
                source=SOURCE,
                source_key=key,
                kind="email_reply" if answers_me else "inquiry",
                occurred_at=message.sent_at,
                addresses=(message.sender,),
                name=message.sender_name,
                note=note,
                evidence="a LinkedIn message from the lead",
            )


def _messages(data: bytes, name: str) -> Iterator[_Message]:
    try:
        columns, records = read_table(data, is_linkedin_messages, name)
        if not is_linkedin_messages(columns):
            raise CaptureFileError(
                f"{name} is not LinkedIn's messages export (it needs the columns CONVERSATION ID, "
                "FROM, SENDER PROFILE URL, RECIPIENT PROFILE URLS and DATE)"
            )
        keys = [normalize_header(column) for column in columns]
        for line, record in records:
            if any(cell.strip() for cell in record):
                yield _message(line, dict(zip(keys, record, strict=False)))
    except ImportFileError as error:
        raise CaptureFileError(str(error)) from None


def _message(line: int, row: dict[str, str]) -> _Message:
    def cell(column: str) -> str:
        return (row.get(column) or "").strip()

    text = " ".join(part for part in (cell("subject"), cell("content")) if part)
    recipients = tuple(
        key for key in (normalise_linkedin(part) for part in cell("recipient profile urls").split(",")) if key
    )
    skipped: SkipReason | None = None
    try:
        sent_at = parse_export_time(cell("date"))
    except ValueError:
        sent_at, skipped, text = datetime.min, SkipReason.UNREADABLE, f"cannot read the date {cell('date')!r}"
    sender = normalise_linkedin(cell("sender profile url"))
    if skipped is None and cell("is message draft").casefold() in ("yes", "true"):
        skipped, text = SkipReason.NOT_A_LEAD, "a draft, never sent"
    elif skipped is None and (
        cell("folder").casefold() == "spam" or "sponsored" in cell("conversation title").casefold()
    ):
        skipped = SkipReason.AUTOMATED
    elif skipped is None and not sender:
        skipped, text = SkipReason.UNREADABLE, "no sender profile"
    return _Message(
        line=line,
        conversation=cell("conversation id"),
        sender=sender,
        sender_name=" ".join(cell("from").split()),
        recipients=recipients,
        recipient_names=" ".join(cell("to").split()),
        sent_at=sent_at,
        text=text,
        skipped=skipped,
    )


def _owner(messages: list[_Message]) -> set[str]:
    """The profile that takes part in most conversations, when one does more than any other."""
    conversations: defaultdict[str, set[str]] = defaultdict(set)
    for message in messages:
        if message.skipped is None:
            for person in (message.sender, *message.recipients):
                conversations[person].add(message.conversation)
    ranked = sorted(conversations.items(), key=lambda item: -len(item[1]))
    if not ranked or (len(ranked) > 1 and len(ranked[0][1]) == len(ranked[1][1])):
        return set()
    return {ranked[0][0]}


def _first_sent(messages: list[_Message], mine: set[str]) -> dict[str, datetime]:
    """When the user first wrote in each conversation (drafts and skipped lines do not count)."""
    first: dict[str, datetime] = {}
    for message in messages:
        if message.skipped is None and message.sender in mine:
            known = first.get(message.conversation)
            if known is None or message.sent_at < known:
                first[message.conversation] = message.sent_at
    return first


def _key(message: _Message) -> str:
    """A message's identity in any later export: its conversation, sender, second and words."""
    text = f"{message.conversation}|{message.sender}|{message.sent_at:%Y-%m-%dT%H:%M:%S}|{message.text}"
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _note(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _NOTE_CHARS else flat[: _NOTE_CHARS - 1] + "…"
