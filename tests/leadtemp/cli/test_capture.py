"""``leadtemp capture / captures / undo-capture / capture-rules``: the printed summary and JSON,
--me remembered, --dry-run writing nothing, and one-line errors that write nothing."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from leadtemp.cli import main
from leadtemp.paths import CONFIG_ENV_VAR
from leadtemp.service import LeadService
from tests.leadtemp.capture.sample_paths import ME, SAMPLES, TAKEOUT

MINE = [arg for address in ME for arg in ("--me", address)]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "cli.db"
    service = LeadService.open(path)
    service.add_contact("Dana Lee", email="dana.lee@acme.example")
    service.close()
    return path


def _run(db: Path, *args: str) -> int:
    return main(["--db", str(db), *args])


def _counts(db: Path) -> tuple[int, int, int]:
    with closing(sqlite3.connect(db)) as conn:
        return tuple(  # type: ignore[return-value]
            conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("contacts", "interactions", "capture_batches")
        )


def test_capture_prints_what_it_logged_and_remembers_my_addresses(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(db, "capture", str(TAKEOUT), *MINE) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (
        "gmail_takeout.mbox: logged 8 (budget_discussion 1, contact_form 1, demo_booked 1, email_reply 1, "
        "inquiry 1, pricing_request 1, proposal_request 1, urgency_expressed 1), 2 new leads created, "
        "skipped 6 (automated 2, not a lead 1, own 1, unknown sender 1, unreadable 1) (capture #1)"
    )
    assert out[1:3] == ["  new lead #2: Ari Novak", "  new lead #3: Mina Okafor"]
    assert out[-1] == "undo it with `leadtemp undo-capture 1`"
    assert _counts(db) == (3, 8, 1)

    assert _run(db, "capture", str(TAKEOUT), "--json") == 0
    again = json.loads(capsys.readouterr().out)
    assert again["batch_id"] is None and again["logged_total"] == 0 and again["skipped"]["duplicate"] == 8
    assert all(line["duplicate"] for line in again["lines"])
    assert _counts(db) == (3, 8, 1)


def test_dry_run_json_lists_the_lines_and_writes_nothing(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(db, "capture", str(TAKEOUT), *MINE, "--dry-run", "--json") == 0
    report = json.loads(capsys.readouterr().out)
    assert report["dry_run"] is True and report["batch_id"] is None
    assert report["logged_total"] == 8 and report["leads_created"] == []
    assert report["leads_proposed"] == [
        {"name": "Ari Novak", "email": "ari@northwind.example"},
        {"name": "Mina Okafor", "email": "mina@bakery.example"},
    ]
    pricing = next(line for line in report["lines"] if line["kind"] == "pricing_request")
    assert pricing == {
        "lead_id": 1,
        "lead": "Dana Lee",
        "new_lead": False,
        "email": None,
        "kind": "pricing_request",
        "occurred_at": "2026-03-03T08:15:00Z",
        "note": pricing["note"],
        "evidence": "a quote",
        "duplicate": False,
    }
    assert _counts(db) == (1, 0, 0)
    service = LeadService.open(db)
    assert service.my_addresses() == []
    service.close()


def test_captures_lists_batches_and_undo_capture_takes_one_back(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(db, "add-contact", "Ari Novak", "--email", "ari@northwind.example") == 0
    assert _run(db, "capture", str(SAMPLES / "maildir"), *MINE) == 0
    assert "logged 3 (competitor_comparison 1, email_reply 1, email_sent 1)" in capsys.readouterr().out
    assert _run(db, "captures", "--json") == 0
    (batch,) = json.loads(capsys.readouterr().out)
    assert set(batch) == {"id", "label", "created_at", "undone_at", "logged", "leads_created", "skipped"}
    assert (batch["label"], batch["undone_at"], batch["leads_created"]) == ("maildir", None, 0)
    assert _run(db, "undo-capture", "1") == 0
    assert capsys.readouterr().out.startswith("undid capture #1 (maildir): removed ")
    assert _run(db, "captures") == 0
    assert "(undone " in capsys.readouterr().out
    assert _run(db, "undo-capture", "1") == 1
    assert "already undone" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "give the mail file or Maildir folder to capture"),
        (("missing.mbox", "--me", "sam@studio.example"), "no such file"),
        ((str(TAKEOUT),), "say which addresses are yours with --me"),
        ((str(TAKEOUT), "--me", "not an address"), "is not an e-mail address"),
        ((str(TAKEOUT), "--me", "sam@studio.example", "--since", "last week"), "cannot read date"),
        ((str(SAMPLES / "README.md"), "--me", "sam@studio.example"), "is not a file capture reads"),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(
    db: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    assert _run(db, "capture", *args) != 0
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert _counts(db) == (1, 0, 0)
    service = LeadService.open(db)
    assert service.my_addresses() == []
    service.close()


def test_since_leaves_older_mail_out(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(db, "capture", str(TAKEOUT), *MINE, "--since", "2026-03-04", "--json") == 0
    report = json.loads(capsys.readouterr().out)
    assert {line["occurred_at"][:10] for line in report["lines"]} == {"2026-03-04"}


def test_capture_rules_prints_the_rules_and_a_user_file_replaces_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CONFIG_ENV_VAR, str(tmp_path))
    assert main(["capture-rules", "--json"]) == 0
    shipped = json.loads(capsys.readouterr().out)
    assert shipped["user_file"] == str(tmp_path / "capture-rules.json")
    assert "a quote" in next(r for r in shipped["rules"] if r["kind"] == "pricing_request")["phrases"]
    (tmp_path / "capture-rules.json").write_text(
        json.dumps({"rules": [{"kind": "pricing_request", "label": "wants a price", "phrases": ["Preis"]}]}),
        encoding="utf-8",
    )
    assert main(["capture-rules"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "pricing_request (wants a price): Preis"
    (tmp_path / "capture-rules.json").write_text("{broken", encoding="utf-8")
    assert main(["capture-rules"]) == 1
    assert "cannot read the capture rules" in capsys.readouterr().err
