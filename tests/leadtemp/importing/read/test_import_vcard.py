"""vCard parsing: broken cards, vCard 4.0, 2.1 quoted-printable, photos."""

from __future__ import annotations

from pathlib import Path

import pytest

from leadtemp.importing.read import ImportCancelled, ImportFileError, parse_file, parse_vcard
from tests.leadtemp.importing.sample_paths import SAMPLES


def test_broken_card_among_good_ones() -> None:
    result = parse_vcard(SAMPLES / "broken_among_good.vcf")
    assert result.format == "vcard"
    assert [(d.row_number, d.name, d.email) for d in result.drafts] == [
        (1, "Good Before", "before@example.com"),
        (3, "Bad Photo", "badphoto@example.com"),  # vobject rejects the photo; fallback reads it
        (4, "Good After", "after@example.com"),  # name built from N
        (5, "Unterminated Card", "cut@example.com"),
    ]
    assert result.drafts[2].company == "After Corp, Ltd"
    assert [p.row_number for p in result.problems] == [2]


def test_vcard_40() -> None:
    soren, data_uri = parse_file(SAMPLES / "vcard40.vcf").drafts
    assert soren.name == "Dr. Søren Kierkegaard"
    assert soren.emails == ["soren@example.dk", "soren.home@example.dk"]
    assert soren.phones == ["+45-20-12-34-56", "+45-33-00-00-00;ext=12"]
    assert (soren.company, soren.role) == ("Copenhagen Philosophy ApS", "Philosopher")
    assert soren.notes == "Met at the conference, keen on our tool.\nFollow up in May."
    assert (data_uri.name, data_uri.email) == ("Data URI Photo", "datauri@example.com")


def test_qp_21_with_soft_breaks_and_charsets() -> None:
    jorg, rene = parse_vcard(SAMPLES / "qp21_soft_breaks.vcf").drafts
    assert jorg.name == "Jörg Müller-Lüdenscheidt"
    assert jorg.company == "Große Geschäfte GmbH & Co. KG"
    assert jorg.extra["department"] == "Vertrieb"
    assert jorg.role == "Geschäftsführer"  # soft break inside the word
    assert jorg.emails == ["joerg@example.de", "j.mueller@example.de"]
    assert jorg.phones == ["+49 (30) 123-456"]
    assert jorg.notes == "Erste Zeile\nZweite Zeile mit ä und = Zeichen"
    # ISO-8859-1 QP, no FN: name is given + family from N.
    assert (rene.name, rene.email) == ("René François", "rene@example.fr")


def test_name_falls_back_to_org_then_email() -> None:
    data = (
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nORG:Only Org GmbH\r\nTEL:123\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nEMAIL:only@example.com\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nTEL:555\r\nEND:VCARD\r\n"
    )
    result = parse_vcard(data)
    assert [d.name for d in result.drafts] == ["Only Org GmbH", "only@example.com"]
    assert [p.row_number for p in result.problems] == [3]


def test_a_linkedin_profile_url_is_the_contacts_linkedin_profile() -> None:
    data = (
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Li Wei\r\nNOTE:met in Shenzhen\r\n"
        b"URL:https://example.com/li\r\nURL:http://cn.linkedin.com/in/Li-Wei-3a9b1c/\r\n"
        b"URL:https://www.linkedin.com/in/li-wei-3a9b1c\r\nURL:https://linkedin.com/in/second\r\nEND:VCARD\r\n"
    )
    (draft,) = parse_vcard(data).drafts
    assert draft.linkedin == "https://www.linkedin.com/in/li-wei-3a9b1c"
    assert draft.notes == "met in Shenzhen\nLinkedIn: https://www.linkedin.com/in/second"
    assert draft.extra["url"] == "https://example.com/li"


def test_lower_case_and_utf16_vcard() -> None:
    text = "begin:vcard\r\nfn:Ünal Öztürk\r\nemail:unal@example.com\r\nversion:3.0\r\nend:vcard\r\n"
    (draft,) = parse_vcard(b"\xff\xfe" + text.encode("utf-16-le")).drafts
    assert (draft.name, draft.email) == ("Ünal Öztürk", "unal@example.com")


def test_no_begin_vcard() -> None:
    with pytest.raises(ImportFileError, match="no BEGIN:VCARD"):
        parse_file(SAMPLES / "not_a_vcard.vcf")


def test_huge_inline_photo_is_skipped_quickly() -> None:
    photo = "\r\n ".join(["QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB"] * 20000)
    text = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Big Photo\r\n"
        f"PHOTO;ENCODING=BASE64;JPEG:{photo}\r\n\r\nEND:VCARD\r\n"
    )
    (draft,) = parse_vcard(text.encode()).drafts
    assert draft.name == "Big Photo"


def test_nested_component_inside_card() -> None:
    data = (
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Nested\r\nBEGIN:EMAIL\r\nEND:EMAIL\r\n"
        b"EMAIL:n@example.com\r\nEND:VCARD\r\n"
    )
    (draft,) = parse_vcard(data).drafts
    assert (draft.name, draft.email) == ("Nested", "n@example.com")


def test_qp_without_charset_falls_back_to_cp1252() -> None:
    data = b"BEGIN:VCARD\nVERSION:2.1\nFN;ENCODING=QUOTED-PRINTABLE:Andr=E9 Gr=FCn\nEND:VCARD\n"
    (draft,) = parse_vcard(data).drafts
    assert draft.name == "André Grün"


@pytest.mark.parametrize("charset", ["base64", "rot13", "zlib", "no-such-charset", "utf-16"])
def test_strange_qp_charsets(charset: str) -> None:
    data = (
        f"BEGIN:VCARD\nFN;CHARSET={charset};ENCODING=QUOTED-PRINTABLE:Caf=C3=A9\n"
        "EMAIL:c@example.com\nEND:VCARD\n"
    )
    (draft,) = parse_vcard(data.encode()).drafts
    assert draft.email == "c@example.com"
    assert draft.name


def test_a_long_read_stops_when_cancelled(tmp_path: Path) -> None:
    cards = "".join(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Lead {n}\r\nEMAIL:lead{n}@example.com\r\nEND:VCARD\r\n"
        for n in range(600)
    )
    path = tmp_path / "book.vcf"
    path.write_text(cards, encoding="utf-8")
    asked: list[None] = []

    def cancel() -> bool:
        asked.append(None)
        return len(asked) == 2

    with pytest.raises(ImportCancelled, match=r"reading book\.vcf was cancelled"):
        parse_file(path, cancel=cancel)
    assert len(asked) == 2
    assert parse_file(path, cancel=lambda: False).count == 600
