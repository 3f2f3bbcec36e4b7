"""The main window's wiring: names for automation, headers, dialogs, menus, panel and notices."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from desktop.board.model import CardRole
from desktop.dialogs.contact_editor import ContactEditorDialog
from desktop.dialogs.quick_add import QuickAddDialog
from desktop.open_failure import OpenFailureDialog
from desktop.theme import ThemeManager
from desktop.window import main_window
from desktop.window.main_window import MainWindow
from leadtemp.model import Board, Temperature
from leadtemp.service import LeadService
from tests.conftest import FakeClock
from tests.desktop.conftest import names, settle


def test_key_widgets_have_object_and_accessible_names(window: MainWindow) -> None:
    for temperature in Temperature:
        name = f"board-{temperature.value}"
        view = window.findChild(QAbstractItemView, name)
        assert view is not None and view.accessibleName() == name
        assert view.uniformItemSizes()  # type: ignore[attr-defined]
    search = window.findChild(QLineEdit, "board-search")
    assert search is not None and search.accessibleName() == "board-search"
    panel = window.findChild(QWidget, "contact-panel")
    assert panel is not None and panel.accessibleName() == "contact-panel"


def test_title_names_the_database_file(window: MainWindow, db_path: Path) -> None:
    assert db_path.name in window.windowTitle()
    assert window.windowFilePath() == str(db_path)


def test_headers_show_count_and_response_priority(window: MainWindow) -> None:
    headers = {t: window.board_view.columns[t].header_text() for t in Temperature}
    assert headers == {
        Temperature.COLD: "Cold 2 Low",
        Temperature.WARM: "Warm 2 Medium",
        Temperature.HOT: "Hot 2 Immediate",
    }
    window.search.setText("hattie")
    assert window.board_view.columns[Temperature.HOT].count.text() == "1 of 2"


def test_columns_show_the_services_board(window: MainWindow, service: LeadService) -> None:
    board = service.board()
    for temperature in Temperature:
        assert names(window, temperature) == [card.name for card in board.column(temperature)]


def test_quick_add_logs_and_moves_only_that_card(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int]
) -> None:
    wanda = leads["Wanda Warm"]
    assert window.board_view.select_contact(wanda)
    window.menu_actions.log.trigger()
    dialog = window.active_dialog
    assert isinstance(dialog, QuickAddDialog)
    qtbot.waitUntil(dialog.contacts_loaded)
    assert dialog.selected_contact_id() == wanda
    assert dialog.kind_combo.set_kind("proposal_request")
    warm = window.board_model.column(Temperature.WARM)
    hot = window.board_model.column(Temperature.HOT)
    with (
        qtbot.assertNotEmitted(warm.modelReset),
        qtbot.assertNotEmitted(hot.modelReset),
        qtbot.waitSignal(warm.rowsRemoved),
        qtbot.waitSignal(hot.rowsInserted),
    ):
        dialog.accept()
    assert "Wanda Warm" in names(window, Temperature.HOT)
    assert window.notices.messages() == ["Wanda Warm: warm -> hot, proposal request"]
    assert window.board_view.selected_contact() == wanda
    assert window.panel is not None and window.panel.contact_id == wanda
    assert window.undo_stack.undoText().startswith("Log proposal request for Wanda Warm")


def test_cancelling_quick_add_writes_nothing(window: MainWindow, service: LeadService) -> None:
    before = service.board()
    window.log_interaction(None)
    dialog = window.active_dialog
    assert isinstance(dialog, QuickAddDialog)
    dialog.reject()
    assert service.board() == before
    assert window.undo_stack.count() == 0


def test_double_click_opens_the_editor_and_saving_edits(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int], service: LeadService
) -> None:
    view = window.board_view.view(Temperature.HOT)
    with qtbot.waitSignal(window.board_view.cardActivated):
        view.cardActivated.emit(leads["Hugo Fire"])
    # The contact is read on the worker: the editor opens once it is in.
    qtbot.waitUntil(lambda: isinstance(window.active_dialog, ContactEditorDialog))
    dialog = window.active_dialog
    assert isinstance(dialog, ContactEditorDialog) and dialog.contact_id == leads["Hugo Fire"]
    dialog.edits["company"].setText("Inferno Ltd")
    dialog.accept()
    settle(qtbot, window)
    assert service.contact(leads["Hugo Fire"]).company == "Inferno Ltd"
    index = window.board_model.column(Temperature.HOT).index_of(leads["Hugo Fire"])
    assert index.data(CardRole.CompanyRole) == "Inferno Ltd"


def test_new_contact_lands_cold_and_selected(qtbot: QtBot, window: MainWindow) -> None:
    window.menu_actions.new_contact.trigger()
    dialog = window.active_dialog
    assert isinstance(dialog, ContactEditorDialog) and dialog.contact_id is None
    dialog.edits["name"].setText("Nina New")
    dialog.edits["email"].setText("nina@new.example")
    dialog.accept()
    settle(qtbot, window)
    assert "Nina New" in names(window, Temperature.COLD)
    selected = window.board_view.selected_contact()
    assert selected is not None and window.board_model.card(selected).name == "Nina New"  # type: ignore[union-attr]


def test_invalid_contact_is_not_saved(window: MainWindow, service: LeadService) -> None:
    window.edit_contact(None)
    dialog = window.active_dialog
    assert isinstance(dialog, ContactEditorDialog)
    dialog.edits["name"].setText("Bad Mail")
    dialog.edits["email"].setText("not-an-email")
    dialog.accept()
    assert dialog.isVisible()
    dialog.reject()
    assert "Bad Mail" not in {contact.name for contact in service.contacts()}


def test_card_menu_offers_every_action(qtbot: QtBot, window: MainWindow, leads: dict[str, int]) -> None:
    menu = window.build_card_menu(leads["Cora Cold"])
    texts = [action.text().replace("&", "") for action in menu.actions() if not action.isSeparator()]
    assert texts == [
        "Log Interaction…",
        "Edit…",
        "Set Next Step…",
        "Next Step Done",
        "Snooze",
        "Pin as Cold",
        "Pin as Warm",
        "Pin as Hot",
        "Unpin",
        "Set Source…",
        "Mark as Won",
        "Mark as Lost",
        "Archive",
    ]
    unpin = next(action for action in menu.actions() if action.text().replace("&", "") == "Unpin")
    assert not unpin.isEnabled()
    pin_hot = next(action for action in menu.actions() if action.text() == "Pin as Hot")
    pin_hot.trigger()
    settle(qtbot, window)
    assert "Cora Cold" in names(window, Temperature.HOT)
    menu = window.build_card_menu(leads["Cora Cold"])
    unpin = next(action for action in menu.actions() if "npin" in action.text())
    assert unpin.isEnabled() and "score says cold" in unpin.text()
    unpin.trigger()
    settle(qtbot, window)
    assert "Cora Cold" in names(window, Temperature.COLD)


def test_outcome_and_archive_take_the_card_off_the_board(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int]
) -> None:
    window.board_view.select_contact(leads["Walt Mild"])
    window.menu_actions.won.trigger()
    settle(qtbot, window)
    assert "Walt Mild" not in names(window, Temperature.WARM)
    assert window.board_view.selected_contact() == leads["Wanda Warm"]
    assert window.notices.messages()[-1].startswith("Walt Mild: outcome won")
    window.board_view.select_contact(leads["Cora Cold"])
    window.menu_actions.archive.trigger()
    settle(qtbot, window)
    assert names(window, Temperature.COLD) == ["Colin Quiet"]


def test_selection_follows_a_card_into_its_new_column(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int]
) -> None:
    wanda = leads["Wanda Warm"]
    window.board_view.select_contact(wanda)
    assert window.log(wanda, "proposal_request")
    settle(qtbot, window)
    hot = window.board_view.view(Temperature.HOT)
    assert window.board_view.selected_contact() == wanda
    assert [index.data(CardRole.ContactIdRole) for index in hot.selectionModel().selectedIndexes()] == [wanda]
    assert not window.board_view.view(Temperature.WARM).selectionModel().hasSelection()
    assert window.panel is not None and window.panel.contact_id == wanda


def test_selecting_a_card_shows_it_in_the_panel_beside_the_board(
    window: MainWindow, leads: dict[str, int]
) -> None:
    assert window.panel is not None and window.panel.contact_id is None
    assert window.panel_holder.isVisible()
    board_width = window.board_view.width()
    view = window.board_view.view(Temperature.WARM)
    view.setCurrentIndex(view.model().index(0, 0))
    assert window.panel.contact_id == view.model().index(0, 0).data(CardRole.ContactIdRole)
    assert window.board_view.width() == board_width
    window.board_view.select_contact(leads["Hugo Fire"])
    assert not view.selectionModel().hasSelection()
    assert window.panel.contact_id == leads["Hugo Fire"]
    window.board_view.select_contact(None)
    assert window.panel.contact_id is None
    window.menu_actions.panel.trigger()
    assert window.panel_holder.isHidden()
    assert QSettings().value("main_window/panel_visible", type=bool) is False


def test_menus_use_standard_shortcuts(window: MainWindow) -> None:
    key = QKeySequence.StandardKey
    assert window.menu_actions.new_contact.shortcut() == QKeySequence(key.New)
    assert window.menu_actions.log.shortcut() == QKeySequence("Ctrl+L")
    assert window.menu_actions.undo.shortcut() == QKeySequence(key.Undo)
    assert QKeySequence("Ctrl+Shift+Z") in window.menu_actions.redo.shortcuts()
    assert window.menu_actions.find.shortcut() == QKeySequence(key.Find)
    menus = [action.text().replace("&", "") for action in window.menuBar().actions()]
    assert menus == ["File", "Edit", "Lead", "View", "Help"]
    file_menu = window.menuBar().actions()[0].menu()
    texts = [action.text().replace("&", "") for action in file_menu.actions() if not action.isSeparator()]
    for wanted in ("New Contact…", "Log Interaction…", "Backups…", "Settings…", "Quit"):
        assert wanted in texts


def test_find_focuses_the_search_box(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    window.menu_actions.find.trigger()
    assert window.search.hasFocus() or window.focusWidget() is window.search


def test_time_passing_cools_leads_with_a_notice(qtbot: QtBot, window: MainWindow, clock: FakeClock) -> None:
    clock.advance(days=60)
    with qtbot.waitSignal(window.boardSynced, timeout=10_000):
        window.refresh_now()
    assert names(window, Temperature.HOT) == []
    assert any("hot -> " in message and "signals faded" in message for message in window.notices.messages())


def test_window_remembers_its_size(
    qtbot: QtBot, open_window: Callable[[Path], MainWindow], db_path: Path
) -> None:
    first = open_window(db_path)
    first.menu_actions.panel.trigger()  # hide the panel: the offscreen screen is 800 px wide
    qtbot.waitUntil(lambda: first.minimumSizeHint().width() <= 800)
    first.resize(700, 520)
    kept = (first.width(), first.height())
    assert kept[1] == 520 and kept[0] <= 800
    first.close()
    assert QSettings().value("main_window/geometry") is not None
    second = open_window(db_path)
    assert second.panel_holder.isHidden()
    assert (second.width(), second.height()) == kept


def test_the_panel_scrolls_instead_of_setting_the_window_height(
    window: MainWindow, leads: dict[str, int]
) -> None:
    window.board_view.select_contact(leads["Hugo Fire"])
    assert window.panel is not None and window.panel.isVisible()
    assert window.minimumSizeHint().height() < 400 < window.panel.minimumSizeHint().height()
    window.resize(1100, 400)
    assert window.height() == 400
    assert window.panel_scroll.verticalScrollBar().maximum() > 0


def _bytes_unchanged_after_opening(qtbot: QtBot, themes: object, clock: FakeClock, path: Path) -> str:
    before = path.read_bytes()
    window = MainWindow(path, themes=themes, now=clock, auto_refresh=False)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.openFailed, timeout=10_000) as failed:
        window.show()
    dialog = window.active_dialog
    assert isinstance(dialog, OpenFailureDialog) and dialog.objectName() == "open-error"
    assert str(path) in dialog.message.text()
    assert "has not been changed" in dialog.message.text()
    dialog.reject()
    assert not window.isVisible()
    assert window.service is None
    assert path.read_bytes() == before
    return str(failed.args[0])


def test_a_file_that_is_not_a_database_is_left_untouched(
    qtbot: QtBot, themes: object, clock: FakeClock, tmp_path: Path
) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"These are my notes, not a database.\n" * 50)
    problem = _bytes_unchanged_after_opening(qtbot, themes, clock, path)
    assert "not a LeadTemp database" in problem


def test_a_newer_schema_is_refused_and_left_untouched(
    qtbot: QtBot, themes: object, clock: FakeClock, db_path: Path, service: LeadService
) -> None:
    service.add_contact("Future Person")
    service.close()
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA user_version = 999")
        conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    problem = _bytes_unchanged_after_opening(qtbot, themes, clock, db_path)
    assert "newer version" in problem


def test_window_on_an_open_service(
    qtbot: QtBot, themes: object, service: LeadService, leads: dict[str, int]
) -> None:
    window = MainWindow(service, themes=themes, auto_refresh=False)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.boardLoaded, timeout=10_000):
        window.show()
    added = service.add_contact("Added Outside").contact_id
    assert window.board_model.card(added) is not None
    window.close()
    assert service.contact(added).name == "Added Outside"


def test_file_menu_hooks_open_import_export_and_backups(window: MainWindow, leads: dict[str, int]) -> None:
    from desktop.dialogs.backups_dialog import BackupsDialog
    from desktop.dialogs.export_dialog import ExportDialog
    from desktop.importing.wizard import ImportWizard

    window.board_view.select_contact(leads["Hugo Fire"])
    for action, kind in (
        (window.menu_actions.import_, ImportWizard),
        (window.menu_actions.export, ExportDialog),
        (window.menu_actions.backups, BackupsDialog),
    ):
        action.trigger()
        dialog = window.active_dialog
        assert isinstance(dialog, kind), action.text()
        if isinstance(dialog, ExportDialog):
            assert dialog.selected_ids == [leads["Hugo Fire"]]
        dialog.reject()


def test_keyboard_on_the_board(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int], service: LeadService
) -> None:
    from PySide6.QtCore import Qt

    hot = window.board_view.view(Temperature.HOT)
    window.activateWindow()
    window.board_view.select_contact(leads["Hugo Fire"])
    hot.setFocus()
    qtbot.keyClick(hot, Qt.Key.Key_Left)
    warm = window.board_view.view(Temperature.WARM)
    assert window.board_view.selected_contact() == warm.model().index(0, 0).data(CardRole.ContactIdRole)
    selected = window.board_view.selected_contact()
    assert selected is not None
    window.menu_actions.archive.trigger()
    settle(qtbot, window)
    assert service.contact(selected).archived
    qtbot.keyClick(warm, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(window.active_dialog, ContactEditorDialog))
    window.active_dialog.reject()


def test_appearance_follows_the_choice_and_is_remembered(window: MainWindow) -> None:
    from desktop.theme import DARK, LIGHT, Appearance

    window.menu_actions.appearance[Appearance.DARK].trigger()
    assert window.themes.theme is DARK
    assert QSettings().value("appearance") == "dark"
    if not window.themes._native:
        assert window.palette().window().color() == DARK.window
    window.menu_actions.appearance[Appearance.LIGHT].trigger()
    assert window.themes.theme is LIGHT


def test_writes_during_a_background_refresh_are_kept(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int], clock: FakeClock
) -> None:
    clock.advance(days=60)
    with qtbot.waitSignal(window.boardSynced, timeout=10_000):
        window.refresh_now()
        assert window.log(leads["Cora Cold"], "proposal_request")
    settle(qtbot, window)
    # Two months on, the others' buying signals only keep them warm; Cora's fresh one makes her hot.
    assert names(window, Temperature.HOT) == ["Cora Cold"]


def test_release_and_reopen_the_database(qtbot: QtBot, window: MainWindow, leads: dict[str, int]) -> None:
    window.board_view.select_contact(leads["Hugo Fire"])
    window.archive(leads["Colin Quiet"])
    window.release_database()
    assert window.service is None and window.panel is None
    assert window.undo_stack.count() == 0
    assert not window.menu_actions.log.isEnabled()
    with qtbot.waitSignal(window.boardLoaded, timeout=10_000):
        window.reopen_database()
    assert window.service is not None and window.panel is not None
    assert window.panel.contact_id == leads["Hugo Fire"]
    assert "Colin Quiet" not in names(window, Temperature.COLD)
    assert window.log(leads["Cora Cold"], "proposal_request")
    settle(qtbot, window)
    assert "Cora Cold" in names(window, Temperature.HOT) and window.undo_stack.count() == 1


def test_opening_makes_one_verified_backup_a_day(
    qtbot: QtBot, open_window: Callable[[Path], MainWindow], db_path: Path, leads: dict[str, int]
) -> None:
    from leadtemp.store.backup import list_backups

    first = open_window(db_path)
    backups = list_backups(db_path)
    assert len(backups) == 1 and backups[0].reason == "daily"
    assert backups[0].path.name in first.statusBar().currentMessage()
    assert not backups[0].damaged
    with sqlite3.connect(backups[0].path) as copy:
        assert copy.execute("SELECT count(*) FROM contacts").fetchone()[0] == len(leads)
    copy.close()
    first.close()

    second = open_window(db_path)
    assert second.statusBar().currentMessage() == ""
    assert [info.path for info in list_backups(db_path)] == [backups[0].path]


def test_a_failed_daily_backup_is_said_and_the_board_works(
    qtbot: QtBot, open_window: Callable[[Path], MainWindow], db_path: Path, leads: dict[str, int]
) -> None:
    from leadtemp.store.backup import backups_dir

    backups_dir(db_path).write_text("a file where the backups folder should be")
    window = open_window(db_path)
    qtbot.waitUntil(lambda: any("No daily backup" in text for text in window.notices.messages()))
    assert window.log(leads["Cora Cold"], "pricing_request")
    settle(qtbot, window)
    assert "Cora Cold" in names(window, Temperature.HOT)


def test_columns_share_a_narrow_board_equally(qtbot: QtBot, window: MainWindow) -> None:
    for width in (1000, 1280, 1600):
        window.resize(width, 700)
        wanted = max(width, window.minimumSizeHint().width())
        qtbot.waitUntil(lambda wanted=wanted: window.width() == wanted)
        widths = [window.board_view.columns[t].width() for t in Temperature]
        assert max(widths) - min(widths) <= 1, (width, widths)
        for column in window.board_view.columns.values():
            assert column.width() >= column.own_minimum_width()


def test_first_cards_show_then_the_whole_board(
    qtbot: QtBot,
    themes: ThemeManager,
    clock: FakeClock,
    db_path: Path,
    service: LeadService,
    leads: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(main_window, "FIRST_CARDS", 1)
    window = MainWindow(db_path, themes=themes, now=clock, auto_refresh=False)
    qtbot.addWidget(window)
    loads: list[tuple[bool, list[int], list[int], list[str]]] = []

    def seen() -> None:
        model = window.board_model
        loads.append(
            (
                model.complete,
                [model.column(t).rowCount() for t in Temperature],
                [model.total(t) for t in Temperature],
                [window.board_view.columns[t].count.text() for t in Temperature],
            )
        )

    window.board_model.reloaded.connect(seen)
    with qtbot.waitSignals([window.boardLoaded, window.dailyBackupFinished], timeout=10_000):
        window.show()
    assert loads[0] == (False, [1, 1, 1], [2, 2, 2], ["2", "2", "2"])
    assert loads[-1] == (True, [2, 2, 2], [2, 2, 2], ["2", "2", "2"])
    whole = service.board()
    for temperature in Temperature:
        assert names(window, temperature) == [card.name for card in whole.column(temperature)]
    window.close()


def test_a_later_window_starts_from_the_first_screen_the_book_remembers(
    qtbot: QtBot,
    themes: ThemeManager,
    clock: FakeClock,
    db_path: Path,
    service: LeadService,
    leads: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(main_window, "FIRST_CARDS", 1)
    earlier = MainWindow(db_path, themes=themes, now=clock, auto_refresh=False)
    qtbot.addWidget(earlier)
    with qtbot.waitSignals([earlier.boardLoaded, earlier.dailyBackupFinished], timeout=10_000):
        earlier.show()
    earlier.close()
    served: list[Board | None] = []
    remembered = LeadService.first_screen

    def first_screen(self: LeadService, top: int) -> Board | None:
        served.append(remembered(self, top))
        return served[-1]

    monkeypatch.setattr(LeadService, "first_screen", first_screen)
    window = MainWindow(db_path, themes=themes, now=clock, auto_refresh=False)
    qtbot.addWidget(window)
    loads: list[tuple[bool, list[int]]] = []
    window.board_model.reloaded.connect(
        lambda: loads.append(
            (window.board_model.complete, [window.board_model.column(t).rowCount() for t in Temperature])
        )
    )
    with qtbot.waitSignals([window.boardLoaded, window.dailyBackupFinished], timeout=10_000):
        window.show()

    assert served and served[0] is not None
    assert loads[0] == (False, [1, 1, 1])
    assert loads[-1] == (True, [2, 2, 2])
    # The whole board replaces the first screen without a word about any lead.
    assert not any(name in text for text in window.notices.messages() for name in leads)
    whole = service.board()
    for temperature in Temperature:
        assert names(window, temperature) == [card.name for card in whole.column(temperature)]
    window.close()
