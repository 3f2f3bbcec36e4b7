"""The window never waits on the database: every read and write of a user's action runs on the worker.

Every connection the window opens is traced; a statement run on the UI thread once the board is up is
recorded. The one allowed is the cheap ``PRAGMA data_version`` poll that notices another process's
writes (it must ask this thread's own connection).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.dialogs.contact_editor import ContactEditorDialog
from desktop.dialogs.quick_add import QuickAddDialog
from desktop.window.main_window import MainWindow
from leadtemp.model import Temperature
from tests.desktop.conftest import settle

ALLOWED_ON_UI_THREAD = ("PRAGMA data_version",)


class UiThreadStatements:
    """Statements run on the main thread by connections opened while recording."""

    def __init__(self) -> None:
        self.recording = False
        self.statements: list[str] = []

    def trace(self, statement: str) -> None:
        on_ui_thread = threading.current_thread() is threading.main_thread()
        if self.recording and on_ui_thread and not statement.strip().startswith(ALLOWED_ON_UI_THREAD):
            self.statements.append(statement.strip().splitlines()[0][:120])


@pytest.fixture
def ui_statements(monkeypatch: pytest.MonkeyPatch, leads: dict[str, int]) -> Iterator[UiThreadStatements]:
    recorder = UiThreadStatements()
    real_connect = sqlite3.connect

    def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        conn = real_connect(*args, **kwargs)
        conn.set_trace_callback(recorder.trace)
        return conn

    monkeypatch.setattr(sqlite3, "connect", connect)
    yield recorder


def test_a_users_common_actions_read_nothing_on_the_ui_thread(
    qtbot: QtBot,
    open_window: Callable[[Path], MainWindow],
    db_path: Path,
    leads: dict[str, int],
    ui_statements: UiThreadStatements,
) -> None:
    window = open_window(db_path)
    settle(qtbot, window)
    ui_statements.recording = True
    wanda, hugo = leads["Wanda Warm"], leads["Hugo Fire"]

    # Selecting cards fills the panel (read on the worker).
    for contact_id in (wanda, hugo, wanda):
        assert window.board_view.select_contact(contact_id)
    assert window.panel is not None
    qtbot.waitUntil(lambda: window.panel is not None and window.panel.shown_contact_id == wanda)

    # Quick-add logs for the selected lead; the step is named from the board.
    window.menu_actions.log.trigger()
    dialog = window.active_dialog
    assert isinstance(dialog, QuickAddDialog)
    qtbot.waitUntil(dialog.contacts_loaded)
    assert dialog.kind_combo.set_kind("email_reply")
    dialog.accept()
    settle(qtbot, window)
    assert window.undo_stack.undoText() == "Log email reply for Wanda Warm"

    # Pin, tick, edit, undo, redo, search.
    window.pin(hugo, Temperature.COLD)
    settle(qtbot, window)
    assert window.undo_stack.undoText() == "Pin Hugo Fire as cold"
    window.edit_contact(wanda)
    qtbot.waitUntil(lambda: isinstance(window.active_dialog, ContactEditorDialog))
    editor = window.active_dialog
    assert isinstance(editor, ContactEditorDialog)
    editor.edits["company"].setText("Ember & Sons")
    editor.accept()
    settle(qtbot, window)
    window.undo_stack.undo()
    settle(qtbot, window)
    window.undo_stack.redo()
    settle(qtbot, window)
    window.search.setText("wanda")
    qtbot.keyClick(window.search, Qt.Key.Key_Escape)
    window.refresh_now()
    settle(qtbot, window)
    qtbot.waitUntil(lambda: window.panel is not None and not window.panel.reading)

    assert ui_statements.statements == []


def test_the_panel_shows_the_last_lead_asked_for_and_acts_on_the_one_shown(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int]
) -> None:
    panel = window.panel
    assert panel is not None
    wanda, hugo, cora = leads["Wanda Warm"], leads["Hugo Fire"], leads["Cora Cold"]
    panel.set_contact(wanda)
    qtbot.waitUntil(lambda: not panel.reading)
    assert panel.shown_contact_id == wanda

    # Two reads on their way: until one is back the panel keeps Wanda, and what it asks for is hers.
    panel.set_contact(hugo)
    panel.set_contact(cora)
    assert panel.reading and panel.shown_contact_id == wanda
    with qtbot.waitSignal(panel.logRequested) as logged:
        panel.log_button.click()
    assert logged.args == [wanda]

    qtbot.waitUntil(lambda: not panel.reading)
    assert panel.shown_contact_id == cora and panel.name_label.full_text() == "Cora Cold"
    settle(qtbot, window)
    assert panel.shown_contact_id == cora  # Hugo's answer, older, never replaced Cora's
