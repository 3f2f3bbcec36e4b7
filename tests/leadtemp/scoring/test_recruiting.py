"""A recruiting book: the seeds' recruitment reading of hot, warm and cold, its kinds, checklists
and the fit read as a candidate's match with the role profile.

``../shared/seeds/lead-temperature-guide.txt``, "What is a hot lead in recruitment?": a hot candidate
has "explicitly expressed interest in changing jobs", "qualifications that closely match the
position", is "responding quickly, asking detailed questions" and has "availability that aligns with
the hiring timeline".
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from leadtemp.book_kinds import BookKind, book_kind, words_for
from leadtemp.errors import ValidationError
from leadtemp.model import Contact, Temperature
from leadtemp.scoring.catalogue import DEFAULT_KINDS_BY_NAME
from leadtemp.scoring.checklists import DEFAULT_TEMPLATES, default_templates
from leadtemp.scoring.decay import compute_fit
from leadtemp.scoring.recruiting import RECRUITING_OWN_KINDS, RoleProfile, role_match
from leadtemp.scoring.rules import Rules, role_profile
from leadtemp.service import LeadService
from tests.conftest import FakeClock

SKILLS = ("python", "django", "postgresql")


@pytest.fixture
def book(tmp_path: Path, clock: FakeClock) -> Iterator[LeadService]:
    service = LeadService.open(tmp_path / "hiring.db", now=clock)
    service.begin_as(BookKind.RECRUITING)
    service.set_role_profile("Senior Python developer", SKILLS)
    yield service
    service.close()


def _candidate(book: LeadService, clock: FakeClock, role: str, history: list[tuple[str, float, str]]) -> int:
    contact_id = book.add_contact("Maya Okafor", role=role).contact_id
    for kind, hours_ago, note in history:
        book.log_interaction(contact_id, kind, clock.current - timedelta(hours=hours_ago), note)
    return contact_id


def _temperature(book: LeadService, contact_id: int) -> Temperature:
    card = book.card(contact_id)
    return card.temperature


MATCHING = "Senior Python developer, Django, PostgreSQL"


def test_a_looking_matching_quick_available_candidate_is_hot(book: LeadService, clock: FakeClock) -> None:
    engaged = [("quick_reply", 2, "answered within twenty minutes")]
    available = ("availability_confirmed", 1, "available next month")
    looking = ("expressed_interest", 3, "looking for a move")
    quick_only = _candidate(book, clock, MATCHING, engaged)
    hot = _candidate(book, clock, MATCHING, [looking, *engaged, available])
    assert book.detail(hot).fit == 10
    assert _temperature(book, hot) is Temperature.HOT
    # A quick reply alone from the same match is not the seeds' hot candidate.
    assert _temperature(book, quick_only) is not Temperature.HOT


def test_a_great_match_who_is_not_looking_is_cold(book: LeadService, clock: FakeClock) -> None:
    engaged = [("email_reply", 30, ""), ("screening_call", 26, "")]
    still_open = _candidate(book, clock, MATCHING, engaged)
    declined = _candidate(book, clock, MATCHING, [*engaged, ("not_looking", 2, "happy where she is")])
    assert book.detail(declined).fit == 10
    assert _temperature(book, still_open) is Temperature.WARM
    assert _temperature(book, declined) is Temperature.COLD
    # The breakdown says why in the book's own words.
    assert "makes a candidate cold" in book.score(declined).reason


def test_an_offer_accepted_elsewhere_cools_even_an_interviewing_candidate(
    book: LeadService, clock: FakeClock
) -> None:
    contact_id = _candidate(book, clock, MATCHING, [("interview_scheduled", 48, "")])
    assert _temperature(book, contact_id) is Temperature.HOT
    book.log_interaction(contact_id, "accepted_elsewhere", clock.current, "took a bank's offer")
    assert _temperature(book, contact_id) is Temperature.COLD


def test_fit_is_the_share_of_required_skills_the_candidate_has(book: LeadService) -> None:
    rules = book.rules
    assert compute_fit(Contact(1, "A", role=MATCHING), rules) == 10
    assert compute_fit(Contact(1, "A", role="Django developer", industry="python shop"), rules) == 7
    assert compute_fit(Contact(1, "A", role="Java developer"), rules) == 0
    assert compute_fit(Contact(1, "A"), rules) == 5  # nothing known: half a match
    assert compute_fit(Contact(1, "A", role="Java developer", fit=9), rules) == 9  # set by hand wins


def test_short_skills_match_whole_words_only() -> None:
    profile = RoleProfile("Go developer", ("go", "sql"))
    assert role_match(profile, "Go and SQL engineer", "") == 1.0
    assert role_match(profile, "Google ads manager, PostgreSQL", "") == 0.0


def test_changing_the_role_profile_rescores_the_candidates(book: LeadService, clock: FakeClock) -> None:
    contact_id = _candidate(book, clock, "Java developer", [])
    before = book.card(contact_id).score
    book.set_role_profile("Java developer", ["java"])
    assert book.card(contact_id).score == before + 10


def test_a_recruiting_book_has_its_own_kinds_and_checklists(book: LeadService) -> None:
    names = {kind.name for kind in book.kinds()}
    assert {kind.name for kind in RECRUITING_OWN_KINDS} == {
        "applied", "expressed_interest", "screening_call", "quick_reply", "detailed_questions",
        "availability_confirmed", "interview_scheduled", "offer_discussed", "not_looking",
        "accepted_elsewhere",
    }  # fmt: skip
    assert {kind.name for kind in RECRUITING_OWN_KINDS} <= names
    assert {"pricing_request", "demo_booked", "not_interested"}.isdisjoint(names)
    assert {"email_sent", "email_reply", "referral"} <= names
    texts = {t: [item.text for item in items] for t, items in book.templates.items()}
    assert texts[Temperature.COLD] == ["Introduce the role"]
    assert any("referral" in text for text in texts[Temperature.WARM])
    assert texts[Temperature.HOT][0] == "Respond within the hour"
    assert any("final interview" in text for text in texts[Temperature.HOT])
    assert any("offer" in text for text in texts[Temperature.HOT])
    assert default_templates(BookKind.SALES) == DEFAULT_TEMPLATES


def test_a_book_is_a_sales_book_unless_created_otherwise(service: LeadService) -> None:
    assert service.rules.book is BookKind.SALES
    assert "pricing_request" in service.catalogue and "applied" not in service.catalogue
    assert service.words.lead == "lead"
    with pytest.raises(ValidationError, match="recruiting book"):
        service.set_role_profile("Developer", ["python"])


def test_the_kind_is_chosen_once(book: LeadService, service: LeadService) -> None:
    with pytest.raises(ValidationError, match="not a new book"):
        book.begin_as(BookKind.SALES)
    service.add_contact("Dana Lee")
    with pytest.raises(ValidationError, match="not a new book"):
        service.begin_as(BookKind.RECRUITING)
    assert service.rules.book is BookKind.SALES


def test_rules_keep_the_book_and_its_profile_through_json_and_reset(book: LeadService) -> None:
    rules = book.rules.with_changes(hot_min=80, points={"applied": 40})
    again = Rules.from_json(rules.to_json())
    assert again == rules and again.book is BookKind.RECRUITING
    assert again.catalogue.get("applied").points == 40
    reset = rules.defaults()
    assert reset.hot_min == 71 and reset.book is BookKind.RECRUITING
    assert reset.role_profile == RoleProfile("Senior Python developer", SKILLS)
    book.reset_rules()
    assert book.rules.book is BookKind.RECRUITING and book.rules.role_profile.skills == SKILLS


def test_points_are_checked_against_the_books_own_kinds() -> None:
    with pytest.raises(ValidationError, match="unknown interaction kind: applied"):
        Rules(points={"applied": 30})
    with pytest.raises(ValidationError, match="unknown interaction kind: pricing_request"):
        Rules(book=BookKind.RECRUITING, points={"pricing_request": 30})
    with pytest.raises(ValidationError, match="between 20 and 50"):
        Rules(book=BookKind.RECRUITING, points={"offer_discussed": 60})
    assert "pricing_request" in DEFAULT_KINDS_BY_NAME


def test_bad_book_kinds_and_profiles_are_refused_in_one_line() -> None:
    with pytest.raises(ValidationError, match="unknown book kind 'crm': use one of sales, recruiting"):
        book_kind("crm")
    with pytest.raises(ValidationError, match="unknown book kind"):
        Rules.from_json({"book": "crm"})
    with pytest.raises(ValidationError, match="role_profile needs"):
        Rules.from_json({"role_profile": {"skills": "python"}})
    with pytest.raises(ValidationError, match="at most 30"):
        role_profile("Developer", [f"skill {n}" for n in range(31)])
    assert role_profile(" Senior  dev ", ["python", " Python ", "", "sql"]) == RoleProfile(
        "Senior dev", ("python", "sql")
    )


def test_the_words_differ_where_the_book_does() -> None:
    sales, recruiting = words_for(BookKind.SALES), words_for(BookKind.RECRUITING)
    assert (sales.lead, sales.deal) == ("lead", "deal")
    assert (recruiting.lead, recruiting.deal) == ("candidate", "role")
    assert recruiting.count(1) == "1 candidate" and recruiting.count(3) == "3 candidates"
    assert sales.title(recruiting.leads) == "Candidates"
