"""Qualification in the book: set in one transaction (a bad answer writes nothing), on the cards
and in `show`, kept by a merge and its undo, in the whole-book JSON round trip, migrated into books
of every earlier schema, and split out in the report: "hot leads and qualified leads aren't twins"."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from leadtemp.clock import to_timestamp
from leadtemp.errors import ValidationError
from leadtemp.exporting.json_export import export_json
from leadtemp.importing.jsonfile import import_json
from leadtemp.model import Stage, Temperature
from leadtemp.scoring.rules import IdealClientProfile
from leadtemp.service import LeadService
from leadtemp.store import LATEST_VERSION, migrations
from tests.conftest import FakeClock
from tests.leadtemp.importing.test_jsonfile import _dump
from tests.leadtemp.test_migrations import build

EVERYTHING = {"budget": "yes", "authority": "yes", "need": "yes", "timeline": "Q3"}


def _answers(service: LeadService, contact_id: int) -> list[str]:
    return [answer.value for answer in service.qualification(contact_id).answers]


def _rows(service: LeadService) -> list[tuple[object, ...]]:
    return service.store.conn.execute(
        "SELECT * FROM qualifications ORDER BY contact_id, criterion"
    ).fetchall()


def test_a_qualified_lead_is_not_the_same_as_a_hot_one(service: LeadService, clock: FakeClock) -> None:
    """The seeds: hot is "timing and intent"; qualified is "budget, authority, need, and timeline"."""
    hot = service.add_contact("Hattie Hot").contact_id
    service.log_interaction(hot, "pricing_request", clock() - timedelta(hours=1))
    methodical = service.add_contact("Quinn Qualified", fit=8).contact_id
    change = service.qualify(methodical, EVERYTHING)
    assert change.card is not None and change.card.stage is Stage.QUALIFIED
    board = service.board()
    (hot_card,) = board.hot
    (cold_card,) = board.cold
    assert (hot_card.contact_id, hot_card.stage) == (hot, Stage.LEAD)
    assert (cold_card.contact_id, cold_card.stage, cold_card.temperature) == (
        methodical,
        Stage.QUALIFIED,
        Temperature.COLD,
    )
    assert _answers(service, methodical) == ["yes", "yes", "yes", "2026-Q3"]  # the clock is in March


def test_each_answer_keeps_its_note_and_the_day_it_was_learned(
    service: LeadService, clock: FakeClock
) -> None:
    dana = service.add_contact("Dana Lee").contact_id
    service.qualify(dana, {"budget": "yes"}, {"budget": "10k set aside for Q2"})
    first = clock()
    clock.advance(days=2)
    service.qualify(dana, {"need": "yes"}, learned_on=date(2026, 3, 3))
    service.qualify(dana, {"budget": "yes"})  # the same answer again: still learned when it was
    budget, _, need, timeline = service.qualification(dana).answers
    assert (budget.value, budget.note, budget.learned_at) == ("yes", "10k set aside for Q2", first)
    assert need.learned_at is not None and need.learned_at.astimezone().date() == date(2026, 3, 3)
    assert (timeline.value, timeline.learned_at) == ("unknown", None)
    service.qualify(dana, {"budget": "unknown"}, {"budget": ""})
    assert [row[1] for row in _rows(service)] == ["need"]  # unknown without a note keeps no row


@pytest.mark.parametrize(
    ("values", "notes", "message"),
    [
        ({"budget": "yes", "timeline": "soon"}, {}, "cannot read timeline 'soon'"),
        ({"authority": "perhaps"}, {}, "authority must be yes, no or unknown"),
        ({"mood": "yes"}, {}, "unknown criterion 'mood'"),
        ({"need": "yes"}, {"need": "x" * 1001}, "the need note is at most 1000 characters"),
    ],
)
def test_a_bad_answer_is_refused_and_nothing_is_written(
    service: LeadService, values: dict[str, str], notes: dict[str, str], message: str
) -> None:
    dana = service.add_contact("Dana Lee").contact_id
    service.qualify(dana, {"need": "no"})
    before = _rows(service)
    with pytest.raises(ValidationError, match=message):
        service.qualify(dana, values, notes)
    assert _rows(service) == before


def test_learned_after_today_is_refused(service: LeadService, clock: FakeClock) -> None:
    dana = service.add_contact("Dana Lee").contact_id
    with pytest.raises(ValidationError, match="after today"):
        service.qualify(dana, {"need": "yes"}, learned_on=date(2026, 3, 3))
    assert _rows(service) == []


def test_restoring_puts_every_answer_back_as_it_was(service: LeadService, clock: FakeClock) -> None:
    dana = service.add_contact("Dana Lee", fit=9).contact_id
    service.qualify(dana, {"budget": "no", "need": "yes"}, {"budget": "frozen until April"})
    before, rows = service.qualification(dana), _rows(service)
    clock.advance(hours=1)
    service.qualify(dana, EVERYTHING)
    change = service.restore_qualification(dana, before)
    assert _rows(service) == rows
    assert change.card is not None and change.card.lacks == ("budget",)


def test_a_merge_keeps_the_kept_leads_answers_and_takes_the_others_unknowns(service: LeadService) -> None:
    kept = service.add_contact("Dana Lee", email="dana@acme.example").contact_id
    other = service.add_contact("Dana Lee", email="dana.lee@acme.example").contact_id
    service.qualify(kept, {"budget": "yes"})
    service.qualify(other, {"budget": "no", "authority": "yes"}, {"authority": "signs off alone"})
    merge = service.merge_contacts(kept, other)
    assert _answers(service, kept) == ["yes", "yes", "unknown", "unknown"]
    assert service.qualification(kept).authority.note == "signs off alone"
    service.unmerge(merge.undo)
    assert _answers(service, kept) == ["yes", "unknown", "unknown", "unknown"]
    assert _answers(service, other) == ["no", "yes", "unknown", "unknown"]


def test_answers_round_trip_through_the_whole_book_json(
    service: LeadService, clock: FakeClock, tmp_path: Path
) -> None:
    dana = service.add_contact("Dana Lee", fit=8).contact_id
    sam = service.add_contact("Sam Ortiz").contact_id
    service.qualify(dana, EVERYTHING, {"timeline": "board meets in July"})
    service.qualify(sam, {"authority": "no"}, {"need": "asked about onboarding"})
    path = tmp_path / "book.json"
    export_json(service, path)
    fresh = LeadService.open(tmp_path / "fresh.db", now=clock)
    try:
        summary = import_json(fresh, path)
        assert summary.counts["qualifications"] == 6  # Sam's need is unknown, but noted
        assert _dump(fresh)["qualifications"] == _dump(service)["qualifications"]
        assert fresh.qualification(dana) == service.qualification(dana)
        assert [card.stage for card in fresh.board().all_cards()] == [
            card.stage for card in service.board().all_cards()
        ]
    finally:
        fresh.close()


#: The schema step that adds the qualifications table.
QUALIFICATIONS_STEP = 12


@pytest.mark.parametrize("version", range(1, QUALIFICATIONS_STEP))
def test_a_book_of_every_earlier_schema_gets_the_table_and_takes_answers(
    db_path: Path, clock: FakeClock, version: int
) -> None:
    build(db_path, version, to_timestamp(clock.current))
    conn = sqlite3.connect(db_path)
    assert "qualifications" not in {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()
    service = LeadService.open(db_path, now=clock)
    try:
        assert migrations.schema_version(service.store.conn) == LATEST_VERSION
        assert all(not answer.known for answer in service.qualification(1).answers)
        assert {card.stage for card in service.board().all_cards()} == {Stage.LEAD}
        service.qualify(1, EVERYTHING)
        assert service.card(1).stage is Stage.QUALIFIED
    finally:
        service.close()


def test_the_table_refuses_a_criterion_it_does_not_know(service: LeadService) -> None:
    dana = service.add_contact("Dana Lee").contact_id
    with pytest.raises(sqlite3.IntegrityError), service.store.transaction():
        service.store.conn.execute(
            "INSERT INTO qualifications (contact_id, criterion, answer, learned_at) "
            "VALUES (?, 'mood', 'yes', 0)",
            (dana,),
        )


def test_the_report_splits_conversion_by_qualified_by_its_end(service: LeadService, clock: FakeClock) -> None:
    won_qualified = service.add_contact("Quinn").contact_id
    lost_qualified = service.add_contact("Quill").contact_id
    won_plain = service.add_contact("Hattie").contact_id
    late = service.add_contact("Late").contact_id
    for contact_id in (won_qualified, lost_qualified):
        service.qualify(contact_id, EVERYTHING)
    clock.advance(days=2)
    report_end = clock()
    clock.advance(days=1)
    service.qualify(late, EVERYTHING)  # learned after the report's end: not qualified by then
    service.set_outcome(won_qualified, "won", on=report_end - timedelta(days=1))
    service.set_outcome(lost_qualified, "lost", on=report_end - timedelta(days=1))
    service.set_outcome(won_plain, "won", on=report_end - timedelta(days=1))
    report = service.report(as_of=report_end)
    assert [(g.name, g.leads, g.won) for g in report.qualification] == [
        ("qualified", 2, 1),
        ("not qualified", 2, 1),
    ]
    assert [(g.name, g.leads) for g in service.report().qualification] == [
        ("qualified", 3),
        ("not qualified", 1),
    ]


def test_a_purged_lead_takes_its_answers_with_it(service: LeadService) -> None:
    dana = service.add_contact("Dana Lee").contact_id
    service.qualify(dana, EVERYTHING)
    service.archive_contact(dana)
    service.purge_contact(dana)
    assert _rows(service) == []


def test_the_stage_reads_the_fit_the_board_scores_with(service: LeadService) -> None:
    """Fit is the lead's demographic fit, hand-set or from the ideal-client profile."""
    profiled = service.add_contact("Pat", industry="Retail", role="CTO", company_size=40).contact_id
    service.qualify(profiled, {"need": "yes"})
    assert service.card(profiled).stage is Stage.LEAD  # no profile: the default fit (5) is no fit
    profile = IdealClientProfile(industries=("retail",), roles=("cto",))
    service.update_settings(service.rules.with_changes(icp=profile))
    assert service.card(profiled).stage is Stage.PROSPECT
    assert {card.contact_id: card.stage for card in service.board().all_cards()} == {profiled: Stage.PROSPECT}
