"""A window on a server book, live: a colleague's change (another desktop's service, or a
``leadtemp`` command) reaches the board within a second through LISTEN/NOTIFY, re-reading only the
leads it touched; the whole board is read again only when the journal cannot say what changed."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from desktop.window import server_listener
from desktop.window.main_window import MainWindow
from leadtemp.model import Card, Temperature
from leadtemp.service import LeadService
from tests.conftest import FakeClock
from tests.desktop.conftest import names
from tests.reliability.helpers import REPO, child_env

pytestmark = pytest.mark.parametrize("book_location", ["postgresql"], indirect=True)

LIVE_MS = 1000
RETRY_SECONDS = server_listener.RETRY_SECONDS


@pytest.fixture
def board_reads(monkeypatch: pytest.MonkeyPatch) -> list[int | None]:
    """Every whole-board read from now on (its ``top``), on any thread's service."""
    reads: list[int | None] = []
    board = LeadService.board

    def counted(self: LeadService, *args: Any, **kwargs: Any) -> Any:
        reads.append(kwargs.get("top"))
        return board(self, *args, **kwargs)

    monkeypatch.setattr(LeadService, "board", counted)
    return reads


@pytest.fixture
def live_window(
    open_window: Callable[[Path], MainWindow], book_location: str, leads: dict[str, int]
) -> MainWindow:
    window = open_window(Path(book_location))
    assert window.live.listener.listening
    return window


@pytest.fixture
def sam(book_location: str, clock: FakeClock) -> Iterator[LeadService]:
    """Sam's desktop on the same server book."""
    service = LeadService.open(book_location, now=clock, actor="Sam")
    yield service
    service.close()


def _card(window: MainWindow, name: str) -> Card | None:
    cards = (card for t in Temperature for card in window.board_model.column(t).cards())
    return next((card for card in cards if card.name == name), None)


def test_a_colleague_s_pricing_request_moves_the_card_says_who_and_notifies_without_a_board_read(
    qtbot: QtBot,
    live_window: MainWindow,
    leads: dict[str, int],
    sam: LeadService,
    board_reads: list[int | None],
) -> None:
    window = live_window
    assert "Walt Mild" in names(window, Temperature.WARM)
    with qtbot.waitSignal(window.notifications.watch.turnedHot, timeout=3000) as turned:
        sam.log_interaction(leads["Walt Mild"], "pricing_request")
        qtbot.waitUntil(lambda: "Walt Mild" in names(window, Temperature.HOT), timeout=LIVE_MS)
    assert [card.name for card in turned.args[0]] == ["Walt Mild"]
    qtbot.waitUntil(lambda: bool(window.notices.messages()), timeout=LIVE_MS)
    assert window.notices.messages() == ["Sam logged a pricing request for Walt Mild and moved it to hot"]
    assert board_reads == []
    # The window now shows Sam's change: its own pin on Walt goes through.
    assert window.pin(leads["Walt Mild"], Temperature.COLD)
    qtbot.waitUntil(lambda: "Walt Mild" in names(window, Temperature.COLD), timeout=LIVE_MS)
    qtbot.wait(300)
    assert window.active_dialog is None and board_reads == []


def test_two_windows_on_one_book_follow_each_other(
    qtbot: QtBot,
    open_window: Callable[[Path], MainWindow],
    book_location: str,
    leads: dict[str, int],
    board_reads: list[int | None],
) -> None:
    mine, theirs = open_window(Path(book_location)), open_window(Path(book_location))
    reads_before = len(board_reads)
    assert mine.pin(leads["Cora Cold"], Temperature.HOT)
    qtbot.waitUntil(lambda: "Cora Cold" in names(theirs, Temperature.HOT), timeout=LIVE_MS)
    assert theirs.log(leads["Hugo Fire"], "not_interested")
    qtbot.waitUntil(lambda: "Hugo Fire" in names(mine, Temperature.COLD), timeout=LIVE_MS)
    qtbot.wait(300)
    assert len(board_reads) == reads_before


def test_a_lead_added_elsewhere_reads_the_board_again(
    qtbot: QtBot, live_window: MainWindow, sam: LeadService, board_reads: list[int | None]
) -> None:
    """Adding a lead makes no journal entry: the journal cannot say, so the board is read."""
    sam.add_contact("Nina New")
    qtbot.waitUntil(lambda: _card(live_window, "Nina New") is not None, timeout=LIVE_MS)
    assert None in board_reads


def test_rules_changed_on_another_desktop_read_the_board_again_under_them(
    qtbot: QtBot,
    live_window: MainWindow,
    leads: dict[str, int],
    sam: LeadService,
    board_reads: list[int | None],
) -> None:
    assert "Cora Cold" in names(live_window, Temperature.COLD)
    sam.update_settings(sam.rules.with_changes(warm_min=1))
    qtbot.waitUntil(lambda: "Cora Cold" in names(live_window, Temperature.WARM), timeout=LIVE_MS)
    assert None in board_reads
    # A change the journal names afterwards is scored under the new rules too.
    qtbot.waitUntil(lambda: not live_window.workers.busy)
    board_reads.clear()
    sam.log_interaction(leads["Colin Quiet"], "website_visit")
    qtbot.waitUntil(lambda: "Colin Quiet" in names(live_window, Temperature.WARM), timeout=LIVE_MS)
    assert board_reads == []


def test_a_cli_write_on_the_server_book_moves_the_card_within_a_second(
    qtbot: QtBot,
    live_window: MainWindow,
    book_location: str,
    leads: dict[str, int],
    clock: FakeClock,
    board_reads: list[int | None],
) -> None:
    logged = ("log", str(leads["Cora Cold"]), "demo_booked", "--at", clock().isoformat())
    done = subprocess.run(
        [sys.executable, "-m", "leadtemp", "--db", book_location, *logged],
        capture_output=True,
        text=True,
        env=child_env(),
        cwd=REPO,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    qtbot.waitUntil(lambda: "Cora Cold" in names(live_window, Temperature.HOT), timeout=LIVE_MS)
    assert board_reads == []
    qtbot.waitUntil(lambda: bool(live_window.notices.messages()), timeout=LIVE_MS)
    assert live_window.notices.messages() == ["Cora Cold: cold -> hot, demo booked logged elsewhere"]


def test_the_listener_stops_with_the_window(live_window: MainWindow) -> None:
    live_window.release_database()
    assert not live_window.live.listener.listening


def test_what_was_written_while_the_listening_connection_was_down_reaches_the_board(
    qtbot: QtBot, live_window: MainWindow, sam: LeadService
) -> None:
    """Nothing is heard while the connection is down: once it is made again the board is read."""
    ended = sam.store.conn.raw.execute(  # type: ignore[attr-defined]
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'LISTEN leadtemp'"
    ).fetchall()
    assert (True,) in ended
    sam.add_contact("Nina Unheard")
    qtbot.waitUntil(
        lambda: _card(live_window, "Nina Unheard") is not None, timeout=RETRY_SECONDS * 1000 + LIVE_MS
    )
