"""The headers capture reads, read defensively: a broken header yields nothing, never an error."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta, timezone
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


class Headers:
    """A message's headers as written, read once: the email package's header objects parse a header
    anew on every access (seconds for one with thousands of recipients)."""

    def __init__(self, message: Message | None = None, *, pairs: Iterable[tuple[str, str]] = ()) -> None:
        """The headers of ``message``, or the (name, value) ``pairs`` its ``raw_items`` would give."""
        self._values: dict[str, list[str]] = {}
        #: What :meth:`get` gave for each name asked (the classifier asks for some several times).
        self._got: dict[str, str] = {}
        if message is not None:
            try:
                pairs = list(message.raw_items())
            except Exception:  # the email package raises many kinds on malformed headers
                pairs = []
        values = self._values
        for key, value in pairs:
            text = str(value)[:MAX_HEADER]
            name = str(key).lower()
            if name not in values:
                values[name] = []
            values[name].append(_UNFOLD.sub(" ", text) if "\n" in text else text)

    def __bool__(self) -> bool:
        return bool(self._values)

    def values(self) -> dict[str, list[str]]:
        """Every header's values by lower-case name, as read."""
        return {name: list(values) for name, values in self._values.items()}

    def get(self, name: str) -> str:
        """One header as text ("" when missing), encoded words decoded, on one line."""
        found = self._got.get(name)
        if found is None:
            values = self._values.get(name.lower())
            found = self._got[name] = " ".join(decoded_words(values[0]).split()) if values else ""
        return found

    def all(self, name: str) -> list[str]:
        """Every value of one header, as written (folded lines joined)."""
        return self._values.get(name.lower(), [])

    def addresses(self, *names: str) -> list[tuple[str, str]]:
        """(display name, address) in the named headers, in order, each address once."""
        seen: set[str] = set()
        found = []
        for name in names:
            for display, address in parse_addresses(self.all(name)):
                if address not in seen:
                    seen.add(address)
                    found.append((decoded_words(display), address))
        return found

    def message_id(self) -> str:
        found = message_ids(self.get("Message-ID"))
        return found[0] if found else ""

    def references(self) -> list[str]:
        """The messages this one answers (In-Reply-To, then References)."""
        return message_ids(self.get("In-Reply-To")) + message_ids(self.get("References"))

    def sent_at(self) -> datetime | None:
        """When the message was sent (its Date, else the newest Received stamp), in UTC."""
        candidates = [self.get("Date")]
        candidates += [value.rsplit(";", 1)[-1] for value in self.all("Received")[:1] if ";" in value]
        for text in candidates:
            moment = parse_date(text)
            if moment is not None:
                return moment
        return None


def parse_date(text: str) -> datetime | None:
    if not text:
        return None
    try:
        plain = _PLAIN_DATE.fullmatch(text)
        moment = parsedate_to_datetime(text) if plain is None else _plain_date(plain)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except (OverflowError, ValueError):
        return None


#: A date as mail programs write it (RFC 5322), read without the email package's general parser.
_PLAIN_DATE = re.compile(
    r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?(\d{1,2}) "
    r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ([1-9]\d{3}) (\d\d):(\d\d):(\d\d) ([+-])(\d\d)(\d\d)"
)
_MONTHS = {
    name: number
    for number, name in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), start=1
    )
}


def _plain_date(match: re.Match[str]) -> datetime:
    """What ``parsedate_to_datetime`` makes of a plain date (an unknown zone, -0000, as UTC)."""
    day, month, year, hours, minutes, seconds, sign, zone_hours, zone_minutes = match.groups()
    offset = int(zone_hours) * 3600 + int(zone_minutes) * 60
    zone = UTC if offset == 0 else timezone(timedelta(seconds=-offset if sign == "-" else offset))
    return datetime(int(year), _MONTHS[month], int(day), int(hours), int(minutes), int(seconds), tzinfo=zone)


def decoded_words(text: str) -> str:
    """A display name with its encoded words (``=?utf-8?b?...?=``) decoded."""
    if "=?" not in text:
        return text
    try:
        return " ".join(str(make_header(decode_header(text))).split())
    except (LookupError, ValueError, UnicodeError, HeaderParseError):
        return text


def message_ids(text: str) -> list[str]:
    return _MESSAGE_ID.findall(text)


def is_reply_subject(subject: str) -> bool:
    return bool(_REPLY_PREFIX.match(subject)) and subject.lstrip()[:2].lower() != "fw"


def thread_subject(subject: str) -> str:
    """The subject without its Re:/Fwd: prefixes, folded: what every message of a thread shares."""
    return " ".join(_REPLY_PREFIX.sub("", subject).split()).casefold()
