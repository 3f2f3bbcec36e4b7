"""Every real-world export (copies in samples/real-world) goes through the whole importer: the
contacts a person expects come out, and importing the same file again creates nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from leadtemp.importing.commit import commit_import
from leadtemp.importing.preview import preview_file
from leadtemp.importing.preview_rows import RowStatus
from leadtemp.service import LeadService
from tests.leadtemp.importing.sample_paths import REAL_WORLD

N = "Ñ"
THUNDERBIRD = [
    ("contact number one", "", "", ""),
    ("contact number two", "", "", '"worker"'),
]

#: (name, email, company, role) of every contact each file should produce, in file order.
EXPECTED: dict[str, list[tuple[str, str, str, str]]] = {
    "cardme-android-2.1-qp.vcf": [
        ("john.doe@comapny.com", "john.doe@comapny.com", "", ""),
        ("jane.doe@company.com", "jane.doe@company.com", "", ""),
        (" ".join([N] * 5), "", "", ""),
        (" ".join([N] * 11), "", "", ""),
        (" ".join([N] * 4), "bob@company.com", N * 12, ""),
        (N * 4, "henry@company.com", N * 44, ""),
    ],
    "cardme-macos-addressbook-2.1.vcf": [
        ("Martin Smith", "martin.smith@rocket-partner.com", "Rocket & Partner", ""),
    ],
    "cardme-macos-addressbook-3.0-photo.vcf": [
        ("John Doe", "John.Doe@rocket-partner.com", "Rocket & Partner Inc", "OUL"),
    ],
    "ezvcard-evolution-3.0.vcf": [
        ("Mr. John Richter, James Doe Sr.", "john.doe@ibm.com", "IBM", "Money Counter"),
    ],
    "ezvcard-google-contacts-3.0-list.vcf": [
        ("Arnold Smith", "asmithk@gmail.com", "", ""),
        ("Chris Beatle", "chrisy55d@yahoo.com", "", ""),
        ("Doug White", "dwhite@gmail.com", "", ""),
    ],
    "ezvcard-google-contacts-3.0.vcf": [
        ("VCard Test", "email@example.com", "TheCompany", "TheJobTitle"),
    ],
    "folkerkinzel-thunderbird-cardbook-3.0-photo.vcf": [
        ("Emma Musterfrau", "emma.musterfrau@googlemail.com", "", ""),
    ],
    "folkerkinzel-thunderbird-cardbook-4.0.vcf": [
        ("Möhrke Marina", "info@kinderland-hhm.de", "KiTa Hohenmölsen", ""),
        ("Dr. Max Horst Mustermann jr. Maxl SED", "privat@freenet.de", "SED", "Gröfaz"),
    ],
    "folkerkinzel-windows-contacts-2.1-qp-utf8.vcf": [
        ("Max Mustermann", "privat@folker-kinzel.de", "Firma", "Position"),
    ],
    "ical4j-outlook2003-2.1.vcf": [
        ("Antoni Jozef Mylka jun.", "antoni_mylka@somedomain.com", "DFKI", "Intern"),
    ],
    # contactN@invalid has no top-level domain, which LeadTemp's validation refuses: the
    # address is kept in the notes (see test_unusable_addresses_stay_in_notes).
    "thunderbird-export-2.1.vcf": THUNDERBIRD,
    "thunderbird-export-4.0.vcf": THUNDERBIRD,
    "thunderbird-export.csv": THUNDERBIRD,
}


def test_every_fixture_is_covered() -> None:
    files = {p.name for p in REAL_WORLD.iterdir() if p.suffix in (".vcf", ".csv")}
    assert files == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_imports_what_a_person_expects_and_reimports_nothing(service: LeadService, name: str) -> None:
    path = REAL_WORLD / name
    preview = preview_file(service, path)
    assert preview.invalid_rows == []
    summary = commit_import(service, preview, source="directory")
    assert summary.counts.new == len(EXPECTED[name])
    contacts = service.contacts()
    assert [(c.name, c.email, c.company, c.role) for c in contacts] == EXPECTED[name]
    assert {c.source for c in contacts} == {"directory"}
    files = service.store.conn.execute("SELECT DISTINCT source_file FROM contacts").fetchall()
    assert files == [(name,)]

    again = preview_file(service, path)
    assert all(row.status is RowStatus.DUPLICATE for row in again.rows)
    second = commit_import(service, again)
    assert second.batch_id is None
    assert second.counts.as_dict() == {
        "new": 0,
        "updated": 0,
        "skipped": len(EXPECTED[name]),
        "invalid": 0,
        "possible_duplicates": 0,
    }
    assert len(service.contacts()) == len(EXPECTED[name])


def test_unusable_addresses_stay_in_notes(service: LeadService) -> None:
    commit_import(service, preview_file(service, REAL_WORLD / "thunderbird-export-4.0.vcf"))
    one, two = service.contacts()
    assert one.notes == "E-mail: contact1@invalid"
    assert two.notes == "here's some unicode text…\nE-mail: contact2@invalid"


def test_word_phone_labels_go_to_notes_and_real_numbers_stay(service: LeadService) -> None:
    commit_import(
        service, preview_file(service, REAL_WORLD / "folkerkinzel-windows-contacts-2.1-qp-utf8.vcf")
    )
    (max_,) = service.contacts()
    assert max_.phone == "0123/579"
    assert "Phone: Tel geschäftlich" in max_.notes
    assert max_.notes.startswith("Kommentar ÄÄÄÄÄÄ")


def test_the_whole_folder_into_one_book_has_no_cross_file_duplicates(
    service: LeadService, tmp_path: Path
) -> None:
    total = 0
    for name in sorted(EXPECTED):
        total += commit_import(service, preview_file(service, REAL_WORLD / name)).counts.new
    # The three Thunderbird files hold the same two people.
    assert total == sum(len(rows) for rows in EXPECTED.values()) - 2 * len(THUNDERBIRD)
    assert len(service.contacts()) == total
