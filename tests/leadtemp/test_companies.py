"""Companies in the book: each contact linked by its e-mail domain (never a free-mail one) or its
company name, the seeds' new-stakeholder signal logged once, the company's temperature, seniority,
and all of it through merges and the JSON export."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from leadtemp.book_kinds import BookKind
from leadtemp.capture.events import Observation
from leadtemp.companies.seniority import Seniority
from leadtemp.errors import NotFoundError, ValidationError
from leadtemp.exporting.json_export import export_json
from leadtemp.importing.jsonfile import import_json
from leadtemp.model import Temperature
from leadtemp.service import BoardReset, Change, LeadService
from leadtemp.store import migrations
from leadtemp.store.companies import link_contacts
from tests.conftest import FakeClock

pytestmark = pytest.mark.both_backends


def add(service: LeadService, name: str, **fields: object) -> int:
    return service.add_contact(name, **fields).contact_id


def company_names(service: LeadService) -> dict[int, tuple[str, str]]:
    """Each linked contact's (company name, domain)."""
    linked = {}
    for contact in service.contacts(include_archived=True):
        company_id = service.company_of(contact.id)
        if company_id is not None:
            record = service.company(company_id).record
            linked[contact.id] = (record.name, record.domain)
    return linked


def test_people_at_one_domain_are_one_company_and_two_domains_never_are(service: LeadService) -> None:
    dana = add(service, "Dana Lee", email="dana@acme.example", company="Acme", industry="software")
    sam = add(service, "Sam Ortiz", email="Sam.Ortiz@ACME.example", company="Acme Inc.", company_size=40)
    uk = add(service, "Ari Novak", email="ari@acme.co.uk", company="Acme")
    assert service.company_of(dana) == service.company_of(sam) != service.company_of(uk)
    assert company_names(service) == {
        dana: ("Acme", "acme.example"),
        sam: ("Acme", "acme.example"),
        uk: ("Acme", "acme.co.uk"),
    }
    record = service.company(service.company_of(dana) or 0).record
    assert (record.industry, record.size, record.people) == ("software", 40, 2)


def test_a_free_mail_address_never_makes_a_company_its_company_name_does(service: LeadService) -> None:
    kim = add(service, "Kim Park", email="kim@gmail.com", company="Northwind")
    bo = add(service, "Bo Chen", email="bo@gmail.com", company="NORTHWIND")
    loner = add(service, "Lou Reed", email="lou@gmail.com")
    assert service.company_of(kim) == service.company_of(bo) is not None
    assert service.company_of(loner) is None
    assert company_names(service)[kim] == ("Northwind", "")
    # A colleague with the company's own address gives the company its domain.
    ed = add(service, "Ed Wu", email="ed@northwind.example", company="Northwind")
    assert service.company_of(ed) == service.company_of(kim)
    assert company_names(service)[kim] == ("Northwind", "northwind.example")
    # Known only by an address, a company takes its name from the domain.
    al = add(service, "Al Ma", email="al@blue-river.example")
    assert company_names(service)[al] == ("Blue River", "blue-river.example")
    assert [summary.record.name for summary in service.companies()] == ["Blue River", "Northwind"]


def test_an_edit_of_the_address_or_company_moves_the_contact(service: LeadService) -> None:
    dana = add(service, "Dana Lee", email="dana@acme.example")
    sam = add(service, "Sam Ortiz", email="sam@acme.example")
    service.edit_contact(sam, email="sam@globex.example", company="Globex")
    assert company_names(service) == {dana: ("Acme", "acme.example"), sam: ("Globex", "globex.example")}
    service.edit_contact(sam, email="sam@gmail.com", company="")
    assert service.company_of(sam) is None
    assert [summary.record.name for summary in service.companies()] == ["Acme"]


def test_a_merge_and_its_undo_keep_each_contacts_company(service: LeadService) -> None:
    dana = add(service, "Dana Lee", email="dana@acme.example")
    other = add(service, "Dana L.", email="dana.lee@gmail.com", company="Globex")
    service.set_seniority(other, Seniority.INFLUENCER)
    merge = service.merge_contacts(dana, other)
    assert company_names(service) == {dana: ("Acme", "acme.example")}
    service.unmerge(merge.undo)
    assert company_names(service) == {dana: ("Acme", "acme.example"), other: ("Globex", "")}
    assert service.seniority(other) == (Seniority.INFLUENCER, True)


def test_seniority_comes_from_the_title_until_the_user_sets_it(service: LeadService) -> None:
    dana = add(service, "Dana Lee", email="dana@acme.example", role="Marketing Manager")
    assert service.seniority(dana) == (Seniority.INFLUENCER, False)
    service.set_seniority(dana, Seniority.DECISION_MAKER)
    assert service.seniority(dana) == (Seniority.DECISION_MAKER, True)
    (person,) = service.company(service.company_of(dana) or 0).people
    assert (person.seniority, person.seniority_chosen) == (Seniority.DECISION_MAKER, True)
    service.set_seniority(dana, None)
    assert service.seniority(dana) == (Seniority.INFLUENCER, False)
    with pytest.raises(NotFoundError):
        service.set_seniority(99, Seniority.USER)


def test_a_company_is_edited_in_one_step_and_bad_values_change_nothing(service: LeadService) -> None:
    company_id = service.company_of(add(service, "Dana Lee", email="dana@acme.example")) or 0
    record = service.edit_company(company_id, name="Acme Corp", industry="Retail", size=120)
    assert (record.name, record.industry, record.size) == ("Acme Corp", "Retail", 120)
    assert service.edit_company(company_id, size=-1).size is None
    with pytest.raises(ValidationError, match="needs a name"):
        service.edit_company(company_id, name="  ", industry="Food")
    assert service.company(company_id).record.industry == "Retail"
    with pytest.raises(NotFoundError, match="no company with id 99"):
        service.edit_company(99, industry="Food")


def acme(service: LeadService) -> tuple[int, int, int]:
    return (
        add(service, "Dana Lee", email="dana@acme.example", role="CEO"),
        add(service, "Sam Ortiz", email="sam@acme.example", role="CTO"),
        add(service, "Kim Park", email="kim@acme.example", role="Developer"),
    )


def signals(service: LeadService, contact_id: int) -> list[str]:
    return [i.note for i in service.interactions(contact_id) if i.kind == "stakeholder_joined"]


def test_a_second_person_replying_within_two_weeks_logs_the_new_stakeholder_signal_once(
    service: LeadService, clock: FakeClock
) -> None:
    dana, sam, kim = acme(service)
    service.log_interaction(dana, "meeting_held", clock.current - timedelta(days=10))
    heard: list[Change | BoardReset] = []
    service.subscribe(heard.append)
    service.log_interaction(sam, "email_reply", clock.current - timedelta(days=1))
    assert signals(service, dana) == [
        "Sam Ortiz (CTO) joined the conversation: Email reply 9 days after Dana Lee's Meeting held"
    ]
    (signal,) = [i for i in service.interactions(dana) if i.kind == "stakeholder_joined"]
    assert signal.occurred_at == clock.current - timedelta(days=1)
    # The lead joined hears of it, and its breakdown carries the signal.
    assert [(c.contact_id, c.cause) for c in heard if isinstance(c, Change)] == [
        (sam, "email_reply"),
        (dana, "stakeholder_joined"),
    ]
    assert "stakeholder_joined" in {c.kind for c in service.score(dana).contributions}
    # Once per person: Sam's next reply logs nothing more; Kim's open is no conversation.
    service.log_interaction(sam, "email_reply", clock.current - timedelta(hours=2))
    service.log_interaction(kim, "email_open", clock.current - timedelta(hours=1))
    assert len(signals(service, dana)) == 1 and signals(service, sam) == signals(service, kim) == []
    view = service.company(service.company_of(dana) or 0)
    assert [(j.newcomer, j.earlier) for j in view.joins] == [("Sam Ortiz", "Dana Lee")]
    assert view.temperature.raised_by == ("Sam Ortiz",)


def test_a_recruiting_book_logs_no_new_stakeholder_signal(tmp_path: Path, clock: FakeClock) -> None:
    """Two candidates at one employer are no buying committee: a recruiting book has no
    ``stakeholder_joined`` kind, and their replies log only themselves."""
    service = LeadService.open(tmp_path / "hiring.db", now=clock)
    try:
        service.begin_as(BookKind.RECRUITING)
        dana, sam, _kim = acme(service)
        service.log_interaction(dana, "email_reply", clock.current - timedelta(days=10))
        service.log_interaction(sam, "expressed_interest", clock.current - timedelta(days=1))
        assert signals(service, dana) == signals(service, sam) == []
        assert [i.kind for i in service.interactions(dana)] == ["email_reply"]
    finally:
        service.close()


def test_engagement_more_than_two_weeks_apart_or_by_one_person_is_no_new_stakeholder(
    service: LeadService, clock: FakeClock
) -> None:
    dana, sam, _ = acme(service)
    service.log_interaction(dana, "email_reply", clock.current - timedelta(days=20))
    service.log_interaction(dana, "meeting_held", clock.current - timedelta(days=19))
    service.log_interaction(sam, "email_reply", clock.current - timedelta(days=4))
    assert signals(service, dana) == signals(service, sam) == []
    lone = add(service, "Lou Reed", email="lou@gmail.com")
    pal = add(service, "Pal Joey", email="pal@gmail.com")
    service.log_interaction(lone, "email_reply")
    service.log_interaction(pal, "email_reply")
    assert signals(service, lone) == signals(service, pal) == []


def test_the_company_is_as_hot_as_its_hottest_person_and_new_stakeholders_raise_it(
    service: LeadService, clock: FakeClock
) -> None:
    dana, sam, kim = acme(service)
    company_id = service.company_of(dana) or 0
    service.log_interaction(kim, "webinar_attended", clock.current - timedelta(days=30))
    service.log_interaction(kim, "content_download", clock.current - timedelta(days=30))
    service.log_interaction(kim, "website_visit", clock.current - timedelta(days=29))
    service.log_interaction(kim, "website_visit", clock.current - timedelta(days=28))
    assert service.card(kim).temperature is Temperature.WARM
    reading = service.company(company_id).temperature
    assert (reading.temperature, reading.hottest and reading.hottest.contact_id) == (Temperature.WARM, kim)
    service.log_interaction(dana, "meeting_held", clock.current - timedelta(days=3))
    service.log_interaction(sam, "meeting_held", clock.current - timedelta(days=3))
    view = service.company(company_id)
    assert view.temperature.temperature is Temperature.HOT
    assert "raised to hot: Sam Ortiz joined the conversation" in view.temperature.reason
    (summary,) = service.companies()
    assert summary.temperature == view.temperature
    # The raise lasts the hot window; as of a month later it is gone.
    later = service.company(company_id, clock.current + timedelta(days=30)).temperature
    assert later.raised_by == ()
    assert service.companies(clock.current - timedelta(days=10))[0].temperature.raised_by == ()


def test_the_timeline_holds_everyones_interactions_newest_first(
    service: LeadService, clock: FakeClock
) -> None:
    dana, sam, _ = acme(service)
    service.log_interaction(dana, "website_visit", clock.current - timedelta(days=2), "pricing page")
    service.log_interaction(sam, "email_open", clock.current - timedelta(days=1))
    view = service.company(service.company_of(dana) or 0)
    assert [(e.name, e.label, e.note) for e in view.timeline] == [
        ("Sam Ortiz", "Email opened", ""),
        ("Dana Lee", "Website visit", "pricing page"),
    ]
    before = service.company(view.record.id, clock.current - timedelta(days=1, hours=1))
    assert [e.name for e in before.timeline] == ["Dana Lee"]
    assert [p.name for p in view.people] == ["Dana Lee", "Sam Ortiz", "Kim Park"]


def test_badges_count_the_people_of_a_company_who_engaged_this_week(
    service: LeadService, clock: FakeClock
) -> None:
    dana, sam, kim = acme(service)
    service.log_interaction(dana, "email_reply", clock.current - timedelta(days=6))
    assert service.company_badges() == {}
    service.log_interaction(sam, "meeting_held", clock.current - timedelta(days=1))
    service.log_interaction(kim, "email_open", clock.current - timedelta(days=1))
    badge = "2 people from Acme engaged this week"
    assert service.company_badges() == {dana: badge, sam: badge, kim: badge}
    assert service.company_badges(clock.current + timedelta(days=2)) == {}
    # A window's first cards ask for their own leads' badges: counted over the whole company.
    assert service.company_badges(contact_ids=[dana]) == {dana: badge}
    outsider = service.add_contact("Lee Outsider").contact_id
    assert service.company_badges(contact_ids=[outsider, kim]) == {kim: badge}
    assert service.company_badges(contact_ids=[]) == {}


def test_companies_seniority_and_joins_round_trip_through_the_json_export(
    service: LeadService, clock: FakeClock, tmp_path: Path
) -> None:
    dana, sam, kim = acme(service)
    service.log_interaction(dana, "meeting_held", clock.current - timedelta(days=2))
    service.log_interaction(sam, "email_reply", clock.current - timedelta(days=1))
    service.set_seniority(kim, Seniority.INFLUENCER)
    company_id = service.company_of(dana) or 0
    service.edit_company(company_id, industry="Retail", size=30)
    path = tmp_path / "book.json"
    export_json(service, path)
    data = json.loads(path.read_text())
    assert [(row["name"], row["domain"]) for row in data["companies"]] == [("Acme", "acme.example")]
    assert len(data["company_people"]) == 3 and len(data["stakeholder_joins"]) == 1
    fresh = LeadService.open(tmp_path / "fresh.db", now=clock)
    try:
        summary = import_json(fresh, path)
        assert [summary.counts[t] for t in ("companies", "company_people", "contact_seniority")] == [1, 3, 1]
        assert summary.counts["stakeholder_joins"] == 1
        assert fresh.company(company_id) == service.company(company_id)
        assert fresh.companies() == service.companies()
    finally:
        fresh.close()


def test_an_export_from_before_companies_gets_them_on_import(
    service: LeadService, clock: FakeClock, tmp_path: Path
) -> None:
    dana, sam, _ = acme(service)
    path = tmp_path / "old.json"
    export_json(service, path)
    data = json.loads(path.read_text())
    for table in ("companies", "company_people", "contact_seniority", "stakeholder_joins"):
        del data[table]
    data["schema"] = 11
    path.write_text(json.dumps(data))
    fresh = LeadService.open(tmp_path / "fresh.db", now=clock)
    try:
        import_json(fresh, path)
        assert company_names(fresh) == company_names(service)
        assert fresh.company_of(dana) == fresh.company_of(sam) is not None
    finally:
        fresh.close()


def test_the_signal_goes_with_the_engagement_that_made_it_and_comes_back_with_it(
    service: LeadService, clock: FakeClock
) -> None:
    dana, sam, _ = acme(service)
    service.log_interaction(dana, "meeting_held", clock.current - timedelta(days=3))
    reply = service.log_interaction(sam, "email_reply", clock.current - timedelta(days=1))
    score_with_signal = service.card(dana).score
    (removed,) = [i for i in service.interactions(sam) if i.id == reply.interaction_id]
    service.delete_interaction(removed.id)
    assert signals(service, dana) == []
    assert service.card(dana).score < score_with_signal
    assert service.company(service.company_of(dana) or 0).joins == ()
    service.restore_interaction(removed)
    assert len(signals(service, dana)) == 1
    assert service.card(dana).score == score_with_signal


def test_a_signal_the_user_deleted_is_not_logged_again(service: LeadService, clock: FakeClock) -> None:
    dana, sam, _ = acme(service)
    service.log_interaction(dana, "meeting_held", clock.current - timedelta(days=3))
    service.log_interaction(sam, "email_reply", clock.current - timedelta(days=1))
    (signal,) = [i for i in service.interactions(dana) if i.kind == "stakeholder_joined"]
    service.delete_interaction(signal.id)
    service.log_interaction(sam, "meeting_held", clock.current - timedelta(hours=1))
    assert signals(service, dana) == []


def test_captured_mail_logs_the_signal_and_undoing_the_capture_takes_it_back(
    service: LeadService, clock: FakeClock
) -> None:
    dana, _, _ = acme(service)
    service.log_interaction(dana, "meeting_held", clock.current - timedelta(days=3))
    before = service.card(dana)
    mail = Observation("mail", "m1", "email_reply", clock.current - timedelta(days=1), ("sam@acme.example",))
    report = service.commit_capture(service.preview_capture([mail], label="Takeout.mbox"))
    assert len(signals(service, dana)) == 1
    assert service.card(dana).score > before.score
    service.undo_capture(report.batch_id or 0)
    assert signals(service, dana) == []
    assert service.card(dana).score == before.score
    # Capturing the same mail again logs the signal again: the undone join was forgotten.
    service.commit_capture(service.preview_capture([mail], label="Takeout.mbox"))
    assert len(signals(service, dana)) == 1


def test_a_lead_captured_from_a_new_address_joins_its_company(service: LeadService, clock: FakeClock) -> None:
    dana = add(service, "Dana Lee", email="dana@acme.example", company="Acme")
    inquiry = Observation(
        "mail",
        "m2",
        "inquiry",
        clock.current - timedelta(hours=1),
        ("ari@acme.example",),
        name="Ari Novak",
        may_propose_lead=True,
    )
    report = service.commit_capture(service.preview_capture([inquiry], label="Inbox.mbox"))
    ((created_id, name),) = report.created
    assert name == "Ari Novak"
    assert service.company_of(created_id) == service.company_of(dana) is not None


def _memberships(conn: sqlite3.Connection) -> list[tuple[str, str, str | None]]:
    return conn.execute(
        "SELECT c.name, co.name, co.domain FROM contacts c JOIN company_people p ON p.contact_id = c.id "
        "JOIN companies co ON co.id = p.company_id ORDER BY c.id"
    ).fetchall()


def test_a_long_run_of_contacts_links_as_one_at_a_time_does() -> None:
    people = [
        (
            f"P{index}",
            f"p{index}@{'gmail.com' if index % 3 == 0 else f'firm{index % 40}.example'}",
            "" if index % 6 == 0 else f"Firm {index % 25}",
        )
        for index in range(300)
    ]
    books = []
    for one_at_a_time in (True, False):
        conn = sqlite3.connect(":memory:", isolation_level=None)
        migrations.migrate(conn)
        conn.executemany(
            "INSERT INTO contacts (name, email, company, created_at, updated_at) VALUES (?, ?, ?, 0, 0)",
            people,
        )
        ids = [row[0] for row in conn.execute("SELECT id FROM contacts ORDER BY id")]
        if one_at_a_time:
            for contact_id in ids:
                link_contacts(conn, [contact_id], 0)
        else:
            link_contacts(conn, ids, 0)
        books.append(_memberships(conn))
        conn.close()
    assert books[0] == books[1]
    # Free mail without a company name is no company; every other contact has one.
    assert len(books[0]) == 250
