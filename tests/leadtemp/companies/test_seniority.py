"""Seniority from the words of a title, and the CLI's spelling of it."""

from __future__ import annotations

import pytest

from leadtemp.companies.seniority import Seniority, parse_seniority, seniority_from_title
from leadtemp.errors import ValidationError

DECIDES, INFLUENCES, USES = Seniority.DECISION_MAKER, Seniority.INFLUENCER, Seniority.USER


@pytest.mark.parametrize(
    ("title", "seniority"),
    [
        ("CEO", DECIDES),
        ("Co-founder & CTO", DECIDES),
        ("Head of Marketing", DECIDES),
        ("VP, Sales", DECIDES),
        ("Vice President Operations", DECIDES),
        ("Managing Director", DECIDES),
        ("Owner", DECIDES),
        ("Marketing Manager", INFLUENCES),
        ("Senior Software Engineer", INFLUENCES),
        ("Team Lead", INFLUENCES),
        ("Procurement", INFLUENCES),
        ("Software Engineer", USES),
        ("Designer", USES),
        ("Assistant to the CEO", USES),
        ("Junior Account Manager", USES),
        ("Directrice", USES),
    ],
)
def test_the_title_words_say_who_decides(title: str, seniority: Seniority) -> None:
    assert seniority_from_title(title) is seniority


def test_no_title_says_nothing() -> None:
    assert seniority_from_title("") is None
    assert seniority_from_title("  - ") is None


def test_the_cli_spells_a_seniority_in_words_and_auto_goes_back_to_the_title() -> None:
    assert parse_seniority("Decision maker") is DECIDES
    assert parse_seniority("decision_maker") is DECIDES
    assert parse_seniority("influencer") is INFLUENCES
    assert parse_seniority("auto") is None
    with pytest.raises(ValidationError, match="unknown seniority 'boss'"):
        parse_seniority("boss")
