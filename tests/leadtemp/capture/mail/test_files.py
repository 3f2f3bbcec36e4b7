"""Mail files: an mbox, a Maildir with its Sent folder, one .eml; the reader is chosen by content
and a file capture cannot read is refused in one line before anything is read."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from leadtemp.capture.events import Observation, Skipped, SkipReason
from leadtemp.capture.sources import CaptureOptions, read_capture_source, source_kind
from leadtemp.errors import ValidationError
from tests.leadtemp.capture.sample_paths import ME, SAMPLES, TAKEOUT


def _read(path: Path) -> list[Observation | Skipped]:
    return list(read_capture_source(path, CaptureOptions(me=ME)))


def _kinds(items: list[Observation | Skipped]) -> list[str]:
    return [item.kind if isinstance(item, Observation) else f"skip:{item.reason.value}" for item in items]


def test_the_reader_is_chosen_by_content_not_by_name(tmp_path: Path) -> None:
    renamed = tmp_path / "export.txt"
    shutil.copy(TAKEOUT, renamed)
    eml = tmp_path / "message"
    shutil.copy(SAMPLES / "apple_mail_export.eml", eml)
    assert source_kind(renamed) == "mbox"
    assert source_kind(eml) == "eml"
    assert source_kind(SAMPLES / "maildir") == "maildir"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        (b"", "is empty"),
        (b"name,email\nDana,dana@acme.example\n", "is not a file capture reads"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "is not a file capture reads"),
    ],
)
def test_a_file_capture_cannot_read_is_refused_in_one_line(
    tmp_path: Path, content: bytes | None, message: str
) -> None:
    path = tmp_path / "input.mbox"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ValidationError, match=message) as error:
        _read(path)
    assert "\n" not in str(error.value)


def test_a_folder_that_is_no_maildir_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="no Maildir"):
        _read(tmp_path)


def test_a_maildir_is_read_with_its_sent_folder(tmp_path: Path) -> None:
    items = _read(SAMPLES / "maildir")
    assert _kinds(items) == [
        "email_reply",
        "competitor_comparison",
        "skip:unreadable",
        "email_sent",
        "email_sent",
    ]
    reply = items[0]
    assert isinstance(reply, Observation)
    assert "yes please \u2013 that\u2019d be great" in reply.note and ">" not in reply.note
    assert [item.addresses for item in items[3:] if isinstance(item, Observation)] == [
        ("ari@northwind.example",),
        ("mina@bakery.example",),
    ]


def test_a_reply_is_known_even_when_it_comes_before_the_message_it_answers(tmp_path: Path) -> None:
    answer = (
        "From dana@acme.example Tue Mar 03 09:00:00 2026\nFrom: dana@acme.example\nTo: sam@studio.example\n"
        "Date: Tue, 3 Mar 2026 09:00:00 +0000\nMessage-ID: <a1@acme.example>\n"
        "In-Reply-To: <s1@studio.example>\nSubject: Thoughts on your ideas\n\nLooks good.\n\n"
    )
    mine = (
        "From sam@studio.example Mon Mar 02 09:00:00 2026\nFrom: Sam <sam@studio.example>\n"
        "To: dana@acme.example\nDate: Mon, 2 Mar 2026 09:00:00 +0000\nMessage-ID: <s1@studio.example>\n"
        "Subject: Ideas\n\nHere they are.\n\n"
    )
    path = tmp_path / "sent-last.mbox"
    path.write_text(answer + mine, encoding="utf-8")
    assert _kinds(_read(path)) == ["email_reply", "email_sent"]
    path.write_text(answer, encoding="utf-8")
    assert _kinds(_read(path)) == ["inquiry"]


def test_an_apple_mail_eml_is_one_message_read_from_its_plain_part() -> None:
    items = _read(SAMPLES / "apple_mail_export.eml")
    assert _kinds(items) == ["inquiry", "proposal_request"]
    inquiry = items[0]
    assert isinstance(inquiry, Observation)
    assert inquiry.note == (
        "from mail: Proposal for the new site? \u2014 Hi Sam, could you send us a formal proposal? "
        "Our board meets on the 20th \u2013 ideally we would have it by then."
    )
    assert inquiry.addresses == ("dana@acme.example",) and inquiry.name == "Dana Lee"


def test_a_broken_message_in_an_mbox_is_skipped_and_the_rest_read() -> None:
    items = _read(TAKEOUT)
    unreadable = [
        item for item in items if isinstance(item, Skipped) and item.reason is SkipReason.UNREADABLE
    ]
    assert len(unreadable) == 1 and unreadable[0].detail == "no headers"
    assert _kinds(items)[-1] == "email_reply"
