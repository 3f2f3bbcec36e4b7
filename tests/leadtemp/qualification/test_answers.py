"""The seeds' criteria, "budget, authority, need, and timeline", read as typed and turned into the
stage beside the temperature: "a prospect ... match[es] your target demographic, likely need[s]
your solution, and possess[es] both the authority and budget to purchase"; a qualified lead has
"been methodically evaluated against specific criteria"."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leadtemp.errors import ValidationError
from leadtemp.model import Stage
from leadtemp.qualification.answers import (
    CRITERIA,
    Answer,
    Qualification,
    next_answer,
    read_answer,
    timeline_end,
)
from leadtemp.qualification.stage import FIT_MIN, lacks, stage_of
from leadtemp.qualification.suggestions import read_suggestions, resolved

DECEMBER = date(2026, 12, 2)


@pytest.mark.parametrize(
    ("typed", "today", "stored"),
    [
        ("2026-09-30", DECEMBER, "2026-09-30"),
        ("2026-Q3", DECEMBER, "2026-Q3"),
        ("2027-q1", DECEMBER, "2027-Q1"),
        ("Q3", DECEMBER, "2027-Q3"),  # the next Q3: this year's has ended
        ("Q4", DECEMBER, "2026-Q4"),  # the quarter we are in has not ended yet
        ("q3", date(2026, 9, 30), "2026-Q3"),  # its last day still counts
        ("Q3", date(2026, 10, 1), "2027-Q3"),
        (" no ", DECEMBER, "no"),
        ("UNKNOWN", DECEMBER, "unknown"),
    ],
)
def test_a_timeline_is_a_day_or_a_quarter_and_a_bare_quarter_is_the_next_one(
    typed: str, today: date, stored: str
) -> None:
    assert read_answer("timeline", typed, today) == stored


@pytest.mark.parametrize("typed", ["2026-13-01", "2026-02-30", "Q5", "soon", "2026-Q", "26-09-30", ""])
def test_a_timeline_that_is_neither_is_refused_with_a_line_that_says_what_works(typed: str) -> None:
    with pytest.raises(ValidationError, match=r"a day \(2026-09-30\) or a quarter \(2026-Q3, Q3\)"):
        read_answer("timeline", typed, DECEMBER)


@pytest.mark.parametrize("criterion", ["budget", "authority", "need"])
def test_budget_authority_and_need_are_yes_no_or_unknown(criterion: str) -> None:
    assert [read_answer(criterion, text, DECEMBER) for text in ("Yes", "no", " unknown")] == [
        "yes",
        "no",
        "unknown",
    ]
    with pytest.raises(ValidationError, match=f"{criterion} must be yes, no or unknown, not 'maybe'"):
        read_answer(criterion, "maybe", DECEMBER)


def test_the_last_day_a_timeline_names() -> None:
    assert [timeline_end(v) for v in ("2026-Q1", "2026-Q2", "2026-Q4", "2026-09-30", "no")] == [
        date(2026, 3, 31),
        date(2026, 6, 30),
        date(2026, 12, 31),
        date(2026, 9, 30),
        None,
    ]


def test_a_click_cycles_each_chip_round() -> None:
    seen = []
    answer = Answer("budget")
    for _ in range(3):
        value = next_answer(answer, DECEMBER)
        seen.append(value)
        answer = Answer("budget", value)
    assert seen == ["yes", "no", "unknown"]
    timeline = []
    answer = Answer("timeline")
    for _ in range(4):
        value = next_answer(answer, DECEMBER)
        timeline.append(value)
        answer = Answer("timeline", value)
    assert timeline == ["2026-Q4", "2027-Q1", "no", "unknown"]
    assert next_answer(Answer("timeline", "2026-12-24"), DECEMBER) == "no"


def _q(budget: str = "unknown", authority: str = "unknown", need: str = "unknown", timeline: str = "unknown"):
    return Qualification.of(
        [Answer(c, v) for c, v in zip(CRITERIA, (budget, authority, need, timeline), strict=True)]
    )


def test_a_lead_that_fits_and_needs_it_is_a_prospect_and_one_known_on_all_four_is_qualified() -> None:
    assert stage_of(_q(), 10) is Stage.LEAD
    assert stage_of(_q(need="yes"), FIT_MIN) is Stage.PROSPECT
    assert stage_of(_q(need="yes"), FIT_MIN - 1) is Stage.LEAD  # needs it, but no target demographic
    assert stage_of(_q(need="yes", budget="no"), 10) is Stage.LEAD  # "possess ... the budget"
    assert stage_of(_q(need="yes", authority="no"), 10) is Stage.LEAD
    assert stage_of(_q("yes", "yes", "yes", "2026-Q3"), 0) is Stage.QUALIFIED
    assert stage_of(_q("yes", "yes", "yes", "no"), 10) is Stage.PROSPECT  # no timeline: not qualified
    assert stage_of(_q("yes", "yes", "yes", "unknown"), 10) is Stage.PROSPECT


def test_a_no_on_budget_or_authority_is_what_the_card_says_it_lacks() -> None:
    assert lacks(_q(budget="no", authority="no", need="no")) == ("budget", "authority")
    assert lacks(_q(need="no", timeline="no")) == ()


@given(st.tuples(*(st.sampled_from(["unknown", "yes", "no"]) for _ in range(3))), st.integers(0, 10))
def test_qualified_is_exactly_all_four_known_and_none_no(answers: tuple[str, str, str], fit: int) -> None:
    for timeline in ("unknown", "no", "2026-Q3"):
        qualification = _q(*answers, timeline)
        expected = "unknown" not in (*answers, timeline) and "no" not in (*answers, timeline)
        assert (stage_of(qualification, fit) is Stage.QUALIFIED) == expected


def test_a_capture_rule_suggests_answers_and_the_quarter_is_the_messages() -> None:
    assert resolved(read_suggestions({"timeline": "quarter", "budget": "yes"}), date(2026, 5, 4)) == {
        "timeline": "2026-Q2",
        "budget": "yes",
    }
    for bad in ({"budget": "maybe"}, {"mood": "yes"}, {"timeline": "2026-Q3"}, ["budget"]):
        with pytest.raises(ValidationError, match="suggests"):
            read_suggestions(bad)
