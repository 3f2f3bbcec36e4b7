"""A recruiting book's window in its own words (Today, the Sort and Filter tooltips, the contact
dialogs) and without the sales stage and qualification chips until an answer is set."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from desktop.dialogs.contact_editor import ContactEditorDialog
from desktop.dialogs.quick_add import QuickAddDialog
from desktop.today.model import TodayRole
from desktop.window.main_window import MainWindow
from leadtemp.book_kinds import BookKind
from leadtemp.demo import create_demo_database
from leadtemp.new_book import create_book
from leadtemp.service import LeadService
from tests.conftest import FakeClock
from tests.desktop.conftest import settle


def _today(qtbot: QtBot, window: MainWindow) -> None:
    window.today.refresh()
    window.menu_actions.today.trigger()
    qtbot.waitUntil(lambda: window.today.model.loaded and not window.workers.busy, timeout=5000)


def test_an_empty_recruiting_books_today_says_candidate(
    qtbot: QtBot, open_window: Callable[[Path], MainWindow], tmp_path: Path, clock: FakeClock
) -> None:
    window = open_window(create_book(tmp_path / "hiring.db", BookKind.RECRUITING, now=clock))
    _today(qtbot, window)
    view = window.today.view
    nothing = "Nothing to do right now: no hot candidate is waiting and no follow-up is due."
    assert view.empty.text() == nothing
    view.qualified_only.setChecked(True)
    assert view.empty.text() == "No qualified candidate needs you right now."
    assert view.qualified_only.toolTip() == "Only the qualified candidates, in the same order"
    bar = window.arrange_bar
    assert bar.sort.toolTip() == "The order of the cards in each column and of the candidate list"
    assert bar.filter_button.toolTip().startswith("Show only some candidates:")
    for text in (view.empty.text(), bar.sort.accessibleName(), bar.filter_button.toolTip()):
        assert "lead" not in text.lower()
    assert window.service is not None
    editor = ContactEditorDialog(window.service, window)
    qtbot.addWidget(editor)
    assert editor.windowTitle() == "New candidate"
    editor.reject()
    quick = QuickAddDialog(window.service, window)
    qtbot.addWidget(quick)
    assert quick.windowTitle() == "Log an interaction with a candidate"
    quick.reject()
    assert quick.result() == QDialog.DialogCode.Rejected


def test_a_recruiting_book_shows_the_stage_only_once_answers_are_set(
    qtbot: QtBot, open_window: Callable[[Path], MainWindow], tmp_path: Path, clock: FakeClock
) -> None:
    hiring = create_demo_database(tmp_path / "hiring.db", now=clock, book=BookKind.RECRUITING)
    window = open_window(hiring)
    _today(qtbot, window)
    model = window.today.model
    assert model.rowCount() > 0
    assert {model.index(row, 0).data(TodayRole.StageTextRole) for row in range(model.rowCount())} == {""}
    first = model.entry(0).contact_id
    window.panel.set_contact(first)
    qtbot.waitUntil(lambda: window.panel.shown_contact_id == first, timeout=5000)
    chips = window.panel.qualification_chips
    assert chips.isHidden() and chips.stage_label.isHidden()
    service = LeadService.open(hiring, now=clock)
    try:
        service.qualify(first, {"budget": "yes", "authority": "yes", "need": "yes", "timeline": "2026-09-30"})
    finally:
        service.close()
    window.panel.set_contact(None)
    window.panel.set_contact(first)
    qtbot.waitUntil(lambda: not chips.isHidden(), timeout=5000)
    assert chips.stage_label.text() == "<b>Qualified</b>" and not chips.stage_label.isHidden()
    _today(qtbot, window)
    row = model.row_of(first)
    assert row is not None and model.index(row, 0).data(TodayRole.StageTextRole) == "Qualified"
    settle(qtbot, window)


def test_a_sales_books_contact_dialogs_keep_their_words(
    qtbot: QtBot, open_window: Callable[[Path], MainWindow], tmp_path: Path, clock: FakeClock
) -> None:
    window = open_window(create_book(tmp_path / "sales.db", BookKind.SALES, now=clock))
    _today(qtbot, window)
    assert "no hot lead is waiting" in window.today.view.empty.text()
    assert window.service is not None
    editor = ContactEditorDialog(window.service, window)
    qtbot.addWidget(editor)
    assert editor.windowTitle() == "New contact"
    editor.reject()
