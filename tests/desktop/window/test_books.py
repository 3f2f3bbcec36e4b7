"""Several books side by side: File > New Book… (sales or recruiting), Open Recent, one window per
book with its own service and worker, and a recruiting book's window in its own words."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from desktop import app as desktop_app
from desktop.dialogs.new_book import NewBookDialog
from desktop.dialogs.settings_dialog import SettingsDialog
from desktop.notify.channels import TrayChannel
from desktop.window.books import RECENT_KEY, recent_books, remember_book
from desktop.window.main_window import MainWindow
from leadtemp.book_kinds import BookKind
from leadtemp.demo import create_demo_database
from leadtemp.model import Temperature
from leadtemp.service import LeadService
from tests.conftest import FakeClock
from tests.desktop.conftest import settle
from tests.desktop.notify.test_notifications import RecordingTray


def _windows() -> list[MainWindow]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]


@pytest.fixture
def closes_new_windows() -> Iterator[None]:
    before = set(map(id, _windows()))
    yield
    for window in _windows():
        if id(window) not in before:
            window.close()


@pytest.fixture
def hiring(tmp_path: Path, clock: FakeClock) -> Path:
    return create_demo_database(tmp_path / "hiring.db", now=clock, book=BookKind.RECRUITING)


def _new_book_dialog(qtbot: QtBot, window: MainWindow) -> NewBookDialog:
    window.menu_actions.new_book.trigger()
    dialog = window.active_dialog
    assert isinstance(dialog, NewBookDialog)
    return dialog


def test_new_book_cancelled_creates_nothing(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    dialog = _new_book_dialog(qtbot, window)
    proposed = dialog.path()
    assert proposed.parent == tmp_path and not proposed.exists()
    dialog.reject()
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert not proposed.exists() and _windows() == [window]


def test_new_book_refuses_an_existing_file_and_stays_open(
    qtbot: QtBot, window: MainWindow, db_path: Path
) -> None:
    dialog = _new_book_dialog(qtbot, window)
    dialog.path_edit.setText(str(db_path))
    dialog.accept()
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error.problem == f"{db_path.name} already exists; a new book needs a new file"
    dialog.path_edit.setText(str(db_path.parent / "no" / "such" / "book.db"))
    dialog.accept()
    assert dialog.error.problem is not None and "no folder" in dialog.error.problem
    dialog.reject()


@pytest.mark.usefixtures("closes_new_windows")
def test_a_new_recruiting_book_opens_in_a_second_window(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    dialog = _new_book_dialog(qtbot, window)
    dialog.path_edit.setText(str(tmp_path / "hiring"))
    dialog.set_kind(BookKind.RECRUITING)
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    qtbot.waitUntil(lambda: len(_windows()) == 2, timeout=10_000)
    second = next(w for w in _windows() if w is not window)
    qtbot.waitUntil(lambda: second.service is not None, timeout=10_000)
    assert second.db_path == tmp_path / "hiring.db"
    assert second.service is not window.service and second.workers is not window.workers
    assert second.windowTitle() == "hiring.db (recruiting) — LeadTemp"
    assert window.windowTitle() == f"{window.db_path.name} (sales) — LeadTemp"
    assert second.views.tabText(0) == "&Candidates" and window.views.tabText(0) == "&Leads"
    assert second.menu_actions.lead_menu.title() == "&Candidate"
    assert second.new_button.text() == "New candidate"
    qtbot.waitUntil(lambda: second.board_model.loaded, timeout=10_000)
    assert second.board_view.view(Temperature.HOT).placeholder.text() == "No hot candidates right now"
    assert window.board_view.view(Temperature.COLD).placeholder.isHidden()
    check = LeadService.open(second.db_path)
    try:
        assert check.rules.book is BookKind.RECRUITING
    finally:
        check.close()
    # The first window goes on with its own book.
    assert window.service is not None and window.service.rules.book is BookKind.SALES


@pytest.mark.usefixtures("closes_new_windows")
def test_open_recent_lists_books_and_brings_an_open_one_forward(
    qtbot: QtBot, window: MainWindow, hiring: Path, tmp_path: Path
) -> None:
    gone = tmp_path / "gone.db"
    remember_book(gone)  # a book since deleted is not offered
    assert recent_books() == [window.db_path.resolve()]
    opened = window.open_book(hiring)
    qtbot.waitUntil(lambda: opened.service is not None, timeout=10_000)
    assert recent_books() == [hiring.resolve(), window.db_path.resolve()]
    assert QSettings().value(RECENT_KEY) == [str(hiring.resolve()), str(window.db_path.resolve())]
    window.menu_actions.fill_recent_menu()
    entries = [action.text() for action in window.menu_actions.recent_menu.actions()]
    assert entries == ["&1 hiring.db", f"&2 {window.db_path.name}"]
    window.menu_actions.recent_menu.actions()[0].trigger()
    assert len(_windows()) == 2  # the book's window came forward; no second copy of it
    assert window.open_book(window.db_path) is window


@pytest.mark.usefixtures("closes_new_windows")
def test_a_recruiting_board_speaks_of_candidates(
    qtbot: QtBot, open_window: Callable[[Path], MainWindow], hiring: Path
) -> None:
    window = open_window(hiring)
    counts = [window.board_model.total(t) for t in Temperature]
    assert min(counts) >= 3
    assert window.status.summary.text().startswith(f"{sum(counts)} open candidates")
    tray = RecordingTray()
    window.notifications.use(TrayChannel(tray, window), tray)
    waiting = window.notifications.watch.waiting
    noun = "candidate" if waiting == 1 else "candidates"
    assert tray.toolTip() == f"LeadTemp — hiring.db: {waiting} hot {noun} waiting"
    window.menu_actions.update(True, None)
    assert window.menu_actions.show_closed.text() == "Show C&losed Candidates"


def test_settings_of_a_recruiting_book_edit_its_role_profile(
    qtbot: QtBot, hiring: Path, clock: FakeClock
) -> None:
    service = LeadService.open(hiring, now=clock)
    try:
        dialog = SettingsDialog(service)
        qtbot.addWidget(dialog)
        tabs = [dialog.tabs.tabText(i).replace("&", "") for i in range(dialog.tabs.count())]
        assert "Role" in tabs and "Ideal client" not in tabs
        assert {"applied", "offer_discussed", "not_looking"} <= set(dialog.point_spins)
        assert "pricing_request" not in dialog.point_spins
        assert dialog.role_skills_edit.text() == "python, django, postgresql, aws"
        dialog.role_skills_edit.setText("java, spring")
        dialog.point_spins["applied"].setValue(40)
        dialog.accept()
        assert dialog.result() == QDialog.DialogCode.Accepted
        rules = dialog.rules()
        assert rules.book is BookKind.RECRUITING and rules.role_profile.skills == ("java", "spring")
        assert rules.points == {"applied": 40.0}
        dialog.restore_defaults()
        assert dialog.point_spins["applied"].value() == 35
        assert [item.id for item in dialog.templates()[Temperature.HOT]] == [
            "respond_within_hour",
            "final_interview",
            "prepare_offer",
        ]
    finally:
        service.close()


def test_the_desktop_demo_offers_a_recruiting_book() -> None:
    assert desktop_app.parse_args(["--demo", "recruiting"]).demo_kind == "recruiting"
    plain = desktop_app.parse_args(["--demo"])
    assert plain.demo and plain.demo_kind == "sales"
    assert not desktop_app.parse_args(["--db", "x.db"]).demo


@pytest.mark.usefixtures("closes_new_windows")
def test_a_recruiting_demo_window(qtbot: QtBot, qapp: QApplication) -> None:
    window = desktop_app.create_window(demo=True, demo_kind="recruiting", auto_refresh=False)
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.board_model.loaded and window.service is not None, timeout=10_000)
    settle(qtbot, window)
    assert "(recruiting)" in window.windowTitle()
    assert all(window.board_model.total(t) for t in Temperature)
