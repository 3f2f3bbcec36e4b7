"""Preview, commit and undo of imports: one transaction, recorded as a batch, no duplicates."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from leadtemp.errors import DatabaseError, ValidationError
from leadtemp.importing import commit as commit_module
from leadtemp.importing.commit import commit_import, contact_origin, import_batches, undo_import
from leadtemp.importing.preview import preview_file
from leadtemp.importing.preview_rows import IMPORT, REPLACE, SKIP, UPDATE, RowStatus
from leadtemp.importing.read import ImportFileError, sniff
from leadtemp.service import BoardReset, Change, LeadService
from tests.leadtemp.importing.sample_paths import SAMPLES

LEADS = """name,email,phone,company,role
Dana Lee,dana@example.com,+1 415 555 0100,Acme,CTO
Sam Ortiz,sam@example.com,,Globex,Buyer
Ana Silva,ana@example.com,,Initech,
"""


def _write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_text(text, encoding=encoding)
    return path


def _rows(service: LeadService, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    return service.store.conn.execute(sql, args).fetchall()


def _contacts(service: LeadService) -> list[tuple[Any, ...]]:
    return _rows(
        service, "SELECT name, email, phone, company, role, source, source_file FROM contacts ORDER BY id"
    )


def test_preview_marks_every_row_and_writes_nothing(service: LeadService, tmp_path: Path) -> None:
    service.add_contact("Dana Lee", email="DANA@example.com")
    text = (
        LEADS + "Sam Ortiz,SAM@EXAMPLE.COM,,Globex,\n" + ",,,,Intern\n" + ("X" * 201) + ",x@example.com,,,\n"
    )
    preview = preview_file(service, _write(tmp_path, "leads.csv", text))
    statuses = [(row.status, row.default_action) for row in preview.rows]
    assert statuses == [
        (RowStatus.DUPLICATE, UPDATE),
        (RowStatus.NEW, IMPORT),
        (RowStatus.NEW, IMPORT),
        (RowStatus.DUPLICATE, SKIP),
        (RowStatus.INVALID, SKIP),
        (RowStatus.INVALID, SKIP),
    ]
    dana = preview.rows[0]
    assert dana.duplicate_of is not None and dana.duplicate_of.contact_id == 1
    assert dana.describe() == "duplicate: same e-mail address as #1 Dana Lee"
    assert dana.changes() == {"phone": "+1 415 555 0100", "company": "Acme", "role": "CTO"}
    assert preview.rows[3].describe() == "duplicate: same e-mail address as row 3 Sam Ortiz"
    assert "no name, e-mail address or company" in preview.rows[4].reason
    assert preview.rows[5].reason == "name is longer than 200 characters"
    assert preview.counts().as_dict() == {
        "new": 2,
        "updated": 1,
        "skipped": 1,
        "invalid": 2,
        "possible_duplicates": 0,
    }
    assert len(_contacts(service)) == 1
    assert _rows(service, "SELECT count(*) FROM import_batches") == [(0,)]


def test_commit_creates_contacts_with_their_origin_and_resets_the_board(
    service: LeadService, tmp_path: Path
) -> None:
    events: list[Change | BoardReset] = []
    service.subscribe(events.append)
    preview = preview_file(service, _write(tmp_path, "leads.csv", LEADS))
    summary = commit_import(service, preview, source="trade show")
    assert summary.counts.as_dict() == {
        "new": 3,
        "updated": 0,
        "skipped": 0,
        "invalid": 0,
        "possible_duplicates": 0,
    }
    assert summary.batch_id == 1 and summary.created == (1, 2, 3)
    assert _contacts(service) == [
        ("Dana Lee", "dana@example.com", "+1 415 555 0100", "Acme", "CTO", "trade show", "leads.csv"),
        ("Sam Ortiz", "sam@example.com", "", "Globex", "Buyer", "trade show", "leads.csv"),
        ("Ana Silva", "ana@example.com", "", "Initech", "", "trade show", "leads.csv"),
    ]
    assert [type(event) for event in events] == [BoardReset]
    assert len(service.board().all_cards()) == 3
    (batch,) = import_batches(service)
    assert (batch.file_name, batch.format, batch.preset, batch.source) == (
        "leads.csv",
        "csv",
        "generic",
        "trade show",
    )
    assert batch.summary["new"] == 3 and batch.undone_at is None
    origin = contact_origin(service, 2)
    assert origin is not None and origin.id == 1 and origin.preset == "generic"
    assert contact_origin(service, service.add_contact("Typed In").contact_id) is None


def test_reimporting_the_same_file_creates_nothing(service: LeadService, tmp_path: Path) -> None:
    path = _write(tmp_path, "leads.csv", LEADS + "Dana Lee,,+1 (415) 555-0100,Acme,\n")
    first = commit_import(service, preview_file(service, path))
    assert first.counts.new == 3
    again = preview_file(service, path)
    assert {row.default_action for row in again.rows} == {SKIP}
    summary = commit_import(service, again)
    assert summary.batch_id is None
    assert summary.counts.as_dict() == {
        "new": 0,
        "updated": 0,
        "skipped": 4,
        "invalid": 0,
        "possible_duplicates": 0,
    }
    assert len(_contacts(service)) == 3
    assert len(import_batches(service)) == 1


def test_update_fills_only_empty_fields_and_records_previous_values(
    service: LeadService, tmp_path: Path
) -> None:
    service.add_contact("Dana Lee", email="dana@example.com", role="Founder")
    path = _write(tmp_path, "leads.csv", LEADS)
    summary = commit_import(service, preview_file(service, path), source="referral")
    assert summary.counts.as_dict() == {
        "new": 2,
        "updated": 1,
        "skipped": 0,
        "invalid": 0,
        "possible_duplicates": 0,
    }
    assert summary.updated == (1,)
    dana = service.contact(1)
    assert (dana.phone, dana.company, dana.role, dana.source) == (
        "+1 415 555 0100",
        "Acme",
        "Founder",
        "referral",
    )
    ((previous,),) = _rows(service, "SELECT previous FROM import_updates WHERE contact_id = 1")
    assert json.loads(previous) == {
        "before": {"phone": "", "company": "", "source": ""},
        "after": {"phone": "+1 415 555 0100", "company": "Acme", "source": "referral"},
    }


def test_decisions_replace_skip_and_import_anyway(service: LeadService, tmp_path: Path) -> None:
    service.add_contact("Dana Lee", email="dana@example.com", role="Founder")
    service.add_contact("Sam Ortiz", email="sam@example.com")
    preview = preview_file(service, _write(tmp_path, "leads.csv", LEADS))
    assert preview.rows[0].actions == (UPDATE, REPLACE, SKIP, IMPORT)
    summary = commit_import(service, preview, {0: REPLACE, 1: IMPORT, 2: SKIP})
    assert summary.counts.as_dict() == {
        "new": 1,
        "updated": 1,
        "skipped": 1,
        "invalid": 0,
        "possible_duplicates": 0,
    }
    assert service.contact(1).role == "CTO"
    assert [c.name for c in service.contacts()] == ["Dana Lee", "Sam Ortiz", "Sam Ortiz"]


def test_decisions_are_checked_before_anything_is_written(service: LeadService, tmp_path: Path) -> None:
    preview = preview_file(service, _write(tmp_path, "leads.csv", LEADS + ",,,,Intern\n"))
    with pytest.raises(ValidationError, match="cannot update a new row"):
        commit_import(service, preview, {0: UPDATE})
    with pytest.raises(ValidationError, match="cannot import a invalid row"):
        commit_import(service, preview, {3: IMPORT})
    with pytest.raises(ValidationError, match="no row 9"):
        commit_import(service, preview, {9: SKIP})
    with pytest.raises(ValidationError, match="lead source"):
        commit_import(service, preview, source="x" * 501)
    assert _contacts(service) == []


def test_duplicates_inside_one_file_merge_into_the_first_row(service: LeadService, tmp_path: Path) -> None:
    text = "name,email,phone,company\nDana Lee,dana@example.com,,Acme\nDana Lee,,+1 415 555 0100,Acme\n"
    preview = preview_file(service, _write(tmp_path, "twice.csv", text))
    assert preview.rows[1].describe() == "duplicate: same name and company as row 2 Dana Lee"
    summary = commit_import(service, preview)
    assert summary.counts.as_dict() == {
        "new": 1,
        "updated": 0,
        "skipped": 1,
        "invalid": 0,
        "possible_duplicates": 0,
    }
    (dana,) = service.contacts()
    assert (dana.email, dana.phone) == ("dana@example.com", "+1 415 555 0100")


def test_extra_and_unusable_addresses_are_kept_in_notes(service: LeadService, tmp_path: Path) -> None:
    text = "name,email,email 2,phone\nDana Lee,dana@localhost,dana@example.com,Tel work\n"
    preview = preview_file(service, _write(tmp_path, "odd.csv", text))
    (row,) = preview.rows
    assert row.status is RowStatus.NEW
    assert row.fields["email"] == "dana@example.com" and row.fields["phone"] == ""
    assert row.fields["notes"] == "E-mail: dana@localhost\nPhone: Tel work"
    assert row.warnings == (
        "'dana@localhost' is not a valid email address; kept in notes",
        "'Tel work' is not a phone number; kept in notes",
    )


def test_undo_removes_created_contacts_and_restores_updates(service: LeadService, tmp_path: Path) -> None:
    service.add_contact("Dana Lee", email="dana@example.com")
    summary = commit_import(service, preview_file(service, _write(tmp_path, "leads.csv", LEADS)))
    assert summary.batch_id is not None
    sam = summary.created[0]
    service.log_interaction(sam, "pricing_request", note="after the import")
    service.edit_contact(1, company="Acme Corporation")
    events: list[Change | BoardReset] = []
    service.subscribe(events.append)
    undone = undo_import(service, summary.batch_id)
    assert (undone.removed, undone.restored, undone.kept_edits) == (2, 1, 1)
    assert [type(event) for event in events] == [BoardReset]
    dana = service.contact(1)
    assert (dana.phone, dana.role, dana.company) == ("", "", "Acme Corporation")
    assert [c.id for c in service.contacts(include_archived=True)] == [1]
    assert _rows(service, "SELECT count(*) FROM interactions") == [(0,)]
    assert import_batches(service)[0].undone_at is not None
    with pytest.raises(ValidationError, match="already undone"):
        undo_import(service, summary.batch_id)


def test_undo_of_an_unknown_batch_is_refused(service: LeadService) -> None:
    with pytest.raises(LookupError, match="no import with id 7"):
        undo_import(service, 7)


def test_cancel_rolls_everything_back(
    service: LeadService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(commit_module, "CHUNK", 1)
    service.add_contact("Dana Lee", email="dana@example.com")
    preview = preview_file(service, _write(tmp_path, "leads.csv", LEADS))
    seen: list[tuple[int, int]] = []
    summary = commit_import(
        service,
        preview,
        progress=lambda done, total: seen.append((done, total)),
        cancel=lambda: len(seen) >= 2,
    )
    assert summary.cancelled and summary.batch_id is None
    assert seen == [(1, 3), (2, 3)]
    assert [c.name for c in service.contacts()] == ["Dana Lee"]
    assert service.contact(1).phone == ""
    assert _rows(service, "SELECT count(*) FROM import_batches") == [(0,)]


def test_progress_reaches_the_total(
    service: LeadService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(commit_module, "CHUNK", 2)
    seen: list[tuple[int, int]] = []
    preview = preview_file(service, _write(tmp_path, "leads.csv", LEADS))
    commit_import(service, preview, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (3, 3)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_a_failure_inside_the_transaction_leaves_nothing(
    service: LeadService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(commit_module.batches, "set_summary", broken)
    preview = preview_file(service, _write(tmp_path, "leads.csv", LEADS))
    with pytest.raises(RuntimeError):
        commit_import(service, preview)
    assert _contacts(service) == []
    assert _rows(service, "SELECT count(*) FROM import_batches") == [(0,)]
    assert _rows(service, "SELECT count(*) FROM score_state") == [(0,)]


def test_a_backup_is_made_first_and_no_backup_means_no_import(
    service: LeadService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reasons: list[str] = []
    monkeypatch.setattr(service, "backup_before", reasons.append, raising=False)
    preview = preview_file(service, _write(tmp_path, "leads.csv", LEADS))
    commit_import(service, preview)
    assert reasons == ["import of leads.csv"]

    def refuse(reason: str) -> None:
        raise DatabaseError(f"no backup before {reason}, so nothing was changed")

    monkeypatch.setattr(service, "backup_before", refuse, raising=False)
    other = preview_file(service, _write(tmp_path, "more.csv", "name,email\nNew Person,new@example.com\n"))
    with pytest.raises(DatabaseError):
        commit_import(service, other)
    assert len(service.contacts()) == 3


def test_phone_region_setting_is_used_for_matching(service: LeadService, tmp_path: Path) -> None:
    service.add_contact("Dana Lee", phone="+1 415 555 0100")
    with service.store.transaction():
        service.store.set_setting("phone_region", "us")
    preview = preview_file(service, _write(tmp_path, "p.csv", "name,phone\nDana Lee,(415) 555-0100\n"))
    assert preview.rows[0].describe() == "duplicate: same name and phone as #1 Dana Lee"


def test_vcard_with_a_broken_card_imports_the_good_ones(service: LeadService) -> None:
    preview = preview_file(service, SAMPLES / "broken_among_good.vcf")
    good = [row.name for row in preview.rows if row.status is RowStatus.NEW]
    assert good == ["Good Before", "Bad Photo", "Good After", "Unterminated Card"]
    assert [row.row_number for row in preview.invalid_rows] == [2]
    commit_import(service, preview)
    assert [c.name for c in service.contacts()] == good


def test_ragged_csv_rows_are_imported_or_reported(service: LeadService) -> None:
    preview = preview_file(service, SAMPLES / "ragged.csv")
    summary = commit_import(service, preview)
    assert summary.counts.as_dict() == {
        "new": 4,
        "updated": 0,
        "skipped": 0,
        "invalid": 1,
        "possible_duplicates": 0,
    }
    assert service.contacts()[2].notes == "Column 5: unexpected\nColumn 6: more"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "is a PNG image, not a contact list"),
        (b"", "is empty"),
        (b"   \n\n", "is empty"),
        (b"\x00\x01\x02\x03binary\x00" * 50, "binary data"),
    ],
)
def test_unreadable_files_are_refused_whole(
    service: LeadService, tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "contacts.csv"
    path.write_bytes(content)
    with pytest.raises(ImportFileError, match=message):
        preview_file(service, path)


def test_files_over_the_size_limit_are_refused(
    service: LeadService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sniff, "DEFAULT_LIMIT_BYTES", 100)
    path = _write(tmp_path, "big.csv", LEADS * 3)
    with pytest.raises(ImportFileError, match="too large to import"):
        preview_file(service, path)
