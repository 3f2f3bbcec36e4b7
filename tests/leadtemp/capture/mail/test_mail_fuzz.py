"""Arbitrary mail never escapes the readers as anything but observations, skips or a one-line
ValidationError, and never hangs: random bytes, truncated files, mangled messages, header
injection through encoded words."""

from __future__ import annotations

import os
from datetime import timedelta
from email import message_from_bytes
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leadtemp.capture.events import Observation, Skipped
from leadtemp.capture.mail import observe_message
from leadtemp.capture.mail.text import html_to_text, own_words
from leadtemp.capture.options import CaptureOptions
from leadtemp.capture.sources import read_capture_source
from leadtemp.errors import ValidationError
from tests.leadtemp.capture.sample_paths import ME, SAMPLES, TAKEOUT

FUZZ = settings(
    max_examples=int(os.environ.get("LEADTEMP_FUZZ_EXAMPLES", "100")),
    deadline=timedelta(seconds=3),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
OPTIONS = CaptureOptions(me=ME)
_PIECES = [
    b"From x@y Mon Mar 02 10:00:00 2026\n",
    b"From: ",
    b"To: ",
    b"Cc: ",
    b"Reply-To: ",
    b"Subject: ",
    b"Date: Tue, 3 Mar 2026 09:15:00 +0000\n",
    b"Date: Tue, 99 Foo 0 99:99:99 +9999\n",
    b"Message-ID: <",
    b"In-Reply-To: <",
    b"References: <a@b> <",
    b'Content-Type: multipart/mixed; boundary="b"\n',
    b"Content-Type: text/html; charset=x-nonsense\n",
    b"Content-Type: text/plain; charset=utf-16\n",
    b"Content-Transfer-Encoding: base64\n",
    b"Content-Transfer-Encoding: quoted-printable\n",
    b"--b\n",
    b"--b--\n",
    b"=?utf-8?b?",
    b"=?iso-8859-1?q?=E9=",
    b"?=",
    b"sam@studio.example",
    b"dana@acme.example",
    b'"Lee, Dana" <dana@acme.example>',
    b"(comment)",
    b"group:;",
    b"<html><blockquote>",
    b"> quoted pricing\n",
    b"-- \n",
    b"Name: Kim\nEmail: kim@new.example\nMessage: a quote\n",
    b"\n",
    b"\r\n",
    b"\x00",
    b"\xff\xfe",
    b" ",
]


def _check(items: list[Observation | Skipped]) -> None:
    for item in items:
        assert isinstance(item, Observation | Skipped)
        if isinstance(item, Observation):
            assert item.occurred_at.tzinfo is not None
            assert "\n" not in item.note and "\r" not in item.note
            assert all("@" in address for address in item.addresses)


def _read(path: Path) -> None:
    try:
        items = list(read_capture_source(path, OPTIONS))
    except ValidationError as error:
        assert "\n" not in str(error)
        return
    _check(items)


@FUZZ
@given(st.binary(max_size=3000))
def test_random_bytes_as_a_message_never_crash(data: bytes) -> None:
    _check(list(observe_message(message_from_bytes(data), OPTIONS)))


@FUZZ
@given(st.lists(st.sampled_from(_PIECES) | st.binary(max_size=20), max_size=60))
def test_mangled_messages_never_crash(pieces: list[bytes]) -> None:
    _check(list(observe_message(message_from_bytes(b"".join(pieces)), OPTIONS)))


@FUZZ
@given(st.binary(max_size=4000), st.sampled_from(["x.mbox", "x.eml"]))
def test_random_files_are_read_or_refused_in_one_line(
    tmp_path_factory: object, data: bytes, name: str
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")  # type: ignore[attr-defined]
    path = folder / name
    path.write_bytes(data)
    _read(path)


@FUZZ
@given(
    st.integers(min_value=0, max_value=TAKEOUT.stat().st_size),
    st.sampled_from(["gmail_takeout.mbox", "apple_mail_export.eml"]),
)
def test_a_truncated_file_is_read_as_far_as_it_goes(
    tmp_path_factory: object, length: int, sample: str
) -> None:
    folder = tmp_path_factory.mktemp("cut")  # type: ignore[attr-defined]
    path = folder / sample
    path.write_bytes((SAMPLES / sample).read_bytes()[:length])
    _read(path)


@FUZZ
@given(st.text(max_size=2000))
def test_any_text_or_html_gives_words_without_error(text: str) -> None:
    assert isinstance(own_words(text), str)
    assert isinstance(html_to_text(text), str)


def test_header_injection_through_encoded_words_changes_nothing() -> None:
    # "Dana\nFrom: sam@studio.example" and "Hi\r\nBcc: all@x.example" as encoded words.
    raw = (
        b"From: =?utf-8?b?RGFuYQpGcm9tOiBzYW1Ac3R1ZGlvLmV4YW1wbGU=?= <dana@acme.example>\n"
        b"To: sam@studio.example\nDate: Tue, 3 Mar 2026 09:15:00 +0000\nMessage-ID: <i1@acme.example>\n"
        b"Subject: =?utf-8?q?Hi=0D=0ABcc=3A_all=40x=2Eexample?=\n\nA quote please.\n"
    )
    items = list(observe_message(message_from_bytes(raw), OPTIONS))
    _check(items)
    first = items[0]
    assert isinstance(first, Observation)
    assert first.kind == "inquiry" and first.addresses == ("dana@acme.example",)
    assert first.note.startswith("from mail: Hi Bcc: all@x.example")
