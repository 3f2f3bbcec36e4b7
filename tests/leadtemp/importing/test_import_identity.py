"""Who is the same person in an import: an e-mail address or a LinkedIn profile identifies
someone, a shared phone or company does not, and every merge says why."""

from __future__ import annotations

from pathlib import Path

from bench.generate import generate_purchased_list
from leadtemp.importing.commit import commit_import
from leadtemp.importing.preview import merge_report, preview_file
from leadtemp.importing.preview_rows import IMPORT, SKIP, UPDATE, RowStatus
from leadtemp.service import LeadService
from tests.leadtemp.importing.sample_paths import SAMPLES


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _names(service: LeadService) -> list[str]:
    return [row[0] for row in service.store.conn.execute("SELECT name FROM contacts ORDER BY id")]


def test_colleagues_sharing_a_switchboard_number_are_all_imported(
    service: LeadService, tmp_path: Path
) -> None:
    text = (
        "name,email,phone,company\n"
        "Dana Lee,dana@acme.example,+1 415 555 0100,Acme\n"
        "Sam Ortiz,sam@acme.example,+1 (415) 555-0100,Acme\n"
        "Ana Silva,,415.555.0100,Acme\n"
        "Reception,,+1 415 555 0100,Acme\n"
    )
    preview = preview_file(service, _write(tmp_path, "crm.csv", text))
    assert [row.status for row in preview.rows] == [RowStatus.NEW] * 4
    summary = commit_import(service, preview)
    assert summary.counts.new == 4
    assert _names(service) == ["Dana Lee", "Sam Ortiz", "Ana Silva", "Reception"]


def test_the_same_name_on_the_same_number_is_one_person(service: LeadService, tmp_path: Path) -> None:
    service.add_contact("Dana Lee", phone="+1 415 555 0100", company="Acme")
    text = 'name,phone,company\n"Lee, Dana",(415) 555-0100,Globex\nSam Ortiz,+1 415 555 0100,Globex\n'
    preview = preview_file(service, _write(tmp_path, "calls.csv", text))
    dana, sam = preview.rows
    assert dana.status is RowStatus.DUPLICATE
    assert dana.describe() == "duplicate: same name and phone as #1 Dana Lee"
    assert sam.status is RowStatus.NEW


def test_different_mailboxes_at_one_company_are_different_people(
    service: LeadService, tmp_path: Path
) -> None:
    """A fuzzy name and the same company used to merge "Person 1" into "Person 10"."""
    lines = [f"Person {n},person{n}@acme.example,Acme Inc." for n in range(1, 100)]
    lines += ["Jon Smith,jon@acme.example,Acme", "John Smith,john@acme.example,ACME"]
    preview = preview_file(service, _write(tmp_path, "list.csv", "name,email,company\n" + "\n".join(lines)))
    assert {row.status for row in preview.rows} == {RowStatus.NEW}
    assert commit_import(service, preview).counts.new == 101


def test_the_same_name_with_another_mailbox_is_a_possible_duplicate_imported_by_default(
    service: LeadService, tmp_path: Path
) -> None:
    service.add_contact("Dana Lee", email="dana@acme.example", company="Acme")
    text = (
        "name,email,company\n"
        "Dana Lee,dana.lee@gmail.example,Acme Inc\n"
        "Lee Dana,dana.lee@gmail.example,\n"
        "Sam Ortiz,sam@one.example,Globex\n"
        "Sam Ortiz,sam@two.example,\n"
    )
    preview = preview_file(service, _write(tmp_path, "list.csv", text))
    first, again, sam, other_sam = preview.rows
    assert (first.status, first.default_action) == (RowStatus.POSSIBLE, IMPORT)
    assert first.actions == (IMPORT, UPDATE, "replace", SKIP)
    assert first.describe() == (
        "possible duplicate: same name and company as #1 Dana Lee, but a different e-mail address"
    )
    # The same mailbox as a possible duplicate is that new contact, for certain.
    assert again.status is RowStatus.DUPLICATE
    assert again.duplicate_of is not None and again.duplicate_of.row == first.index
    assert sam.status is RowStatus.NEW
    assert other_sam.status is RowStatus.POSSIBLE
    assert other_sam.duplicate_of is not None
    assert other_sam.duplicate_of.reason() == "same name as row 4 Sam Ortiz, but a different e-mail address"
    counts = preview.counts()
    assert (counts.new, counts.skipped, counts.possible) == (3, 1, 2)
    assert preview.counts({first.index: SKIP}).possible == 1

    summary = commit_import(service, preview)
    assert (summary.counts.new, summary.counts.possible) == (3, 2)
    assert _names(service) == ["Dana Lee", "Dana Lee", "Sam Ortiz", "Sam Ortiz"]


def test_a_possible_duplicate_can_be_merged_instead(service: LeadService, tmp_path: Path) -> None:
    service.add_contact("Dana Lee", email="dana@acme.example", company="Acme")
    text = "name,email,phone,company\nDana Lee,dana.lee@gmail.example,+1 415 555 0100,Acme\n"
    preview = preview_file(service, _write(tmp_path, "list.csv", text))
    summary = commit_import(service, preview, {0: UPDATE})
    assert (summary.counts.new, summary.counts.updated, summary.counts.possible) == (0, 1, 0)
    row = service.store.conn.execute("SELECT email, phone FROM contacts").fetchall()
    assert row == [("dana@acme.example", "+1 415 555 0100")]


def test_reimporting_linkedin_connections_with_cjk_names_and_no_email_creates_nothing(
    service: LeadService,
) -> None:
    """``linkedin_cjk.csv`` follows LinkedIn's Connections.csv (a "Notes:" preamble, then First
    Name, Last Name, URL, Email Address, Company, Position, Connected On)."""
    path = SAMPLES / "linkedin_cjk.csv"
    first = commit_import(service, preview_file(service, path))
    assert first.counts.new == 4
    stored = service.store.conn.execute("SELECT linkedin, notes FROM contacts ORDER BY id").fetchall()
    assert [profile for profile, _ in stored[:2]] == [
        "https://www.linkedin.com/in/li-wei-3a9b1c",
        "https://www.linkedin.com/in/佐藤-美咲",
    ]
    assert not any("linkedin" in notes.casefold() for _, notes in stored)

    again = preview_file(service, path)
    assert [row.status for row in again.rows] == [RowStatus.DUPLICATE] * 4
    assert [row.duplicate_of.rule for row in again.rows if row.duplicate_of] == ["linkedin"] * 3 + ["email"]
    assert again.rows[0].describe() == "duplicate: same LinkedIn profile as #1 伟 李"
    assert commit_import(service, again).counts.new == 0
    assert service.store.conn.execute("SELECT count(*) FROM contacts").fetchone()[0] == 4


def test_a_linkedin_profile_matches_however_its_address_is_written(
    service: LeadService, tmp_path: Path
) -> None:
    service.add_contact("Wei Li", linkedin="linkedin.com/in/li-wei-3a9b1c", notes="met in Shenzhen")
    # Notes naming a profile do not make it the contact's.
    service.add_contact("Somebody", notes="LinkedIn: https://www.linkedin.com/in/li-wei-other")
    header = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    rows = [
        "Wei,Li,http://cn.linkedin.com/in/Li-Wei-3a9b1c/?trk=people,,,,01 Jan 2026",
        "W.,Li,linkedin.com/in/li-wei-3a9b1c/zh,,,,01 Jan 2026",
        "Wei,Li,https://www.linkedin.com/in/li-wei-other,,,,01 Jan 2026",
    ]
    preview = preview_file(service, _write(tmp_path, "Connections.csv", header + "\n".join(rows)))
    same, shorter, other = preview.rows
    for row in (same, shorter):
        assert row.duplicate_of is not None
        assert (row.duplicate_of.rule, row.duplicate_of.contact_id) == ("linkedin", 1)
    # Another profile under the same name is someone else, maybe.
    assert other.status is RowStatus.POSSIBLE
    assert other.describe() == "possible duplicate: same name as #1 Wei Li, but a different LinkedIn profile"


def test_names_in_scripts_without_spaces_match_themselves(service: LeadService, tmp_path: Path) -> None:
    service.add_contact("李伟", company="华为技术有限公司")
    service.add_contact("김민준")
    text = "name,company\n李 伟,华为技术有限公司\n김민준,\n李 娜,华为技术有限公司\n"
    preview = preview_file(service, _write(tmp_path, "list.csv", text))
    wei, minjun, na = preview.rows
    assert wei.duplicate_of is not None and wei.duplicate_of.contact_id == 1
    assert minjun.duplicate_of is not None and minjun.duplicate_of.contact_id == 2
    assert na.status is RowStatus.NEW


def test_the_merge_report_counts_each_reason_and_lists_the_rows(service: LeadService, tmp_path: Path) -> None:
    service.add_contact("Dana Lee", email="dana@acme.example", phone="+1 415 555 0100")
    text = (
        "name,email,phone,company\n"
        "Dana Lee,DANA@acme.example,,\n"
        "Dana Lee,,415 555 0100,Globex\n"
        "Sam Ortiz,sam@one.example,,Globex\n"
        "Sam Ortiz,sam@two.example,,Globex\n"
    )
    preview = preview_file(service, _write(tmp_path, "list.csv", text), rules=None)
    report = merge_report(preview)
    assert report["merged_by"] == {"email": 1, "linkedin": 0, "name+phone": 1, "name+company": 0, "name": 0}
    assert [(entry["row"], entry["reason"], entry["action"]) for entry in report["merged_rows"]] == [
        (2, "same e-mail address as #1 Dana Lee", SKIP),
        (3, "same name and phone as #1 Dana Lee", UPDATE),
    ]
    assert report["possible_duplicate_rows"] == [
        {
            "row": 5,
            "name": "Sam Ortiz",
            "rule": "name+company",
            "reason": "same name and company as row 4 Sam Ortiz, but a different e-mail address",
            "contact_id": None,
            "duplicate_of_row": 4,
            "action": IMPORT,
        }
    ]


def test_a_purchased_list_with_shared_main_lines_keeps_every_distinct_person(
    service: LeadService, tmp_path: Path
) -> None:
    path = tmp_path / "purchased.csv"
    people = generate_purchased_list(path, rows=3000)
    summary = commit_import(service, preview_file(service, path))
    assert summary.counts.new == people
    assert summary.counts.skipped == 3000 - people > 0
    emails = {row[0] for row in service.store.conn.execute("SELECT email FROM contacts")}
    assert len(emails) == people


def test_a_contacts_profile_is_its_field_and_editing_the_notes_keeps_who_it_is(
    service: LeadService, tmp_path: Path
) -> None:
    dana = service.add_contact("Dana Lee", linkedin="linkedin.com/in/Dana-Lee/").contact_id
    assert service.contact(dana).linkedin == "https://www.linkedin.com/in/dana-lee"
    service.edit_contact(dana, notes="called twice, no answer")
    text = "Name,LinkedIn,Company\nD. Lee,https://uk.linkedin.com/in/dana-lee?trk=a,Acme\n"
    (row,) = preview_file(service, _write(tmp_path, "list.csv", text)).rows
    assert row.duplicate_of is not None and (row.duplicate_of.rule, row.duplicate_of.contact_id) == (
        "linkedin",
        dana,
    )
    # An update fills the company and leaves the profile as it was.
    assert row.changes() == {"company": "Acme"}


def test_a_linkedin_cell_that_is_no_profile_is_kept_in_the_notes_with_a_warning(
    service: LeadService, tmp_path: Path
) -> None:
    text = "Name,LinkedIn\nDana Lee,https://www.linkedin.com/company/acme\nSam Ortiz,linkedin.com/in/sam-o\n"
    preview = preview_file(service, _write(tmp_path, "list.csv", text))
    dana, sam = preview.rows
    assert (
        dana.fields["linkedin"] == ""
        and dana.fields["notes"] == "LinkedIn: https://www.linkedin.com/company/acme"
    )
    assert dana.warnings == (
        "'https://www.linkedin.com/company/acme' is not a LinkedIn profile address "
        "(https://www.linkedin.com/in/...); kept in notes",
    )
    assert sam.fields["linkedin"] == "https://www.linkedin.com/in/sam-o" and sam.fields["notes"] == ""
    commit_import(service, preview)
    assert [(c.name, c.linkedin) for c in service.contacts()] == [
        ("Dana Lee", ""),
        ("Sam Ortiz", "https://www.linkedin.com/in/sam-o"),
    ]
