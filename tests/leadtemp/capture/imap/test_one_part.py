"""A one-part message built without the email package's parser is the message that parser makes
of the same bytes: the same headers as written, the same body and type; anything else (several
parts, an attached message, a header line the parser would read another way) goes to the parser."""

from __future__ import annotations

from email.parser import BytesParser

from hypothesis import given, settings
from hypothesis import strategies as st

from leadtemp.capture.imap.fetch import _READING, one_part

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
    parsed = BytesParser(policy=_READING).parsebytes(head + body)
    assert list(built.raw_items()) == list(parsed.raw_items())
    assert built.get_payload() == parsed.get_payload()
    assert built.get_content_type() == parsed.get_content_type()
    assert not parsed.is_multipart() and not parsed.defects


def test_several_parts_and_odd_header_lines_go_to_the_parser() -> None:
    assert one_part(b"Content-Type: multipart/mixed; boundary=b\r\n\r\n", b"--b--\r\n") is None
    assert one_part(b"Content-Type: message/rfc822\r\n\r\n", b"Subject: inner\r\n\r\n") is None
    assert one_part(b" folded first\r\nSubject: x\r\n\r\n", b"") is None
    assert one_part(b"From dana@example.com Mon Mar  2 10:00:00 2026\r\nSubject: x\r\n\r\n", b"") is None
    plain = one_part(b"Subject: Hello\r\n there\r\nFrom: Dana <dana@example.com>\r\n\r\n", b"Hi\r\n")
    assert plain is not None and plain["Subject"] == "Hello\r\n there" and plain.get_payload() == "Hi\r\n"
