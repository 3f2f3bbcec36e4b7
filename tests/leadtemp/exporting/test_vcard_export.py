"""vCard 4.0 export: escaped, folded at 75 octets, and read back identically by the importer."""

from __future__ import annotations

from pathlib import Path

import pytest
import vobject  # type: ignore[import-untyped]

from leadtemp.errors import ValidationError
from leadtemp.exporting.vcard_export import escape_text, export_vcard, fold, vcard
from leadtemp.importing.commit import commit_import
from leadtemp.importing.preview import preview_file
from leadtemp.model import Contact
from leadtemp.service import LeadService

FIELDS = ("name", "email", "linkedin", "phone", "company", "role", "notes")


def test_escaping_follows_rfc_6350() -> None:
    assert escape_text("a\\b,c;d\ne\r\nf") == "a\\\\b\\,c\\;d\\ne\\nf"


def test_folding_keeps_lines_within_75_octets_and_characters_whole() -> None:
    line = "NOTE:" + "é" * 100 + "x" * 40
    folded = fold(line)
    pieces = folded.split("\r\n")
    assert all(len(piece.encode("utf-8")) <= 75 for piece in pieces)
    assert all(piece.startswith(" ") for piece in pieces[1:])
    assert "".join(piece[1:] if i else piece for i, piece in enumerate(pieces)) == line
    assert fold("FN:short") == "FN:short"


def test_card_layout() -> None:
    text = vcard(
        Contact(1, "Dana Lee", email="dana@example.com", phone="+1 415", company="Acme; Co", role="CTO")
    )
    assert text == (
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Dana Lee\r\nN:Lee;Dana;;;\r\nEMAIL:dana@example.com\r\n"
        "TEL;VALUE=text:+1 415\r\nORG:Acme\\; Co\r\nTITLE:CTO\r\nEND:VCARD\r\n"
    )


def test_vobject_reads_every_card(service: LeadService, tmp_path: Path) -> None:
    service.add_contact("Dana Lee", email="dana@example.com", notes="a, b; c\\d\n" * 20)
    service.add_contact("Zoë Müller")
    path = tmp_path / "out.vcf"
    assert export_vcard(service, path) == 2
    cards = list(vobject.readComponents(path.read_text(encoding="utf-8")))
    assert [card.fn.value for card in cards] == ["Dana Lee", "Zoë Müller"]
    assert cards[0].note.value == ("a, b; c\\d\n" * 20).strip()


def test_round_trip_through_the_importer(service: LeadService, tmp_path: Path) -> None:
    long_note = "Met at the fair; wants a quote, soon.\nBackslash \\ and “quotes” " + "ünïcödé " * 30
    service.add_contact(
        "Zoë Müller-Lüdenscheidt",
        email="zoe@example.de",
        phone="+49 30 1234567",
        company="Navy Systems, Inc.; Berlin",
        role="Head of Procurement, EMEA",
        notes=long_note.strip(),
        linkedin="https://de.linkedin.com/in/zoe-mueller/",
    )
    service.add_contact("Sam Ortiz", email="sam@example.com")
    service.archive_contact(service.add_contact("Old Lead").contact_id)
    path = tmp_path / "out.vcf"
    assert export_vcard(service, path) == 2
    assert all(len(line) <= 75 for line in path.read_bytes().split(b"\r\n"))

    fresh = LeadService.open(tmp_path / "fresh.db")
    try:
        commit_import(fresh, preview_file(fresh, path))
        before = [tuple(getattr(c, f) for f in FIELDS) for c in service.contacts()]
        assert [tuple(getattr(c, f) for f in FIELDS) for c in fresh.contacts()] == before
    finally:
        fresh.close()
    assert commit_import(service, preview_file(service, path)).counts.new == 0


def test_selected_contacts_only(service: LeadService, tmp_path: Path) -> None:
    for name in ("One", "Two", "Three"):
        service.add_contact(name)
    path = tmp_path / "some.vcf"
    assert export_vcard(service, path, [3, 1, 3]) == 2
    assert path.read_text(encoding="utf-8").count("BEGIN:VCARD") == 2
    with pytest.raises(ValidationError):
        export_vcard(service, path, [])
    with pytest.raises(LookupError):
        export_vcard(service, path, [99])
