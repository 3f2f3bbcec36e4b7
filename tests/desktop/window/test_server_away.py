"""A window on a server book whose server goes away: the bar says so and since when the board is
as shown, the board stays, a pin is refused with one message and nothing is queued; once the
server is back the window reconnects by itself and the board catches up."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.window.main_window import MainWindow
from leadtemp.model import Temperature
from leadtemp.service import LeadService
from tests.conftest import FakeClock
from tests.desktop.conftest import names, settle
from tests.pg_server import PostgresServer
from tests.pg_server import missing as pg_missing


@pytest.fixture
def own_server() -> Iterator[PostgresServer]:
    """A server of this test's own: it is stopped and started again, which the shared one is not."""
    reason = pg_missing()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    server = PostgresServer()
    try:
        server.start()
        yield server
    finally:
        server.stop()


def test_a_window_whose_server_goes_away_refuses_writes_and_reconnects_by_itself(
    own_server: PostgresServer,
    open_window: Callable[[Path], MainWindow],
    qtbot: QtBot,
    clock: FakeClock,
) -> None:
    book = own_server.uri(own_server.new_database())
    service = LeadService.open(book, now=clock)
    service.add_contact("Dana Lee", email="dana@example.com")
    service.log_interaction(1, "pricing_request", clock())
    service.close()
    window = open_window(Path(book))
    assert names(window, Temperature.HOT) == ["Dana Lee"] and not window.read_only_bar.isVisible()

    own_server.pause()
    qtbot.waitUntil(window.read_only_bar.isVisible, timeout=10_000)
    shown = clock().astimezone().strftime("%H:%M")
    assert window.read_only_bar.text().startswith(
        f"The server localhost cannot be reached: showing the board as it was at {shown}; changes are refused"
    )
    assert names(window, Temperature.HOT) == ["Dana Lee"]
    assert window.pin(1, Temperature.COLD) is False
    box = window.active_dialog
    assert box is not None
    assert box.text() == "The server localhost cannot be reached: nothing was changed"
    box.reject()
    assert not window.workers.busy and window.undo_stack.count() == 0

    own_server.resume()
    colleague = LeadService.open(book, now=clock)
    try:
        colleague.add_contact("Ari Stone")
        colleague.log_interaction(2, "pricing_request", clock())
        qtbot.waitUntil(
            lambda: (
                not window.read_only_bar.isVisible()
                and window.service is not None
                and names(window, Temperature.HOT) == ["Ari Stone", "Dana Lee"]
            ),
            timeout=15_000,
        )
        assert window.pin(1, Temperature.COLD) is True
        settle(qtbot, window)
        assert window.active_dialog is None
        pin = colleague.get_pin(1)
        assert pin is not None and pin.temperature is Temperature.COLD
    finally:
        colleague.close()
