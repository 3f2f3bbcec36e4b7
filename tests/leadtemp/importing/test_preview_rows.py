"""A preview keeps its simply new rows as columns: every row still reads, counts and commits
exactly as the same rows held one by one in a list."""

from __future__ import annotations

import csv
import dataclasses
import io
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leadtemp.importing import preview as preview_module
from leadtemp.importing.commit import commit_import
from leadtemp.importing.preview import ImportPreview, preview_file
from leadtemp.importing.preview_rows import IMPORT, PreviewRows, RowStatus
from leadtemp.importing.read.errors import ImportCancelled
from leadtemp.service import LeadService
from tests.conftest import FakeClock

NAMES = ["Dana Lee", "Dana Lee", "Dana  Lee", "Sam Ortiz", "Zoë Müller", "", "X" * 201]
EMAILS = ["", "dana@example.com", "DANA@example.com", "sam@example.com", "not-an-address", "z@example.org"]
PHONES = ["", "+1 415 555 0100", "(415) 555-0100", "+49 30 1234567", "12"]
COMPANIES = ["", "Acme", "ACME Inc.", "Globex", "Initech"]

file_rows = st.lists(
    st.tuples(
        st.sampled_from(NAMES), st.sampled_from(EMAILS), st.sampled_from(PHONES), st.sampled_from(COMPANIES)
    ),
    max_size=12,
)


def _csv(rows: list[tuple[str, ...]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("name", "email", "phone", "company"))
    writer.writerows(rows)
    return out.getvalue()


def _book(folder: Path, name: str, people: list[tuple[str, str, str, str]]) -> LeadService:
    service = LeadService.open(folder / name, now=FakeClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC)))
    for person, email, phone, company in people:
        service.add_contact(person or "Someone", email=email, phone=phone, company=company)
    return service


def _stored(service: LeadService) -> list[tuple[Any, ...]]:
    return service.store.conn.execute(
        "SELECT id, name, email, phone, company, notes, source, batch_id, source_file "
        "FROM contacts ORDER BY id"
    ).fetchall()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=file_rows, book=file_rows.map(lambda rows: rows[:3]), data=st.data())
def test_columns_and_a_plain_list_preview_and_commit_alike(
    rows: list[tuple[str, str, str, str]], book: list[tuple[str, str, str, str]], data: st.DataObject
) -> None:
    # What the book may hold: a name within bounds, a usable address and number.
    valid_book = [
        person
        for person in book
        if len(person[0]) <= 200 and person[1] != "not-an-address" and person[2] != "12"
    ]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "leads.csv"
        path.write_text(_csv(rows), encoding="utf-8")
        lazy_book = _book(folder, "lazy.db", valid_book)
        listed_book = _book(folder, "listed.db", valid_book)
        try:
            preview = preview_file(lazy_book, path)
            lazy = preview.rows
            assert isinstance(lazy, PreviewRows)
            every = list(lazy)
            assert [row.index for row in every] == list(range(len(lazy)))
            assert every == [lazy[index] for index in range(len(lazy))]
            for index, row in enumerate(every):
                if index not in lazy.kept:
                    assert (row.status, row.default_action, row.warnings) == (RowStatus.NEW, IMPORT, ())
            decisions = {
                row.index: data.draw(st.sampled_from(row.actions))
                for row in every
                if data.draw(st.booleans(), label=f"decide row {row.index}")
            }
            listed = dataclasses.replace(preview, rows=every)
            assert preview.counts(decisions) == listed.counts(decisions)
            assert preview.invalid_rows == listed.invalid_rows
            one = commit_import(lazy_book, preview, decisions, source="referral")
            other = commit_import(listed_book, listed, decisions, source="referral")
            assert (one.counts, one.created, one.updated) == (other.counts, other.created, other.updated)
            # What the preview announced is what the commit did (nothing changed in between).
            assert one.counts == preview.counts(decisions)
            assert _stored(lazy_book) == _stored(listed_book)
        finally:
            lazy_book.close()
            listed_book.close()


def _preview(service: LeadService, folder: Path, text: str) -> ImportPreview:
    path = folder / "leads.csv"
    path.write_text(text, encoding="utf-8")
    return preview_file(service, path)


def test_rows_read_like_a_list(service: LeadService, tmp_path: Path) -> None:
    text = _csv(
        [
            ("Dana Lee", "dana@example.com", "", "Acme"),
            ("Sam Ortiz", "sam@example.com", "", "Globex"),
            ("Sam Ortiz", "SAM@example.com", "+1 415 555 0100", "Globex"),
            ("Ana Silva", "", "", "Initech"),
        ]
    )
    rows = _preview(service, tmp_path, text).rows
    assert isinstance(rows, PreviewRows)
    assert len(rows) == 4
    assert set(rows.kept) == {2}
    assert rows[-1] == rows[3]
    assert rows[3].fields == {
        "name": "Ana Silva",
        "email": "",
        "phone": "",
        "company": "Initech",
        "role": "",
        "industry": "",
        "notes": "",
        "linkedin": "",
    }
    assert (rows[3].row_number, rows[3].name) == (5, "Ana Silva")
    assert [row.name for row in rows[1:3]] == ["Sam Ortiz", "Sam Ortiz"]
    assert rows[2].describe() == "duplicate: same e-mail address as row 3 Sam Ortiz"
    with pytest.raises(IndexError):
        rows[4]
    with pytest.raises(IndexError):
        rows[-5]
    assert "4 rows" in repr(rows)


def test_a_later_row_merges_into_a_simply_new_one(service: LeadService, tmp_path: Path) -> None:
    people = [(f"Lead {n}", f"lead{n}@example.com", "", "Acme") for n in range(6)]
    people.append(("Lead 3", "lead3@example.com", "+1 415 555 0100", "Acme"))
    preview = _preview(service, tmp_path, _csv(people))
    assert isinstance(preview.rows, PreviewRows)
    assert set(preview.rows.kept) == {6}
    summary = commit_import(service, preview)
    assert summary.counts.as_dict() == {
        "new": 6,
        "updated": 0,
        "skipped": 1,
        "invalid": 0,
        "possible_duplicates": 0,
    }
    by_name = {contact.name: contact for contact in service.contacts()}
    assert by_name["Lead 3"].phone == "+1 415 555 0100"
    assert by_name["Lead 4"].phone == ""


def test_rows_out_of_file_order_keep_their_fields(service: LeadService, tmp_path: Path) -> None:
    text = "name,email,role\nDana Lee,dana@example.com,CTO\n,,Intern\nSam Ortiz,sam@example.com,\n"
    preview = _preview(service, tmp_path, text)
    rows = preview.rows
    assert [row.status for row in rows] == [RowStatus.NEW, RowStatus.INVALID, RowStatus.NEW]
    assert [row.fields.get("email") for row in rows] == ["dana@example.com", None, "sam@example.com"]
    summary = commit_import(service, preview)
    assert summary.counts.as_dict() == {
        "new": 2,
        "updated": 0,
        "skipped": 0,
        "invalid": 1,
        "possible_duplicates": 0,
    }


def test_a_row_merging_into_a_skipped_row_is_skipped_too(service: LeadService, tmp_path: Path) -> None:
    text = _csv(
        [
            ("Dana Lee", "dana@example.com", "", "Acme"),
            ("Sam Ortiz", "sam@example.com", "", "Globex"),
            ("Sam Ortiz", "sam@example.com", "+1 415 555 0100", "Globex"),
            ("Ana Silva", "ana@example.com", "", "Initech"),
        ]
    )
    preview = _preview(service, tmp_path, text)
    assert preview.rows[2].default_action == "update"
    summary = commit_import(service, preview, {1: "skip"})
    assert summary.counts.as_dict() == {
        "new": 2,
        "updated": 0,
        "skipped": 2,
        "invalid": 0,
        "possible_duplicates": 0,
    }
    assert sorted(contact.name for contact in service.contacts()) == ["Ana Silva", "Dana Lee"]


def test_rows_equal_the_same_rows_in_a_list(service: LeadService, tmp_path: Path) -> None:
    rows = _preview(service, tmp_path, _csv([("Dana Lee", "dana@example.com", "", "Acme")])).rows
    listed = list(rows)
    assert rows == listed
    assert rows == tuple(listed)
    assert rows != listed + listed
    assert rows != [dataclasses.replace(listed[0], name="Sam Ortiz")]
    assert rows != "Dana Lee"


def test_progress_is_reported_and_cancel_stops_the_preview(
    service: LeadService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(preview_module, "CHECK_EVERY", 2)
    people = [(f"Lead {n}", f"lead{n}@example.com", "", "Acme") for n in range(5)]
    path = tmp_path / "leads.csv"
    path.write_text(_csv(people), encoding="utf-8")
    heard: list[tuple[int, int]] = []
    preview = preview_file(service, path, progress=lambda done, total: heard.append((done, total)))
    assert len(preview.rows) == 5
    assert heard == [(0, 5), (2, 5), (4, 5), (5, 5)]
    asked: list[None] = []

    def cancel_on_second_look() -> bool:
        asked.append(None)
        return len(asked) >= 2

    with pytest.raises(ImportCancelled):
        preview_file(service, path, cancel=cancel_on_second_look)
    assert len(asked) == 2


def test_the_counts_announced_are_the_counts_committed(service: LeadService, tmp_path: Path) -> None:
    service.add_contact("Dana Lee", email="dana@example.com", company="Acme")
    text = _csv(
        [
            ("Dana Lee", "dana@example.com", "", "Acme"),
            ("Sam Ortiz", "sam@example.com", "", "Globex"),
            ("Ana Silva", "ana@example.com", "+1 415 555 0100", "Initech"),
            # Merged into row 3, which this file creates: not an update of a contact.
            ("Sam Ortiz", "sam@example.com", "+1 212 555 0199", "Globex"),
            # Both fill Dana's empty phone: only the first changes anything.
            ("Dana Lee", "DANA@example.com", "+1 415 555 0111", "Acme"),
            ("Dana Lee", "dana@example.com", "+1 415 555 0122", "Acme"),
        ]
    )
    preview = _preview(service, tmp_path, text)
    announced = preview.counts()
    assert announced.as_dict() == {
        "new": 2,
        "updated": 1,
        "skipped": 3,
        "invalid": 0,
        "possible_duplicates": 0,
    }
    assert commit_import(service, preview).counts == announced
