"""Nothing in this process opens a database file, its -wal or -shm outside SQLite while it has a
connection to it: closing such a descriptor would drop the connection's locks (POSIX), and another
process could then delete the WAL under it.

An audit hook sees every Python-level ``open`` and ``os.open`` and every ``sqlite3.connect``; it is
run over what the app and the CLI do to a book: writes, integrity checks, backups, the worker path
of the window, imports (the live database named as the file to import included) and a restore.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from pytestqt.qtbot import QtBot

from desktop.workers import Workers
from leadtemp import cli, integrity
from leadtemp.database_files import SIDE_SUFFIXES
from leadtemp.importing.commit import commit_import
from leadtemp.importing.jsonfile import import_json
from leadtemp.importing.preview import preview_file
from leadtemp.importing.read import ImportFileError, detect_format, parse_file
from leadtemp.importing.read.own_csv import own_export_mapping
from leadtemp.service import LeadService
from leadtemp.store import backup

CSV = "Name,Email,Company\nAda Lovelace,ada@example.com,Engines\nGrace Hopper,grace@example.com,Navy\n"


def _database_of(path: str) -> str:
    """The database a path belongs to: itself, or the file whose -wal/-shm/-journal it is."""
    for suffix in SIDE_SUFFIXES:
        if path.endswith(suffix):
            return path[: -len(suffix)]
    return path


def _real(database: object) -> str | None:
    """The file a ``sqlite3.connect`` argument names (a path or a ``file:`` URI)."""
    if isinstance(database, bytes):
        database = os.fsdecode(database)
    if not isinstance(database, (str, os.PathLike)):
        return None
    text = os.fspath(database)
    if text == ":memory:" or not text:
        return None
    if text.startswith("file:"):
        text = unquote(urlparse(text).path)
    return os.path.realpath(text)


class OpenWatch:
    """Every open of a database file (or a side file) made while a connection to it was live."""

    def __init__(self) -> None:
        self.installed = False
        self.active = False
        self.offences: list[str] = []
        self.connected: list[tuple[str, sqlite3.Connection]] = []
        self._connecting: dict[int, str | None] = {}
        self._lock = threading.Lock()

    def hook(self, event: str, args: tuple[object, ...]) -> None:
        if not self.active:
            return
        if event == "sqlite3.connect":
            self._connecting[threading.get_ident()] = _real(args[0])
        elif event == "sqlite3.connect/handle":
            path = self._connecting.pop(threading.get_ident(), None)
            if path is not None and isinstance(args[0], sqlite3.Connection):
                with self._lock:
                    self.connected.append((path, args[0]))
        elif event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
            opened = os.path.realpath(os.fsdecode(args[0]))
            if _database_of(opened) in self._live():
                self.offences.append(f"{opened} opened (flags {args[2]}) while a connection to it was live")

    def _live(self) -> set[str]:
        with self._lock:
            connections = list(self.connected)
        live: set[str] = set()
        for path, connection in connections:
            try:
                connection.total_changes  # noqa: B018 - raises once the connection is closed
            except sqlite3.ProgrammingError:
                continue
            live.add(path)
        return live


_WATCH = OpenWatch()


@pytest.fixture
def watch() -> Iterator[OpenWatch]:
    """The one watch (audit hooks cannot be removed), installed by the first test that uses it."""
    if not _WATCH.installed:
        sys.addaudithook(_WATCH.hook)
        _WATCH.installed = True
    _WATCH.offences.clear()
    _WATCH.active = True
    try:
        yield _WATCH
    finally:
        _WATCH.active = False
        _WATCH.connected.clear()


def test_the_watch_sees_a_plain_open_of_a_live_database(watch: OpenWatch, db_path: Path) -> None:
    """The hook itself: a read of the file while a connection is open is what it must catch."""
    service = LeadService.open(db_path)
    with open(db_path, "rb") as handle:
        handle.read(16)
    service.close()
    with open(db_path, "rb") as handle:
        handle.read(16)
    assert len(watch.offences) == 1


def test_no_database_file_is_opened_outside_sqlite_while_connected(
    watch: OpenWatch, qtbot: QtBot, db_path: Path, tmp_path: Path
) -> None:
    window = LeadService.open(db_path)
    contact_id = window.add_contact("Dana Lee", email="dana@example.com").contact_id
    window.log_interaction(contact_id, "pricing_request")

    assert integrity.check(db_path).ok
    made = backup.create_backup(db_path, "manual")
    usb = tmp_path / "usb"
    usb.mkdir()
    backup.backup_to(db_path, usb)
    assert backup.usable_problems(made) == []

    workers = Workers(db_path)
    done: list[object] = []
    for reply in range(3):
        workers.run(
            "Logging",
            lambda service, _p, note=f"reply {reply}": service.log_interaction(
                contact_id, "email_reply", note=note
            ),
            done.append,
        )
    workers.run("Board", lambda service, _p: service.board(), done.append)
    qtbot.waitUntil(lambda: len(done) == 4 and not workers.busy)
    workers.shutdown()
    qtbot.wait(1)

    contacts = tmp_path / "contacts.csv"
    contacts.write_text(CSV, encoding="utf-8")
    commit_import(window, preview_file(window, contacts))
    for name in ("", *SIDE_SUFFIXES[:2]):
        live = db_path.with_name(db_path.name + name)
        assert live.exists()
        detect_format(live)
        assert own_export_mapping(live) is None
        with pytest.raises(ImportFileError):
            parse_file(live)
        empty = LeadService.open(":memory:")
        with pytest.raises(ImportFileError):
            import_json(empty, live, dry_run=True)
        empty.close()

    for argv in (["board", "--json"], ["check"], ["backup"], ["log", str(contact_id), "website_visit"]):
        assert cli.main(["--db", str(db_path), *argv]) == 0
    assert cli.main(["--db", str(db_path), "export", str(tmp_path / "book.json")]) == 0
    window.close()

    backup.restore_backup(db_path, made)
    window = LeadService.open(db_path)
    window.log_interaction(contact_id, "demo_booked")
    assert integrity.check(db_path).ok
    window.close()

    assert watch.connected, "the hook saw the connections"
    assert watch.offences == []


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
def test_importing_the_open_database_is_refused_before_reading(
    watch: OpenWatch, db_path: Path, tmp_path: Path, suffix: str
) -> None:
    """Asked for by its own name or another one (a hard link), the live book is not read."""
    service = LeadService.open(db_path)
    service.add_contact("Dana Lee")
    other_names = [tmp_path / "contacts.csv", tmp_path / "book.json"]
    for other_name in other_names:
        os.link(db_path.with_name(db_path.name + suffix), other_name)
    for named in (db_path.with_name(db_path.name + suffix), *other_names):
        with pytest.raises(ImportFileError) as refused:
            preview_file(service, named)
        message = str(refused.value)
        assert "LeadTemp database in use" in message and "\n" not in message
        assert message.startswith(named.name)
    assert [card.name for card in service.board().all_cards()] == ["Dana Lee"]
    service.close()
    assert watch.offences == []
