"""Mail files: an mbox (Gmail Takeout, Thunderbird, Apple Mail's export), a Maildir folder, one
.eml message. Messages are read one at a time (an mbox is never held in memory); a message that
cannot be parsed is skipped as unreadable, and the rest go on."""

from __future__ import annotations

import email
import mailbox
import re
from collections.abc import Iterable, Iterator
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesHeaderParser
from pathlib import Path
from typing import BinaryIO

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


def _parse(handle: BinaryIO) -> EmailMessage:
    return email.message_from_binary_file(handle, policy=policy.default)  # type: ignore[return-value]


def read_mbox(path: Path, options: CaptureOptions) -> Iterator[Observation | Skipped]:
    """Every message of an mbox; a first pass over its headers finds the user's own messages, so
    a reply that comes before the message it answers is still known as one."""
    _remember_sent(_mbox_headers(path), options)
    box = mailbox.mbox(path, factory=_parse, create=False)  # type: ignore[arg-type]
    try:
        yield from _observe_all(box.iterkeys(), box.__getitem__, options)
    finally:
        box.close()


def read_maildir(path: Path, options: CaptureOptions) -> Iterator[Observation | Skipped]:
    """Every message of a Maildir and of its Maildir++ sub-folders (``.Sent``...), your own
    messages remembered first."""
    listed = [(box, sorted(box.iterkeys())) for box in _maildirs(path)]
    for box, keys in listed:
        _remember_sent(_maildir_headers(box, keys), options)
    for box, keys in listed:
        yield from _observe_all(keys, box.__getitem__, options)


def _maildirs(path: Path) -> list[mailbox.Maildir]:
    """The Maildir at ``path`` and every Maildir++ folder in it (``.Sent``, ``.Sent.2026``...)."""
    root = mailbox.Maildir(path, factory=_parse, create=False)  # type: ignore[arg-type]
    found = [root]
    try:
        names = sorted(root.list_folders())
    except OSError:
        names = []
    found += [
        mailbox.Maildir(path / f".{name}", factory=_parse, create=False)  # type: ignore[arg-type]
        for name in names
        if is_maildir(path / f".{name}")
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
    keys: Iterable[str], get: object, options: CaptureOptions
) -> Iterator[Observation | Skipped]:
    rules = load_rules()
    for number, key in enumerate(keys, start=1):
        try:
            message = get(key)  # type: ignore[operator]
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
        addresses = h.addresses(_headers_of(sender), "From")
        if addresses and options.is_me(addresses[0][1]):
            ids = h.message_ids(message_id)
            options.threads.message_ids.update(ids[:1])
            options.threads.subjects.add(h.thread_subject(subject))


def _headers_of(sender: str) -> Message:
    message = Message()
    message["From"] = sender
    return message


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
    return text[0], text[1], _decoded_subject(text[2])


def _decoded_subject(raw: str) -> str:
    message = Message()
    try:
        message["Subject"] = raw
        return str(email.message_from_string(f"Subject: {raw}\n\n", policy=policy.default)["Subject"] or "")
    except (ValueError, TypeError, IndexError, LookupError):
        return raw


def _maildir_headers(box: mailbox.Maildir, keys: list[str]) -> Iterator[tuple[str, str, str]]:
    parser = BytesHeaderParser(policy=policy.default)
    for key in keys:
        try:
            with box.get_file(key) as handle:
                message = parser.parse(handle)  # type: ignore[arg-type]
        except (OSError, ValueError, LookupError, TypeError, UnicodeError):
            continue
        yield h.header(message, "From"), h.header(message, "Message-ID"), h.header(message, "Subject")
