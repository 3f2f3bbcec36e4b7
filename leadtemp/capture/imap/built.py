"""Fetched mail made into the messages the classifier reads, built without the email package's
parser where the message has a plain shape: that parser reads line by line and costs more than
fetching the message. Each builder gives exactly what the parser would make of the same bytes, or
None for anything it does not read itself, which then goes to the parser.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Sequence
from email.errors import HeaderParseError
from email.header import decode_header, make_header
from email.message import Message
from email.parser import BytesParser
from email.policy import Compat32
from itertools import pairwise

from leadtemp.capture.mail.text import readable_text


class ReadingPolicy(Compat32):
    """The email package's fast legacy parse (no header objects built for every header of every
    message: ten times quicker), with a header's encoded words, or its raw UTF-8, decoded when it
    is read, as the modern policy would give it."""

    def header_fetch_parse(self, name: str, value: str) -> str:  # type: ignore[override]
        text = value
        if not text.isascii() and any("\udc80" <= char <= "\udcff" for char in text):
            text = text.encode("ascii", "surrogateescape").decode("utf-8", "replace")
        if "=?" in text:
            with contextlib.suppress(LookupError, ValueError, UnicodeError, HeaderParseError):
                text = str(make_header(decode_header(text)))
        return text


READING = ReadingPolicy()

#: A line as the parser splits them (CRLF, CR or LF ends one).
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
_FIELD_NAME = re.compile(r"[!-9;-~]+:")
_BLANK = frozenset({"\r\n", "\n", "\r"})
#: The transfer encodings a multipart may declare (RFC 2045 6.4): the parser marks any other a defect.
_PLAIN_PARTS = frozenset({"7bit", "8bit", "binary"})


def parsed(head: bytes, body: bytes) -> Message:
    """The message of ``head`` (its header block, blank line included) and ``body``."""
    message = _headed(head)
    if message is not None:
        kind = message.get_content_maintype()
        if kind not in ("multipart", "message"):
            message.set_payload(body.decode("ascii", "surrogateescape"))
            return message
        if kind == "multipart" and _with_parts(message, body):
            return message
    return BytesParser(policy=READING).parsebytes(head + body)


def one_part(head: bytes, body: bytes) -> Message | None:
    """The message when it is one part (no multipart/* or message/*) under plain header lines."""
    message = _headed(head)
    if message is None or message.get_content_maintype() in ("multipart", "message"):
        return None
    message.set_payload(body.decode("ascii", "surrogateescape"))
    return message


def several_parts(head: bytes, body: bytes) -> Message | None:
    """The message when it is a multipart under plain header lines whose parts are each one part
    under plain header lines, between boundary lines the parser reads the same way (one boundary
    between two parts, a closing one at the end)."""
    message = _headed(head)
    if message is None or message.get_content_maintype() != "multipart":
        return None
    return message if _with_parts(message, body) else None


def _with_parts(message: Message, body: bytes) -> bool:
    """Attach the parts of ``body`` to the multipart ``message``; False when the parser must read
    it (a digest's parts are messages, an encoded multipart is a defect)."""
    split = _split(message, body)
    if split is None:
        return False
    parts, preamble, epilogue = split
    if preamble is not None:
        message.preamble = preamble
    for pairs, payload in parts:
        part = _message(pairs)
        part.set_payload(payload)
        message.attach(part)
    message.epilogue = epilogue
    return True


#: One part of a multipart as read: its header (name, value) pairs and its content.
_Part = tuple[list[tuple[str, str]], str]


def _split(message: Message, body: bytes) -> tuple[list[_Part], str | None, str] | None:
    """The parts of the multipart ``message``'s ``body`` (each one part under plain header lines),
    its preamble (None for none) and epilogue; None when the parser must read it."""
    if message.get_content_type() == "multipart/digest":
        return None
    boundary = _boundary_of(message)
    encoding = str(message.get("content-transfer-encoding", "8bit")).lower()
    if not boundary or encoding not in _PLAIN_PARTS:
        return None
    separator = "--" + boundary
    lines = _LINE.findall(body.decode("ascii", "surrogateescape"))
    marks = [
        (index, mark)
        for index, line in enumerate(lines)
        if line.startswith(separator) and (mark := _boundary(line, separator)) is not None
    ]
    if not marks or marks[0][1]:
        return None  # no boundary, or the closing one first
    first = marks[0][0]
    parts: list[_Part] = []
    for (start, _), (end, mark) in pairwise(marks):
        part = _part(lines[start + 1 : end])
        if part is None:
            return None  # boundary lines in a row, or a part the parser reads its own way
        parts.append(part)
        if mark:
            preamble = _without_line_end("".join(lines[:first])) if first else None
            return parts, preamble, "".join(lines[end + 1 :])
    return None  # never closed


#: A multipart's type and its boundary parameter alone, the boundary plain (no quotes, escapes,
#: angle brackets or semicolons in it): read here as ``get_boundary`` reads it.
_PLAIN_BOUNDARY = re.compile(
    r'[ \t\r\n]*[^\s;"=\\/]+/[^\s;"=\\/]+[ \t\r\n]*;[ \t\r\n]*(?i:boundary)[ \t\r\n]*=[ \t\r\n]*'
    r'(?:"([^"\\<>;\r\n]*)"|([!#-:=?-\[\]-~]+))[ \t\r\n]*',
    re.ASCII,
)


def _boundary_of(message: Message) -> str | None:
    """``message.get_boundary()``, its Content-Type read without the email package's parameter
    parsing where it is a type and a plain boundary (nearly always)."""
    value = message.get("content-type")
    if isinstance(value, str):
        found = _PLAIN_BOUNDARY.fullmatch(value)
        if found is not None:
            quoted, token = found.groups()
            return (quoted if token is None else token).rstrip()
    return message.get_boundary()


def _boundary(line: str, separator: str) -> str | None:
    """``""`` for a boundary between parts, ``"--"`` for the closing one, None for any other line
    (as the parser's ``--boundary(--)?[ \\t]*(linesep)?$`` reads it)."""
    if not line.startswith(separator):
        return None
    rest = line[len(separator) :]
    closing = "--" if rest.startswith("--") else ""
    if rest[len(closing) :].lstrip(" \t") in ("", "\r\n", "\r", "\n"):
        return closing
    return None


def _part(lines: Sequence[str]) -> _Part | None:
    """One part of a multipart from its lines: plain headers, a blank line, one-part content."""
    blank = next((index for index, line in enumerate(lines) if line in _BLANK), None)
    if blank is None:
        return None
    pairs = _field_pairs(lines[:blank])
    if pairs is None:
        return None
    content_type, _, disposition = _content_fields(pairs)
    main, _, _ = _text_kind(content_type, disposition)
    if main in ("multipart", "message"):
        return None
    return pairs, _without_line_end("".join(lines[blank + 1 :]))


def _without_line_end(text: str) -> str:
    """The line end before a boundary belongs to the boundary (RFC 2046)."""
    for ending in ("\r\n", "\n", "\r"):
        if text.endswith(ending):
            return text[: -len(ending)]
    return text


def _headed(head: bytes) -> Message | None:
    """A message with the headers of ``head`` (plain header lines, then the blank line), or None."""
    pairs = header_pairs(head)
    return None if pairs is None else _message(pairs)


#: A header block of CRLF lines only, each a field or its continuation, then the blank line (what
#: an IMAP server sends): its fields are read with one search each, not line by line.
_CRLF_HEAD = re.compile(r"(?:[!-9;-~]+:[^\r\n]*\r\n(?:[ \t][^\r\n]*\r\n)*)+\r\n")
#: One field of such a block: its name, and its value from after the colon's spaces to its end
#: (its continuation lines with it, its last line end left out).
_CRLF_FIELD = re.compile(r"([!-9;-~]+):[ \t]*([^\r\n]*(?:\r\n[ \t][^\r\n]*)*)\r\n")


def header_pairs(head: bytes) -> list[tuple[str, str]] | None:
    """The (name, value) of each header of ``head`` as the parser reads them (its ``raw_items``),
    when ``head`` is plain header lines and then the blank line; None for anything else."""
    text = head.decode("ascii", "surrogateescape")
    if _CRLF_HEAD.fullmatch(text) is not None:
        pairs: list[tuple[str, str]] = _CRLF_FIELD.findall(text)
        return pairs
    return _line_pairs(text)


def _line_pairs(text: str) -> list[tuple[str, str]] | None:
    """:func:`header_pairs` of a header block read line by line (any line ends)."""
    lines = _LINE.findall(text)
    if not lines or lines[-1] not in _BLANK:
        return None
    return _field_pairs(lines[:-1])


def _fields(lines: Sequence[str]) -> Message | None:
    """A message with these header lines (see :func:`_field_pairs`), or None."""
    pairs = _field_pairs(lines)
    return None if pairs is None else _message(pairs)


def _message(pairs: Sequence[tuple[str, str]]) -> Message:
    message = Message(policy=READING)
    for name, value in pairs:
        message.set_raw(name, value)
    return message


def _field_pairs(lines: Sequence[str]) -> list[tuple[str, str]] | None:
    """The (name, value) of header lines, each a field or its continuation; None when one is
    anything else (a blank line, a continuation first, a line that is no field)."""
    pairs: list[tuple[str, str]] = []
    field: list[str] = []
    for line in lines:
        if line in _BLANK:
            return None  # the parser reads what follows as the body
        if line[0] in " \t":
            if not field:
                return None
            field.append(line)
            continue
        if not _FIELD_NAME.match(line):
            return None
        if field:
            pairs.append(_source_parse(field))
        field = [line]
    if not field:
        return None
    pairs.append(_source_parse(field))
    return pairs


def _source_parse(field: list[str]) -> tuple[str, str]:
    """The policy's ``header_source_parse`` (Compat32's, which the reading policy keeps), inline."""
    name, value = field[0].split(":", 1)
    value = value.lstrip(" \t")
    if len(field) > 1:
        value += "".join(field[1:])
    return name, value.rstrip("\r\n")


def whole_text(pairs: Sequence[tuple[str, str]], body: bytes) -> str | None:
    """:func:`~leadtemp.capture.mail.text.body_text` of ``parsed(head, body)`` for the head of
    these header ``pairs``, read without building the message where it is one part; None where
    the parser must read it (an attached message, a multipart it reads its own way)."""
    content_type, encoding, disposition = _content_fields(pairs)
    main, readable, charset = _text_kind(content_type, disposition)
    if main == "multipart":
        top = Message(policy=READING)
        if content_type is not None:
            top.set_raw("Content-Type", content_type)
        if encoding is not None:
            top.set_raw("Content-Transfer-Encoding", encoding)
        split = _split(top, body)
        return None if split is None else _text_of_parts(split[0])
    if main == "message":
        return None
    if not readable:
        return ""
    return readable_text(_transfer_decoded(encoding, body), charset, html=readable == "text/html")


def _text_of_parts(parts: Sequence[_Part]) -> str:
    """The text of a multipart's first plain-text part, else of its first HTML part ("" for none)."""
    html: tuple[str | None, str | None, str] | None = None
    for pairs, payload in parts:
        content_type, encoding, disposition = _content_fields(pairs)
        _, readable, charset = _text_kind(content_type, disposition)
        if readable == "text/plain":
            return _readable(encoding, charset, payload, html=False)
        if html is None and readable == "text/html":
            html = (encoding, charset, payload)
    return "" if html is None else _readable(*html, html=True)


def _readable(encoding: str | None, charset: str | None, payload: str, *, html: bool) -> str:
    body = payload.encode("ascii", "surrogateescape")
    return readable_text(_transfer_decoded(encoding, body), charset, html=html)


def _content_fields(pairs: Sequence[tuple[str, str]]) -> tuple[str | None, str | None, str | None]:
    """The first Content-Type, Content-Transfer-Encoding and Content-Disposition values, as the
    message's ``get`` finds them (raw: not yet decoded)."""
    found: dict[str, str] = {}
    for key, value in pairs:
        if key[:1] in "Cc":  # the rest are never lower-cased
            name = key.lower()
            if name in _CONTENT_FIELDS and name not in found:
                found[name] = value
    return (
        found.get("content-type"),
        found.get("content-transfer-encoding"),
        found.get("content-disposition"),
    )


_CONTENT_FIELDS = frozenset({"content-type", "content-transfer-encoding", "content-disposition"})


@functools.lru_cache(maxsize=512)
def _text_kind(content_type: str | None, disposition: str | None) -> tuple[str, str, str | None]:
    """(main type, readable type, charset) of a part with these header values, as the message
    reads them: the readable type is text/plain or text/html, "" when no text is read from the
    part (another type, an attachment). Mail of one sender shares its few values: each is parsed
    once."""
    part = Message(policy=READING)
    if content_type is not None:
        part.set_raw("Content-Type", content_type)
    if disposition is not None:
        part.set_raw("Content-Disposition", disposition)
    kind = part.get_content_type()
    if kind not in ("text/plain", "text/html") or part.get_content_disposition() == "attachment":
        return part.get_content_maintype(), "", None
    return part.get_content_maintype(), kind, part.get_content_charset()


#: The transfer encodings the message undoes (any other value leaves the bytes as they are).
_ENCODINGS = frozenset({"quoted-printable", "base64", "x-uuencode", "uuencode", "uue", "x-uue"})


def _transfer_decoded(encoding: str | None, body: bytes) -> bytes:
    """The part's ``get_payload(decode=True)``: its bytes with the transfer encoding undone."""
    if encoding is None or (
        encoding.isascii() and "=?" not in encoding and encoding.lower() not in _ENCODINGS
    ):
        return body
    part = Message(policy=READING)
    part.set_raw("Content-Transfer-Encoding", encoding)
    part.set_payload(body.decode("ascii", "surrogateescape"))
    payload = part.get_payload(decode=True)
    return payload if isinstance(payload, bytes) else body
