"""A book on the test PostgreSQL server from the command line: ``server init``, ``--db URI``,
``copy`` both ways (verified, never into a book that holds anything), TLS checked by default and
the password from the environment or the keychain."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from leadtemp.cli import main
from leadtemp.service import LeadService
from leadtemp.store import LATEST_VERSION, Store, whole_book
from tests.conftest import FakeClock
from tests.leadtemp.capture.imap.dovecot import OPENSSL
from tests.leadtemp.capture.imap.fixtures import MemoryKeyring, memory_keyring
from tests.pg_server import PostgresServer

__all__ = ["memory_keyring"]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def database_of(uri: str) -> str:
    return uri.split("?")[0].rsplit("/", 1)[1]


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("leadtemp: error:") and "Traceback" not in err
    return lines[0]


@pytest.fixture
def no_password_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """``--password-env`` sets libpq's ``PGPASSWORD`` for the run: gone again after the test."""
    monkeypatch.delenv("PGPASSWORD", raising=False)
    yield


def table_rows(book: str | Path) -> dict[str, list[tuple[object, ...]]]:
    store = Store(book, create=False)
    try:
        return {
            table: sorted(
                tuple(float(v) if isinstance(v, int | float) and not isinstance(v, bool) else v for v in row)
                for row in whole_book.table_rows(store, table, whole_book.table_columns(store, table))
            )
            for table in whole_book.TABLES
        } | {"settings": sorted(whole_book.settings(store).items())}  # type: ignore[dict-item]
    finally:
        store.close()


def a_book(path: Path, clock: FakeClock) -> None:
    service = LeadService.open(path, now=clock)
    try:
        dana = service.add_contact("Dana Lee", email="dana@example.com", company="Acme").contact_id
        ari = service.add_contact("Ari", fit=7).contact_id
        for hours, kind in ((30, "website_visit"), (20, "content_download"), (2, "pricing_request")):
            service.log_interaction(dana, kind, clock.current - timedelta(hours=hours))
        service.log_interaction(ari, "email_open", clock.current - timedelta(days=3))
        service.pin(ari, "warm")
        service.set_next_step(dana, "send the proposal", (clock.current + timedelta(days=2)).date())
    finally:
        service.close()


def test_server_init_makes_a_book_that_every_command_then_uses(
    pg_uri: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "server", "init", pg_uri, "--kind", "recruiting", "--json")
    assert code == 0
    made = json.loads(out)
    assert made["schema_version"] == LATEST_VERSION and made["kind"] == "recruiting"
    assert "sslrootcert" not in made["book"] and made["book"].startswith("postgresql://leadtemp@localhost:")
    code, out, _ = run(capsys, "server", "init", pg_uri, "--json")
    assert code == 0 and json.loads(out)["kind"] == "recruiting"
    code, out, _ = run(capsys, "--db", pg_uri, "add-contact", "Dana Lee", "--company", "Acme")
    assert code == 0 and out.strip() == "1"
    assert run(capsys, "--db", pg_uri, "log", "1", "interview_scheduled")[0] == 0
    code, out, _ = run(capsys, "--db", pg_uri, "board", "--json")
    assert code == 0
    assert [card["name"] for card in json.loads(out)["hot"]] == ["Dana Lee"]
    code, out, _ = run(capsys, "--db", pg_uri, "check")
    assert code == 0 and out.startswith(f"ok: {made['book']} (1 contacts, 1 interactions)")


def test_a_command_on_a_database_without_a_book_is_refused_and_makes_none(
    pg_server: PostgresServer, pg_uri: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for args in (["add-contact", "Dana"], ["board"]):
        code, out, err = run(capsys, "--db", pg_uri, *args)
        assert code == 1 and out == ""
        assert "server init" in one_line(err)
    database = database_of(pg_uri)
    assert pg_server.sql("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", database) == "0"


def test_a_book_copied_to_a_server_and_back_is_the_same_book(
    pg_uri: str, tmp_path: Path, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "mine.db"
    a_book(source, clock)
    code, out, err = run(capsys, "copy", str(source), pg_uri, "--json")
    assert code == 0, err
    copied = json.loads(out)
    assert copied["checked"] is True
    assert copied["counts"]["contacts"] == 2 and copied["counts"]["interactions"] == 4
    assert copied["counts"]["pins"] == 1 and copied["counts"]["next_steps"] == 1
    assert table_rows(pg_uri) == table_rows(source)
    back = tmp_path / "back" / "again.db"
    back.parent.mkdir()
    code, out, err = run(capsys, "copy", pg_uri, str(back))
    assert code == 0, err
    assert out.startswith("copied postgresql://leadtemp@localhost:") and out.rstrip().endswith("checked")
    assert table_rows(back) == table_rows(source)
    shown = [
        json.loads(run(capsys, "--db", str(book), "show", "1", "--json")[1]) for book in (source, pg_uri)
    ]
    assert shown[0] == shown[1] and shown[0]["name"] == "Dana Lee"


def test_a_copy_into_a_book_that_holds_anything_is_refused_and_changes_nothing(
    pg_uri: str, tmp_path: Path, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "mine.db"
    a_book(source, clock)
    assert run(capsys, "copy", str(source), pg_uri)[0] == 0
    before = table_rows(pg_uri)
    code, out, err = run(capsys, "copy", str(source), pg_uri)
    assert code == 1 and out == ""
    assert "is not empty (2 contacts" in one_line(err)
    assert table_rows(pg_uri) == before
    other = tmp_path / "other.db"
    a_book(other, clock)
    code, _, err = run(capsys, "copy", pg_uri, str(other))
    assert code == 1 and "is not empty" in one_line(err)
    code, _, err = run(capsys, "copy", str(tmp_path / "missing.db"), pg_uri)
    assert code == 1 and "no LeadTemp book" in one_line(err)
    assert table_rows(pg_uri) == before


def test_the_servers_certificate_is_checked_unless_the_user_turns_that_off(
    pg_server: PostgresServer, pg_uri: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stranger = tmp_path / "stranger.crt"
    subprocess.run(
        [
            *(OPENSSL, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"),
            *(
                "-days",
                "1",
                "-subj",
                "/CN=localhost",
                "-keyout",
                str(tmp_path / "k.pem"),
                "-out",
                str(stranger),
            ),
        ],
        check=True,
        capture_output=True,
    )
    wrong_ca = pg_uri.split("?")[0] + f"?sslrootcert={stranger}"
    code, out, err = run(capsys, "--db", wrong_ca, "server", "init", wrong_ca)
    assert code == 1 and out == ""
    line = one_line(err)
    assert "certificate" in line and "--ca FILE" in line and "--no-verify" in line
    code, out, err = run(capsys, "--no-verify", "server", "init", wrong_ca)
    assert code == 0 and "schema" in out
    assert "warning: the certificate of localhost is not checked" in err
    bare = pg_uri.split("?")[0]
    code, out, err = run(capsys, "--ca", str(pg_server.certificate), "--db", bare, "board")
    assert code == 0 and err == ""
    code, out, err = run(capsys, "--ca", str(tmp_path / "none.crt"), "--db", bare, "board")
    assert code == 1 and "--ca" in one_line(err)


@pytest.fixture
def sam(pg_server: PostgresServer, pg_uri: str) -> str:
    """The address of the test's database for a role that needs its password (it owns the database)."""
    database = database_of(pg_uri)
    pg_server.sql(f"CREATE ROLE sam_{database} LOGIN PASSWORD 'open sesame'")
    pg_server.sql(f"ALTER DATABASE {database} OWNER TO sam_{database}")
    pg_server.sql(f"ALTER SCHEMA public OWNER TO sam_{database}", database)
    return pg_uri.replace("leadtemp@", f"sam_{database}@")


def test_a_password_comes_from_the_environment_or_the_keychain_never_from_a_file(
    sam: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
    no_password_env: None,
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "server", "init", sam)
    assert code == 1 and "password" in one_line(err)
    code, out, err = run(capsys, "--password-env", "SAM_PASSWORD", "server", "init", sam)
    assert code == 1 and "SAM_PASSWORD" in one_line(err)
    monkeypatch.setenv("SAM_PASSWORD", "open sesame")
    code, out, err = run(capsys, "--password-env", "SAM_PASSWORD", "server", "init", sam)
    assert code == 0, err
    monkeypatch.delenv("PGPASSWORD")
    monkeypatch.setattr("sys.stdin", _Lines("open sesame\n"))
    code, out, _ = run(capsys, "server", "password", sam)
    assert code == 0 and "kept the password" in out
    assert list(memory_keyring.entries.values()) == ["open sesame"]
    assert run(capsys, "--db", sam, "add-contact", "Dana")[0] == 0
    assert list(tmp_path.iterdir()) == []
    code, out, _ = run(capsys, "server", "password", sam, "--forget")
    assert code == 0 and memory_keyring.entries == {}
    assert run(capsys, "--db", sam, "board")[0] == 1


class _Lines:
    """Standard input that is not a terminal."""

    def __init__(self, text: str) -> None:
        self._lines = iter(text.splitlines(keepends=True))

    def isatty(self) -> bool:
        return False

    def readline(self) -> str:
        return next(self._lines, "")


def test_a_role_granted_reading_only_reads_the_book_and_changes_nothing(
    pg_server: PostgresServer,
    pg_uri: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    no_password_env: None,
) -> None:
    assert run(capsys, "server", "init", pg_uri)[0] == 0
    assert run(capsys, "--db", pg_uri, "add-contact", "Dana Lee")[0] == 0
    role = f"assistant_{database_of(pg_uri)}"
    code, _, err = run(capsys, "--db", pg_uri, "server", "grant", role, "--read-only")
    assert code == 1 and f"no role {role}" in one_line(err)
    pg_server.sql(f"CREATE ROLE {role} LOGIN PASSWORD 'assist'")
    code, out, _ = run(capsys, "--db", pg_uri, "server", "grant", role, "--read-only")
    assert code == 0 and out.strip().startswith(f"{role} may read postgresql://")
    assistant = pg_uri.replace("leadtemp@", f"{role}@")
    monkeypatch.setenv("PGPASSWORD", "assist")
    code, out, _ = run(capsys, "--db", assistant, "board", "--json")
    assert code == 0 and [card["name"] for card in json.loads(out)["cold"]] == ["Dana Lee"]
    code, out, err = run(capsys, "--db", assistant, "add-contact", "Ari")
    assert code == 1 and out == "" and "may only read" in one_line(err)
    code, _, err = run(capsys, "--db", assistant, "log", "1", "pricing_request")
    assert code == 1 and "may only read" in one_line(err)
    monkeypatch.delenv("PGPASSWORD")
    assert run(capsys, "--db", pg_uri, "server", "grant", role)[0] == 0
    monkeypatch.setenv("PGPASSWORD", "assist")
    assert run(capsys, "--db", assistant, "log", "1", "pricing_request")[0] == 0
    code, out, _ = run(capsys, "--db", assistant, "board", "--json")
    assert [card["name"] for card in json.loads(out)["hot"]] == ["Dana Lee"]
    monkeypatch.delenv("PGPASSWORD")
    code, out, _ = run(capsys, "--db", pg_uri, "check")
    assert code == 0
