"""The headers capture reads, read defensively: a broken header yields nothing, never an error."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.errors import HeaderParseError
from email.header import decode_header, make_header
from email.message import Message
from email.utils import parsedate_to_datetime

from leadtemp.capture.addresses import parse_addresses

_UNFOLD = re.compile(r"\r?\n[ \t]*")
_MESSAGE_ID = re.compile(r"<([^<>\s]+)>")
_REPLY_PREFIX = re.compile(r"^\s*((re|aw|sv|antw|fwd?|wg)\s*(\[\d+\])?\s*:\s*)+", re.IGNORECASE)
#: Header text is cut here before it is parsed (a message with 10,000 recipients stays cheap).
MAX_HEADER = 1_000_000


def header(message: Message, name: str) -> str:
    """One header as text ("" when missing or unreadable), encoded words decoded, one line."""
    try:
        value = message.get(name)
    except Exception:  # the email package raises many kinds on malformed headers
        return ""
    if value is None:
        return ""
    try:
        text = str(value)
    except Exception:  # the email package raises many kinds on malformed headers
        return ""
    return " ".join(text[:MAX_HEADER].split())


def headers(message: Message, name: str) -> list[str]:
    try:
        values = message.get_all(name) or []
    except Exception:  # the email package raises many kinds on malformed headers
        return []
    found = []
    for value in values:
        try:
            found.append(str(value)[:MAX_HEADER])
        except Exception:  # the email package raises many kinds on malformed headers
            continue
    return found


def addresses(message: Message, *names: str) -> list[tuple[str, str]]:
    """(display name, address) in the named headers, in order, each address once.

    Read from the raw header text: the email package's own address parser takes seconds on a
    header with thousands of recipients."""
    seen: set[str] = set()
    found = []
    for name in names:
        for display, address in parse_addresses(_raw_values(message, name)):
            if address not in seen:
                seen.add(address)
                found.append((_decoded_words(display), address))
    return found


def _raw_values(message: Message, name: str) -> list[str]:
    wanted = name.lower()
    try:
        pairs = list(message.raw_items())
    except Exception:  # the email package raises many kinds on malformed headers
        return []
    return [_UNFOLD.sub(" ", str(value)[:MAX_HEADER]) for key, value in pairs if str(key).lower() == wanted]


def _decoded_words(text: str) -> str:
    """A display name with its encoded words (``=?utf-8?b?...?=``) decoded."""
    if "=?" not in text:
        return text
    try:
        return " ".join(str(make_header(decode_header(text))).split())
    except (LookupError, ValueError, UnicodeError, HeaderParseError):
        return text


def message_ids(text: str) -> list[str]:
    return _MESSAGE_ID.findall(text)


def message_id(message: Message) -> str:
    found = message_ids(header(message, "Message-ID"))
    return found[0] if found else ""


def references(message: Message) -> list[str]:
    """The messages this one answers (In-Reply-To, then References)."""
    return message_ids(header(message, "In-Reply-To")) + message_ids(header(message, "References"))


def sent_at(message: Message) -> datetime | None:
    """When the message was sent (its Date, else the newest Received stamp), in UTC."""
    candidates = [header(message, "Date")]
    candidates += [value.rsplit(";", 1)[-1] for value in headers(message, "Received")[:1] if ";" in value]
    for text in candidates:
        if not text:
            continue
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError, OverflowError):
            continue
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        try:
            return moment.astimezone(UTC)
        except (OverflowError, ValueError):
            continue
    return None


def is_reply_subject(subject: str) -> bool:
    return bool(_REPLY_PREFIX.match(subject)) and subject.lstrip()[:2].lower() != "fw"


def thread_subject(subject: str) -> str:
    """The subject without its Re:/Fwd: prefixes, folded: what every message of a thread shares."""
    return " ".join(_REPLY_PREFIX.sub("", subject).split()).casefold()
