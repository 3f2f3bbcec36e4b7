"""Which book a command runs on: reading never creates one, a failed first write leaves none,
database addresses other than a PostgreSQL server's are refused, and a read-only book can be read
but not changed."""

from __future__ import annotations

import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from leadtemp.cli import main
from leadtemp.service import LeadService
from tests.unprivileged import TEST_USER, unprivileged_user

REPO = Path(__file__).resolve().parents[3]


def run(db: Path | str, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("leadtemp: error:") and "Traceback" not in err
    return lines[0]


@pytest.mark.parametrize(
    "args",
    [
        ["board"],
        ["show", "1"],
        ["kinds"],
        ["checklist", "1"],
        ["imports"],
        ["closed"],
        ["export", "OUT/leads.json"],
        ["check"],
    ],
)
def test_a_reading_command_on_a_mistyped_path_is_an_error_and_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    (tmp_path / "OUT").mkdir()
    missing = tmp_path / "typo" / "sub" / "book.db"
    args = [arg.replace("OUT", str(tmp_path / "OUT")) for arg in args]
    code, out, err = run(missing, capsys, *args)
    assert code == 1
    assert str(missing) in (err if args[0] != "check" else out + err)
    if args[0] != "check":
        assert out == "" and "no LeadTemp book at" in one_line(err)
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["OUT"]


def test_a_writing_command_creates_the_book_and_says_so_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = tmp_path / "new" / "book.db"
    code, out, err = run(book, capsys, "add-contact", "Dana Lee")
    assert (code, out, err) == (0, "1\n", f"leadtemp: created a new book at {book}\n")
    code, out, err = run(book, capsys, "add-contact", "Sam Ortiz")
    assert (code, out, err) == (0, "2\n", "")
    assert not (book.parent / "backups").exists() or list((book.parent / "backups").iterdir())


@pytest.mark.parametrize(
    ("args", "content"),
    [
        (["log", "5", "website_visit"], None),
        (["import", "FILE"], "{not json"),
        (["import", "FILE"], '{"format": "leadtemp-export", "version": 99}'),
        (["import", "FILE", "--format", "csv"], "\x89PNG\r\n\x1a\n"),
        (["import", "MISSING"], None),
    ],
)
def test_a_refused_first_command_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], content: str | None
) -> None:
    given = tmp_path / "given.json"
    if content is not None:
        given.write_text(content, encoding="latin-1")
    args = [a.replace("MISSING", str(tmp_path / "nope.csv")).replace("FILE", str(given)) for a in args]
    book = tmp_path / "fresh" / "book.db"
    code, out, err = run(book, capsys, *args)
    assert code == 1 and out == ""
    one_line(err)
    assert not (tmp_path / "fresh").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == (["given.json"] if content is not None else [])


def test_a_dry_run_on_a_missing_book_previews_and_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    leads = tmp_path / "leads.csv"
    leads.write_text("name,email\nDana Lee,dana@example.com\n", encoding="utf-8")
    book = tmp_path / "book.db"
    code, out, _ = run(book, capsys, "import", str(leads), "--dry-run")
    assert code == 0 and out.startswith("would import: new 1,")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["leads.csv"]


@pytest.mark.parametrize("address", ["mysql://lead:s3cret@db.example.com/leads", "sqlite:///x.db"])
def test_a_database_address_other_than_postgresql_is_refused_whether_given_or_in_the_environment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, address: str
) -> None:
    monkeypatch.chdir(tmp_path)
    for args in (["add-contact", "Dana"], ["board"], ["backup"], ["check"]):
        code, out, err = run(address, capsys, *args)
        assert code == 1 and out == ""
        line = one_line(err)
        assert "does not open" in line and "--db" in line and "s3cret" not in line
    monkeypatch.setenv("LEADTEMP_DB", address)
    assert main(["add-contact", "Dana"]) == 1
    assert "LEADTEMP_DB names a" in one_line(capsys.readouterr().err)


def test_a_password_in_a_server_address_is_refused_and_never_repeated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for args in (["add-contact", "Dana"], ["board"], ["check"]):
        code, out, err = run("postgresql://lead:s3cret@db.example.com/leads", capsys, *args)
        assert code == 1 and out == ""
        line = one_line(err)
        assert "holds a password" in line and "s3cret" not in line
    assert list(tmp_path.iterdir()) == []
    assert list(tmp_path.iterdir()) == []


# A read-only book, tried as a user the file modes apply to (root ignores them).


@pytest.fixture(scope="module")
def user() -> pwd.struct_passwd:
    found = unprivileged_user()
    if found is None:
        pytest.skip(f"running as root and cannot create the user {TEST_USER!r} to test file modes")
    return found


@pytest.fixture
def shared(user: pwd.struct_passwd) -> Iterator[Path]:
    """A folder the test user owns, outside pytest's private temporary folder."""
    folder = Path(tempfile.mkdtemp(prefix="leadtemp-ro-"))
    os.chmod(folder, 0o755)
    os.chown(folder, user.pw_uid, user.pw_gid)
    yield folder
    for path in (folder, *folder.rglob("*")):
        if path.is_dir():
            path.chmod(0o755)
    shutil.rmtree(folder)


#: Run as root, load LeadTemp whole, then become the user: the interpreter may live where only
#: root can read (a pyenv under /root), the book's file modes must apply to what runs.
_AS_USER = """
import importlib, os, pkgutil, sys
import encodings.cp1252, encodings.latin_1, encodings.utf_16, encodings.utf_8_sig
import leadtemp
for module in pkgutil.walk_packages(leadtemp.__path__, "leadtemp."):
    if not module.name.endswith("__main__"):
        importlib.import_module(module.name)
uid, gid = int(sys.argv[1]), int(sys.argv[2])
if os.geteuid() == 0:
    os.setgroups([])
    os.setgid(gid)
    os.setuid(uid)
from leadtemp.cli import main
sys.exit(main(sys.argv[3:]))
"""


def _as_user(user: pwd.struct_passwd, folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(REPO), "HOME": str(folder)}
    return subprocess.run(
        [sys.executable, "-c", _AS_USER, str(user.pw_uid), str(user.pw_gid), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=folder,
        timeout=60,
        check=False,
    )


def _read_only_book(user: pwd.struct_passwd, folder: Path, *, folder_too: bool) -> Path:
    books = folder / "books"
    books.mkdir()
    book = books / "book.db"
    service = LeadService.open(book)
    service.add_contact("Dana Lee", email="dana@example.com")
    service.log_interaction(1, "pricing_request")
    service.close()
    for path in (books, book):
        os.chown(path, user.pw_uid, user.pw_gid)
    book.chmod(0o444)
    if folder_too:
        books.chmod(0o555)
    return book


@pytest.mark.parametrize("folder_too", [True, False], ids=["folder-0555", "file-only"])
def test_a_read_only_book_is_read_but_never_changed(
    user: pwd.struct_passwd, shared: Path, folder_too: bool
) -> None:
    book = _read_only_book(user, shared, folder_too=folder_too)
    before = book.read_bytes()
    out = shared / "out"
    out.mkdir()
    os.chown(out, user.pw_uid, user.pw_gid)

    board = _as_user(user, shared, "--db", str(book), "board", "--json")
    assert board.returncode == 0, board.stderr
    assert [card["name"] for card in json.loads(board.stdout)["hot"]] == ["Dana Lee"]
    assert board.stderr == ""
    logged = _as_user(user, shared, "--db", str(book), "log", "1", "website_visit")
    assert logged.returncode == 1 and logged.stdout == ""
    assert logged.stderr.strip().splitlines() == [
        f"leadtemp: error: {book} is read-only: `log` would change it; nothing was changed"
    ]
    if folder_too:
        shown = _as_user(user, shared, "--db", str(book), "show", "1", "--json")
        assert shown.returncode == 0 and json.loads(shown.stdout)["score"] > 0, shown.stderr
        exported = _as_user(user, shared, "--db", str(book), "export", str(out / "book.json"))
        assert exported.returncode == 0, exported.stderr
        assert [c["name"] for c in json.loads((out / "book.json").read_text())["contacts"]] == ["Dana Lee"]
        added = _as_user(user, shared, "--db", str(book), "add-contact", "Sam")
        assert added.returncode == 1 and "is read-only: `add-contact` would change it" in added.stderr
    assert book.read_bytes() == before
    assert sorted(p.name for p in book.parent.iterdir() if p.name.startswith(book.name)) in (
        [book.name],
        [book.name, f"{book.name}-shm", f"{book.name}-wal"],
    )
    assert not (book.parent / "backups").exists()
