"""``leadtemp capture --imap`` on the real dovecot: what it logged, a second run that fetches
nothing, a dry run that keeps no mark, the keychain's password, and one line for each bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from leadtemp.capture.imap.secrets import KEYCHAIN_SERVICE
from leadtemp.cli import main
from leadtemp.service import LeadService
from tests.leadtemp.capture.imap.dovecot import PASSWORD, USER, Dovecot
from tests.leadtemp.capture.imap.fixtures import MemoryKeyring


def run(db: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("leadtemp: error: ") and "Traceback" not in err, err
    return lines[0].removeprefix("leadtemp: error: ")


@pytest.fixture
def book(db_path: Path) -> Path:
    service = LeadService.open(db_path)
    service.add_contact("Priya Shah", email="priya.shah@northwind-design.co")
    service.close()
    return db_path


@pytest.fixture
def url(dovecot: Dovecot) -> str:
    return f"imaps://{USER}@localhost:{dovecot.port}/INBOX"


@pytest.fixture
def password_env(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setenv("MAILBOX_PASSWORD", PASSWORD)
    return ["--password-env", "MAILBOX_PASSWORD"]


def test_capture_imap_logs_the_mailbox_once_and_the_next_run_fetches_nothing(
    book: Path, url: str, dovecot: Dovecot, password_env: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["capture", "--imap", url, "--ca", str(dovecot.certificate), *password_env, "--me", USER]

    code, out, err = run(book, capsys, *args, "--json")

    assert code == 0, err
    report = json.loads(out)
    assert report["file"] == f"mailbox {USER}@localhost:{dovecot.port}"
    assert report["logged"]["email_sent"] == 1 and report["logged"]["email_reply"] == 1
    assert {lead["name"] for lead in report["leads_created"]} == {"Jonas Müller", "Lena Vogel"}
    assert report["skipped"] == {"automated": 1}

    code, out, err = run(book, capsys, *args)
    assert code == 0, err
    assert out.startswith(
        f"mailbox {USER}@localhost:{dovecot.port}: logged 0, 0 new leads created, skipped 0"
    )
    service = LeadService.open(book)
    try:
        assert len(service.captures()) == 1
    finally:
        service.close()


def test_a_dry_run_keeps_no_mark_so_the_real_run_reads_it_all(
    book: Path, url: str, dovecot: Dovecot, password_env: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["capture", "--imap", url, "--ca", str(dovecot.certificate), *password_env, "--me", USER]

    code, out, _ = run(book, capsys, *args, "--dry-run", "--json")
    previewed = json.loads(out)
    assert code == 0 and previewed["dry_run"] is True and previewed["logged_total"] > 0

    code, out, _ = run(book, capsys, *args, "--json")
    kept = json.loads(out)
    assert code == 0 and kept["logged"] == previewed["logged"] and kept["logged"]["email_reply"] == 1


def test_the_password_comes_from_the_keychain(
    book: Path, url: str, dovecot: Dovecot, memory_keyring: MemoryKeyring, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["capture", "--imap", url, "--ca", str(dovecot.certificate), "--me", USER, "--dry-run"]
    code, _, err = run(book, capsys, *args)
    assert code == 1
    assert one_line(err) == (
        f"no password for {USER}@localhost:{dovecot.port} in the keychain: run the command once in a "
        "terminal to enter it, or pass --password-env VAR"
    )

    memory_keyring.set_password(KEYCHAIN_SERVICE, f"{USER}@localhost:{dovecot.port}", PASSWORD)
    code, out, err = run(book, capsys, *args)
    assert code == 0, err
    assert "would have logged" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--imap", "imap://dana@localhost/INBOX"],
            "imap://dana@localhost/INBOX: plain imap:// is not supported",
        ),
        (["--imap", "imaps://localhost/INBOX"], "imaps://localhost/INBOX: the user is missing"),
        (
            ["--imap", "imaps://dana:secret@localhost/INBOX"],
            "a password does not belong in the mailbox address",
        ),
        (["--ca", "ca.pem", "mail.mbox"], "--ca goes with --imap URL"),
        (["--forget-password"], "--forget-password goes with --imap URL"),
        (
            ["--imap", "imaps://dana@localhost", "--forget-password", "--dry-run"],
            "--forget-password only forgets",
        ),
        (["--imap", "imaps://dana@localhost", "mail.mbox"], "give a mail file or --imap URL, not both"),
        (["--imap", "imaps://dana@localhost", "--password-env", "NO_SUCH_VARIABLE_SET"], "--password-env"),
        (["--imap", "imaps://dana@outlook.office365.com", "--password-env", "HOME"], "outlook.office365.com"),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(
    book: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = run(book, capsys, "capture", "--me", USER, *args)
    assert code == 1 and out == ""
    assert one_line(err).startswith(message)
    service = LeadService.open(book)
    try:
        assert service.captures() == [] and service.my_addresses() == []
    finally:
        service.close()


def test_a_wrong_password_is_one_line_and_logs_nothing(
    book: Path,
    url: str,
    dovecot: Dovecot,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("MAILBOX_PASSWORD", "wrong")
    code, _, err = run(
        book,
        capsys,
        "capture",
        "--imap",
        url,
        "--ca",
        str(dovecot.certificate),
        "--password-env",
        "MAILBOX_PASSWORD",
        "--me",
        USER,
    )
    assert code == 1
    assert one_line(err).startswith(
        "localhost refused the login for dana@example.com: wrong user name or password"
    )


def test_forget_password_takes_it_out_of_the_keychain_and_keeps_how_far_the_folders_were_read(
    book: Path, memory_keyring: MemoryKeyring, capsys: pytest.CaptureFixture[str]
) -> None:
    account = f"{USER}@imap.example.com:993"
    memory_keyring.set_password(KEYCHAIN_SERVICE, account, PASSWORD)
    service = LeadService.open(book)
    try:
        service.save_mailbox_marks(account, [("INBOX", 7, 42)])
    finally:
        service.close()
    url = f"imaps://{USER}@imap.example.com/INBOX"

    code, out, err = run(book, capsys, "capture", "--imap", url, "--forget-password")

    assert code == 0, err
    assert out == f"forgot the password of {account}; the next capture asks for it\n"
    assert memory_keyring.entries == {}
    code, out, err = run(book, capsys, "capture", "--imap", url, "--forget-password", "--json")
    assert code == 0, err
    assert json.loads(out) == {"account": account, "forgotten": False}
    service = LeadService.open(book)
    try:
        assert service.mailbox_marks(account) == {"INBOX": (7, 42)}
        assert service.captures() == []
    finally:
        service.close()


def test_a_refused_password_from_the_keychain_says_how_to_replace_it(
    book: Path, url: str, dovecot: Dovecot, memory_keyring: MemoryKeyring, capsys: pytest.CaptureFixture[str]
) -> None:
    memory_keyring.set_password(KEYCHAIN_SERVICE, f"{USER}@localhost:{dovecot.port}", "an old password")
    code, _, err = run(book, capsys, "capture", "--imap", url, "--ca", str(dovecot.certificate), "--me", USER)
    assert code == 1
    line = one_line(err)
    assert line.startswith("localhost refused the login for dana@example.com: wrong user name or password")
    assert line.endswith(
        f"that password came from the keychain: run `leadtemp capture --imap {url} --forget-password`, "
        "then capture again to enter the new one"
    )
