"""The window follows what ``leadtemp`` commands write to its book, without a restart.

The board catches up within a second of a command's commit (SQLite's ``data_version`` moved on the
window's connection), everything either side wrote is in the file afterwards, and the window's own
writes never set off catch-ups of their own.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop.window.main_window import MainWindow
from leadtemp.model import Card, Temperature
from leadtemp.service import LeadService
from tests.conftest import FakeClock
from tests.reliability.helpers import REPO, child_env

CATCH_UP_MS = 1000


def _cli(db: Path, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "leadtemp", "--db", str(db), *args],
        capture_output=True,
        text=True,
        env=child_env(),
        cwd=REPO,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _card(window: MainWindow, name: str) -> Card | None:
    cards = (card for t in Temperature for card in window.board_model.column(t).cards())
    return next((card for card in cards if card.name == name), None)


def _caught_up(qtbot: QtBot, condition: Callable[..., bool]) -> None:
    """The board shows a change within a second of the command that made it ending."""
    qtbot.waitUntil(condition, timeout=CATCH_UP_MS)


def test_the_board_picks_up_what_cli_commands_write_within_a_second(
    qtbot: QtBot,
    open_window: Callable[[Path], MainWindow],
    db_path: Path,
    leads: dict[str, int],
    clock: FakeClock,
) -> None:
    window = open_window(db_path)
    at = clock().isoformat()
    cli_notes: list[str] = []
    window_notes: list[str] = []
    for number, name in enumerate(("Cora Cold", "Colin Quiet", "Walt Mild")):
        note = f"cli {number}"
        before = _card(window, name)
        _cli(db_path, "log", str(leads[name]), "pricing_request", "--at", at, "--note", note)
        cli_notes.append(note)
        assert window.service is not None
        now_stored = window.service.card(leads[name])
        assert now_stored != before
        _caught_up(qtbot, lambda name=name, stored=now_stored: _card(window, name) == stored)

        note = f"window {number}"
        assert window.log(leads["Wanda Warm"], "email_reply", clock(), note)
        window_notes.append(note)

        added = f"New lead {number}"
        _cli(db_path, "add-contact", added)
        _caught_up(qtbot, lambda added=added: _card(window, added) is not None)
    assert window.panel is not None
    window.close()

    reopened = LeadService.open(db_path)
    notes = {i.note for cid in leads.values() for i in reopened.interactions(cid)}
    names = {card.name for card in reopened.board().all_cards()}
    reopened.close()
    assert set(cli_notes) <= notes and set(window_notes) <= notes
    assert {f"New lead {n}" for n in range(3)} <= names


def test_a_burst_of_the_windows_own_writes_is_caught_up_with_once(
    qtbot: QtBot, open_window: Callable[[Path], MainWindow], db_path: Path, leads: dict[str, int]
) -> None:
    """The window's writes commit on the worker's connection, which the poll cannot tell from
    another program's: it waits while they run and then catches up once, never once per write."""
    window = open_window(db_path)
    synced: list[None] = []
    window.boardSynced.connect(lambda: synced.append(None))
    for kind in ("website_visit", "email_reply", "pricing_request"):
        assert window.log(leads["Colin Quiet"], kind)
    qtbot.waitUntil(lambda: window.undo_stack.count() == 3)
    qtbot.waitUntil(lambda: len(synced) == 1)
    qtbot.wait(3 * 250 + 200)
    assert len(synced) == 1

    done: list[object] = []
    window.workers.run(
        "Logging", lambda service, _p: service.log_interaction(leads["Cora Cold"], "referral"), done.append
    )
    qtbot.waitUntil(lambda: len(synced) == 2)
    qtbot.wait(3 * 250 + 200)
    assert len(synced) == 2, "a background write is caught up with once"


def test_a_card_another_process_moves_says_why(
    qtbot: QtBot,
    open_window: Callable[[Path], MainWindow],
    db_path: Path,
    leads: dict[str, int],
    clock: FakeClock,
) -> None:
    """The board never changes column without a word: a pricing request logged by the CLI moves
    the card and the window says which move and what was logged; a CLI write that moves nothing
    says nothing."""
    window = open_window(db_path)
    _cli(db_path, "log", str(leads["Cora Cold"]), "pricing_request", "--at", clock().isoformat())
    _caught_up(qtbot, lambda: bool(window.notices.messages()))
    assert window.notices.messages() == ["Cora Cold: cold -> hot, pricing request logged elsewhere"]
    window.notices.clear()

    _cli(db_path, "edit-contact", str(leads["Colin Quiet"]), "--company", "Elsewhere Ltd")
    _caught_up(qtbot, lambda: getattr(_card(window, "Colin Quiet"), "company", "") == "Elsewhere Ltd")
    qtbot.wait(200)
    assert window.notices.messages() == []


def test_a_move_the_other_process_already_recorded_is_still_announced(
    qtbot: QtBot, open_window: Callable[[Path], MainWindow], db_path: Path, clock: FakeClock
) -> None:
    """The CLI running at the window's own time records the lead's new temperature itself, so the
    window's refresh sees no move of its own: the synced board still says why the card moved."""
    clock.current = datetime.now(UTC).replace(microsecond=0)
    seed = LeadService.open(db_path, now=clock)
    cid = seed.add_contact("Nora North").contact_id
    seed.close()
    window = open_window(db_path)
    assert getattr(_card(window, "Nora North"), "temperature", None) is Temperature.COLD
    _cli(db_path, "log", str(cid), "demo_booked", "--at", clock().isoformat())
    _caught_up(qtbot, lambda: bool(window.notices.messages()))
    assert window.notices.messages() == ["Nora North: cold -> hot, demo booked logged elsewhere"]
