"""A server book, live: from a colleague's commit to the card moved on another desktop's board.

A real main window (offscreen) opens the book; a second service in the same process, as a colleague's
desktop, logs a pricing request for one cold lead after another. Each time is from the commit's
return to the window's board showing the new card (the NOTIFY heard on the window's listening
connection, the journal read, the one card re-read on its worker). The baseline, in the same run, is
a bare NOTIFY's round trip between two connections of the same server. Target: median < 100 ms.
Run with ``python -m bench.live_bench`` (its own server and a small book), or as part of
``python -m bench.pg_bench`` on the big one.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from unittest import mock

from bench.generate import generate_database
from leadtemp.importing.book_copy import copy_book
from leadtemp.model import Board, Card
from leadtemp.server_address import ServerAddress
from leadtemp.service import LeadService
from leadtemp.store.server.database import connect_raw
from tests.pg_server import PostgresServer, missing

if TYPE_CHECKING:
    from desktop.window.main_window import MainWindow

TARGET_MS = 100.0
WAIT_SECONDS = 5.0


def _wait_until(app: object, condition: Callable[[], bool]) -> bool:
    from PySide6.QtCore import QCoreApplication, QEventLoop

    deadline = time.perf_counter() + WAIT_SECONDS
    while not condition():
        if time.perf_counter() > deadline:
            return False
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 10)
    return True


def bare_notify_ms(book: str, repeat: int) -> float:
    """Median milliseconds from a NOTIFY's commit to another connection receiving it."""
    address = ServerAddress.parse(book)
    listening, notifying = connect_raw(address), connect_raw(address)
    try:
        listening.execute("LISTEN bench_live")
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            notifying.execute("NOTIFY bench_live")
            next(iter(listening.notifies(timeout=WAIT_SECONDS, stop_after=1)))
            times.append(time.perf_counter() - started)
        return statistics.median(times) * 1000
    finally:
        listening.close()
        notifying.close()


def live_board_ms(book: str, repeat: int) -> tuple[float, int]:
    """Median milliseconds from a colleague's commit to the window's board showing it, and how many
    whole-board reads the window made meanwhile (none is the point)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from desktop.window.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory(prefix="leadtemp-live-bench-") as folder:
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, folder)
        window = MainWindow(Path(book), auto_refresh=False)
        loaded: list[bool] = []
        window.boardLoaded.connect(lambda: loaded.append(True))
        window.show()
        if not _wait_until(app, lambda: bool(loaded) and not window.workers.busy):
            raise RuntimeError("the window did not load the board")
        reads: list[None] = []
        board = LeadService.board

        def counted(service: LeadService, *args: Any, **kwargs: Any) -> Board:
            reads.append(None)
            return board(service, *args, **kwargs)

        colleague = LeadService.open(book, actor="Bench Colleague")
        try:
            with mock.patch.object(LeadService, "board", counted):
                times = [
                    _one_move(app, window, colleague, card.contact_id) for card in cold_cards(window, repeat)
                ]
        finally:
            colleague.close()
            window.close()
    return statistics.median(times) * 1000, len(reads)


def cold_cards(window: MainWindow, count: int) -> list[Card]:
    from leadtemp.model import Temperature

    return window.board_model.column(Temperature.COLD).cards()[:count]


def _one_move(app: object, window: MainWindow, colleague: LeadService, contact_id: int) -> float:
    """Seconds from the colleague's pricing request committing to the window showing its card,
    the window idle before (what the last move set off, Today and the notices, has run)."""
    if not _wait_until(app, lambda: not window.workers.busy):
        raise RuntimeError("the window's worker did not go idle")
    before = window.board_model.card(contact_id)
    colleague.log_interaction(contact_id, "pricing_request")
    started = time.perf_counter()
    if not _wait_until(app, lambda: window.board_model.card(contact_id) != before):
        raise RuntimeError(f"lead {contact_id}'s card did not move within {WAIT_SECONDS:.0f} s")
    return time.perf_counter() - started


def report_live(book: str, repeat: int) -> bool:
    """Print figure (d); whether its median is under the target."""
    base = bare_notify_ms(book, repeat)
    measured, reads = live_board_ms(book, repeat)
    passed = measured < TARGET_MS and reads == 0
    print(
        f"(d) NOTIFY -> the other window's board updated: median {measured:.1f} ms over {repeat} "
        f"(target < {TARGET_MS:.0f} ms), {reads} board reads; a bare NOTIFY round trip {base:.2f} ms "
        f"({'ok' if passed else 'FAILED'})"
    )
    return passed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.live_bench", description=__doc__)
    parser.add_argument("--contacts", type=int, default=1_000)
    parser.add_argument("--interactions", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=31)
    args = parser.parse_args(argv)
    reason = missing()
    if reason is not None:
        print(f"live_bench: {reason}", file=sys.stderr)
        return 2
    server = PostgresServer()
    server.start()
    try:
        book = server.uri(server.new_database())
        with tempfile.TemporaryDirectory(prefix="leadtemp-live-bench-") as folder:
            copy_book(
                generate_database(Path(folder) / "bench.db", args.contacts, args.interactions, 1), Path(book)
            )
        print(f"server book: {args.contacts:,} contacts, {args.interactions:,} interactions")
        return 0 if report_live(book, args.repeat) else 1
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
