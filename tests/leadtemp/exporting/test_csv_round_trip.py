"""LeadTemp's own CSV export imports back with every contact column it writes."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from leadtemp.cli import main
from leadtemp.exporting import export_csv
from leadtemp.service import LeadService

#: The export's columns that hold the contact itself (the rest come from its log or the file).
CONTACT_COLUMNS = (
    "Name", "Email", "LinkedIn", "Phone", "Company", "Role", "Industry", "Company size", "Fit", "Source",
    "Notes", "Outcome", "Archived",
)  # fmt: skip


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [{column: row[column] for column in CONTACT_COLUMNS} for row in csv.DictReader(handle)]


@pytest.fixture
def exported(tmp_path: Path) -> Path:
    service = LeadService.open(tmp_path / "old.db")
    try:
        service.add_contact(
            "Dana Lee",
            email="dana@example.com",
            linkedin="linkedin.com/in/Dana-Lee",
            phone="+44 20 7946 0000",
            company="Acme",
            role="CTO",
            industry="Retail",
            company_size=40,
            fit=8,
            source="referral",
            notes="=SUM(A1) is not a formula",
        )
        won = service.add_contact("Sam Ortiz", email="sam@example.com", fit=0, company_size=0).contact_id
        service.set_outcome(won, "won")
        lost = service.add_contact("Lia Chen", company="Globex", source="trade show").contact_id
        service.set_outcome(lost, "lost")
        gone = service.add_contact("Old Lead", email="old@example.com").contact_id
        service.archive_contact(gone)
        service.add_contact("Plain Person", email="plain@example.com")
        export_csv(service, tmp_path / "leads.csv")
    finally:
        service.close()
    return tmp_path / "leads.csv"


def test_every_contact_column_comes_back(exported: Path, tmp_path: Path) -> None:
    book = tmp_path / "new.db"
    assert main(["--db", str(book), "import", str(exported)]) == 0
    service = LeadService.open(book)
    try:
        export_csv(service, tmp_path / "again.csv")
    finally:
        service.close()
    assert rows(tmp_path / "again.csv") == rows(exported)
    assert [row["Outcome"] for row in rows(exported)] == ["open", "won", "lost", "open", "open"]


def test_the_files_source_wins_and_the_batch_source_fills_the_rest(exported: Path, tmp_path: Path) -> None:
    book = tmp_path / "new.db"
    assert main(["--db", str(book), "import", str(exported), "--source", "partner"]) == 0
    service = LeadService.open(book)
    try:
        sources = {c.name: c.source for c in service.contacts(include_archived=True)}
    finally:
        service.close()
    assert sources == {
        "Dana Lee": "referral",
        "Sam Ortiz": "partner",
        "Lia Chen": "trade show",
        "Old Lead": "partner",
        "Plain Person": "partner",
    }


def test_cells_leadtemp_never_writes_are_left_as_the_import_set_them(tmp_path: Path, exported: Path) -> None:
    text = exported.read_text(encoding="utf-8-sig").replace('"8"', '"eleven"').replace('"40"', '"-3"')
    odd = tmp_path / "odd.csv"
    odd.write_text(text, encoding="utf-8-sig", newline="")
    book = tmp_path / "new.db"
    assert main(["--db", str(book), "import", str(odd)]) == 0
    service = LeadService.open(book)
    try:
        dana = service.contacts()[0]
    finally:
        service.close()
    assert (dana.name, dana.fit, dana.company_size, dana.source) == ("Dana Lee", None, None, "referral")


def test_restored_outcomes_join_the_outcome_history(exported: Path, tmp_path: Path) -> None:
    book = tmp_path / "new.db"
    assert main(["--db", str(book), "import", str(exported)]) == 0
    service = LeadService.open(book)
    try:
        closed = {contact.name: at for contact, at in service.store.closed_contacts()}
    finally:
        service.close()
    assert set(closed) == {"Sam Ortiz", "Lia Chen", "Old Lead"}
    assert closed["Sam Ortiz"] is not None and closed["Lia Chen"] is not None
    assert closed["Old Lead"] is None


def test_an_export_from_before_the_linkedin_column_is_still_read_as_leadtemps_own(
    exported: Path, tmp_path: Path
) -> None:
    with exported.open(encoding="utf-8-sig", newline="") as handle:
        table = list(csv.reader(handle))
    at = table[0].index("LinkedIn")
    older = tmp_path / "older.csv"
    with older.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(
            [row[:at] + row[at + 1 :] for row in table]
        )
    book = tmp_path / "new.db"
    assert main(["--db", str(book), "import", str(older)]) == 0
    service = LeadService.open(book)
    try:
        batch = service.store.conn.execute("SELECT preset FROM import_batches").fetchone()[0]
        dana = service.contacts()[0]
    finally:
        service.close()
    assert batch == "leadtemp"
    assert (dana.fit, dana.company_size, dana.linkedin) == (8, 40, "")
