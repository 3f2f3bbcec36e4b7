"""LeadTemp makes no network connection unless told to read a mailbox (``capture --imap``, a
connected mailbox in the window): a whole session runs with Python sockets forbidden.

The session covers the CLI (every command, import/export when wired in) and, offscreen, the
desktop main window doing real work. Qt's own networking module must not even be loaded.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from leadtemp.cli import build_parser, main

opened: list[str] = []


class ForbiddenSocket(socket.socket):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        opened.append(f"socket{args}")
        raise AssertionError("LeadTemp tried to open a socket")


def forbidden(name: str) -> Any:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        opened.append(f"{name}{args}")
        raise AssertionError(f"LeadTemp called socket.{name}")

    return refuse


@pytest.fixture
def no_sockets(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    opened.clear()
    monkeypatch.setattr(socket, "socket", ForbiddenSocket)
    for name in ("create_connection", "socketpair", "getaddrinfo", "gethostbyname", "create_server"):
        monkeypatch.setattr(socket, name, forbidden(name))
    yield opened
    assert opened == [], opened


def cli(db: Path, *args: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["--db", str(db), *args])
    assert code == 0, (args, out.getvalue())
    return out.getvalue()


def commands() -> set[str]:
    for action in build_parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()


def test_a_cli_session_opens_no_socket(no_sockets: list[str], tmp_path: Path) -> None:
    db = tmp_path / "leads.db"
    first = json.loads(cli(db, "add-contact", "Dana Lee", "--email", "dana@example.com", "--json"))["id"]
    second = cli(db, "add-contact", "Sam Roe").strip()
    for kind in ("website_visit", "pricing_request", "demo_booked"):
        cli(db, "log", str(first), kind, "--note", f"{kind} note")
    cli(db, "edit-contact", second, "--company", "Acme")
    for args in (
        ("board", "--json"),
        ("show", str(first), "--json"),
        ("pin", second, "hot"),
        ("unpin", second),
        ("kinds",),
        ("checklist", str(first), "--tick", "1"),
        ("outcome", second, "won"),
        ("refresh",),
        ("archive", second),
        ("purge", second),
        ("backup",),
        ("backups",),
        ("check",),
    ):
        cli(db, *args)
    available = commands()
    if {"export", "import"} <= available:
        exported = tmp_path / "out.csv"
        cli(db, "export", str(exported))
        cli(tmp_path / "other.db", "import", str(exported))
    made = cli(db, "backup").strip()
    cli(db, "restore", made)


@pytest.mark.skipif(importlib.util.find_spec("desktop.app") is None, reason="no desktop app yet")
def test_a_desktop_session_opens_no_socket(no_sockets: list[str], qtbot: Any, tmp_path: Path) -> None:
    from desktop.app import create_window

    db = tmp_path / "leads.db"
    window: Any = create_window(db, auto_refresh=False)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.service is not None, timeout=20_000)
    contact_id = window.service.add_contact("Window Lead").contact_id
    assert window.log(contact_id, "pricing_request")
    assert window.pin(contact_id, window.service.card(contact_id).temperature)
    window.reload_board()
    window.open_backups_dialog()
    window.release_database()
    window.close()
    assert "PySide6.QtNetwork" not in sys.modules
