"""``leadtemp import / export / undo-import / imports``: counts, one-line errors, nothing half-done."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from leadtemp.cli import main
from leadtemp.importing.read import sniff
from leadtemp.service import LeadService
from tests.leadtemp.importing.sample_paths import REAL_WORLD, SAMPLES

LEADS = "name,email,company\nDana Lee,dana@example.com,Acme\nSam Ortiz,sam@example.com,Globex\n"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "cli.db"


def _run(db: Path, *args: str) -> int:
    return main(["--db", str(db), *args])


def _names(db: Path) -> list[str]:
    service = LeadService.open(db)
    try:
        return [c.name for c in service.contacts(include_archived=True)]
    finally:
        service.close()


def _file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_prints_counts_and_the_batch(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _file(tmp_path, "leads.csv", LEADS + ",,,\nNo Mail,,\n")
    assert _run(db, "import", str(path), "--source", "Trade-Show") == 0
    assert capsys.readouterr().out == (
        "new 3, updated 0, skipped duplicates 0, invalid 0, possible duplicates 0 (import #1)\n"
    )
    assert _run(db, "import", str(path), "--json") == 0
    report = json.loads(capsys.readouterr().out)
    assert report == {
        "new": 0,
        "updated": 0,
        "skipped": 3,
        "invalid": 0,
        "possible_duplicates": 0,
        "batch_id": None,
        "dry_run": False,
        "file": "leads.csv",
        "format": "csv",
        "preset": "generic",
        "invalid_rows": [],
        "merged_by": {"email": 2, "linkedin": 0, "name+phone": 0, "name+company": 0, "name": 1},
        "merged_rows": [
            {
                "row": row,
                "name": name,
                "rule": rule,
                "reason": reason,
                "contact_id": contact_id,
                "duplicate_of_row": None,
                "action": "skip",
            }
            for row, name, rule, reason, contact_id in [
                (2, "Dana Lee", "email", "same e-mail address as #1 Dana Lee", 1),
                (3, "Sam Ortiz", "email", "same e-mail address as #2 Sam Ortiz", 2),
                (5, "No Mail", "name", "same name as #3 No Mail", 3),
            ]
        ],
        "possible_duplicate_rows": [],
    }
    service = LeadService.open(db)
    try:
        assert {c.source for c in service.contacts()} == {"trade show"}
    finally:
        service.close()


def test_dry_run_writes_nothing(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(db, "import", str(SAMPLES / "ragged.csv"), "--dry-run") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (
        "would import: new 4, updated 0, skipped duplicates 0, invalid 1, possible duplicates 0"
    )
    assert out[1].startswith("  row 8: no name, e-mail address or company")
    assert _names(db) == []


def test_map_and_preset_options(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _file(tmp_path, "odd.csv", "Who,Mailbox,Firm\nDana Lee,dana@example.com,Acme\n")
    mapping = ("--map", "Who=name", "--map", "Mailbox=email", "--map", "Firm=company")
    assert _run(db, "import", str(path), *mapping) == 0
    assert _names(db) == ["Dana Lee"]
    assert _run(db, "import", str(SAMPLES / "linkedin_connections.csv"), "--preset", "linkedin") == 0
    assert "new 3" in capsys.readouterr().out
    assert _run(db, "import", str(path), "--map", "Who=shoe") == 2
    assert "unknown field 'shoe'" in capsys.readouterr().err
    assert _run(db, "import", str(path), "--preset", "myspace") == 2


def test_unmapped_csv_asks_for_a_mapping(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(db, "import", str(SAMPLES / "unmappable.csv")) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Use --map COLUMN=name" in err
    assert _names(db) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x7fELF\x02\x01\x01" + bytes(200), "is a program, not a contact list"),
        (b"", "is empty"),
        (b"BEGIN:VCARD\r\nVERSION:3.0\r\nno colon here\r\n:::\r\nEND:VCARD\r\n", "invalid 1"),
    ],
)
def test_bad_files_get_one_line_and_import_nothing(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, message: str
) -> None:
    path = tmp_path / "bad.vcf"
    path.write_bytes(content)
    code = _run(db, "import", str(path))
    captured = capsys.readouterr()
    assert message in captured.err + captured.out
    if code:
        assert code == 1 and captured.err.count("\n") == 1 and captured.err.startswith("leadtemp: error: ")
    assert _names(db) == []


def test_a_file_over_the_size_limit_is_refused(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sniff, "DEFAULT_LIMIT_BYTES", 64)
    path = _file(tmp_path, "big.csv", LEADS * 4)
    assert _run(db, "import", str(path)) == 1
    assert "too large to import" in capsys.readouterr().err
    assert _names(db) == []


def test_broken_vcard_imports_the_good_cards_and_reports_the_rest(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(db, "import", str(SAMPLES / "broken_among_good.vcf")) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "new 4, updated 0, skipped duplicates 0, invalid 1, possible duplicates 0 (import #1)"
    )
    assert "row 2: no name, e-mail address or company in this card" in out


def test_export_by_extension_and_undo(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _run(db, "import", str(_file(tmp_path, "leads.csv", LEADS)))
    _run(db, "import", str(REAL_WORLD / "ezvcard-google-contacts-3.0-list.vcf"))
    capsys.readouterr()
    for name in ("out.csv", "out.vcf", "out.json"):
        assert _run(db, "export", str(tmp_path / name)) == 0
        assert capsys.readouterr().out == f"exported 5 contacts to {tmp_path / name}\n"
    assert (tmp_path / "out.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert (tmp_path / "out.vcf").read_bytes().count(b"BEGIN:VCARD") == 5
    assert json.loads((tmp_path / "out.json").read_text())["format"] == "leadtemp-export"
    assert _run(db, "export", str(tmp_path / "two.vcard"), "--contact", "1", "--contact", "4") == 0
    assert _run(db, "export", str(tmp_path / "book.txt"), "--format", "json") == 0
    capsys.readouterr()
    assert _run(db, "export", str(tmp_path / "out.txt")) == 1
    assert "use --format" in capsys.readouterr().err
    assert _run(db, "export", str(tmp_path / "x.csv"), "--contact", "1") == 1

    assert _run(db, "imports") == 0
    listing = capsys.readouterr().out.splitlines()
    assert len(listing) == 2 and "leads.csv (csv/generic)" in listing[0]
    assert _run(db, "undo-import", "1") == 0
    assert capsys.readouterr().out == "undid import #1 (leads.csv): removed 2 contacts, restored 0\n"
    assert _names(db) == ["Arnold Smith", "Chris Beatle", "Doug White"]
    assert _run(db, "undo-import", "1") == 1
    assert "already undone" in capsys.readouterr().err
    assert _run(db, "undo-import", "42") == 1
    capsys.readouterr()
    assert _run(db, "imports", "--json") == 0
    batches = json.loads(capsys.readouterr().out)
    assert [(b["id"], b["file"], b["undone_at"] is not None) for b in batches] == [
        (1, "leads.csv", True),
        (2, "ezvcard-google-contacts-3.0-list.vcf", False),
    ]
    assert batches[1]["summary"]["new"] == 3


def test_json_import_round_trip_and_refusal(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(db, "import", str(_file(tmp_path, "leads.csv", LEADS)))
    _run(db, "export", str(tmp_path / "book.json"))
    capsys.readouterr()
    fresh = tmp_path / "fresh.db"
    assert _run(fresh, "import", str(tmp_path / "book.json"), "--dry-run") == 0
    assert capsys.readouterr().out.startswith("would restore 2 contacts")
    assert _names(fresh) == []
    assert _run(fresh, "import", str(tmp_path / "book.json")) == 0
    assert _names(fresh) == ["Dana Lee", "Sam Ortiz"]
    capsys.readouterr()
    assert _run(fresh, "import", str(tmp_path / "book.json")) == 1
    assert "not empty" in capsys.readouterr().err
    assert _run(fresh, "import", str(tmp_path / "book.json"), "--map", "a=name") == 1


def test_imports_lists_each_imports_possible_duplicates(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(db, "import", str(_file(tmp_path, "first.csv", LEADS))) == 0
    again = "name,email,company\nDana Lee,dana.lee@gmail.example,Acme\nAna Silva,ana@example.com,Initech\n"
    assert _run(db, "import", str(_file(tmp_path, "second.csv", again))) == 0
    capsys.readouterr()
    assert _run(db, "imports") == 0
    listing = capsys.readouterr().out.splitlines()
    assert "new 2, updated 0, skipped 0, invalid 0, possible duplicates 0" in listing[0]
    assert "second.csv" in listing[1]
    assert "new 2, updated 0, skipped 0, invalid 0, possible duplicates 1" in listing[1]
