"""CSV export: spreadsheet-friendly, safe against formula injection, and importable again."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from leadtemp.csv_format import CSV_COLUMNS, neutralise, unneutralise
from leadtemp.exporting.csv_export import csv_bytes, export_csv
from leadtemp.importing.commit import commit_import
from leadtemp.importing.preview import preview_file
from leadtemp.importing.read import parse_file
from leadtemp.service import LeadService
from tests.conftest import FakeClock


def _read(path: Path) -> list[dict[str, str]]:
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("trigger", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_trigger_is_neutralised(trigger: str) -> None:
    value = f'{trigger}HYPERLINK("http://evil.example")'
    assert neutralise(value) == "'" + value
    assert unneutralise(neutralise(value)) == value
    assert neutralise("plain") == "plain"
    assert unneutralise("'quoted on purpose") == "'quoted on purpose"


@pytest.mark.parametrize("trigger", ["=", "+", "-", "@"])
def test_exported_cells_never_start_with_a_trigger(
    service: LeadService, tmp_path: Path, trigger: str
) -> None:
    risky = f"{trigger}cmd|' /C calc'!A0"
    service.add_contact(f"{trigger}SUM(A1:A9)", company=risky, role=risky, notes=risky, industry=risky)
    path = tmp_path / "leads.csv"
    export_csv(service, path)
    (row,) = _read(path)
    for column in ("Name", "Company", "Role", "Industry", "Notes"):
        assert row[column].startswith("'" + trigger)


def test_tab_and_carriage_return_cells_are_neutralised_in_the_file(
    service: LeadService, monkeypatch: pytest.MonkeyPatch
) -> None:
    service.add_contact("Dana Lee")
    real_contacts = service.contacts

    def with_raw_values(*, include_archived: bool = False) -> list:  # type: ignore[type-arg]
        from dataclasses import replace

        return [
            replace(c, role="\t=1+1", notes="\r=1+1")
            for c in real_contacts(include_archived=include_archived)
        ]

    monkeypatch.setattr(service, "contacts", with_raw_values)
    (row,) = list(csv.DictReader(io.StringIO(csv_bytes(service).decode("utf-8-sig"), newline="")))
    assert row["Role"] == "'\t=1+1"
    assert row["Notes"] == "'\r=1+1"


def test_layout_opens_cleanly_in_spreadsheets(service: LeadService, clock: FakeClock, tmp_path: Path) -> None:
    dana = service.add_contact(
        "Dana Lee", email="dana@example.com", company="Acme, Inc.", notes="line one\nline two"
    )
    service.log_interaction(dana.contact_id, "pricing_request")
    service.add_contact("Zoë Müller", phone="+49 30 1234567")
    service.archive_contact(service.add_contact("Old Lead").contact_id)
    path = tmp_path / "leads.csv"
    assert export_csv(service, path) == 3
    data = path.read_bytes()
    assert data.startswith(b'\xef\xbb\xbf"ID","Name"')
    assert data.count(b"\r\n") == 4 and b"\n" not in data.replace(b"\r\n", b"").replace(
        b"line one\nline", b""
    )
    rows = _read(path)
    assert list(rows[0]) == list(CSV_COLUMNS)
    dana_row = rows[0]
    assert dana_row["Company"] == "Acme, Inc." and dana_row["Notes"] == "line one\nline two"
    card = service.card(dana.contact_id)
    assert dana_row["Score"] == str(card.score)
    assert dana_row["Temperature"] == card.temperature.value
    assert dana_row["Computed temperature"] == card.computed_temperature.value
    assert dana_row["Last touch"] == "2026-03-02T09:00:00Z"
    assert rows[1]["Name"] == "Zoë Müller" and rows[1]["Phone"] == "'+49 30 1234567"
    assert rows[2]["Archived"] == "yes" and rows[2]["Last touch"] == ""


def test_export_imports_again_field_for_field(service: LeadService, tmp_path: Path) -> None:
    service.add_contact(
        "Dana Lee",
        email="dana@example.com",
        phone="+1 415 555 0100",
        company="=Acme",
        role="-Head of Sales",
        industry="Retail",
        notes="@mention\nsecond line",
    )
    service.add_contact("Sam Ortiz", email="sam@example.com")
    path = tmp_path / "leads.csv"
    export_csv(service, path)

    fresh = LeadService.open(tmp_path / "fresh.db")
    try:
        preview = preview_file(fresh, path)
        assert preview.preset == "leadtemp"
        commit_import(fresh, preview)
        fields = ("name", "email", "phone", "company", "role", "industry", "notes")
        before = [tuple(getattr(c, f) for f in fields) for c in service.contacts()]
        after = [tuple(getattr(c, f) for f in fields) for c in fresh.contacts()]
        assert after == before
    finally:
        fresh.close()

    again = commit_import(service, preview_file(service, path))
    assert again.counts.new == 0 and len(service.contacts()) == 2


def test_a_chosen_mapping_or_preset_still_takes_the_quotes_away(service: LeadService, tmp_path: Path) -> None:
    service.add_contact("Dana Lee", email="dana@example.com", company="=Acme", notes="+1 more")
    path = tmp_path / "leads.csv"
    export_csv(service, path)
    mapping = {"Name": "name", "Email": "email", "Company": "company", "Notes": "notes"}
    mapped = parse_file(path, mapping=mapping, unknown_to_notes=False)
    (draft,) = mapped.drafts
    assert (draft.company, draft.notes) == ("=Acme", "+1 more")
    (generic,) = parse_file(path, preset="generic").drafts
    assert generic.company == "=Acme"
