"""A message carrying a 100 MB attachment is read for its words and logged like any other (only
its first megabytes are parsed, so it costs no more than a small one), and the messages after it
are read too."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from leadtemp.capture.events import Observation
from leadtemp.capture.sources import CaptureOptions, read_capture_source

ATTACHMENT = 100 * 1024 * 1024
LINE = 57  # bytes per line of base64, as mail clients write it


def _write_mbox(path: Path) -> None:
    chunk = base64.encodebytes(bytes(range(256)) * (LINE * 64 // 256 + 1))
    lines_per_chunk = chunk.count(b"\n")
    with path.open("wb") as out:
        out.write(
            b"From dana@acme.example Tue Mar 03 09:00:00 2026\n"
            b"From: Dana Lee <dana@acme.example>\nTo: sam@studio.example\n"
            b"Date: Tue, 3 Mar 2026 09:00:00 +0000\nMessage-ID: <big@acme.example>\n"
            b"Subject: Our brand assets\nMIME-Version: 1.0\n"
            b'Content-Type: multipart/mixed; boundary="cut"\n\n'
            b"--cut\nContent-Type: text/plain; charset=utf-8\n\n"
            b"Here are the assets. Could you send a quote?\n"
            b'--cut\nContent-Type: application/zip; name="assets.zip"\n'
            b'Content-Disposition: attachment; filename="assets.zip"\nContent-Transfer-Encoding: base64\n\n'
        )
        written = 0
        while written < ATTACHMENT:
            out.write(chunk)
            written += lines_per_chunk * LINE
        out.write(b"--cut--\n\n")
        out.write(
            b"From kim@new.example Wed Mar 04 09:00:00 2026\nFrom: kim@new.example\nTo: sam@studio.example\n"
            b"Date: Wed, 4 Mar 2026 09:00:00 +0000\nMessage-ID: <after@new.example>\nSubject: Hello\n\nHi!\n"
        )


@pytest.mark.slow
def test_a_100_mb_attachment_is_read_for_its_words_and_the_rest_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "big.mbox"
    _write_mbox(path)
    assert path.stat().st_size > ATTACHMENT
    items = list(read_capture_source(path, CaptureOptions(me=("sam@studio.example",))))
    assert [(item.kind, item.source_key) for item in items if isinstance(item, Observation)] == [
        ("inquiry", "big@acme.example"),
        ("pricing_request", "big@acme.example#pricing_request"),
        ("inquiry", "after@new.example"),
    ]
