"""The new mail in one folder, fetched in chunks: headers and text parts only, with ``BODY.PEEK`` on
a read-only folder so nothing is marked read, and each message rebuilt for the classifier.

A folder's mark is its UIDVALIDITY and the highest UID read; a different UIDVALIDITY means the
server renumbered the folder, so it is read again from the start (capture's Message-ID keys keep
that from logging anything twice).
"""

from __future__ import annotations

import contextlib
import imaplib
import re
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import Message
from typing import Any, NamedTuple, Protocol

from imapclient import IMAPClient  # type: ignore[import-untyped]

from leadtemp.capture.imap.built import header_pairs, parsed, whole_text
from leadtemp.capture.imap.errors import MailboxError
from leadtemp.capture.mail.headers import Headers
from leadtemp.capture.mail.text import body_text

#: Messages per FETCH: few round trips, and never more than this many bodies in memory at once.
CHUNK = 200
#: Messages in a folder's first FETCH.
FIRST_CHUNK = 40
#: Bytes of one text part read at most: enough for the note and the phrases, never a 100 MB part.
TEXT_PART_LIMIT = 256 * 1024
_HEADER = b"BODY[HEADER]"
_STRUCTURE = b"BODYSTRUCTURE"


@dataclass(frozen=True)
class FolderMark:
    """How far a folder was read: its UIDVALIDITY and the highest UID seen under it."""

    folder: str
    uidvalidity: int
    last_uid: int


@dataclass(frozen=True)
class FolderPlan:
    """The new UIDs of one folder and the mark it gets once they are committed."""

    folder: str
    uids: tuple[int, ...]
    mark: FolderMark


def plan_folder(
    client: IMAPClient, folder: str, mark: FolderMark | None, since: datetime | None = None
) -> FolderPlan:
    """Select ``folder`` read-only and list the UIDs past its mark (all of them after a renumbering);
    with ``since``, only mail the server received from the day before it (the classifier drops
    what was sent earlier)."""
    selected = client.select_folder(folder, readonly=True)
    uidvalidity = int(selected[b"UIDVALIDITY"])
    after = mark.last_uid if mark is not None and mark.uidvalidity == uidvalidity else 0
    criteria: list[Any] = ["UID", f"{after + 1}:*"]
    if since is not None:
        criteria += ["SINCE", (since - timedelta(days=1)).date()]
    # "N:*" always matches the newest message, even when its UID is below N.
    uids = tuple(sorted(uid for uid in client.search(criteria) if uid > after))
    return FolderPlan(folder, uids, FolderMark(folder, uidvalidity, max((after, *uids))))


class TextPart(NamedTuple):
    """A readable part: its number (``TEXT`` for a message that is one part), and the MIME headers
    that decode it, rebuilt from the BODYSTRUCTURE (so they need no fetch of their own)."""

    number: str
    mime: bytes
    html: bool


#: The body as it is: a message that is one text part, or plain text with its HTML alternative.
WHOLE_BODY = (TextPart("TEXT", b"", html=False),)
_CONTENT_TYPE = re.compile(rb"^content-type:[ \t]*(?:\r?\n[ \t]+)*([^\s;]+)", re.IGNORECASE | re.MULTILINE)


class FetchedMail(NamedTuple):
    """A fetched message as the classifier reads it: its headers, and its text when asked (what
    ``body_text`` gives of the message :func:`rebuild` makes)."""

    headers: Headers
    text: Callable[[], str]


def fetch_messages(client: IMAPClient, uids: Sequence[int], chunk: int = CHUNK) -> Iterator[Message]:
    """The messages ``uids`` of the selected folder, in UID order (see :func:`fetch_chunks`)."""
    for fetched in _fetch(client, uids, chunk):
        for header, parts, bodies in fetched:
            yield rebuild(header, parts, bodies)


def fetch_chunks(
    client: IMAPClient, uids: Sequence[int], chunk: int = CHUNK
) -> Generator[list[FetchedMail], None, None]:
    """The messages ``uids`` of the selected folder, in UID order, ``chunk`` at a time, as the
    classifier reads them (see :func:`read_mail`)."""
    for fetched in _fetch(client, uids, chunk):
        yield [read_mail(header, parts, bodies) for header, parts, bodies in fetched]


def _fetch(
    client: IMAPClient, uids: Sequence[int], chunk: int
) -> Iterator[list[tuple[bytes, Sequence[TextPart], dict[bytes, Any]]]]:
    """(header, text parts, their bodies) of the messages ``uids``, ``chunk`` messages at a time.

    The headers come first; a message that is text (or text with its HTML alternative) then
    fetches its body, and only one with attachments or other parts asks for its BODYSTRUCTURE and
    then fetches the text parts alone. A chunk's bodies are asked for together with the next
    chunk's headers (pipelined, RFC 3501 5.5), as soon as the answers before them are in and
    before the chunk those answers complete is handed on: the server reads on while this side
    takes the bodies in and the messages are rebuilt, rather than each waiting on the other. A
    reader that stops early still reads the answers asked for, so the connection stays in step.
    """
    parts = list(_chunked(uids, chunk))
    if not parts:
        return
    heads = fetch_literals(client, parts[0], _HEADER_ITEMS)
    wanted = _wanted(client, parts[0], heads)
    pending = _ask(client, wanted, parts[1:2])
    for number, part in enumerate(parts):
        last = number + 1 == len(parts)
        answers = receive_literals(client, pending)
        next_heads = {} if last else answers.pop()
        bodies: dict[int, dict[bytes, Any]] = {}
        for answer in answers:
            bodies.update(answer)
        fetched = [(heads[uid][_HEADER], wanted[uid], bodies.get(uid, {})) for uid in part if uid in wanted]
        if not last:
            wanted = _wanted(client, parts[number + 1], next_heads)
            pending = _ask(client, wanted, parts[number + 2 : number + 3])
        try:
            yield fetched
        except GeneratorExit:
            if not last:  # answers asked for: read past, so the connection stays in step
                with contextlib.suppress(OSError, EOFError, imaplib.IMAP4.error, MailboxError):
                    receive_literals(client, pending)
            raise
        heads = next_heads


def _wanted(
    client: IMAPClient, part: Sequence[int], heads: dict[int, dict[bytes, Any]]
) -> dict[int, Sequence[TextPart]]:
    """The text parts to fetch of each message of ``part`` whose header came (none of a message
    with nothing to read); a message with parts to pick from asks for its BODYSTRUCTURE first."""
    wanted: dict[int, Sequence[TextPart]] = {}
    structured = []
    for uid in part:
        if uid in heads:
            shape = body_shape(heads[uid][_HEADER])
            if shape == "structure":
                structured.append(uid)
            else:
                wanted[uid] = WHOLE_BODY if shape == "text" else ()
    if structured:
        structures = client.fetch(structured, ["BODYSTRUCTURE"])
        for uid in structured:
            wanted[uid] = text_parts(structures[uid][_STRUCTURE]) if uid in structures else ()
    return wanted


def _ask(
    client: IMAPClient, wanted: dict[int, Sequence[TextPart]], following: Sequence[list[int]]
) -> PendingFetch:
    """Send the FETCH commands of the wanted text parts and of the ``following`` chunk's headers
    (when there is one, its answer last), reading none of their answers yet."""
    requests = _part_requests(wanted)
    requests += [(uids, _HEADER_ITEMS) for uids in following]
    return send_literals(client, requests)


_HEADER_ITEMS = ("BODY.PEEK[HEADER]",)


def _chunked(uids: Sequence[int], chunk: int) -> Iterator[list[int]]:
    """``uids`` a chunk at a time, the first one short: the classifier starts on it while the
    next ones are fetched, rather than waiting for a whole chunk."""
    start = 0
    size = min(chunk, FIRST_CHUNK)
    while start < len(uids):
        yield list(uids[start : start + size])
        start += size
        size = chunk


def body_shape(header: bytes) -> str:
    """``text`` (the body is text to read whole), ``structure`` (parts to pick from) or ``none``."""
    found = _CONTENT_TYPE.search(header)
    kind = found.group(1).decode("ascii", "replace").lower() if found else "text/plain"
    if kind in ("text/plain", "text/html", "multipart/alternative"):
        return "text"
    return "structure" if kind.startswith("multipart/") else "none"


def _part_requests(wanted: dict[int, Sequence[TextPart]]) -> list[tuple[list[int], tuple[str, ...]]]:
    """One FETCH per distinct set of part numbers (most messages of a chunk share theirs)."""
    by_items: dict[tuple[str, ...], list[int]] = {}
    for uid, parts in wanted.items():
        if parts:
            items = tuple(f"BODY.PEEK[{text.number}]<0.{TEXT_PART_LIMIT}>" for text in parts)
            by_items.setdefault(items, []).append(uid)
    return [(uids, items) for items, uids in by_items.items()]


#: A message's UID in its FETCH answer, and an item whose value is a literal (with its size).
_UID = re.compile(rb"\bUID (\d+)")
_LITERAL_ITEM = re.compile(rb"(BODY\[[^\]]*\](?:<\d+>)?) \{(\d+)\}$")


def fetch_literals(
    client: IMAPClient, uids: Sequence[int], items: Sequence[str]
) -> dict[int, dict[bytes, Any]]:
    """``client.fetch(uids, items)`` for items whose values are message text (``BODY.PEEK[...]``),
    read straight off the connection: the literals come back as they came off the wire, where
    imapclient's general response parser costs more than the server's whole answer (and imaplib's
    reading of every line, matched against all its patterns and logged, costs half as much again).
    A message answered any other way (a quoted string, NIL) is asked again through imapclient."""
    return fetch_literals_together(client, [(uids, items)])[0]


def fetch_literals_together(
    client: IMAPClient, requests: Sequence[tuple[Sequence[int], Sequence[str]]]
) -> list[dict[int, dict[bytes, Any]]]:
    """:func:`fetch_literals` of each (uids, items) request, the commands sent at once and their
    answers read as they come; the requests' UIDs are distinct, so each message's answer is its
    request's whichever command the server answered first."""
    return receive_literals(client, send_literals(client, requests))


@dataclass(frozen=True)
class PendingFetch:
    """FETCH commands sent (see :func:`send_literals`) whose answers are still to be read: nothing
    else may be asked until :func:`receive_literals` has read them."""

    requests: tuple[tuple[Sequence[int], Sequence[str]], ...]
    tags: tuple[bytes, ...]


def send_literals(
    client: IMAPClient, requests: Sequence[tuple[Sequence[int], Sequence[str]]]
) -> PendingFetch:
    """Send the FETCH commands of :func:`fetch_literals_together` at once, reading no answer."""
    commands = [
        f"UID FETCH {','.join(str(uid) for uid in uids)} ({' '.join(items)})".encode("ascii")
        for uids, items in requests
        if uids
    ]
    return PendingFetch(tuple(requests), _send(client._imap, commands) if commands else ())


def receive_literals(client: IMAPClient, pending: PendingFetch) -> list[dict[int, dict[bytes, Any]]]:
    """The answers of the commands :func:`send_literals` sent, one dict per request; a command the
    server refused raises once all of them are read."""
    statuses, read = _receive(client._imap, pending.tags) if pending.tags else ([], {})
    for status, said in statuses:
        if status == b"BAD":
            raise imaplib.IMAP4.error(f"UID command error: BAD [{said.decode('utf-8', 'replace')}]")
        if status != b"OK":
            text = (said or status).decode("utf-8", "replace")
            raise MailboxError(f"the server would not send the messages: {text}")
    results: list[dict[int, dict[bytes, Any]]] = []
    for uids, items in pending.requests:
        if not uids:
            results.append({})
            continue
        wanted = set(uids)
        found = {uid: values for uid, values in read.items() if uid in wanted}
        names = [item.replace(".PEEK", "").split("<", 1)[0].encode() for item in items]
        unread = [
            uid
            for uid in uids
            if uid not in found or not all(any(key.startswith(name) for key in found[uid]) for name in names)
        ]
        if unread:
            found.update(client.fetch(unread, list(items)))
        results.append(found)
    return results


class _Connection(Protocol):
    """What the answers are read from: imaplib's connection."""

    tagged_commands: dict[bytes, Any]

    def read(self, size: int) -> bytes: ...

    def readline(self) -> bytes: ...


#: An untagged FETCH answer's first line (``* 12 FETCH (...``), and a line that ends in a literal.
_FETCH_LINE = re.compile(rb"\* \d+ FETCH (.*)", re.DOTALL)
_LITERAL_SIZE = re.compile(rb"\{(\d+)\}$")


def _send(connection: imaplib.IMAP4, commands: Sequence[bytes]) -> tuple[bytes, ...]:
    """Send ``commands`` at once, each under a tag of its own (the tags, in order)."""
    tags = tuple(connection._new_tag() for _ in commands)  # type: ignore[attr-defined]
    try:
        connection.send(
            b"".join(tag + b" " + command + b"\r\n" for tag, command in zip(tags, commands, strict=True))
        )
    except BaseException:
        _forget(connection, tags)
        raise
    return tags


def _receive(
    connection: _Connection, tags: Sequence[bytes]
) -> tuple[list[tuple[bytes, bytes]], dict[int, dict[bytes, Any]]]:
    """Read the answers of the commands sent under ``tags``: ((status, its text) of each command,
    in order; UID -> {item name: literal} of every message they answered, read as the lines come).
    Other untagged answers are left out; the server saying BYE, or the connection ending, aborts."""
    done: dict[bytes, tuple[bytes, bytes]] = {}
    found: dict[int, dict[bytes, Any]] = {}
    try:
        while len(done) < len(tags):
            line = _line(connection)
            tag = line.split(b" ", 1)[0]
            if tag in tags:
                status, _, said = line[len(tag) + 1 :].partition(b" ")
                done[tag] = (status.upper(), said)
                continue
            if line.upper().startswith(b"* BYE"):
                raise imaplib.IMAP4.abort(line.decode("utf-8", "replace"))
            fetched = _FETCH_LINE.match(line)
            if fetched is None:
                while (size := _LITERAL_SIZE.search(line)) is not None:  # read past, kept nowhere
                    connection.read(int(size.group(1)))
                    line = _line(connection)
                continue
            uid, values = _answer(connection, fetched.group(1))
            if uid is not None:
                found[uid] = values
    finally:
        _forget(connection, tags)
    return [done[tag] for tag in tags], found


def _answer(connection: _Connection, text: bytes) -> tuple[int | None, dict[bytes, Any]]:
    """One message's FETCH answer from the text of its first line on: its UID wherever the server
    put it, and each literal under its item's name (an item answered any other way, a quoted
    string or NIL, is left out)."""
    uid: int | None = None
    values: dict[bytes, Any] = {}
    while True:
        said_uid = _UID.search(text)
        if said_uid is not None:
            uid = int(said_uid.group(1))
        item = _LITERAL_ITEM.search(text)
        if item is not None:
            values[item.group(1).upper()] = connection.read(int(item.group(2)))
        elif (size := _LITERAL_SIZE.search(text)) is not None:
            connection.read(int(size.group(1)))
        else:
            return uid, values
        text = _line(connection)


def _forget(connection: _Connection, tags: Sequence[bytes]) -> None:
    for tag in tags:
        connection.tagged_commands.pop(tag, None)


def _line(connection: _Connection) -> bytes:
    line = connection.readline()
    if not line:
        raise imaplib.IMAP4.abort("socket error: EOF")
    if not line.endswith(b"\r\n"):
        raise imaplib.IMAP4.abort(f"socket error: unterminated line: {line!r}")
    return line[:-2]


def text_parts(structure: Any, prefix: str = "") -> list[TextPart]:
    """The readable text of a message (text/plain and text/html that are not attachments), plain
    text first."""
    if not structure.is_multipart:
        return (
            [TextPart(prefix or "TEXT", _mime(structure), _lower(structure[1]) == "html")]
            if _is_text(structure)
            else []
        )
    found: list[TextPart] = []
    for index, child in enumerate(structure[0], start=1):
        number = f"{prefix}.{index}" if prefix else str(index)
        if child.is_multipart:
            found.extend(text_parts(child, number))
        elif _is_text(child):
            found.append(TextPart(number, _mime(child), _lower(child[1]) == "html"))
    return sorted(found, key=lambda text: text.html)


def _is_text(part: Any) -> bool:
    kind, subtype = _lower(part[0]), _lower(part[1])
    if kind != "text" or subtype not in ("plain", "html"):
        return False
    disposition = part[9] if len(part) > 9 else None
    return not (isinstance(disposition, tuple) and disposition and _lower(disposition[0]) == "attachment")


def _mime(part: Any) -> bytes:
    params = part[2] if isinstance(part[2], tuple) else ()
    pairs = dict(zip(params[::2], params[1::2], strict=False))
    charset = next((_lower(value) for key, value in pairs.items() if _lower(key) == "charset"), "utf-8")
    encoding = _lower(part[5]) or "7bit"
    kind = f"{_lower(part[0])}/{_lower(part[1])}"
    return f'Content-Type: {kind}; charset="{charset}"\r\nContent-Transfer-Encoding: {encoding}\r\n'.encode(
        "ascii", "replace"
    )


def _lower(value: Any) -> str:
    return (value.decode("ascii", "replace") if isinstance(value, bytes) else str(value or "")).lower()


def read_mail(header: bytes, parts: Sequence[TextPart], bodies: dict[bytes, Any]) -> FetchedMail:
    """What the classifier reads of the message :func:`rebuild` makes: its headers and its text,
    read straight from the fetched bytes where the message is its header and its body (the
    message is built only for anything else)."""
    head = header.rstrip(b"\r\n") + b"\r\n\r\n"
    pairs = header_pairs(head) if len(parts) == 1 and parts[0].number == "TEXT" else None
    if pairs is None:
        message = rebuild(header, parts, bodies)
        return FetchedMail(Headers(message), lambda: body_text(message))
    body = _body(bodies, "TEXT")

    def text() -> str:
        found = whole_text(pairs, body)
        return body_text(parsed(head, body)) if found is None else found

    return FetchedMail(Headers(pairs=pairs), text)


def rebuild(header: bytes, parts: Sequence[TextPart], bodies: dict[bytes, Any]) -> Message:
    """The message as the classifier reads it: its own headers and its text parts, nothing else
    (plain text before HTML, so the first text part is the one to read)."""
    head = header.rstrip(b"\r\n") + b"\r\n\r\n"
    if len(parts) == 1 and parts[0].number == "TEXT":
        return parsed(head, _body(bodies, "TEXT"))
    if not parts:
        return parsed(_without_content_headers(head), b"\r\n")
    boundary = b"=_leadtemp_text_parts_="
    chunks = [
        b"--" + boundary + b"\r\n" + text.mime + b"\r\n" + _body(bodies, text.number) + b"\r\n"
        for text in parts
    ]
    chunks.append(b"--" + boundary + b"--\r\n")
    return parsed(
        _without_content_headers(head).rstrip(b"\r\n")
        + b'\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="'
        + boundary
        + b'"\r\n\r\n',
        b"".join(chunks),
    )


def _body(bodies: dict[bytes, Any], number: str) -> bytes:
    partial, whole = (
        _TEXT_KEYS if number == "TEXT" else (f"BODY[{number}]<0>".encode(), f"BODY[{number}]".encode())
    )
    value = bodies.get(partial)
    if value is None:
        value = bodies.get(whole)
    return bytes(value or b"")


#: Where the fetched body of a message that is one text is, as a part fetched (``<0>``) or whole.
_TEXT_KEYS = (b"BODY[TEXT]<0>", b"BODY[TEXT]")


def _without_content_headers(head: bytes) -> bytes:
    """The header block without its MIME structure lines (they describe parts no longer there)."""
    lines: list[bytes] = []
    skipping = False
    for line in head.split(b"\r\n"):
        if line[:1] in (b" ", b"\t"):
            if not skipping:
                lines.append(line)
            continue
        name = line.split(b":", 1)[0].strip().lower()
        skipping = name in (b"content-type", b"content-transfer-encoding", b"mime-version")
        if not skipping:
            lines.append(line)
    return b"\r\n".join(lines)
