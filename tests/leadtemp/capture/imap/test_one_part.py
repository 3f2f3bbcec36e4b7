"""A message built without the email package's parser is the message that parser makes of the
same bytes: one part with the same headers as written, body and type, or a multipart of such
parts between plain boundary lines with the same parts, preamble and epilogue; anything else
(nested parts, an attached message, a header line or boundary the parser would read another way)
goes to the parser. A message read straight from its bytes (its headers and its text, no message
built) reads as the parsed one."""

from __future__ import annotations

from email.message import Message
from email.parser import BytesParser

from hypothesis import given, settings
from hypothesis import strategies as st

from leadtemp.capture.imap.built import (
    READING,
    _boundary_of,
    _line_pairs,
    header_pairs,
    one_part,
    parsed,
    several_parts,
    whole_text,
)
from leadtemp.capture.mail.headers import Headers
from leadtemp.capture.mail.text import body_text

names = st.sampled_from(
    [
        b"From",
        b"To",
        b"Subject",
        b"Date",
        b"Message-ID",
        b"X-Odd",
        b"Content-Type",
        b"content-transfer-encoding",
    ]
)
values = st.binary(max_size=40).map(lambda raw: raw.replace(b"\r", b"").replace(b"\n", b""))
endings = st.sampled_from([b"\r\n", b"\n", b"\r"])
types = st.sampled_from(
    [
        b"text/plain; charset=utf-8",
        b"text/html",
        b"multipart/alternative; boundary=b",
        b"message/rfc822",
        b"image/png",
    ]
)
lines = st.one_of(
    st.tuples(names, values, endings).map(lambda t: t[0] + b": " + t[1] + t[2]),
    st.tuples(values, endings).map(lambda t: b" " + t[0] + t[1]),  # a continuation
    st.tuples(types, endings).map(lambda t: b"Content-Type: " + t[0] + t[1]),
    st.tuples(values, endings).map(lambda t: t[0] + t[1]),  # anything at all
)


@settings(max_examples=300, deadline=None)
@given(st.lists(lines, max_size=8), st.binary(max_size=200))
def test_a_message_built_without_the_parser_is_the_one_the_parser_makes(
    header: list[bytes], body: bytes
) -> None:
    head = b"".join(header).rstrip(b"\r\n") + b"\r\n\r\n"
    built = one_part(head, body)
    if built is None:
        return
    by_parser = BytesParser(policy=READING).parsebytes(head + body)
    assert list(built.raw_items()) == list(by_parser.raw_items())
    assert built.get_payload() == by_parser.get_payload()
    assert built.get_content_type() == by_parser.get_content_type()
    assert not by_parser.is_multipart() and not by_parser.defects


def test_several_parts_and_odd_header_lines_go_to_the_parser() -> None:
    assert one_part(b"Content-Type: multipart/mixed; boundary=b\r\n\r\n", b"--b--\r\n") is None
    assert one_part(b"Content-Type: message/rfc822\r\n\r\n", b"Subject: inner\r\n\r\n") is None
    assert one_part(b" folded first\r\nSubject: x\r\n\r\n", b"") is None
    assert one_part(b"From dana@example.com Mon Mar  2 10:00:00 2026\r\nSubject: x\r\n\r\n", b"") is None
    plain = one_part(b"Subject: Hello\r\n there\r\nFrom: Dana <dana@example.com>\r\n\r\n", b"Hi\r\n")
    assert plain is not None and plain["Subject"] == "Hello\r\n there" and plain.get_payload() == "Hi\r\n"


def _shape(message: Message) -> object:
    """Everything the parser decides about a message: headers, type, parts, text around them."""
    payload = message.get_payload()
    return (
        list(message.raw_items()),
        message.get_content_type(),
        message.get_default_type(),
        [_shape(part) for part in payload] if isinstance(payload, list) else payload,
        message.preamble,
        message.epilogue,
        [type(defect) for defect in message.defects],
    )


field_line = st.tuples(names, values, endings).map(lambda t: t[0] + b": " + t[1] + t[2])
text_types = st.sampled_from([b"text/plain; charset=utf-8", b"text/html", b"image/png"])
odd_head_lines = st.sampled_from(
    [
        b" folded\r\n",
        b"not a field\r\n",
        b"Content-Type: message/rfc822\r\n",
        b"Content-Type: multipart/mixed\r\n",
    ]
)
part_heads = st.tuples(
    st.tuples(text_types, endings).map(lambda t: b"Content-Type: " + t[0] + t[1]),
    st.lists(st.one_of(field_line, field_line, field_line, odd_head_lines), max_size=2),
).map(lambda t: t[0] + b"".join(t[1]))
text_line = st.tuples(values, endings).map(lambda t: t[0] + t[1])
odd_lines = st.sampled_from(
    [b"--b\r\n", b"--b--\r\n", b"--b \t\n", b"--bb\r\n", b"--b--x\r\n", b"--b", b"\r", b"\n"]
)
part_lines = st.one_of(text_line, text_line, text_line, odd_lines)
part = st.tuples(
    st.one_of(part_heads, part_heads, part_heads, st.just(b""), odd_head_lines),
    endings,
    st.lists(part_lines, max_size=4),
).map(lambda t: t[0] + t[1] + b"".join(t[2]))
tops = st.sampled_from(
    [
        b'Content-Type: multipart/alternative; boundary="b"\r\n',
        b'Content-Type: multipart/alternative; boundary="b"\r\n',
        b"Content-Type: multipart/mixed; boundary=b\r\n",
        b"Content-Type: multipart/mixed; boundary=b\r\n",
        b"Content-Type: multipart/alternative; boundary=b\r\nContent-Transfer-Encoding: base64\r\n",
        b"Content-Type: multipart/digest; boundary=b\r\n",
        b"Content-Type: multipart/mixed\r\n",
        b"Content-Type: text/plain\r\n",
    ]
)


@settings(max_examples=400, deadline=None)
@given(
    tops,
    st.lists(st.tuples(names, values, endings).map(lambda t: t[0] + b": " + t[1] + t[2]), max_size=3),
    st.lists(part_lines, max_size=2),
    st.lists(part, min_size=1, max_size=3),
    st.sampled_from([b"--b--", b"--b--\r\n", b"--b--\r\n", b"--b-- \r\n", b"", b"--b\r\n"]),
    st.lists(part_lines, max_size=2),
)
def test_a_multipart_built_without_the_parser_is_the_one_the_parser_makes(
    top: bytes,
    fields: list[bytes],
    preamble: list[bytes],
    parts: list[bytes],
    closing: bytes,
    epilogue: list[bytes],
) -> None:
    head = top + b"".join(fields).rstrip(b"\r\n") + b"\r\n\r\n"
    if not fields:
        head = top + b"\r\n"
    body = b"".join(preamble) + b"".join(b"--b\r\n" + one + b"\r\n" for one in parts)
    body += closing + b"".join(epilogue)
    by_parser = BytesParser(policy=READING).parsebytes(head + body)
    assert _shape(parsed(head, body)) == _shape(by_parser)
    built = several_parts(head, body)
    if built is None:
        return
    assert _shape(built) == _shape(by_parser)
    assert not any(part.defects for part in by_parser.walk())


def test_a_plain_alternative_is_built_and_odd_ones_go_to_the_parser() -> None:
    head = b'From: Dana <dana@example.com>\r\nContent-Type: multipart/alternative; boundary="b"\r\n\r\n'
    body = (
        b"preamble\r\n--b\r\nContent-Type: text/plain\r\n\r\nHi\r\n\r\n--b\r\n"
        b"Content-Type: text/html\r\n\r\n<p>Hi</p>\r\n--b--\r\nepilogue\r\n"
    )
    built = several_parts(head, body)
    assert built is not None
    assert _shape(built) == _shape(BytesParser(policy=READING).parsebytes(head + body))
    assert [part.get_payload() for part in built.get_payload()] == ["Hi\r\n", "<p>Hi</p>"]
    assert several_parts(head, body.replace(b"--b--", b"--b-")) is None  # never closed
    assert several_parts(head, body.replace(b"--b\r\nContent-Type: text/html", b"--b\r\n--b\r\nX: y")) is None
    nested = body.replace(b"Content-Type: text/html", b"Content-Type: multipart/related; boundary=c")
    assert several_parts(head, nested) is None
    assert several_parts(head.replace(b"alternative", b"digest"), body) is None


encodings = st.sampled_from(
    [
        b"",
        b"Content-Transfer-Encoding: base64\r\n",
        b"Content-Transfer-Encoding: quoted-printable\r\n",
        b"Content-Transfer-Encoding: 8bit\r\n",
        b"Content-Transfer-Encoding: Base64 \r\n",
    ]
)
dispositions = st.sampled_from(
    [b"", b"Content-Disposition: attachment\r\n", b"Content-Disposition: inline\r\n"]
)
whole_types = st.sampled_from(
    [
        b"",
        b"Content-Type: text/plain; charset=utf-8\r\n",
        b"Content-Type: text/plain; charset=iso-8859-1\r\n",
        b'Content-Type: text/html; charset="utf-8"\r\n',
        b"Content-Type: text/calendar\r\n",
        b"Content-Type: message/rfc822\r\n",
        b"Content-Type: text/plain; charset=no-such-charset\r\n",
        b"Content-Type: =?utf-8?q?text/html?=\r\n",
    ]
)


def _read(head: bytes, body: bytes) -> tuple[dict[str, list[str]], str]:
    """What the classifier reads of a message: its headers and its text."""
    message = parsed(head, body)
    return Headers(message).values(), body_text(message)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.one_of(lines, field_line), max_size=6),
    whole_types,
    encodings,
    dispositions,
    st.lists(st.one_of(part_lines, st.binary(max_size=30)), max_size=4),
)
def test_a_message_read_without_the_parser_reads_as_the_parsed_one(
    header: list[bytes], kind: bytes, encoding: bytes, disposition: bytes, body: list[bytes]
) -> None:
    head = kind + encoding + disposition + b"".join(header).rstrip(b"\r\n") + b"\r\n\r\n"
    pairs = header_pairs(head)
    if pairs is None:
        return
    text = whole_text(pairs, b"".join(body))
    headers, parsed_text = _read(head, b"".join(body))
    assert Headers(pairs=pairs).values() == headers
    if text is not None:
        assert text == parsed_text


text_part = st.tuples(
    st.sampled_from(
        [b"text/plain; charset=utf-8", b"text/html", b"text/plain; charset=latin-1", b"image/png"]
    ),
    encodings,
    dispositions,
    st.lists(part_lines, max_size=3),
).map(lambda t: b"Content-Type: " + t[0] + b"\r\n" + t[1] + t[2] + b"\r\n" + b"".join(t[3]))


@settings(max_examples=300, deadline=None)
@given(
    tops,
    st.lists(st.one_of(part, text_part, text_part), min_size=1, max_size=3),
    st.sampled_from([b"--b--\r\n", b"--b--", b""]),
)
def test_a_multipart_read_without_the_parser_reads_as_the_parsed_one(
    top: bytes, parts: list[bytes], closing: bytes
) -> None:
    head = top + b"From: Dana <dana@example.com>\r\n\r\n"
    body = b"".join(b"--b\r\n" + one + b"\r\n" for one in parts) + closing
    pairs = header_pairs(head)
    assert pairs is not None
    text = whole_text(pairs, body)
    if text is not None:
        assert text == _read(head, body)[1]


crlf_lines = st.sampled_from(
    [
        "From: Dana <dana@example.com>\r\n",
        "X:\r\n",
        "X: \t\r\n",
        " folded on\r\n",
        "\tfolded\r\n",
        " \r\n",
        "Not a field\r\n",
        "\r\n",
        "A:b\n",
        "A: b\r",
        ":no name\r\n",
        "N\udc80: v\r\n",
        "N: v\udc80\x00\r\n",
        "K: a\rb\r\n",
    ]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(crlf_lines, max_size=8))
def test_a_header_of_crlf_lines_is_read_as_line_by_line(lines: list[str]) -> None:
    """The one-search reading of a header block of CRLF lines (what a server sends) gives the
    pairs the line-by-line reading does, and any other block is read line by line."""
    text = "".join(lines) + "\r\n"
    assert header_pairs(text.encode("ascii", "surrogateescape")) == _line_pairs(text)


spaces = st.sampled_from(["", " ", "\t", "\r\n\t", "\x0b", "\xa0"])


@settings(max_examples=1000, deadline=None)
@given(
    spaces,
    st.sampled_from(["multipart/mixed", "Multipart/Alternative", "multipart", "a/b/c", "boundary"]),
    spaces,
    st.sampled_from(["boundary", "BOUNDARY", "boundary*", "charset"]),
    spaces,
    st.booleans(),
    st.text(st.sampled_from(list("ab=_-.'()+,:/?! ;\"\\<>*\xa0\x0b")), max_size=6),
    spaces,
)
def test_a_plain_boundary_is_read_as_the_email_package_reads_it(
    before: str, kind: str, after: str, name: str, around: str, quoted: bool, value: str, end: str
) -> None:
    content_type = f"{before}{kind}{after};{around}{name}{around}={around}"
    content_type += (f'"{value}"' if quoted else value) + end
    message = Message(policy=READING)
    message.set_raw("Content-Type", content_type)
    assert _boundary_of(message) == message.get_boundary()
