"""The sender's own words come out the same whether or not the reply parser's quote-header and
disclaimer searches are skipped for text that lacks the words they need, its signature search
starts where a signature first could, and a text it finds no header or disclaimer in is read
without it (its clean-up and its one reply worked out here): the shortcuts never change what is
kept."""

from __future__ import annotations

import hashlib
from unittest.mock import patch

from hypothesis import example, given, settings
from hypothesis import strategies as st
from mailparser_reply.parser import EmailMessage as ReplyText

from leadtemp.capture.mail import text as mail_text
from leadtemp.capture.mail.text import only_reply, own_words, parser_cleaned

pieces = st.one_of(
    st.sampled_from(
        [
            "On Mon, 2 Mar 2026 Dana Lee <dana@example.com> wrote:",
            "From: Dana",
            "Sent: Monday",
            "To: Sam",
            "SUBJECT: hi",
            "Date: today",
            "Cc: x",
            "Organization: y",
            "-----Original Message-----",
            "CONFIDENTIALITY: this e-mail is private",
            "Disclaimer: this mail",
            "Important Notice: mail",
            "Best,",
            "Thanks,",
            "-- ",
            "Sent from my iPhone",
            "Get Outlook for iOS",
            "Kind Regards",
            "regards,",
            "- Dana",
            "__\n",
            " \t",
            "> quoted",
            "_" * 40,
            "\n\n" + "-" * 32,
            "\n\n _-" + "_" * 30,
            "-" * 31,
            "mail",
        ]
    ),
    st.sampled_from(["\n", "\r\n", "\n\n", "\r", " ", "  ", ".", "Hi", "a quote please", "ſent:", "K"]),
    st.text(max_size=8),
)


lines = st.lists(pieces, min_size=1, max_size=3).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(lines, max_size=8).map("\n".join))
@example("Hi there.\nImportant Notice: mail is private")
@example("Hi\n\nTo: a\nTo: b\nhello")
@example("Hi\n\nDate: x\nCc: y\nOrganization: z\nhello")
@example("Hi.\nCAUTION: external mail\nWarning: mail")
def test_skipping_searches_the_text_cannot_match_keeps_the_same_words(text: str) -> None:
    quick = own_words(text)
    with (
        patch.object(mail_text, "_HEADER_WORDS", ("",)),  # "" is in any text: every search runs
        patch.object(mail_text, "_DISCLAIMER_NEEDS", ""),
        patch.object(mail_text, "_DISCLAIMER_WORDS", ("",)),
        patch.object(mail_text, "_SIGNATURE_SEARCH", mail_text._REPLY_PATTERNS.SIGNATURE_REGEX),
    ):
        assert own_words(text) == quick


def test_the_words_were_read_from_these_reply_parser_patterns() -> None:
    """The words come from mail-parser-reply's English patterns as they are; patterns that change
    (a new version of it) must be read again before this digest is."""
    patterns = (
        mail_text._REPLY_PATTERNS.HEADER_REGEX,
        mail_text._REPLY_PATTERNS.DISCLAIMERS_REGEX,
        mail_text._REPLY_PATTERNS.SIGNATURE_REGEX,
    )
    digests = [hashlib.sha256(pattern.pattern.encode()).hexdigest()[:16] for pattern in patterns]
    assert digests == ["cef6c2354eab59e0", "804431e48fba9bb5", "a1c08486d75d2e3a"]


def _parser_cleaned(text: str) -> str:
    return str(ReplyText(text=text, languages=["en"]).text)


@settings(max_examples=300, deadline=None)
@given(st.lists(lines, max_size=12).map("\n".join))
@example("x\n\n" + "_" * 32)
@example("\n".join(f"line {number}\n\n" + "-" * 40 for number in range(12)))
@example("a\n\n" + "-" * 16 + "_" * 16 + "\nb")
def test_the_clean_up_is_the_reply_parsers(text: str) -> None:
    assert parser_cleaned(text) == _parser_cleaned(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(lines, max_size=8).map("\n".join))
@example("Hi,\r\n\r\nA quote, please.\r\n\r\nBest,\r\nDana Lee\r\n")
@example("Hi\n-- \nDana\n\nmore\n-- \nDana")
def test_one_reply_is_read_as_the_reply_parser_reads_it(text: str) -> None:
    """Whatever the text: the parser with nothing to find as a header or disclaimer."""
    parsed = ReplyText(
        text=text,
        languages=["en"],
        _header_regex=mail_text._NOTHING,
        _disclaimers_regex=mail_text._NOTHING,
        _signature_regex=mail_text._REPLY_PATTERNS.SIGNATURE_REGEX,
    ).read()
    assert len(parsed.replies) == 1
    assert only_reply(text) == parsed.replies[0].body
