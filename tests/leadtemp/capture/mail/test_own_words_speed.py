"""The sender's own words come out the same whether or not the reply parser's quote-header and
disclaimer searches are skipped for text that lacks the words they need, and its signature
search starts where a signature first could: the shortcuts never change what is kept."""

from __future__ import annotations

import hashlib
from unittest.mock import patch

from hypothesis import example, given, settings
from hypothesis import strategies as st

from leadtemp.capture.mail import text as mail_text
from leadtemp.capture.mail.text import own_words

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
            "mail",
        ]
    ),
    st.sampled_from(["\n", "\r\n", "\n\n", " ", "  ", ".", "Hi", "a quote please", "ſent:", "K"]),
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
