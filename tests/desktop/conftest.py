"""Desktop fixtures: settings kept out of the user's profile, and a main window on a test database."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.theme import Appearance, ThemeManager
from desktop.window.main_window import MainWindow
from leadtemp.model import Temperature
from leadtemp.service import LeadService
from tests.conftest import FakeClock


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path) -> Iterator[None]:
    """Window geometry and appearance go to a temporary INI file, never the real profile."""
    previous = QSettings.defaultFormat()
    QCoreApplication.setOrganizationName("LeadTemp")
    QCoreApplication.setApplicationName("LeadTemp")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    yield
    QSettings.setDefaultFormat(previous)


@pytest.fixture
def themes(qapp: QApplication) -> ThemeManager:
    manager = ThemeManager.for_application()
    manager.set_appearance(Appearance.LIGHT)
    return manager


def add_lead(
    service: LeadService, clock: FakeClock, name: str, kinds: tuple[str, ...] = (), **fields: object
) -> int:
    """A contact with the given interactions logged an hour apart, ending now."""
    contact_id = service.add_contact(name, **fields).contact_id
    for offset, kind in enumerate(reversed(kinds)):
        service.log_interaction(contact_id, kind, clock() - timedelta(hours=offset + 1))
    return contact_id


#: Enough history to land in each column with the default rules.
WARM_KINDS = ("inquiry", "referral", "website_visit")
HOT_KINDS = ("proposal_request", "referral", "pricing_page_visit", "email_reply")


@pytest.fixture
def leads(service: LeadService, clock: FakeClock) -> dict[str, int]:
    """Six leads, two per column, written before any window opens the file."""
    ids = {
        "Cora Cold": add_lead(service, clock, "Cora Cold", ("website_visit",), company="Frost Ltd"),
        "Colin Quiet": add_lead(service, clock, "Colin Quiet", email="colin@quiet.example"),
        "Wanda Warm": add_lead(service, clock, "Wanda Warm", WARM_KINDS, company="Ember Co"),
        "Walt Mild": add_lead(service, clock, "Walt Mild", ("inquiry", "website_visit")),
        "Hattie Hot": add_lead(service, clock, "Hattie Hot", HOT_KINDS, company="Blaze Inc"),
        "Hugo Fire": add_lead(service, clock, "Hugo Fire", (*HOT_KINDS, "demo_booked")),
    }
    board = service.board()
    assert [len(board.column(t)) for t in Temperature] == [2, 2, 2]
    return ids


@pytest.fixture
def open_window(
    qtbot: QtBot, themes: ThemeManager, clock: FakeClock
) -> Iterator[Callable[[Path], MainWindow]]:
    """Build a main window on a path (opened in the background) and wait for its board."""
    windows: list[MainWindow] = []

    def build(path: Path) -> MainWindow:
        window = MainWindow(path, themes=themes, now=clock, auto_refresh=False)
        qtbot.addWidget(window)
        windows.append(window)
        # The start-up backup runs on the same worker as board refreshes: let it finish first.
        with qtbot.waitSignals([window.boardLoaded, window.dailyBackupFinished], timeout=10_000):
            window.show()
        return window

    yield build
    for window in windows:
        window.close()


@pytest.fixture
def window(open_window: Callable[[Path], MainWindow], db_path: Path, leads: dict[str, int]) -> MainWindow:
    return open_window(db_path)


def names(window: MainWindow, temperature: Temperature) -> list[str]:
    """The names a user sees in one column, in order (after the search filter)."""
    model = window.board_model.proxy(temperature)
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def settle(qtbot: QtBot, window: MainWindow) -> None:
    """Wait until the writes, undos and redos the window queued are back from its worker."""
    qtbot.waitUntil(lambda: not window.workers.busy, timeout=10_000)
