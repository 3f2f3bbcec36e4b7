"""Arbitrary input never escapes as anything but ImportFileError, and never hangs."""

from __future__ import annotations

import os
import time
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leadtemp.importing.read import ImportFileError, ParseResult, parse_csv, parse_vcard

# LEADTEMP_FUZZ_EXAMPLES=5000 runs a longer search locally.
FUZZ = settings(
    max_examples=int(os.environ.get("LEADTEMP_FUZZ_EXAMPLES", "300")),
    deadline=timedelta(seconds=2),
    suppress_health_check=[HealthCheck.too_slow],
)

_VCARD_PIECES = [
    "BEGIN:VCARD",
    "begin:vcard",
    "END:VCARD",
    "VERSION:2.1",
    "VERSION:4.0",
    "FN:",
    "N:",
    "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=",
    "ORG;ENCODING=QUOTED-PRINTABLE;CHARSET=bogus:=E9",
    "FN;QUOTED-PRINTABLE;CHARSET=base64:=E9",
    "TITLE;ENCODING=QUOTED-PRINTABLE;CHARSET=utf-16:=00",
    'EMAIL;TYPE="a:b":',
    "TEL;VALUE=uri:tel:",
    "PHOTO;ENCODING=b:",
    "NOTE;quoted-printable:",
    "item1.X-ABLabel:",
    "=",
    " ",
    "\t",
    ";",
    ":",
    "\\",
    "\\n",
    '"',
]
_CSV_PIECES = [
    "Name",
    "Email",
    "First Name",
    "E-mail 1 - Value",
    "Notes:",
    "sep=;",
    ",",
    ";",
    "\t",
    "|",
    '"',
    '""',
    "\r\n",
    "\n",
    "\r",
    "a@b.c",
    ":::",
    "null",
]


def _check(parse: object, data: bytes) -> None:
    assert callable(parse)
    started = time.monotonic()
    try:
        result = parse(data)
    except ImportFileError as exc:
        assert str(exc)
    else:
        assert isinstance(result, ParseResult)
    assert time.monotonic() - started < 2


@FUZZ
@given(st.binary(max_size=2000))
def test_csv_arbitrary_bytes(data: bytes) -> None:
    _check(parse_csv, data)


@FUZZ
@given(st.binary(max_size=2000))
def test_vcard_arbitrary_bytes(data: bytes) -> None:
    _check(parse_vcard, data)


@FUZZ
@given(st.text(max_size=2000))
def test_csv_arbitrary_text(text: str) -> None:
    _check(parse_csv, text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(st.text(max_size=2000))
def test_vcard_arbitrary_text(text: str) -> None:
    _check(parse_vcard, ("BEGIN:VCARD\r\n" + text).encode("utf-8", "surrogatepass"))


_lines = st.lists(
    st.lists(st.sampled_from(_VCARD_PIECES) | st.text(max_size=12), max_size=6).map("".join),
    max_size=40,
)


@FUZZ
@given(_lines, st.sampled_from(["\r\n", "\n", "\r"]))
def test_vcard_like_text(lines: list[str], newline: str) -> None:
    _check(parse_vcard, newline.join(lines).encode("utf-8", "surrogatepass"))


@FUZZ
@given(st.lists(st.sampled_from(_CSV_PIECES) | st.text(max_size=8), max_size=80))
def test_csv_like_text(pieces: list[str]) -> None:
    _check(parse_csv, "".join(pieces).encode("utf-8", "surrogatepass"))
