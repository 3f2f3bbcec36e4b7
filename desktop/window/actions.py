"""The main window's actions: menus with standard shortcuts, a card's context menu, and which
of them apply right now (a selected card, an open database, no re-score under way)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMenu, QMenuBar, QWidget

from desktop.theme import Appearance, ThemeManager
from desktop.window.books import recent_label
from desktop.window.lead_views import LeadView
from leadtemp.book_kinds import BookKind, Words, words_for
from leadtemp.server_address import is_server_address
from leadtemp.vocabulary import Outcome, Temperature

if TYPE_CHECKING:
    from leadtemp.model import Card

PANEL_KEY = "main_window/panel_visible"
SHOW_CLOSED_KEY = "main_window/show_closed"
Shortcut = QKeySequence.StandardKey | str | list[QKeySequence] | None


class BoardSelection(Protocol):
    """The part of the board the actions use: what is selected, and a place for the Delete key."""

    def selected_contacts(self) -> list[int]: ...

    def addAction(self, action: QAction) -> None: ...


class ActionHost(Protocol):
    """What the actions need of the window they act on (the main window is one)."""

    @property
    def themes(self) -> ThemeManager: ...

    @property
    def undo_stack(self) -> QUndoStack: ...

    @property
    def board_view(self) -> BoardSelection: ...

    def addAction(self, action: QAction) -> None: ...

    def menuBar(self) -> QMenuBar: ...

    def close(self) -> bool: ...

    def quit(self) -> None: ...

    def edit_contact(self, contact_id: int | None = None) -> None: ...

    def new_book(self) -> None: ...

    def choose_book(self) -> None: ...

    def open_shared_book(self) -> None: ...

    def open_book(self, path: Path) -> object: ...

    def recent_books(self) -> list[Path]: ...

    def log_interaction(self, contact_id: int | None = None) -> None: ...

    def log_for_selection(self) -> None: ...

    def open_import_wizard(self, path: str | None = None) -> None: ...

    def open_capture_dialog(self, path: str | None = None) -> None: ...

    def open_export_dialog(self) -> None: ...

    def export_follow_ups(self) -> None: ...

    def open_backups_dialog(self) -> None: ...

    def open_connect_mailbox(self) -> None: ...

    def check_mail(self) -> None: ...

    def disconnect_mailbox(self) -> None: ...

    def mailbox_connected(self) -> bool: ...

    def open_settings(self) -> None: ...

    def open_your_name(self) -> None: ...

    def open_reports(self) -> None: ...

    def open_notification_settings(self) -> None: ...

    def show_about(self) -> None: ...

    def undo(self) -> None: ...

    def redo(self) -> None: ...

    def focus_search(self) -> None: ...

    def toggle_panel(self) -> None: ...

    def toggle_today(self) -> None: ...

    def refresh_now(self) -> None: ...

    def set_show_closed(self, shown: bool) -> None: ...

    def set_appearance(self, appearance: Appearance) -> None: ...

    def with_selected(self, action: Callable[..., object], *args: object) -> None: ...

    def pin(self, contact_id: int, temperature: Temperature) -> bool: ...

    def unpin(self, contact_id: int) -> bool: ...

    def archive(self, contact_id: int) -> bool: ...

    def reopen(self, contact_id: int) -> bool: ...

    def set_outcome(self, contact_id: int, outcome: Outcome) -> bool: ...

    def merge(self, keep_id: int, other_id: int) -> bool: ...

    def merge_selected(self) -> bool: ...

    def selected_contacts(self) -> list[int]: ...

    def for_selection(
        self, single: Callable[..., object], many: Callable[..., object], *args: object
    ) -> None: ...

    def pin_many(self, contact_ids: list[int], temperature: Temperature) -> bool: ...

    def archive_many(self, contact_ids: list[int]) -> bool: ...

    def reopen_many(self, contact_ids: list[int]) -> bool: ...

    def set_outcome_many(self, contact_ids: list[int], outcome: Outcome) -> bool: ...

    def choose_source(self, contact_ids: list[int] | None = None) -> None: ...

    def show_view(self, kind: LeadView) -> None: ...


class WindowActions(QObject):
    """Every QAction of the window, created once and enabled or disabled as the state changes."""

    def __init__(self, window: ActionHost) -> None:
        super().__init__(window if isinstance(window, QObject) else None)
        self._window = window
        self.words = words_for(BookKind.SALES)
        key = QKeySequence.StandardKey
        w = window
        self.new_book = self._action(
            "New &Book…", w.new_book, tip="A book of its own for sales or for recruiting, in a new window"
        )
        self.open_book = self._action(
            "&Open Book…", w.choose_book, key.Open, "Open a book in a window of its own"
        )
        self.open_shared_book = self._action(
            "Open &Shared Book…", w.open_shared_book, tip="Open a book on a PostgreSQL server"
        )
        self.new_contact = self._action(
            "&New Contact…", lambda: w.edit_contact(None), key.New, "Add a contact"
        )
        self.log = self._action(
            "&Log Interaction…", w.log_for_selection, "Ctrl+L", "Record what happened with a lead"
        )
        self.import_ = self._action("&Import…", w.open_import_wizard, tip="Import contacts")
        self.capture = self._action(
            "&Capture from File…",
            w.open_capture_dialog,
            tip="Log what mail, calendar and newsletter exports say",
        )
        self.export = self._action("&Export…", w.open_export_dialog, tip="Export contacts")
        self.export_follow_ups = self._action(
            "Export &Follow-ups…", w.export_follow_ups, tip="The next steps as a calendar file (.ics)"
        )
        self.backups = self._action("&Backups…", w.open_backups_dialog, tip="Back up or restore")
        self.connect_mailbox = self._action(
            "Connect &Mailbox…", w.open_connect_mailbox, tip="Log the mail you exchange with leads (IMAP)"
        )
        self.check_mail = self._action("Check M&ail", w.check_mail, "Ctrl+Shift+M", "Read new mail now")
        self.disconnect_mailbox = self._action(
            "D&isconnect Mailbox…",
            w.disconnect_mailbox,
            tip="Stop reading the mailbox and forget its password",
        )
        self.settings = self._action(
            "&Settings…", w.open_settings, key.Preferences, "Scoring rules and checklists"
        )
        self.settings.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.notification_settings = self._action(
            "&Notifications…", w.open_notification_settings, tip="When to announce hot leads, quiet hours"
        )
        self.your_name = self._action(
            "Your Na&me…", w.open_your_name, tip="The name colleagues see on your changes"
        )
        self.quit = self._action("&Quit", w.quit, key.Quit)
        self.quit.setMenuRole(QAction.MenuRole.QuitRole)

        self.undo = self._action("&Undo", w.undo, key.Undo)
        redo_keys = QKeySequence.keyBindings(key.Redo)
        if QKeySequence("Ctrl+Shift+Z") not in redo_keys:
            redo_keys.append(QKeySequence("Ctrl+Shift+Z"))
        self.redo = self._action("&Redo", w.redo, redo_keys)
        self.find = self._action("&Find…", w.focus_search, key.Find, "Filter the board")

        self.panel = self._action("&Contact Panel", w.toggle_panel, "Ctrl+I")
        self.panel.setCheckable(True)
        self.panel.setChecked(bool(QSettings().value(PANEL_KEY, True, type=bool)))
        self.today = self._action(
            "&Today", w.toggle_today, "Ctrl+T", "What to do now: hot leads waiting, steps due, follow-ups"
        )
        self.today.setCheckable(True)
        self.refresh = self._action("&Refresh Scores", w.refresh_now, key.Refresh)
        self.reports = self._action(
            "&Reports…", w.open_reports, "Ctrl+Shift+R", "How your leads converted per temperature"
        )
        self.show_closed = self._action(
            "Show C&losed Leads",
            lambda: w.set_show_closed(self.show_closed.isChecked()),
            tip="Won, lost and archived leads on the board too, marked",
        )
        self.show_closed.setCheckable(True)
        self.show_closed.setChecked(bool(QSettings().value(SHOW_CLOSED_KEY, False, type=bool)))
        self.view_group = QActionGroup(self)
        self.views: dict[LeadView, QAction] = {}
        for kind, tip in (
            (LeadView.BOARD, "Cold, warm and hot columns of cards"),
            (LeadView.LIST, "Every lead as a row of a table, for large books"),
            (LeadView.CLOSED, "Won, lost and archived leads, to find and reopen"),
        ):
            action = self._action(f"&{kind.label}", partial(w.show_view, kind), kind.shortcut, tip)
            action.setCheckable(True)
            action.setChecked(kind is LeadView.BOARD)
            self.view_group.addAction(action)
            self.views[kind] = action
        self.appearance_group = QActionGroup(self)
        self.appearance: dict[Appearance, QAction] = {}
        for appearance, label in (
            (Appearance.SYSTEM, "Follow &System"),
            (Appearance.LIGHT, "&Light"),
            (Appearance.DARK, "&Dark"),
        ):
            action = self._action(label, partial(w.set_appearance, appearance))
            action.setCheckable(True)
            self.appearance_group.addAction(action)
            self.appearance[appearance] = action
        self.appearance[w.themes.appearance].setChecked(True)

        self.edit_contact = self._action("&Edit Contact…", lambda: w.with_selected(w.edit_contact), "Ctrl+E")
        self.pin = {
            temperature: self._action(
                f"Pin as {temperature.label}", partial(w.for_selection, w.pin, w.pin_many, temperature)
            )
            for temperature in Temperature
        }
        self.unpin = self._action("U&npin", lambda: w.with_selected(w.unpin))
        self.merge = self._action(
            "&Merge Two Contacts", w.merge_selected, tip="Fold the newer of two selected cards into the older"
        )
        self.reopen = self._action(
            "Re&open", lambda: w.for_selection(w.reopen, w.reopen_many), tip="Put the lead back on the board"
        )
        self.won = self._action(
            "Mark as &Won", lambda: w.for_selection(w.set_outcome, w.set_outcome_many, Outcome.WON)
        )
        self.lost = self._action(
            "Mark as Lo&st", lambda: w.for_selection(w.set_outcome, w.set_outcome_many, Outcome.LOST)
        )
        self.set_source = self._action(
            "Set So&urce…", lambda: w.choose_source(), tip="Give the selected leads one source"
        )
        # Delete archives only while the board has focus: in the search box it deletes text.
        self.archive = QAction("&Archive", self)
        self.archive.setShortcut(QKeySequence(key.Delete))
        self.archive.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.archive.triggered.connect(lambda: w.for_selection(w.archive, w.archive_many))
        w.board_view.addAction(self.archive)

        self.about = self._action("&About LeadTemp", w.show_about)
        self.about.setMenuRole(QAction.MenuRole.AboutRole)

    def _action(
        self, text: str, slot: Callable[[], object], shortcut: Shortcut = None, tip: str = ""
    ) -> QAction:
        action = QAction(text, self)
        if isinstance(shortcut, (list, QKeySequence.StandardKey)):
            action.setShortcuts(shortcut)
        elif shortcut:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self._window.addAction(action)
        return action

    def build_menus(self) -> None:
        bar = self._window.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addActions([self.new_book, self.open_book, self.open_shared_book])
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.setObjectName("recent-books")
        self.recent_menu.aboutToShow.connect(self.fill_recent_menu)
        file_menu.addSeparator()
        file_menu.addActions([self.new_contact, self.log])
        file_menu.addSeparator()
        file_menu.addActions([self.import_, self.capture, self.export, self.export_follow_ups, self.backups])
        file_menu.addSeparator()
        file_menu.addActions([self.connect_mailbox, self.check_mail, self.disconnect_mailbox])
        file_menu.addSeparator()
        file_menu.addActions([self.settings, self.notification_settings, self.your_name])
        file_menu.addSeparator()
        file_menu.addAction(self.quit)

        edit_menu = bar.addMenu("&Edit")
        edit_menu.addActions([self.undo, self.redo])
        edit_menu.addSeparator()
        edit_menu.addAction(self.find)

        lead_menu = self.lead_menu = bar.addMenu("&Lead")
        lead_menu.addActions([self.log, self.edit_contact])
        lead_menu.addSeparator()
        lead_menu.addActions(list(self.pin.values()))
        lead_menu.addAction(self.unpin)
        lead_menu.addAction(self.set_source)
        lead_menu.addSeparator()
        lead_menu.addActions([self.won, self.lost, self.reopen])
        lead_menu.addSeparator()
        lead_menu.addActions([self.merge, self.archive])

        view_menu = bar.addMenu("&View")
        view_menu.addActions(list(self.views.values()))
        view_menu.addAction(self.today)
        view_menu.addSeparator()
        view_menu.addAction(self.panel)
        view_menu.addAction(self.show_closed)
        view_menu.addAction(self.refresh)
        view_menu.addAction(self.reports)
        appearance_menu = view_menu.addMenu("&Appearance")
        appearance_menu.addActions(list(self.appearance.values()))

        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.about)

    def fill_recent_menu(self) -> None:
        """The books opened lately, newest first; each opens in its own window (or comes forward)."""
        self.recent_menu.clear()
        books = self._window.recent_books()
        for number, path in enumerate(books, start=1):
            opener = partial(self._window.open_book, path)
            action = self.recent_menu.addAction(f"&{number} {recent_label(path)}", opener)
            action.setStatusTip(recent_label(path) if is_server_address(path) else str(path))
        if not books:
            self.recent_menu.addAction("No recent books").setEnabled(False)

    def set_words(self, words: Words) -> None:
        """The menus in the book's words: "Candidate" and "candidates" in a recruiting book."""
        self.words = words
        lead, leads = words.title(words.lead), words.title(words.leads)
        self.lead_menu.setTitle(f"&{lead}")
        contact = words.title(words.contact)
        self.new_contact.setText(f"&New {contact}…")
        self.edit_contact.setText(f"&Edit {contact}…")
        self.merge.setText(f"&Merge Two {contact}s")
        self.log.setStatusTip(f"Record what happened with a {words.lead}")
        self.show_closed.setText(f"Show C&losed {leads}")
        self.reopen.setStatusTip(f"Put the {words.lead} back on the board")
        self._name_for_selection(len(self._window.selected_contacts()))

    def update(self, ready: bool, card: Card | None) -> None:
        """``ready``: a database is open and no re-score holds it; ``card``: the selected lead."""
        for action in (
            self.new_contact,
            self.log,
            self.import_,
            self.export,
            self.export_follow_ups,
            self.settings,
            self.refresh,
        ):
            action.setEnabled(ready)
        self.reports.setEnabled(ready)
        self.connect_mailbox.setEnabled(ready)
        self.check_mail.setEnabled(ready and self._window.mailbox_connected())
        self.disconnect_mailbox.setEnabled(ready and self._window.mailbox_connected())
        for action in (self.edit_contact, self.won, self.lost, self.archive, self.set_source):
            action.setEnabled(ready and card is not None)
        count = len(self._window.selected_contacts())
        self._name_for_selection(count)
        for temperature, action in self.pin.items():
            # Several leads: the others may not be pinned there yet, whatever the current one is.
            already = card is not None and card.pinned and card.temperature is temperature and count < 2
            action.setEnabled(ready and card is not None and not already)
        self.unpin.setEnabled(ready and card is not None and card.pinned)
        self.reopen.setEnabled(ready and card is not None and card.closed)
        self.merge.setEnabled(ready and len(self._window.selected_contacts()) == 2)
        self.update_undo(ready)

    def _name_for_selection(self, count: int) -> None:
        """With several leads selected, the actions that take them all say how many."""
        leads = f" {count} {self.words.title(self.words.leads)}" if count > 1 else ""
        for temperature, action in self.pin.items():
            action.setText(f"Pin{leads} as {temperature.label}")
        self.won.setText(f"Mark{leads} as &Won")
        self.lost.setText(f"Mark{leads} as Lo&st")
        self.archive.setText(f"&Archive{leads}")
        self.reopen.setText(f"Re&open{leads}")
        self.set_source.setText(f"Set So&urce{' of' + leads if leads else ''}…")

    def update_undo(self, ready: bool) -> None:
        stack = self._window.undo_stack
        self.undo.setEnabled(ready and stack.canUndo())
        self.redo.setEnabled(ready and stack.canRedo())
        self.undo.setText(f"&Undo {stack.undoText()}" if stack.canUndo() else "&Undo")
        self.redo.setText(f"&Redo {stack.redoText()}" if stack.canRedo() else "&Redo")

    def card_menu(self, contact_id: int, card: Card | None, ready: bool) -> QMenu:
        """The context menu of one card."""
        w = self._window
        menu = QMenu(w if isinstance(w, QWidget) else None)
        menu.setObjectName("card-menu")
        selected = w.selected_contacts()
        many = list(selected) if len(selected) > 1 and contact_id in selected else None
        leads = f" {len(selected)} {self.words.title(self.words.leads)}" if many else ""
        if many and card is not None and card.closed:
            menu.addAction(f"Re&open{leads}", lambda: w.reopen_many(many))
            menu.addSeparator()
        elif card is not None and card.closed:
            menu.addAction(f"Re&open ({card.closed_label})", lambda: w.reopen(contact_id))
            menu.addSeparator()
        menu.addAction("&Log Interaction…", lambda: w.log_interaction(contact_id))
        menu.addAction("&Edit…", lambda: w.edit_contact(contact_id))
        menu.addSeparator()
        for temperature in Temperature:
            if many:
                menu.addAction(f"Pin{leads} as {temperature.label}", partial(w.pin_many, many, temperature))
                continue
            action = menu.addAction(f"Pin as {temperature.label}", partial(w.pin, contact_id, temperature))
            action.setEnabled(card is None or not (card.pinned and card.temperature is temperature))
        unpin = menu.addAction("U&npin", lambda: w.unpin(contact_id))
        unpin.setEnabled(card is not None and card.pinned and not many)
        if card is not None and card.pinned:
            unpin.setText(f"U&npin (score says {card.computed_temperature.value})")
        menu.addAction(
            f"Set So&urce{' of' + leads if many else ''}…", lambda: w.choose_source(many or [contact_id])
        )
        menu.addSeparator()
        if many:
            menu.addAction(f"Mark{leads} as &Won", lambda: w.set_outcome_many(many, Outcome.WON))
            menu.addAction(f"Mark{leads} as Lo&st", lambda: w.set_outcome_many(many, Outcome.LOST))
        else:
            menu.addAction("Mark as &Won", lambda: w.set_outcome(contact_id, Outcome.WON))
            menu.addAction("Mark as Lo&st", lambda: w.set_outcome(contact_id, Outcome.LOST))
        menu.addSeparator()
        if len(selected) == 2 and contact_id in selected:
            other = selected[1] if selected[0] == contact_id else selected[0]
            name = card.name if card is not None else f"#{contact_id}"
            menu.addAction(f"&Merge Into {name}", lambda: w.merge(contact_id, other))
        if many:
            menu.addAction(f"&Archive{leads}", lambda: w.archive_many(many))
        else:
            menu.addAction("&Archive", lambda: w.archive(contact_id))
        if not ready:
            for action in menu.actions():
                action.setEnabled(False)
        return menu
