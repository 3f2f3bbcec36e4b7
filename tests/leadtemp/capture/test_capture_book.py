"""Capture's tables in the book: the schema step that brings every e-mail into the address list,
the whole-book JSON round trip (batches, source keys, addresses, ignored senders, my addresses),
and a merge that keeps both leads' addresses."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from leadtemp.capture.events import Observation
from leadtemp.capture.sources import CaptureOptions, read_capture_source
from leadtemp.exporting import export_json
from leadtemp.importing.jsonfile import import_json
from leadtemp.service import LeadService
from leadtemp.store import migrations
from tests.conftest import FakeClock
from tests.leadtemp.capture.sample_paths import ME, TAKEOUT


def _capture(book: LeadService) -> None:
    items = read_capture_source(TAKEOUT, CaptureOptions(me=tuple(book.my_addresses())))
    book.commit_capture(book.preview_capture(items, label=TAKEOUT.name))


def test_the_capture_step_moves_every_email_into_the_address_list(db_path: Path, clock: FakeClock) -> None:
    conn = sqlite3.connect(db_path, isolation_level=None)
    capture_step = migrations.MIGRATIONS.index(migrations._v9_capture) + 1
    migrations.migrate(conn, target=capture_step - 1)
    conn.executemany(
        "INSERT INTO contacts (id, name, email, created_at, updated_at) VALUES (?, ?, ?, 0, 0)",
        [(1, "Dana Lee", " Dana.Lee@Acme.example "), (2, "No Mail", ""), (3, "Bad", "not-an-address")],
    )
    assert capture_step in migrations.migrate(conn)
    assert conn.execute("SELECT contact_id, address, batch_id FROM contact_addresses").fetchall() == [
        (1, "dana.lee@acme.example", None)
    ]
    conn.close()
    book = LeadService.open(db_path, now=clock)
    try:
        assert book.contact_addresses(1) == ["dana.lee@acme.example"]
        assert book.captures() == [] and book.ignored_senders() == []
    finally:
        book.close()


def test_captures_round_trip_through_the_json_export(
    service: LeadService, clock: FakeClock, tmp_path: Path
) -> None:
    clock.current = datetime(2026, 3, 7, 9, 0, tzinfo=UTC)
    service.add_contact("Dana Lee", email="dana.lee@acme.example")
    service.set_my_addresses(ME)
    service.set_capture_subjects_only(True)
    service.ignore_sender("pat@otherco.example")
    _capture(service)
    path = tmp_path / "book.json"
    export_json(service, path)
    fresh = LeadService.open(tmp_path / "fresh.db", now=clock)
    try:
        summary = import_json(fresh, path)
        assert summary.counts["capture_batches"] == 1 and summary.counts["capture_keys"] == 9
        assert fresh.captures() == service.captures()
        assert fresh.my_addresses() == list(ME) and fresh.capture_subjects_only()
        assert fresh.ignored_senders() == ["pat@otherco.example"]
        assert fresh.contact_addresses(1) == service.contact_addresses(1)
        _capture(fresh)
        assert len(fresh.captures()) == 1
        undone = fresh.undo_capture(1)
        assert (undone.removed_interactions, undone.removed_leads) == (9, 2)
        assert [contact.name for contact in fresh.contacts()] == ["Dana Lee"]
    finally:
        fresh.close()


def test_a_merge_keeps_both_leads_addresses_and_its_undo_gives_them_back(service: LeadService) -> None:
    kept = service.add_contact("Dana Lee", email="dana@acme.example").contact_id
    other = service.add_contact("Dana L.", email="dana.lee@gmail.com").contact_id
    merge = service.merge_contacts(kept, other)

    assert service.contact_addresses(kept) == ["dana@acme.example", "dana.lee@gmail.com"]
    mail = Observation("mail", "m1", "email_reply", service.now(), ("danalee+x@googlemail.com",))
    assert [line.contact_id for line in service.preview_capture([mail], label="t").lines] == [kept]
    service.unmerge(merge.undo)
    assert service.contact_addresses(kept) == ["dana@acme.example"]
    assert service.contact_addresses(other) == ["dana.lee@gmail.com"]
