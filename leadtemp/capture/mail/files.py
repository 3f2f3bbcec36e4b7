"""Mail files: an mbox (Gmail Takeout, Thunderbird, Apple Mail's export), a Maildir folder, one
.eml message. Messages are read one at a time (an mbox is never held in memory); a message that
cannot be parsed is skipped as unreadable, and the rest go on."""

from __future__ import annotations

import email
import mailbox
import re
from collections.abc import Callable, Iterable, Iterator
from email.message import EmailMessage, Message
from email.parser import BytesHeaderParser
from pathlib import Path
from typing import BinaryIO

from leadtemp.capture.addresses import parse_addresses
from leadtemp.capture.events import Observation, Skipped, SkipReason
from leadtemp.capture.mail import headers as h
from leadtemp.capture.mail.classify import SOURCE, observe_message
from leadtemp.capture.mail.signals import load_rules
from leadtemp.capture.options import CaptureOptions
from leadtemp.errors import ValidationError

_HEADER_LINE = re.compile(rb"^[!-9;-~]+:")
_MBOX_FROM = re.compile(rb"^From \S+")


def is_maildir(path: Path) -> bool:
    return (path / "cur").is_dir() and (path / "new").is_dir()


def looks_like_mbox(head: bytes) -> bool:
    return bool(_MBOX_FROM.match(head.lstrip(b"\r\n")))


def looks_like_message(head: bytes) -> bool:
    """A message starts with header lines (``Name: value``) and has a From or Date among them."""
    lines = head.lstrip().split(b"\n", 40)
    if not lines or not _HEADER_LINE.match(lines[0]):
        return False
    names = {line.split(b":", 1)[0].strip().lower() for line in lines if _HEADER_LINE.match(line)}
    return bool(names & {b"from", b"date", b"message-id", b"received", b"return-path"})


#: More of one message than this is never read: its words come first, its attachments after them,
#: so a 100 MB attachment costs no more time or memory than this.
MAX_MESSAGE_BYTES = 8 * 1024 * 1024


def _parse(handle: BinaryIO) -> Message:
    """A message in the email package's plain model: capture reads its headers as written, which is
    several times faster than building the modern model's header objects."""
    return email.message_from_bytes(handle.read(MAX_MESSAGE_BYTES))


def _reader(box: mailbox.Mailbox) -> Callable[[str], Message]:
    def read(key: str) -> Message:
        with box.get_file(key) as handle:
            return _parse(handle)  # type: ignore[arg-type]

    return read


def read_mbox(path: Path, options: CaptureOptions) -> Iterator[Observation | Skipped]:
    """Every message of an mbox; a first pass over its headers finds the user's own messages, so
    a reply that comes before the message it answers is still known as one."""
    _remember_sent(_mbox_headers(path), options)
    box = mailbox.mbox(path, create=False)
    try:
        yield from _observe_all(box.iterkeys(), _reader(box), options)
    finally:
        box.close()


def read_maildir(path: Path, options: CaptureOptions) -> Iterator[Observation | Skipped]:
    """Every message of a Maildir and of its Maildir++ sub-folders (``.Sent``...), your own
    messages remembered first."""
    listed = [(box, sorted(box.iterkeys())) for box in _maildirs(path)]
    for box, keys in listed:
        _remember_sent(_maildir_headers(box, keys), options)
    for box, keys in listed:
        yield from _observe_all(keys, _reader(box), options)


def _maildirs(path: Path) -> list[mailbox.Maildir]:
    """The Maildir at ``path`` and every Maildir++ folder in it (``.Sent``, ``.Sent.2026``...)."""
    root = mailbox.Maildir(path, create=False)
    found = [root]
    try:
        names = sorted(root.list_folders())
    except OSError:
        names = []
    found += [
        mailbox.Maildir(path / f".{name}", create=False) for name in names if is_maildir(path / f".{name}")
    ]
    return found


def read_eml(path: Path, options: CaptureOptions) -> Iterator[Observation | Skipped]:
    try:
        with path.open("rb") as handle:
            message = _parse(handle)
    except OSError as error:
        raise ValidationError(f"cannot read {path}: {error.strerror or error}") from None
    yield from observe_message(message, options, rules=load_rules())


def read_messages(
    messages: Iterable[EmailMessage | Message], options: CaptureOptions
) -> Iterator[Observation | Skipped]:
    """Messages already parsed (IMAP, tests), the user's own first remembered as they come."""
    rules = load_rules()
    for message in messages:
        yield from observe_message(message, options, rules=rules)


def _observe_all(
    keys: Iterable[str], get: Callable[[str], Message], options: CaptureOptions
) -> Iterator[Observation | Skipped]:
    rules = load_rules()
    for number, key in enumerate(keys, start=1):
        try:
            message = get(key)
        except (
            OSError,
            ValueError,
            LookupError,
            TypeError,
            IndexError,
            UnicodeError,
            mailbox.Error,
        ) as error:
            yield Skipped(
                SOURCE, f"message {number}", SkipReason.UNREADABLE, f"message {number}: {error}"[:200]
            )
            continue
        yield from observe_message(message, options, rules=rules)


def _remember_sent(found: Iterable[tuple[str, str, str]], options: CaptureOptions) -> None:
    """(From, Message-ID, Subject) of each message: the user's own are remembered."""
    if not options.me:
        return
    for sender, message_id, subject in found:
        addresses = parse_addresses([sender])
        if addresses and options.is_me(addresses[0][1]):
            ids = h.message_ids(message_id)
            options.threads.message_ids.update(ids[:1])
            options.threads.subjects.add(h.thread_subject(subject))


_WANTED = {b"from": 0, b"message-id": 1, b"subject": 2}


def _mbox_headers(path: Path) -> Iterator[tuple[str, str, str]]:
    """From, Message-ID and Subject of each message, read line by line (folded lines joined)."""
    values: list[bytes] = [b"", b"", b""]
    in_headers = False
    current: int | None = None
    after_blank = True
    with path.open("rb") as handle:
        for line in handle:
            if after_blank and line.startswith(b"From "):
                if in_headers or any(values):
                    yield _texts(values)
                values, in_headers, current = [b"", b"", b""], True, None
                after_blank = False
                continue
            after_blank = not line.strip()
            if not in_headers:
                continue
            if not line.strip():
                in_headers, current = False, None
            elif line[:1] in (b" ", b"\t"):
                if current is not None:
                    values[current] += b" " + line.strip()
            else:
                name = line.split(b":", 1)[0].strip().lower()
                current = _WANTED.get(name)
                if current is not None and not values[current]:
                    values[current] = line.split(b":", 1)[1].strip() if b":" in line else b""
                elif current is not None:
                    current = None
    if any(values):
        yield _texts(values)


def _texts(values: list[bytes]) -> tuple[str, str, str]:
    text = [value.decode("utf-8", "replace")[: h.MAX_HEADER] for value in values]
    return text[0], text[1], h.decoded_words(text[2])


def _maildir_headers(box: mailbox.Maildir, keys: list[str]) -> Iterator[tuple[str, str, str]]:
    parser = BytesHeaderParser()
    for key in keys:
        try:
            with box.get_file(key) as handle:
                message = parser.parse(handle)  # type: ignore[arg-type]
        except (OSError, ValueError, LookupError, TypeError, UnicodeError):
            continue
        headers = h.Headers(message)
        yield headers.get("From"), headers.get("Message-ID"), headers.get("Subject")
