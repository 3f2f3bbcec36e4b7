"""Every real-world export in samples/real-world parses to what a person sees in the file.

The files are copies of /work/shared/fixtures/real-world (see SOURCES.md next to them).
"""

from __future__ import annotations

import pytest

from leadtemp.importing.read import ContactDraft, parse_file
from tests.leadtemp.importing.sample_paths import REAL_WORLD


def _parse(name: str) -> list[ContactDraft]:
    result = parse_file(REAL_WORLD / name)
    assert result.problems == []
    return result.drafts


def test_every_real_world_file_is_covered() -> None:
    files = {p.name for p in REAL_WORLD.iterdir() if p.suffix in (".vcf", ".csv")}
    assert files == set(EXPECTED_COUNTS)


EXPECTED_COUNTS = {
    "cardme-android-2.1-qp.vcf": 6,
    "cardme-macos-addressbook-2.1.vcf": 1,
    "cardme-macos-addressbook-3.0-photo.vcf": 1,
    "ezvcard-evolution-3.0.vcf": 1,
    "ezvcard-google-contacts-3.0-list.vcf": 3,
    "ezvcard-google-contacts-3.0.vcf": 1,
    "folkerkinzel-thunderbird-cardbook-3.0-photo.vcf": 1,
    "folkerkinzel-thunderbird-cardbook-4.0.vcf": 2,
    "folkerkinzel-windows-contacts-2.1-qp-utf8.vcf": 1,
    "ical4j-outlook2003-2.1.vcf": 1,
    "thunderbird-export-2.1.vcf": 2,
    "thunderbird-export-4.0.vcf": 2,
    "thunderbird-export.csv": 2,
}


@pytest.mark.parametrize(("name", "count"), sorted(EXPECTED_COUNTS.items()))
def test_contact_count(name: str, count: int) -> None:
    drafts = _parse(name)
    assert len(drafts) == count
    assert all(d.name for d in drafts)
    assert [d.row_number for d in drafts] == sorted(d.row_number for d in drafts)


def test_android_qp_cards() -> None:
    drafts = _parse("cardme-android-2.1-qp.vcf")
    # Cards with only an e-mail are named by it.
    assert [d.name for d in drafts[:2]] == ["john.doe@comapny.com", "jane.doe@company.com"]
    assert drafts[0].emails == ["john.doe@comapny.com"]
    assert drafts[2].name == "Ñ Ñ Ñ Ñ Ñ"
    assert drafts[2].phones == ["123456789"]
    # Unindented soft break inside FN.
    assert drafts[3].name == " ".join(["Ñ"] * 11)
    assert drafts[3].phones == ["123456", "234567", "3456789", "45678901"]
    assert drafts[3].notes.count("\n") == 1
    bob = drafts[4]
    assert bob.name == "Ñ Ñ Ñ Ñ"
    assert bob.emails == ["bob@company.com"]  # the QP "ÑÑÑ…" EMAIL is not an address
    assert bob.extra["email"] == "Ñ" * 14
    assert bob.company == "Ñ" * 12
    assert bob.extra["url"] == "www.comapny.com"
    henry = drafts[5]
    assert henry.name == "ÑÑÑÑ"
    assert henry.emails == ["henry@company.com"]
    assert henry.phones == ["55556666"]
    assert henry.company == "Ñ" * 44  # soft break followed by an empty line


def test_macos_addressbook_21() -> None:
    (martin,) = _parse("cardme-macos-addressbook-2.1.vcf")
    assert martin.name == "Martin Smith"
    assert martin.emails == ["martin.smith@rocket-partner.com"]
    assert martin.company == "Rocket & Partner"
    assert martin.role == ""


def test_macos_addressbook_30_with_photo() -> None:
    (john,) = _parse("cardme-macos-addressbook-3.0-photo.vcf")
    assert john.name == "John Doe"  # FN wins over the disagreeing N (Jost;John)
    assert john.emails == ["John.Doe@rocket-partner.com"]
    assert john.company == "Rocket & Partner Inc"
    assert john.extra["department"] == "OU Doe"
    assert john.role == "OUL"
    assert john.phones[:2] == ["224 973-1501(204)", "221 973 -1275(224)"]
    assert len(john.phones) == 4
    assert john.notes == "extension:704\n\nRank:K3"


def test_evolution_30_folds_inside_values() -> None:
    (john,) = _parse("ezvcard-evolution-3.0.vcf")
    assert john.name == "Mr. John Richter, James Doe Sr."
    assert john.emails == ["john.doe@ibm.com"]
    assert john.phones == ["905-666-1234", "905-555-1234"]
    assert john.company == "IBM"
    assert john.extra["department"] == "Accounting / Dungeon"
    assert john.role == "Money Counter"
    assert john.notes.startswith(
        'THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS"'
    )
    assert "NOT LIMITED TO, THE IMPLIED" in john.notes


def test_google_contacts_list() -> None:
    drafts = _parse("ezvcard-google-contacts-3.0-list.vcf")
    assert [(d.name, d.email) for d in drafts] == [
        ("Arnold Smith", "asmithk@gmail.com"),
        ("Chris Beatle", "chrisy55d@yahoo.com"),
        ("Doug White", "dwhite@gmail.com"),
    ]


def test_google_contacts_single() -> None:
    (card,) = _parse("ezvcard-google-contacts-3.0.vcf")
    assert card.name == "VCard Test"
    assert card.emails == [
        "email@example.com",
        "homeemail@example.com",
        "workemail@example.com",
        "otheremail@example.com",
        "customcategory@example.com",
    ]
    assert len(card.phones) == 11
    assert card.phone == "5555551111"
    assert card.company == "TheCompany"
    assert card.role == "TheJobTitle"
    assert card.notes == "note line 1\nnote line 2\nCustomField: field value"


def test_cardbook_30_photo() -> None:
    (emma,) = _parse("folkerkinzel-thunderbird-cardbook-3.0-photo.vcf")
    assert emma.name == "Emma Musterfrau"
    assert emma.emails == ["emma.musterfrau@googlemail.com"]
    assert emma.phones == ["03456-78910", "03456-10987", "0160-45678910"]
    assert emma.company == ""


def test_cardbook_40() -> None:
    marina, max_ = _parse("folkerkinzel-thunderbird-cardbook-4.0.vcf")
    assert marina.name == "Möhrke Marina"
    assert marina.emails == ["info@kinderland-hhm.de"]
    assert marina.company == "KiTa Hohenmölsen"
    assert max_.name == "Dr. Max Horst Mustermann jr. Maxl SED"
    assert max_.emails == [
        "privat@freenet.de",
        "geschaeftlich@freenet.de",
        "sonstige@freenet.de",
        "nichts@freenet.de",
    ]
    assert max_.company == "SED"
    assert max_.role == "Gröfaz"
    assert max_.extra["role"] == "Generalsekretär"
    assert max_.notes == "Kommentar"
    assert "Fax geschäftlich" in max_.phones


def test_windows_contacts_21_qp() -> None:
    (max_,) = _parse("folkerkinzel-windows-contacts-2.1-qp-utf8.vcf")
    # FN is only the nickname here, so the name comes from N.
    assert max_.name == "Max Mustermann"
    assert max_.extra["nickname"] == "Maxl"
    assert max_.emails == [
        "privat@folker-kinzel.de",
        "business@folker-kinzel.de",
        "andere@folker-kinzel.de",
    ]
    assert max_.company == "Firma"
    assert max_.extra["department"] == "Führungsetage"
    assert max_.role == "Position"
    assert max_.phones[0] == "Tel geschäftlich"
    # Soft breaks fall inside multi-byte sequences (=C3=\n=A4).
    first_line = "Kommentar ÄÄÄÄÄÄ ääääää ÖÖÖÖÖÖ öööööö ÜÜÜÜÜÜ üüüüüü ßßßßßß"
    assert max_.notes == "\n".join([first_line] * 6)


def test_outlook_2003_21() -> None:
    (antoni,) = _parse("ical4j-outlook2003-2.1.vcf")
    assert antoni.name == "Antoni Jozef Mylka jun."
    assert antoni.emails == ["antoni_mylka@somedomain.com"]
    assert antoni.company == "DFKI"
    assert antoni.extra["department"] == "Knowledge-Management"
    assert antoni.role == "Intern"
    assert antoni.extra["role"] == "Software-Developer"
    assert antoni.notes == "These are some notes about antoni."
    assert antoni.phones == ["49 631 234 341", "48 691 342 341", "48 91 3 175 234"]


@pytest.mark.parametrize("name", ["thunderbird-export-2.1.vcf", "thunderbird-export-4.0.vcf"])
def test_thunderbird_vcards(name: str) -> None:
    one, two = _parse(name)
    assert (one.name, one.emails) == ("contact number one", ["contact1@invalid"])
    assert (two.name, two.emails) == ("contact number two", ["contact2@invalid"])
    assert two.role == '"worker"'
    assert two.notes == "here's some unicode text…"


def test_thunderbird_csv() -> None:
    result = parse_file(REAL_WORLD / "thunderbird-export.csv")
    assert result.format == "csv"
    assert result.preset == "thunderbird"
    assert result.encoding == "utf-8"
    one, two = result.drafts
    assert (one.name, one.emails, one.row_number) == ("contact number one", ["contact1@invalid"], 2)
    assert (two.name, two.emails, two.row_number) == ("contact number two", ["contact2@invalid"], 3)
    assert two.role == '"worker"'
    assert two.extra["Custom 1"] == "custom, 1"
    assert two.extra["Custom 2"] == "custom\t2"
    assert two.extra["Custom 3"] == "custom\r3"
    assert two.extra["Custom 4"] == "custom\n4"
    assert two.notes.startswith("here's some unicode text…\n")
