"""CSV parsing: presets, encodings, delimiters, preambles, ragged rows and mappings."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leadtemp.importing.read import ColumnMappingError, ImportFileError, csvfile, parse_csv, parse_file
from tests.leadtemp.importing.sample_paths import SAMPLES


def test_linkedin_connections_with_preamble() -> None:
    result = parse_csv(SAMPLES / "linkedin_connections.csv")
    assert result.preset == "linkedin"
    assert result.columns == [
        "First Name",
        "Last Name",
        "URL",
        "Email Address",
        "Company",
        "Position",
        "Connected On",
    ]
    ada, grace, alan = result.drafts
    assert (ada.name, ada.email, ada.company, ada.role) == (
        "Ada Lovelace",
        "ada@example.com",
        "Analytical Engines Ltd",
        "Chief Mathematician",
    )
    assert ada.row_number == 5  # Notes:, sentence, blank line, header
    assert ada.extra == {"Connected On": "22 Dec 2025"}
    assert "Connected On: 22 Dec 2025" in ada.notes
    assert ada.linkedin == "https://www.linkedin.com/in/ada-example"
    assert "linkedin" not in ada.notes.casefold()
    assert (grace.name, grace.emails, grace.company) == ("Grace Hopper", [], "Navy Systems, Inc.")
    assert alan.name == "Alan Turing"
    assert result.problems == []


def test_linkedin_preamble_with_bom() -> None:
    data = b"\xef\xbb\xbf" + (SAMPLES / "linkedin_connections.csv").read_bytes()
    result = parse_csv(data)
    assert result.encoding == "utf-8-sig"
    assert [d.name for d in result.drafts] == ["Ada Lovelace", "Grace Hopper", "Alan Turing"]


def test_linkedin_2018_without_preamble() -> None:
    result = parse_csv(SAMPLES / "linkedin_2018.csv")
    assert result.preset == "linkedin"
    katherine, dorothy = result.drafts
    assert katherine.name == "Katherine Johnson"
    assert katherine.emails == []  # urn:li:member:… is not an address
    assert katherine.extra["Email Address"] == "urn:li:member:12345678"
    assert katherine.extra["Connected On"] == "1/8/18, 6:14 PM"
    assert (dorothy.email, dorothy.company, dorothy.role) == (
        "dorothy.vaughan@example.org",
        "NASA",
        "Supervisor",
    )


def test_google_contacts_new_format() -> None:
    result = parse_csv(SAMPLES / "google_contacts.csv")
    assert result.preset == "google"
    margaret, linus = result.drafts
    assert margaret.name == "Margaret H. Hamilton"
    assert margaret.emails == ["margaret@example.com", "maggie.home@example.net"]
    assert margaret.phones == ["+1 617 555 0101", "+1 617 555 0102"]
    assert (margaret.company, margaret.role) == ("Apollo Software", "Lead Engineer")
    assert margaret.notes.startswith("Met at the space conference")
    assert "Labels" not in margaret.extra
    # Google puts several values in one cell separated by ":::".
    assert linus.emails == ["linus@example.org", "linus.alt@example.org"]
    assert linus.phones == ["+358 40 555 0000"]


def test_google_contacts_legacy_format() -> None:
    result = parse_csv(SAMPLES / "google_legacy.csv")
    assert result.preset == "google"
    (barbara,) = result.drafts
    assert (barbara.name, barbara.email, barbara.phone) == (
        "Barbara Liskov",
        "barbara@example.edu",
        "617-555-0199",
    )
    assert (barbara.company, barbara.role) == ("MIT", "Professor")
    assert barbara.notes.startswith("Substitution principle")


def test_outlook() -> None:
    result = parse_csv(SAMPLES / "outlook_contacts.csv")
    assert result.preset == "outlook"
    tim, radia = result.drafts
    assert tim.name == "Tim John Berners-Lee"
    assert tim.emails == ["tim@example.org", "timbl@example.net"]
    assert tim.phones == ["+44 20 7946 0000", "+44 7700 900123"]
    assert (tim.company, tim.role) == ("World Wide Web Consortium", "Director")
    assert "Title" not in tim.extra  # Outlook's Title is the honorific, not the job
    assert tim.notes.startswith("Invented the web")
    assert (radia.name, radia.email) == ("Radia Perlman", "radia@example.com")


def test_hubspot_repeated_columns_and_placeholders() -> None:
    result = parse_csv(SAMPLES / "hubspot_contacts.csv")
    assert result.preset == "hubspot"
    assert "Phone Number (2)" in result.columns
    assert "Company name (2)" in result.columns
    frances, edsger = result.drafts
    assert frances.name == "Frances Allen"
    assert frances.email == "frances@example.com"
    assert frances.phones == ["555-0100", "555-0111"]  # not the company's 555-0999
    assert (frances.company, frances.role, frances.industry) == ("Compilers Inc", "CTO", "Software")
    assert frances.extra["Phone Number (2)"] == "555-0999"
    assert (edsger.name, edsger.email, edsger.company, edsger.role) == (
        "Edsger Dijkstra",
        "edsger@example.nl",
        "",
        "",
    )
    assert "null" not in edsger.notes and "[not provided]" not in edsger.notes


def test_semicolon_cp1252() -> None:
    result = parse_csv(SAMPLES / "semicolon_cp1252.csv")
    assert result.encoding == "cp1252"
    assert result.preset == "generic"
    jose, renee = result.drafts
    assert (jose.name, jose.email, jose.company, jose.role, jose.industry) == (
        "José Müller",
        "jose.mueller@example.de",
        "Bäckerei Müller GmbH",
        "Geschäftsführer",
        "Lebensmittel",
    )
    assert jose.phones == ["+49 30 1234567"]
    assert (renee.name, renee.company, renee.role) == ("Renée Dupré", "Café Amélie", "Gérante")


def test_utf16_tab_separated() -> None:
    result = parse_csv(SAMPLES / "utf16_tab.csv")
    assert result.encoding == "utf-16-le"
    lukasz, taro = result.drafts
    assert (lukasz.name, lukasz.email, lukasz.company) == (
        "Łukasz Żółw",
        "lukasz@example.pl",
        "Kraków Software",
    )
    assert (taro.name, taro.email, taro.company, taro.role) == (
        "山田 太郎",
        "taro@example.jp",
        "株式会社サンプル",
        "エンジニア",
    )


def test_utf16_big_endian_and_without_bom() -> None:
    text = "Name,Email\r\nÅsa Öberg,asa@example.se\r\n"
    for data in (b"\xfe\xff" + text.encode("utf-16-be"), text.encode("utf-16-le")):
        (draft,) = parse_csv(data).drafts
        assert (draft.name, draft.email) == ("Åsa Öberg", "asa@example.se")


def test_utf8_bom() -> None:
    result = parse_csv(SAMPLES / "utf8_bom.csv")
    assert result.encoding == "utf-8-sig"
    assert result.columns[0] == "Name"
    (zoe,) = result.drafts
    assert (zoe.name, zoe.email, zoe.company) == ("Zoë Quinn", "zoe@example.com", "Ünïcode Ltd")


def test_ragged_rows() -> None:
    result = parse_csv(SAMPLES / "ragged.csv")
    names = [d.name for d in result.drafts]
    assert names == ["Alice Example", "Bob Short", "Carol Long", "Dave Nobody"]
    carol = result.drafts[2]
    assert (carol.company, carol.role) == ("Globex", "CEO")
    assert carol.extra == {"Column 5": "unexpected", "Column 6": "more"}
    assert [(p.row_number, p.reason.split(" (")[0]) for p in result.problems] == [
        (8, "no name, e-mail address or company")
    ]


def test_generic_headers() -> None:
    result = parse_csv(SAMPLES / "generic_headers.csv")
    assert result.preset == "generic"
    (erin,) = result.drafts
    assert (erin.name, erin.email, erin.company, erin.role, erin.industry) == (
        "Erin Example",
        "erin@example.com",
        "Initech",
        "Analyst",
        "Finance",
    )
    assert erin.phones == ["+1 555 0123"]
    assert erin.notes == "Prefers e-mail\nFavourite colour: Blue"
    assert erin.extra == {"Favourite colour": "Blue"}


def test_unknown_columns_stay_out_of_notes_when_asked() -> None:
    (erin,) = parse_csv(SAMPLES / "generic_headers.csv", unknown_to_notes=False).drafts
    assert erin.notes == "Prefers e-mail"
    assert erin.extra == {"Favourite colour": "Blue"}


def test_explicit_mapping() -> None:
    mapping = {"Foo": "name", "Bar": "email", "Baz": "ignore"}
    data = b"Foo,Bar,Baz\nPat Doe,pat@example.com,x\n"
    result = parse_csv(data, mapping=mapping)
    assert result.preset == "custom"
    (pat,) = result.drafts
    assert (pat.name, pat.email, pat.extra, pat.notes) == ("Pat Doe", "pat@example.com", {}, "")


def test_several_columns_map_to_email_and_phone() -> None:
    data = b"Name,Work Email,Home Email,Phone,Mobile\nKim,kim@work.example,KIM@WORK.EXAMPLE,1,2\n"
    (kim,) = parse_csv(data).drafts
    assert kim.emails == ["kim@work.example"]  # case-insensitive duplicate dropped
    assert kim.phones == ["1", "2"]


def test_email_cell_forms() -> None:
    data = b'Email,Company\n"  Lee Smith <lee@example.com> ",Acme\nmailto:max@example.com,\n'
    lee, max_ = parse_csv(data).drafts
    assert (lee.name, lee.email) == ("Lee Smith", "lee@example.com")
    assert (max_.name, max_.email) == ("max@example.com", "max@example.com")


def test_names_are_collapsed_and_emails_trimmed() -> None:
    (draft,) = parse_csv(b"First Name,Last Name,Email\n  Mary  ,  Ann   Lee ,  Mary@Example.COM \n").drafts
    assert draft.name == "Mary Ann Lee"
    assert draft.emails == ["Mary@Example.COM"]


def test_forced_preset_and_generic() -> None:
    data = (SAMPLES / "outlook_contacts.csv").read_bytes()
    assert parse_csv(data, preset="outlook").preset == "outlook"
    generic = parse_csv(data, preset="generic")
    assert generic.preset == "generic"
    assert generic.drafts[0].email == "tim@example.org"


def test_bad_arguments_are_programming_errors() -> None:
    with pytest.raises(ValueError, match="unknown preset"):
        parse_csv(b"Name\nx\n", preset="nope")
    with pytest.raises(ValueError, match="unknown mapping target"):
        parse_csv(b"Name\nx\n", mapping={"Name": "shoe size"})


def test_excel_sep_hint() -> None:
    (draft,) = parse_csv(b"sep=;\r\nName;Email\r\nAl;al@example.com\r\n").drafts
    assert (draft.name, draft.email, draft.row_number) == ("Al", "al@example.com", 3)


def test_single_email_column() -> None:
    result = parse_csv(b"Email\na@example.com\nb@example.com\n")
    assert [d.name for d in result.drafts] == ["a@example.com", "b@example.com"]


def test_header_only_yields_nothing() -> None:
    result = parse_csv(b"Name,Email\n")
    assert result.drafts == [] and result.problems == []


def test_no_header_is_reported_with_columns() -> None:
    with pytest.raises(ColumnMappingError) as info:
        parse_csv(SAMPLES / "no_header.csv")
    assert "looks like data" in str(info.value)
    assert info.value.columns == ["John Doe", "john@example.com", "Acme"]
    # The user can still map such a file by hand.
    result = parse_csv(SAMPLES / "no_header.csv", mapping={"John Doe": "name", "john@example.com": "email"})
    assert [d.name for d in result.drafts] == ["Jane Roe"]


def test_unmappable_columns_are_named() -> None:
    with pytest.raises(ColumnMappingError, match=r"Columns found: Foo, Bar, Baz") as info:
        parse_file(SAMPLES / "unmappable.csv")
    assert isinstance(info.value, ImportFileError)
    assert "\n" not in str(info.value)


def test_unterminated_quote_does_not_crash(tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    path.write_text('Name,Email\nAl,al@example.com\n"Bo,bo@example.com\nCy,cy@example.com\n')
    result = parse_csv(path)
    assert result.drafts[0].name == "Al"
    assert result.drafts[0].source_file == str(path)


def test_mapping_that_matches_no_column() -> None:
    with pytest.raises(ColumnMappingError, match="none of the chosen columns") as info:
        parse_csv(b"Name,Email\nA,a@example.com\n", mapping={"Full name": "name"})
    assert info.value.columns == ["Name", "Email"]


def test_central_european_cp1250() -> None:
    data = "Imię i nazwisko;Email;Firma\nŁukasz Świątek;lukasz@example.pl;Wrocław Łódź\n".encode("cp1250")
    result = parse_csv(data, mapping={"Imię i nazwisko": "name", "Email": "email", "Firma": "company"})
    assert result.encoding == "cp1250"
    (draft,) = result.drafts
    assert (draft.name, draft.company) == ("Łukasz Świątek", "Wrocław Łódź")


def test_unterminated_quote_swallowing_the_file() -> None:
    with pytest.raises(ImportFileError, match="not valid CSV near line 2"):
        parse_csv(b'Name,Email\n"' + b"x" * 200_000)
    data = b'Name,Email\nAl,al@example.com\n"' + b"x" * 200_000
    result = parse_csv(data)
    assert [d.name for d in result.drafts] == ["Al"]
    assert result.problems[0].row_number == 3


def test_empty_mapping_means_automatic() -> None:
    assert parse_csv(b"Name,Email\nA,a@example.com\n", mapping={}).preset == "generic"


def test_blank_header_row() -> None:
    with pytest.raises(ImportFileError, match="no header row"):
        parse_csv(b'"', preset="generic")


def test_ordinary_rows_are_held_as_columns_until_drafts_are_asked_for() -> None:
    text = "Name,Email,Phone,Company,Source\nAda Lee,ada@x.org,+1 212 555 0101,Acme,fair\nBo Kim,,,Beta,\n"
    result = parse_csv(text.encode())
    table = result.table
    assert table is not None and result.count == 2
    assert table.names == ["Ada Lee", "Bo Kim"] and table.emails == [["ada@x.org"], []]
    first, second = result.drafts
    assert result.table is None and result.count == 2
    assert (first.name, first.phones, first.company, first.row_number) == (
        "Ada Lee",
        ["+1 212 555 0101"],
        "Acme",
        2,
    )
    assert first.extra == {"Source": "fair"} and second.extra == {}
    assert first.extra is not second.extra
    assert "Source: fair" in first.notes


def test_a_report_footer_is_not_taken_for_contacts() -> None:
    result = parse_csv((SAMPLES / "salesforce_report.csv").read_bytes())
    assert [(draft.name, draft.emails, draft.company) for draft in result.drafts] == [
        ("Dana Lee", ["dana@acme.example"], "Acme"),
        ("Sam Ortiz", ["sam@globex.example"], "Globex"),
    ]
    assert [problem.row_number for problem in result.problems] == [5, 7, 8]
    assert result.problems[0].reason == (
        "“Grand Totals (2 records)” alone on its line: a title or a note, not a contact "
        "(the header has 6 columns; fill them in to import it)"
    )


def test_a_short_line_of_a_narrow_file_or_with_an_address_is_still_a_contact() -> None:
    narrow = parse_csv(b"name,email,company\nDana Lee,dana@example.com,Acme\nSam Ortiz\n")
    assert [draft.name for draft in narrow.drafts] == ["Dana Lee", "Sam Ortiz"]
    wide = parse_csv(b"email,name,company,role\nsolo@example.com\nN/A\n")
    assert [draft.emails for draft in wide.drafts] == [["solo@example.com"]]
    assert wide.problems == []


def test_the_first_drafts_are_made_without_the_rest() -> None:
    lines = "".join(f"Lead {n},lead{n}@example.com\n" for n in range(50))
    result = parse_csv(("Name,Email\n" + lines).encode())
    assert [draft.name for draft in result.first(3)] == ["Lead 0", "Lead 1", "Lead 2"]
    assert result.table is not None and result.count == 50
    assert len(result.first(80)) == 50
    listed = parse_csv(b"Name,Email\nAda Lee,ada@x.org\nn/a,bo@x.org\n")
    assert listed.table is None
    assert [draft.name for draft in listed.first(1)] == ["Ada Lee"]


def test_a_file_with_an_odd_row_is_read_row_by_row() -> None:
    result = parse_csv(b"Name,Email\nAda Lee,ada@x.org\nn/a,bo@x.org\nextra,cells,here\n")
    assert result.table is None
    assert [draft.name for draft in result.drafts] == ["Ada Lee", "bo@x.org", "extra"]


@settings(max_examples=300)
@given(text=st.text(alphabet='ab,"\r\n李', max_size=60), piece=st.integers(min_value=1, max_value=8))
def test_lines_are_read_a_piece_at_a_time_as_stringio_reads_them(text: str, piece: int) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(csvfile, "_PIECE", piece)
        assert list(csvfile._lines(text)) == list(io.StringIO(text, newline=""))


def test_a_file_read_in_chunks_reads_as_it_does_in_one(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [f"Lead {n},lead{n}@example.com,Acme" for n in range(1, 12)]
    plain = ("name,email,company\n" + "\n".join(rows) + "\n").encode()
    rows[7] = 'Lead 8,lead8@example.com,"Acme\nEast"'
    spanning = ("name,email,company\n" + "\n".join(rows) + "\n").encode()

    def read(data: bytes) -> list[tuple[str, str, int]]:
        return [(d.name, d.company, d.row_number) for d in parse_csv(data).drafts]

    whole = {data: read(data) for data in (plain, spanning)}
    assert [line for _, _, line in whole[spanning]][7:] == [9, 11, 12, 13]
    monkeypatch.setattr(csvfile, "CHUNK_RECORDS", 3)
    assert {data: read(data) for data in (plain, spanning)} == whole
