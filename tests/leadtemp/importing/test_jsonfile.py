"""Whole-database JSON export and import: an exact round trip, and only into an empty book."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from leadtemp.errors import ValidationError
from leadtemp.exporting.json_export import export_json
from leadtemp.importing.commit import commit_import
from leadtemp.importing.jsonfile import import_json
from leadtemp.importing.preview import preview_file
from leadtemp.importing.read import ImportFileError
from leadtemp.model import ChecklistItem, Temperature
from leadtemp.scoring.checklists import DEFAULT_TEMPLATES
from leadtemp.scoring.rules import Rules
from leadtemp.service import BoardReset, Change, LeadService
from leadtemp.store.whole_book import TABLES
from tests.conftest import FakeClock


def _dump(service: LeadService) -> dict[str, list[tuple[Any, ...]]]:
    conn = service.store.conn
    dump = {table: conn.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall() for table in TABLES}
    dump["settings"] = conn.execute("SELECT key, value FROM settings ORDER BY key").fetchall()
    return dump


def _cards(service: LeadService, clock: FakeClock) -> list[Any]:
    return service.board(clock.current, include_closed=True).all_cards()


@pytest.fixture
def rich(service: LeadService, clock: FakeClock, tmp_path: Path) -> LeadService:
    """A book that uses every table: edits, log, pins, ticks, settings, an import with updates."""
    templates = dict(DEFAULT_TEMPLATES)
    templates[Temperature.COLD] = (ChecklistItem("say_hi", "Say hello"), *templates[Temperature.COLD])
    service.update_settings(Rules(warm_min=25, default_fit=6), templates)
    with service.store.transaction():
        service.store.set_setting("phone_region", "GB")
    dana = service.add_contact(
        "Dana Lee",
        email="dana@example.com",
        phone="+44 20 7946 0000",
        company="Acme",
        role="CTO",
        industry="Retail",
        company_size=40,
        source="referral",
        fit=8,
        notes="Zoë's friend\nsecond line",
        linkedin="https://www.linkedin.com/in/dana-lee",
    ).contact_id
    sam = service.add_contact("Sam Ortiz", email="sam@example.com").contact_id
    old = service.add_contact("Old Lead").contact_id
    service.log_interaction(dana, "pricing_request", clock.current - timedelta(days=3), note="asked for €")
    service.log_interaction(dana, "website_visit", clock.current - timedelta(days=40, seconds=0.5))
    service.log_interaction(sam, "webinar_attended")
    clock.advance(hours=2)
    service.pin(sam, "hot", clock.current + timedelta(days=7))
    service.tick(sam, "respond_now")
    service.tick(dana, "1")
    service.tick(old, "say_hi")
    service.set_outcome(old, "won")
    service.archive_contact(old)
    service.set_next_step(dana, "send the quote", date(2026, 3, 5))
    service.snooze(sam, date(2026, 3, 9))
    csv_path = tmp_path / "more.csv"
    csv_path.write_text("name,email,role\nSam Ortiz,sam@example.com,Buyer\nNew One,new@example.com,\n")
    commit_import(service, preview_file(service, csv_path), source="trade show")
    clock.advance(minutes=5)
    return service


def test_round_trip_is_exact(rich: LeadService, clock: FakeClock, tmp_path: Path) -> None:
    path = tmp_path / "book.json"
    assert export_json(rich, path) == 4
    fresh = LeadService.open(tmp_path / "fresh.db", now=clock)
    events: list[Change | BoardReset] = []
    fresh.subscribe(events.append)
    try:
        summary = import_json(fresh, path)
        assert summary.contacts == 4 and summary.counts["interactions"] == 3
        assert _dump(fresh) == _dump(rich)
        assert fresh.contact(1).linkedin == "https://www.linkedin.com/in/dana-lee"
        assert _cards(fresh, clock) == _cards(rich, clock)
        assert fresh.rules == rich.rules and fresh.templates == rich.templates
        assert [type(event) for event in events] == [BoardReset]
        again = tmp_path / "again.json"
        export_json(fresh, again)
        first, second = json.loads(path.read_text()), json.loads(again.read_text())
        assert first == second
    finally:
        fresh.close()


def test_outcome_history_and_merges_round_trip(rich: LeadService, clock: FakeClock, tmp_path: Path) -> None:
    old = rich.contacts(include_archived=True)[2].id
    clock.advance(days=1)
    rich.set_outcome(old, "open")
    twin = rich.add_contact("Dana L.").contact_id
    rich.merge_contacts(1, twin)
    path = tmp_path / "book.json"
    export_json(rich, path)
    data = json.loads(path.read_text())
    assert [row["outcome"] for row in data["outcome_changes"]] == ["won", "open"]
    assert [(row["contact_id"], row["merged_id"]) for row in data["contact_merges"]] == [(1, twin)]
    fresh = LeadService.open(tmp_path / "fresh.db", now=clock)
    try:
        import_json(fresh, path)
        assert fresh.detail(old).outcome_history == rich.detail(old).outcome_history
        assert len(fresh.detail(old).outcome_history) == 2
        assert fresh.detail(1).merges == rich.detail(1).merges
    finally:
        fresh.close()


def test_an_export_from_before_outcome_dates_gets_them_from_the_last_update(
    rich: LeadService, clock: FakeClock, tmp_path: Path
) -> None:
    path = tmp_path / "book.json"
    export_json(rich, path)
    data = json.loads(path.read_text())
    del data["outcome_changes"]
    won = next(row for row in data["contacts"] if row["outcome"] == "won")
    path.write_text(json.dumps(data))
    fresh = LeadService.open(tmp_path / "fresh.db", now=clock)
    try:
        import_json(fresh, path)
        history = fresh.detail(won["id"]).outcome_history
        assert [(c.outcome.value, c.changed_at.timestamp()) for c in history] == [("won", won["updated_at"])]
    finally:
        fresh.close()


def test_export_shape(rich: LeadService, tmp_path: Path) -> None:
    path = tmp_path / "book.json"
    export_json(rich, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "leadtemp-export" and data["version"] == 1
    dana = data["contacts"][0]
    assert dana["id"] == 1 and dana["name"] == "Dana Lee" and dana["fit"] == 8
    assert isinstance(dana["created_at"], int)
    assert data["settings"]["phone_region"] == "GB"
    assert {"pins", "checklist_progress", "interactions", "import_batches", "import_updates"} <= set(data)


def test_refuses_a_database_that_is_not_empty(
    rich: LeadService, service: LeadService, tmp_path: Path
) -> None:
    path = tmp_path / "book.json"
    export_json(rich, path)
    target = LeadService.open(tmp_path / "target.db")
    try:
        target.add_contact("Already Here")
        before = _dump(target)
        with pytest.raises(ValidationError, match=r"not empty \(1 contacts\).*empty database"):
            import_json(target, path)
        assert _dump(target) == before
    finally:
        target.close()


def test_dry_run_checks_without_writing(rich: LeadService, tmp_path: Path) -> None:
    path = tmp_path / "book.json"
    export_json(rich, path)
    target = LeadService.open(tmp_path / "target.db")
    try:
        summary = import_json(target, path, dry_run=True)
        assert summary.dry_run and summary.contacts == 4
        assert target.contacts(include_archived=True) == []
    finally:
        target.close()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "is empty"),
        ("{not json", "is not valid JSON"),
        ('{"format": "something else"}', "is not a LeadTemp JSON export"),
        ('{"format": "leadtemp-export", "version": 99}', "newer LeadTemp"),
        ('{"format": "leadtemp-export", "version": 1, "contacts": [{"id": 1, "shoe_size": 9}]}', "shoe_size"),
        ('{"format": "leadtemp-export", "version": 1, "contacts": [{"id": [1]}]}', "plain values"),
        (
            '{"format": "leadtemp-export", "version": 1, "contacts": [{"id": 1, "name": "A", '
            '"created_at": 1, "updated_at": 1}], "interactions": [{"id": 1, "contact_id": 2, '
            '"kind": "website_visit", "occurred_at": 1, "note": "", "created_at": 1}]}',
            "is damaged",
        ),
        ('{"format": "leadtemp-export", "version": 1, "contacts": [{"id": 1}]}', "is damaged"),
    ],
)
def test_damaged_files_are_refused_and_nothing_is_written(
    service: LeadService, tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "book.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ImportFileError, match=message):
        import_json(service, path)
    assert _dump(service) == {table: [] for table in (*TABLES, "settings")}


def test_an_export_from_before_the_linkedin_field_moves_profiles_out_of_the_notes(
    rich: LeadService, clock: FakeClock, tmp_path: Path
) -> None:
    path = tmp_path / "book.json"
    export_json(rich, path)
    data = json.loads(path.read_text())
    data["schema"] = 4
    for row in data["contacts"]:
        del row["linkedin"]
    data["contacts"][1]["notes"] = "LinkedIn: https://www.linkedin.com/in/sam-ortiz\nprefers mornings"
    path.write_text(json.dumps(data))
    fresh = LeadService.open(tmp_path / "fresh.db", now=clock)
    try:
        import_json(fresh, path)
        sam = fresh.contact(data["contacts"][1]["id"])
        assert (sam.linkedin, sam.notes) == ("https://www.linkedin.com/in/sam-ortiz", "prefers mornings")
        assert fresh.contact(1).linkedin == "" and fresh.contact(1).notes == "Zoë's friend\nsecond line"
    finally:
        fresh.close()
    # A book written with the field keeps a profile line its notes hold, as the user wrote it.
    data["schema"] = 5
    path.write_text(json.dumps(data))
    again = LeadService.open(tmp_path / "again.db", now=clock)
    try:
        import_json(again, path)
        assert again.contact(data["contacts"][1]["id"]).linkedin == ""
    finally:
        again.close()
