"""The main window: board, search, contact panel, menus, and every write as an undoable command.

It talks to the core only through :class:`LeadService` and reacts to its events: a
:class:`Change` moves one card, a :class:`BoardReset` reloads the board in the background. Slow
work (opening a big database, re-scoring after a settings change, the minute-by-minute refresh)
and every write of the undo history (a step, its undo, its redo) run through
:mod:`desktop.workers`, each time with its own service on a worker thread.

Start-up order: the window paints first (its columns say "Loading…"), then the worker loads the
core and opens the file, then the cards arrive and paint, and only then is the contact panel
built. The core is imported lazily for the same reason: none of it is needed for the first frame,
so the commands (which load the core's model, ~30 ms) and the dialogs and the contact panel (which
load the service, 150 ms and more) are imported where they are first used.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QPoint, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.board.arrange_bar import ArrangeBar, BatchChoice
from desktop.board.arranged import FacetBook
from desktop.board.arrangement import Arrangement, load_arrangement, save_arrangement
from desktop.board.model import BoardModel, CardRole
from desktop.board.search import SearchField
from desktop.board.view import BoardView
from desktop.mailbox.checks import MailboxChecks
from desktop.notify.center import NotificationCenter
from desktop.theme import Appearance, ThemeManager, stylesheet_for
from desktop.window.actions import PANEL_KEY, SHOW_CLOSED_KEY, WindowActions
from desktop.window.after_paint import AfterPaint
from desktop.window.colleagues import ColleagueChanges
from desktop.window.external_changes import ExternalChanges
from desktop.window.lead_views import LeadView, LeadViews, remembered_view
from desktop.window.notices import NoticeArea
from desktop.window.read_only import ReadOnlyBar, ReadOnlyWatch
from desktop.window.seen_versions import SeenVersions
from desktop.window.server_away import ServerAway
from desktop.window.status_bar import WindowStatus
from desktop.workers import Progress, Task, Workers
from leadtemp import __version__, clock
from leadtemp.book_kinds import BookKind, words_for
from leadtemp.errors import LeadTempError, NotFoundError, ServerUnreachable
from leadtemp.paths import book_name
from leadtemp.server_address import is_server_address
from leadtemp.vocabulary import Outcome, Temperature

if TYPE_CHECKING:
    # Qt classes are loaded (with all their enums) on first use: these wait until they are needed.
    from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QDialog, QSystemTrayIcon

    from desktop.commands import ServiceCommand
    from desktop.notify.channels import Channel
    from desktop.reports.reports_dialog import ReportsDialog
    from desktop.window.company_panel import CompanyPanel
    from desktop.window.contact_panel import ContactPanel
    from desktop.window.outside_moves import OutsideMove
    from desktop.window.step_naming import WindowStepNaming
    from leadtemp.bulk_edits import BulkEdit
    from leadtemp.conflicts import LeadChange
    from leadtemp.model import Board, Card, Contact
    from leadtemp.service import BoardReset, Change, LeadService
    from leadtemp.store.facets import LeadFacets

REFRESH_INTERVAL_MS = 60_000
#: Cards per column in the first board a window shows (more than the tallest screen holds);
#: the whole board follows at once.
FIRST_CARDS = 60
#: Start-up work waits for the first paint, but never longer than this (a window never shown).
PAINT_FALLBACK_MS = 300
_GEOMETRY_KEY = "main_window/geometry"
_SPLITTER_KEY = "main_window/splitter"
_APPEARANCE_KEY = "appearance"
SALES_WORDS = words_for(BookKind.SALES)


#: A board as the worker reads it, with its cards' company badges ("3 people from Acme engaged
#: this week"): one small query over the last week's log, so they come with every board read.
BoardRead = tuple["Board", dict[int, str]]


def _load_board(service: LeadService, _progress: Progress, closed: bool = False) -> BoardRead:
    """The whole board; with ``closed``, won, lost and archived leads too. The open board's
    first leads are kept in the book for the next window's first screen."""
    if closed:
        board = service.board(include_closed=True, include_archived=True)
    else:
        board = service.remembering_board()
    return board, service.company_badges()


def _load_first_cards(service: LeadService, _progress: Progress, closed: bool = False) -> BoardRead:
    """What the window shows first: each column's first cards, at a fraction of the whole cost
    (from the leads the book last showed first and those written since, when it remembers; else
    picked from every lead and remembered, see ``LeadService.opening_board``)."""
    if closed:
        board = service.board(top=FIRST_CARDS, include_closed=True, include_archived=True)
    else:
        board = service.opening_board(FIRST_CARDS)
    return board, service.company_badges(contact_ids=[card.contact_id for card in board.all_cards()])


def _current_card(service: LeadService, contact_id: int, closed: bool) -> Card | None:
    """The lead's card as the board shows it, or None when it is not on this board."""
    try:
        contact = service.contact(contact_id)
        if (contact.archived or contact.outcome is not Outcome.OPEN) and not closed:
            return None
        return service.card(contact_id)
    except NotFoundError:
        return None


def _refresh_board(
    service: LeadService, _progress: Progress, closed: bool = False
) -> tuple[list[Change], BoardRead]:
    changes = service.refresh()
    board = service.board(include_closed=closed, include_archived=closed)
    return changes, (board, service.company_badges())


#: Windows opened beside the first one, kept alive here until Qt deletes them on close.
_opened_beside: list[MainWindow] = []


def window_for(path: Path) -> MainWindow | None:
    """The open window that shows the book at ``path``."""
    wanted = path.expanduser().resolve()
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow) and widget.service_path_is(wanted):
            return widget
    return None


class MainWindow(QMainWindow):
    """Open on a database path (opened in the background) or on an already open service."""

    boardLoaded = Signal()
    boardSynced = Signal()
    openFailed = Signal(str)
    #: The start-up backup is over: its file, or "" when none was made (one made within the last
    #: day is kept, or the copy failed, which a notice says).
    dailyBackupFinished = Signal(str)

    def __init__(
        self,
        database: LeadService | Path | str,
        *,
        themes: ThemeManager | None = None,
        now: Callable[[], datetime] | None = None,
        auto_refresh: bool = True,
        workers: Workers | None = None,
        channel: Channel | None = None,
        tray: QSystemTrayIcon | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        given: LeadService | None = None
        if isinstance(database, (Path, str)):
            self.db_path = Path(database).expanduser()
            self._owns_service = True
            self._now: Callable[[], datetime] = now or clock.now
        else:
            given = database
            self.db_path = database.path
            self._owns_service = False
            self._now = now or database.now
        self.service: LeadService | None = None
        self.open_error: str | None = None
        self.themes = themes or ThemeManager.for_application()
        self.undo_stack = QUndoStack(self)
        #: The application's one queue of background work (its own when none is given).
        self.workers = workers if workers is not None else Workers(self.db_path, self._now, self)
        self.workers.changed.connect(self._apply_changes)
        self.board_model = BoardModel(self._now, self)
        self.board_model.drop_handler = self._pin_from_drop
        #: The leads' row versions as this window shows them (what its writes were made from).
        self.seen_versions = SeenVersions()
        self.active_dialog: QDialog | None = None
        self.reports_dialog: ReportsDialog | None = None
        self.card_menu: QMenu | None = None
        self._unsubscribe: Callable[[], None] | None = None
        #: Contacts written on this thread while each background board was being computed.
        self._trackers: list[set[int]] = []
        self._writes_blocked = False
        #: Writes, undos and redos of the undo history queued on the worker and not back yet.
        self._steps_pending = 0
        #: Bumped by every open and release, so a late step of an older open does nothing.
        self._open_generation = 0

        self.setAcceptDrops(True)
        self.setWindowTitle(f"{book_name(self.db_path)} — LeadTemp")
        #: What this book calls its leads, known once it is open (a sales book's until then).
        self.words = SALES_WORDS
        self.setWindowFilePath(str(self.db_path))
        self._build_body()
        self.read_only_watch = ReadOnlyWatch(self._book_writable, self.read_only_bar, self)
        self.read_only_watch.changed.connect(self._on_read_only_changed)
        self.server_away = (
            ServerAway(self.db_path, self._now, self.read_only_watch, self)
            if is_server_address(self.db_path)
            else None
        )
        self.status = WindowStatus(self.statusBar(), self.workers, self.db_path)
        self.mailbox = MailboxChecks(self.workers, self.notices.show_notice, self.show_error, self)
        self.mailbox.configured.connect(self._update_actions)
        self.mailbox.review = self._review_mail_check
        self.menu_actions = WindowActions(self)
        self.menu_actions.build_menus()
        # Delete archives in the lead list and the closed view too, not only on the board.
        self.lead_views.addAction(self.menu_actions.archive)
        self.panel_holder.setVisible(self.menu_actions.panel.isChecked())
        self.board_model.show_closed = self.menu_actions.show_closed.isChecked()
        self.lead_views.show_view(remembered_view())
        self.undo_stack.indexChanged.connect(self._update_undo_actions)
        self.undo_stack.cleanChanged.connect(self._update_undo_actions)
        self.setStyleSheet(stylesheet_for(self.themes.theme))
        self.themes.changed.connect(self._apply_theme)
        self._restore_window_state()

        self.refresh_timer = QTimer(self)
        self.refresh_timer.setInterval(REFRESH_INTERVAL_MS)
        self.refresh_timer.timeout.connect(self.refresh_now)
        self._auto_refresh = auto_refresh
        self.external_changes = ExternalChanges(lambda: self.workers.busy, self)
        self.external_changes.changed.connect(self.refresh_now)
        self.colleagues = ColleagueChanges(
            self.workers,
            self.notices.show_notice,
            lambda: self.service.actor if self.service is not None else None,
            self,
        )
        self.external_changes.changed.connect(self.colleagues.check)
        from desktop.window.server_listener import LiveBoard

        self.live = LiveBoard(
            self.workers,
            self.seen_versions,
            lambda service, contact_id: _current_card(service, contact_id, self.board_model.show_closed),
            self._put_live_cards,
            self.refresh_now,
            self,
        )
        self.live.journalRead.connect(self.colleagues.arrived)
        if self.server_away is not None:
            # The listening connection is the window's line to its server: when it answers the
            # board is current, when it cannot reach the server the window goes read-only.
            self.live.listener.answered.connect(self.server_away.current)
            self.live.listener.unreachable.connect(self.server_away.lost)
        self.live.applied.connect(self._on_live_applied)
        #: A lead turning hot or waiting too long, announced through the tray or the desktop.
        self.notifications = NotificationCenter(self.board_model, self._now, self, channel=channel, tray=tray)
        self.notifications.openRequested.connect(self.open_lead)
        self.notifications.quitRequested.connect(self.quit)
        self._quitting = False

        if given is not None:
            self.board_view.install_card_delegate()
            self._attach(given)
            self._install_panel(given)
            self.reload_board()
        else:
            AfterPaint(self._after_first_paint, PAINT_FALLBACK_MS, self, widgets=[self])
        self._update_actions()

    # Building ---------------------------------------------------------------------------

    def _build_body(self) -> None:
        self.search = SearchField(self)
        self.search.textChanged.connect(self.board_model.set_filter)
        self.search.resultsRequested.connect(self.focus_first_result)
        self.new_button = QPushButton("New contact", self)
        self.new_button.setObjectName("new-contact-button")
        self.new_button.setToolTip("Add a contact (Ctrl+N)")
        self.new_button.clicked.connect(lambda: self.edit_contact(None))
        self.log_button = QPushButton("Log interaction", self)
        self.log_button.setObjectName("log-interaction-button")
        self.log_button.setToolTip("Record what happened with a lead (Ctrl+L)")
        self.log_button.clicked.connect(self.log_for_selection)
        self.log_button.setDefault(False)
        top = QHBoxLayout()
        top.setContentsMargins(12, 10, 12, 0)
        top.setSpacing(8)
        top.addWidget(self.new_button)
        top.addWidget(self.log_button)
        top.addStretch(1)

        self.board_view = BoardView(self.board_model, self.themes, self)
        self._build_lead_views(top)
        top.addWidget(self.search)
        self.notices = NoticeArea(self.board_view)
        self.notices.activated.connect(self._select_from_notice)
        self.board_model.cardMoved.connect(self._on_card_moved)
        self.board_model.countsChanged.connect(self._update_summary)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("board-splitter")
        self.splitter.setChildrenCollapsible(False)
        # The leads (as a board, a list or the closed ones) and the Today list share the space left
        # of the panel, one tab each (Ctrl+T switches).
        self.views = QTabWidget(self)
        self.views.setObjectName("board-tabs")
        self.views.setDocumentMode(True)
        self.views.addTab(self.lead_views, "&Leads")
        from desktop.today.controller import TodayController

        self.today = TodayController(self, self.views)
        self.views.addTab(self.today.view, "&Today")
        self.views.setTabToolTip(0, "Every lead: the board, the list, the closed ones (Ctrl+T)")
        self.views.setTabToolTip(1, "What to do now: hot leads waiting, steps due, follow-ups (Ctrl+T)")
        self.views.currentChanged.connect(self._on_tab_changed)
        self.today.model.modelReset.connect(self._update_today_tab)
        self.today.model.rowsRemoved.connect(self._update_today_tab)
        self.workers.changed.connect(lambda _events: self.today.refresh())
        self.boardLoaded.connect(self.today.refresh)
        self.boardSynced.connect(self.today.refresh)
        self.today.view.currentContactChanged.connect(self._on_today_contact)
        from desktop.today.cooling_tips import CoolingTips

        self.cooling_tips = CoolingTips(self.workers, self.board_model, self)
        self.board_model.tooltip_line = self.cooling_tips.line
        self.splitter.addWidget(self.views)
        self.panel: ContactPanel | None = None
        self.company_panel: CompanyPanel | None = None
        self.panel_holder = QWidget(self)
        self.panel_holder.setObjectName("contact-panel-holder")
        holder_layout = QVBoxLayout(self.panel_holder)
        holder_layout.setContentsMargins(0, 10, 12, 12)
        # The panel scrolls rather than set the window's minimum height.
        self.panel_scroll = QScrollArea(self.panel_holder)
        self.panel_scroll.setObjectName("contact-panel-scroll")
        self.panel_scroll.setWidgetResizable(True)
        self.panel_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.panel_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        holder_layout.addWidget(self.panel_scroll)
        self.splitter.addWidget(self.panel_holder)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)

        central = QWidget(self)
        central.setObjectName("board-area")
        central.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.read_only_bar = ReadOnlyBar(central)
        layout.addWidget(self.read_only_bar)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

    def _build_lead_views(self, top: QHBoxLayout) -> None:
        """The board, the lead list and the closed leads, with the bar that sorts and filters them."""
        self.facets = FacetBook(self)
        self._batches: list[BatchChoice] = []
        self._facets_pending = False
        self._facets_wanted: set[int] = set()
        #: While a bulk edit's Changes are applied: one notice says what it did, not one per lead.
        self._quiet = False
        self.arrangement = load_arrangement()
        self.arrange_bar = ArrangeBar(self.arrangement, self.known_sources, lambda: self._batches, self)
        self.arrange_bar.arrangementChanged.connect(self.set_arrangement)
        self.arrange_bar.choicesWanted.connect(self._ensure_facets)
        top.addWidget(self.arrange_bar)
        self.lead_views = LeadViews(self.board_view, self.board_model, self.facets, self)
        self.lead_views.currentContactChanged.connect(self._on_current_contact)
        self.lead_views.cardActivated.connect(self.edit_contact)
        self.lead_views.cardMenuRequested.connect(self._show_card_menu)
        self.lead_views.selectionChanged.connect(self._update_actions)
        self.lead_views.viewChanged.connect(self._on_view_changed)
        self.lead_views.arrange(self.arrangement)
        if self.arrangement.needs_facets:
            QTimer.singleShot(0, self._ensure_facets)

    def known_sources(self) -> list[str]:
        """The usual sources, then any other the book's leads have."""
        from leadtemp.vocabulary import LEAD_SOURCES

        return list(dict.fromkeys([*LEAD_SOURCES, *self.facets.sources()]))

    def show_view(self, kind: LeadView) -> None:
        """View > Board, List or Closed (Ctrl+1, 2, 3), on the leads' tab (not Today's)."""
        self.views.setCurrentWidget(self.lead_views)
        self.lead_views.show_view(kind)

    def _on_view_changed(self, kind: LeadView) -> None:
        for view, action in self.menu_actions.views.items():
            action.setChecked(view is kind)
        closed = kind is LeadView.CLOSED or self.menu_actions.show_closed.isChecked()
        if closed != self.board_model.show_closed:
            self.board_model.show_closed = closed
            self.reload_board()
        if kind is not LeadView.BOARD:
            self._ensure_facets()
        self._update_actions()

    def set_arrangement(self, arrangement: Arrangement) -> None:
        """A new order or new filters, on every view, remembered for the next session."""
        self.arrangement = arrangement
        save_arrangement(arrangement)
        self.arrange_bar.set_arrangement(arrangement)
        if arrangement.needs_facets:
            self._ensure_facets()
        self.lead_views.arrange(arrangement)
        self._update_actions()

    def _ensure_facets(self, *, again: bool = False) -> None:
        """Read every lead's source, import and next step on the worker, once (``again`` after a
        reload)."""
        if self.service is None or self._facets_pending or (self.facets.loaded and not again):
            return
        self._facets_pending = True

        def read(
            service: LeadService, _progress: Progress
        ) -> tuple[dict[int, LeadFacets], list[BatchChoice]]:
            from leadtemp.importing.commit import import_batches

            batches = [(b.id, f"#{b.id} {b.file_name}") for b in import_batches(service) if not b.undone]
            return service.facets(), batches

        def done(result: tuple[dict[int, LeadFacets], list[BatchChoice]]) -> None:
            self._facets_pending = False
            self._batches = result[1]
            self.facets.replace(result[0])

        def failed(error: Exception) -> None:
            self._facets_pending = False
            self._on_background_failed(error)

        self.workers.run("", read, done, failed)

    def _refresh_facets(self, contact_id: int) -> None:
        """A write may have changed the lead's source or next step: read them again, with those of
        the others written meanwhile."""
        if not self.facets.loaded or self.service is None:
            return
        first = not self._facets_wanted
        self._facets_wanted.add(contact_id)
        if not first:
            return

        def read() -> None:
            wanted, self._facets_wanted = sorted(self._facets_wanted), set()
            if self.service is not None:  # not closed meanwhile
                self.workers.run("", lambda service, _p: service.facets(wanted), self.facets.update)

        QTimer.singleShot(0, self, read)

    # Opening ----------------------------------------------------------------------------

    def _after_first_paint(self) -> None:
        """Open the file now that the window shows: started earlier, the worker would compete
        with building and painting the window for the interpreter and delay the first frame."""
        self._open_in_background()
        self.board_view.install_card_delegate()

    def _open_in_background(self) -> Task:
        """Open (and if needed migrate) the file on a worker thread, then attach on this one."""
        self._open_generation += 1
        generation = self._open_generation
        self.workers.path = self.db_path
        if not self._book_writable():
            self.workers.read_only = True
            self.read_only_watch.enter(self.db_path.name)
        return self.workers.run(
            f"Opening {book_name(self.db_path)}…",
            self.seen_versions.reading(partial(_load_first_cards, closed=self.board_model.show_closed)),
            lambda read: self._on_opened(self.seen_versions.shown(read), generation),
            self._on_open_failed,
        )

    def _on_opened(self, read: BoardRead, generation: int) -> None:
        """The worker has read each column's first cards: show them at once.

        This thread's own connection and the contact panel wait until the cards have painted;
        until then the window has no service and writes wait, as while the file was opening.
        Then the rest of the board is read; ``boardLoaded`` is emitted once it is all there.
        """
        if generation != self._open_generation:
            return
        self._load(read, set(), announce=False)
        board = read[0]

        def attach() -> None:
            if generation != self._open_generation or self.service is not None:
                return
            from leadtemp.service import LeadService

            try:
                service = LeadService.open(self.db_path, now=self._now, read_only=self.workers.read_only)
            except LeadTempError as error:
                self._on_open_failed(error)
                return
            self._attach(service)
            self._install_panel(service)
            if board.complete:
                self.boardLoaded.emit()
            else:
                self.reload_board()  # the rest of the cards; boardLoaded once they are in
            self._daily_backup()

        waiting = AfterPaint(attach, PAINT_FALLBACK_MS, self)
        if len(self.board_model):
            self.board_view.cardsPainted.connect(waiting.painted)
        else:
            waiting.painted()

    def _daily_backup(self) -> None:
        """The once-a-day safety copy, made on the worker once the board is up; a failure is
        said in a notice (the lead book itself is fine, only its copy could not be written)."""
        if self.workers.read_only:
            self.dailyBackupFinished.emit("")
            return

        def make_backup(service: LeadService, _progress: Progress) -> Path | None:
            from leadtemp.store.backup import daily_backup

            return daily_backup(service.path)

        def failed(error: Exception) -> None:
            self.notices.show_notice(f"No daily backup was made: {error}")
            self.dailyBackupFinished.emit("")

        self.workers.run("Backing up…", make_backup, self._on_daily_backup, failed)

    def _on_daily_backup(self, made: Path | None) -> None:
        self.dailyBackupFinished.emit(str(made) if made is not None else "")
        if made is not None:
            self.statusBar().showMessage(f"Daily backup saved: {made.name}", 5000)

    def _on_background_failed(self, error: Exception) -> None:
        """A board read that failed (file busy, drive gone): the board keeps what it showed and
        the next refresh tries again (a server that went away is said in the bar)."""
        if isinstance(error, ServerUnreachable) and self.server_away is not None:
            self.server_away.lost()
            return
        self.notices.show_notice(f"Could not update the board: {error}")

    # A book that cannot be written just now ------------------------------------------------

    def _book_writable(self) -> bool:
        if self.server_away is not None:
            return self.server_away.writable()
        # Asked before the first cards are read: it must not load the service on this thread.
        from leadtemp.database_files import writable_at

        return writable_at(self.db_path)

    def _read_only_refusal(self) -> str:
        from desktop.workers import READ_ONLY_REFUSAL

        if self.server_away is not None and self.server_away.away:
            return self.server_away.refusal()
        return READ_ONLY_REFUSAL.format(name=self.db_path.name)

    def _refused_read_only(self) -> bool:
        """Refuse a write at once while the book cannot be written (nothing is kept for later)."""
        if not self.read_only_watch.read_only:
            return False
        from leadtemp.errors import DatabaseError

        self.show_error(DatabaseError(self._read_only_refusal()))
        return True

    def _went_read_only(self, error: Exception | None = None) -> bool:
        """After a failed write: whether it failed because the book can no longer be written, or
        its server no longer answers (the window turns read-only now and says so once)."""
        if isinstance(error, ServerUnreachable) and self.server_away is not None:
            if self.server_away.away:
                return True
            self.server_away.lost()
        elif self.read_only_watch.read_only or self._book_writable():
            return False
        else:
            self.read_only_watch.enter(self.db_path.name)
        from leadtemp.errors import DatabaseError

        self.show_error(DatabaseError(self._read_only_refusal()))
        return True

    def _on_read_only_changed(self, read_only: bool) -> None:
        self.workers.read_only = read_only
        returned = self.server_away is not None and self.server_away.returned
        if returned and self.server_away is not None:
            self.server_away.returned = False
        if not read_only and self.service is not None and (self.service.read_only or returned):
            # Opened only to read, or on a connection the server dropped: open it again, with a
            # fresh board.
            self.release_database()
            self.reopen_database()
        self._update_actions()

    def _run_tracked(self, label: str, operation: Any, on_success: Callable[[Any, set[int]], None]) -> None:
        """Run a board-computing operation, remembering which contacts change here meanwhile."""
        changed: set[int] = set()
        self._trackers.append(changed)
        self.external_changes.absorb()
        seen = self.seen_versions
        task = self.workers.run(
            label,
            seen.reading(operation),
            lambda result: on_success(seen.shown(result), changed),
            self._on_background_failed,
        )
        task.finished.connect(lambda: self._trackers.remove(changed) if changed in self._trackers else None)

    def _attach(self, service: LeadService) -> None:
        self.service = service
        self.open_error = None
        self.workers.path = service.path
        self._unsubscribe = service.subscribe(self._on_service_event)
        self._show_book(service)
        listener = service.change_listener()
        if listener is not None:
            self.live.start(listener, service.path, self._now)
        else:
            self.external_changes.watch(service.data_version)
        self.colleagues.start()
        if self._auto_refresh:
            self.refresh_timer.start()
        self.mailbox.load()
        if self.arrangement.needs_facets or self.lead_views.kind is not LeadView.BOARD:
            self._ensure_facets()
        self._update_actions()

    def _install_panel(self, service: LeadService) -> None:
        """A panel per service: after a restore the old one would read a closed connection."""
        from desktop.window.contact_panel import ContactPanel

        if self.panel is not None:
            self.panel.forget_reads()
            self.panel_scroll.takeWidget()
            self.panel.setParent(None)
            self.panel.deleteLater()
        panel = ContactPanel(service, self.panel_holder, self.workers)
        panel.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        panel.tickToggled.connect(self.tick)
        panel.deleteInteractionRequested.connect(self.delete_interaction)
        panel.unpinRequested.connect(self.unpin)
        panel.outcomeChanged.connect(lambda cid, value: self.set_outcome(cid, Outcome(value)))
        panel.editRequested.connect(self.edit_contact)
        panel.logRequested.connect(self.log_interaction)
        panel.nextStepRequested.connect(self.today.set_next_step)
        panel.stepDoneRequested.connect(self.today.complete_step)
        panel.companyRequested.connect(self.open_company)
        panel.qualificationChosen.connect(
            lambda cid, criterion, answer: self.qualify(cid, {criterion: answer})
        )
        self.panel_scroll.setMinimumWidth(panel.minimumSizeHint().width())
        self.panel_scroll.setWidget(panel)
        self.panel = panel
        panel.set_contact(self.selected_contact())

    def _on_open_failed(self, error: Exception) -> None:
        """Say what is wrong with the file (it is left as it was) and offer a good backup, found on
        the worker (checking the file and the backups reads them whole)."""
        from desktop.open_failure import offer_for

        problem = str(error)
        self.open_error = problem
        self.refresh_timer.stop()
        db_path = self.db_path

        def good_backup(_progress: Progress) -> Any:
            try:
                return offer_for(db_path)
            except (LeadTempError, OSError):
                return None

        self.workers.run_on_files(
            "Looking for a good backup…", good_backup, lambda offered: self._offer_backup(problem, offered)
        )

    def _offer_backup(self, problem: str, offered: Any) -> None:
        from desktop.open_failure import OpenFailureChoice, OpenFailureDialog

        dialog = OpenFailureDialog(self.db_path, problem, offered, self)
        dialog.setObjectName("open-error")

        def finished(_result: int) -> None:
            if dialog.choice() is OpenFailureChoice.OPEN_BACKUP and dialog.offered is not None:
                self._open_backup(dialog.offered)
            else:
                self.close()

        dialog.finished.connect(finished)
        self._show_dialog(dialog)
        self.openFailed.emit(problem)

    def _open_backup(self, offered: Any) -> None:
        """Put the backup in place on the worker (a copy of the whole file), then open it."""
        from desktop.open_failure import open_backup_instead

        db_path = self.db_path
        self.workers.run_on_files(
            "Opening the backup…",
            lambda _progress: open_backup_instead(db_path, offered),
            lambda _kept: self._open_in_background(),
            self._on_open_failed,
        )

    # Database release / reopen (backups) -------------------------------------------------

    def release_database(self) -> None:
        """Close this window's connection (a restore needs the file to itself)."""
        self._open_generation += 1
        self.refresh_timer.stop()
        self.mailbox.stop()
        self.external_changes.stop()
        self.live.stop()
        self.colleagues.stop()
        self.workers.wait()
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        if self.panel is not None:
            self.panel.forget_reads()
            self.panel.setParent(None)
            self.panel.deleteLater()
            self.panel = None
        if self.service is not None:
            if self._owns_service:
                self.service.close()
            self.service = None
        self.undo_stack.clear()
        self.seen_versions.forget()
        self.notifications.watch.forget()
        self._update_actions()

    def reopen_database(self) -> None:
        """Open the (possibly restored) file again and reload the board."""
        if self.service is None:
            self._owns_service = True
            self._open_in_background()

    # Service events ---------------------------------------------------------------------

    def _on_service_event(self, event: Change | BoardReset) -> None:
        from leadtemp.service import BoardReset

        if isinstance(event, BoardReset):
            self.reload_board()
            return
        for changed in self._trackers:
            changed.add(event.contact_id)
        self.seen_versions.wrote(event.contact_id, event.version)
        self.board_model.apply(event)
        if self.company_panel is not None and self.company_panel.isVisible():
            self.company_panel.refresh()
        self._refresh_facets(event.contact_id)
        closing = event.action in ("archived", "outcome won", "outcome lost", "purged")
        if event.card is None and closing and not self._quiet:
            self.notices.show_notice(f"{event.describe()} — Ctrl+Z to undo", event.contact_id)
        if self.panel is not None and self.panel.contact_id == event.contact_id:
            self.panel.refresh()

    def _apply_changes(self, events: list[Change | BoardReset]) -> None:
        """What a background write did, in one place: a BoardReset makes this thread's service drop
        its cached settings and reload the board once; each Change moves its card."""
        from leadtemp.service import BoardReset

        resets = [event for event in events if isinstance(event, BoardReset)]
        if resets:
            if self.service is not None:
                self.service.reload(resets[-1].reason)
            return
        self._quiet = len(events) > 1
        try:
            for event in events:
                self._on_service_event(event)
        finally:
            self._quiet = False

    def _on_card_moved(self, change: object) -> None:
        from leadtemp.service import Change

        if isinstance(change, Change) and not self._quiet:
            self.notices.show_notice(change.describe(), change.contact_id)

    # Board loading and refreshing ---------------------------------------------------------

    def reload_board(self) -> None:
        """Recompute the whole board in the background (settings changed, import, restore)."""
        if self.service is None:
            return
        self._run_tracked(
            "Loading leads…", partial(_load_board, closed=self.board_model.show_closed), self._load
        )

    def _load(self, read: BoardRead, changed: set[int], *, announce: bool = True) -> None:
        board, badges = read
        first = not self.board_model.loaded
        self.board_model.load(board)
        self.board_model.set_badges(badges)
        if self.facets.loaded:
            self._ensure_facets(again=True)
        self._catch_up(changed)
        if first and not self.search.text():
            self.board_view.focus_selected()
        if self.panel is not None:
            self.panel.refresh()
        self._update_actions()
        if announce:
            self.boardLoaded.emit()

    def _catch_up(self, contact_ids: set[int]) -> None:
        """Writes made here while a background board was computed are newer: re-read those cards,
        on the worker, queued behind any write still to come so the answer is the newest."""
        if self.service is None or not contact_ids:
            return
        closed = self.board_model.show_closed
        ids = sorted(contact_ids)
        self.workers.run(
            "",
            lambda service, _progress: {cid: _current_card(service, cid, closed) for cid in ids},
            self._put_cards,
        )

    def step_naming(self) -> WindowStepNaming:
        """Undo steps are named from the board and the panel: making a command reads nothing."""
        from desktop.window.step_naming import WindowStepNaming

        assert self.service is not None
        panel = self.panel
        return WindowStepNaming(self.service, self.board_model, lambda: panel.detail if panel else None)

    def _put_cards(self, cards: dict[int, Card | None]) -> None:
        for contact_id, card in cards.items():
            self.board_model.put(contact_id, card)

    def refresh_now(self) -> None:
        """Let time pass on the board: faded signals cool leads, clocks and staleness advance."""
        self.board_model.tick()
        if self.service is None or self.workers.busy:
            return
        epoch = self.board_model.epoch
        self._run_tracked(
            "",
            partial(_refresh_board, closed=self.board_model.show_closed),
            lambda result, changed: self._on_refreshed(result, changed, epoch),
        )

    def _on_refreshed(self, result: tuple[list[Change], BoardRead], changed: set[int], epoch: int) -> None:
        """Apply what time did to the board, except to cards written here meanwhile (those are newer)."""
        changes, (board, badges) = result
        if epoch != self.board_model.epoch or self.service is None:
            return
        for change in changes:
            if change.contact_id not in changed:
                self.board_model.apply(change)
        from desktop.window.outside_moves import outside_moves

        moved_elsewhere = outside_moves(self.board_model.card, board.all_cards(), changed)
        from leadtemp.scoring.temperature import MODEL_CHANGED

        moved = sum(1 for change in changes if change.cause == MODEL_CHANGED)
        if moved:
            self.notices.show_notice(
                f"The scoring model changed: {moved} lead{'s' if moved != 1 else ''} changed temperature "
                "(fresh buying signals make a lead hot, warm signals warm, "
                "a recent \u201cnot interested\u201d cold)"
            )
        self.board_model.sync(board, changed)
        self.board_model.set_badges(badges)
        self._announce_outside_moves(moved_elsewhere)
        self._catch_up(changed)
        if self.panel is not None and self.panel.contact_id is not None:
            self.panel.refresh()
        self.boardSynced.emit()

    def _put_live_cards(self, cards: dict[int, Card | None], changes: list[LeadChange]) -> None:
        """Another desktop's or a command's changes, heard on a server book: their cards move, and
        a move not made by a colleague (whose notice names it) says why, as a refresh's would."""
        from desktop.window.outside_moves import outside_moves

        me = self.service.actor if self.service is not None else ""
        theirs = {change.contact_id for change in changes if change.actor and change.actor != me}
        fresh = [card for card in cards.values() if card is not None]
        moves = outside_moves(self.board_model.card, fresh, theirs)
        self._put_cards(cards)
        self._announce_outside_moves(moves)

    def _on_live_applied(self, contact_ids: list[int]) -> None:
        self.today.refresh()
        if self.company_panel is not None and self.company_panel.isVisible():
            self.company_panel.refresh()
        if self.panel is not None and self.panel.contact_id in contact_ids:
            self.panel.refresh()

    def _announce_outside_moves(self, moves: list[OutsideMove]) -> None:
        """Cards another process moved say so, with what it logged last (read on the worker)."""
        from desktop.window.outside_moves import latest_causes, notice_text

        if not moves:
            return
        focus = moves[0].contact_id if len(moves) == 1 else None
        self.workers.run(
            "",
            lambda service, _progress: latest_causes(service, moves),
            lambda causes: self.notices.show_notice(notice_text(moves, causes), focus),
        )

    # Commands ---------------------------------------------------------------------------

    def run_command(self, command: ServiceCommand, then: Callable[[], None] | None = None) -> bool:
        """Queue a write on the worker; it goes on the undo stack (and ``then`` runs) once it has
        succeeded there, and a refused write shows why. False when it cannot be queued now."""
        if self.service is None or self._writes_blocked:
            self.statusBar().showMessage("Please wait until the background work has finished.", 4000)
            return False
        if self._refused_read_only():
            return False
        contact_id = getattr(command, "contact_id", None)
        if command.seen is None and isinstance(contact_id, int):
            command.seen = self.seen_versions.of(contact_id)

        def written() -> None:
            self.undo_stack.push(command)
            if then is not None:
                then()

        self._write_step(command.text(), command.perform, written, lambda: None)
        return True

    def undo(self) -> None:
        """Edit > Undo: the step's undo runs on the worker, then the stack moves back."""
        if not self._stack_ready() or not self.undo_stack.canUndo() or self._refused_read_only():
            return
        from desktop.commands import ServiceCommand

        command = self.undo_stack.command(self.undo_stack.index() - 1)
        if isinstance(command, ServiceCommand):
            self._move_stack(command, command.revert, self.undo_stack.undo)
        else:
            self.undo_stack.undo()

    def redo(self) -> None:
        if not self._stack_ready() or not self.undo_stack.canRedo() or self._refused_read_only():
            return
        from desktop.commands import ServiceCommand

        command = self.undo_stack.command(self.undo_stack.index())
        if isinstance(command, ServiceCommand):
            self._move_stack(command, command.perform, self.undo_stack.redo)
        else:
            self.undo_stack.redo()

    def _stack_ready(self) -> bool:
        return self.service is not None and not self._writes_blocked and not self._steps_pending

    def _move_stack(
        self, command: ServiceCommand, write: Callable[[LeadService], Any], move: Callable[[], None]
    ) -> None:
        """Run an undo's or redo's write on the worker, then move the stack; a failed one is shown
        and the step, which can no longer be taken, is dropped from the stack."""

        def dropped() -> None:
            if self._went_read_only() or self.read_only_watch.read_only:
                return  # the step is still there to take once the book can be written again
            command.setObsolete(True)
            move()

        self._write_step(command.text(), write, move, dropped)

    def _write_step(
        self,
        label: str,
        write: Callable[[LeadService], Any],
        written: Callable[[], None],
        refused: Callable[[], None],
    ) -> None:
        """One write of the undo history on the worker queue, in order behind the others; undo
        and redo wait (disabled) until it is back, so the stack and the book never disagree."""
        generation = self._open_generation

        def succeeded(_change: object) -> None:
            if generation == self._open_generation:
                written()

        def failed(error: Exception) -> None:
            if generation != self._open_generation:
                return
            refused()
            if self._went_read_only(error):
                return
            self.show_error(error)
            if self.panel is not None:
                self.panel.refresh()

        def finished() -> None:
            self._steps_pending -= 1
            self._update_undo_actions()

        self._steps_pending += 1
        self._update_undo_actions()
        task = self.workers.write(label, lambda service, _progress: write(service), succeeded, failed)
        task.finished.connect(finished)

    def log_for_selection(self) -> None:
        self.log_interaction(self.selected_contact())

    def selected_contact(self) -> int | None:
        """The current lead of the view shown (board, list or closed)."""
        return self.lead_views.selected_contact()

    def selected_contacts(self) -> list[int]:
        """Every selected lead of the view shown, the current one first."""
        return self.lead_views.selected_contacts()

    def with_selected(self, action: Callable[..., object], *args: object) -> None:
        contact_id = self.selected_contact()
        if contact_id is not None:
            action(contact_id, *args)

    def for_selection(
        self, single: Callable[..., object], many: Callable[..., object], *args: object
    ) -> None:
        """One selected lead gets ``single``; several get ``many``, one undoable step for them all."""
        chosen = self.selected_contacts()
        if len(chosen) > 1:
            many(chosen, *args)
        elif chosen:
            single(chosen[0], *args)

    # Many leads at once -------------------------------------------------------------------

    def _run_bulk(self, text: str, contact_ids: list[int], write: Callable[[LeadService], BulkEdit]) -> bool:
        """One undoable step for many leads; those still shown stay selected for the next one."""
        if self.service is None:
            return False
        from desktop.commands import BulkCommand

        command = BulkCommand(self.service, text, write)

        def done() -> None:
            self.lead_views.select_contacts(contact_ids)
            self.notices.show_notice(f"{text} — Ctrl+Z to undo")

        return self.run_command(command, done)

    def _leads(self, contact_ids: list[int]) -> str:
        if len(contact_ids) == 1 and self.board_model.card(contact_ids[0]) is not None:
            card = self.board_model.card(contact_ids[0])
            assert card is not None
            return card.name
        return f"{len(contact_ids)} leads"

    def pin_many(self, contact_ids: list[int], temperature: Temperature) -> bool:
        ids = list(contact_ids)
        return self._run_bulk(
            f"Pin {self._leads(ids)} as {temperature.value}",
            ids,
            lambda service: service.pin_many(ids, temperature),
        )

    def archive_many(self, contact_ids: list[int]) -> bool:
        ids = list(contact_ids)
        return self._run_bulk(f"Archive {self._leads(ids)}", ids, lambda service: service.archive_many(ids))

    def set_outcome_many(self, contact_ids: list[int], outcome: Outcome) -> bool:
        ids = list(contact_ids)
        return self._run_bulk(
            f"Mark {self._leads(ids)} as {outcome.value}",
            ids,
            lambda service: service.set_outcome_many(ids, outcome),
        )

    def reopen_many(self, contact_ids: list[int]) -> bool:
        ids = list(contact_ids)
        return self._run_bulk(f"Reopen {self._leads(ids)}", ids, lambda service: service.reopen_many(ids))

    def set_source_many(self, contact_ids: list[int], source: str) -> bool:
        ids = list(contact_ids)
        label = source.strip() or "none"
        return self._run_bulk(
            f"Set the source of {self._leads(ids)} to {label}",
            ids,
            lambda service: service.set_source_many(ids, source),
        )

    def choose_source(self, contact_ids: list[int] | None = None) -> None:
        """Lead > Set Source…: one source for every selected lead (a known one, or typed)."""
        chosen = list(contact_ids) if contact_ids is not None else self.selected_contacts()
        if self.service is None or self._writes_blocked or not chosen:
            return
        from PySide6.QtWidgets import QInputDialog

        dialog = QInputDialog(self)
        dialog.setObjectName("source-dialog")
        dialog.setWindowTitle("Set Source")
        dialog.setLabelText(f"Source of {self._leads(chosen)}:")
        dialog.setComboBoxEditable(True)
        dialog.setComboBoxItems(self.known_sources())
        dialog.accepted.connect(lambda: self.set_source_many(chosen, dialog.textValue()))
        self._show_dialog(dialog)

    def _pin_from_drop(self, contact_id: int, temperature: Temperature) -> bool:
        return self.pin(contact_id, temperature)

    def pin(self, contact_id: int, temperature: Temperature) -> bool:
        if self.service is None:
            return False
        from desktop.commands import PinCommand

        return self.run_command(PinCommand(self.step_naming(), contact_id, temperature))

    def unpin(self, contact_id: int) -> bool:
        if self.service is None:
            return False
        from desktop.commands import UnpinCommand

        return self.run_command(UnpinCommand(self.step_naming(), contact_id))

    def archive(self, contact_id: int) -> bool:
        if self.service is None:
            return False
        from desktop.commands import ArchiveCommand

        return self.run_command(ArchiveCommand(self.step_naming(), contact_id))

    def set_outcome(self, contact_id: int, outcome: Outcome) -> bool:
        if self.service is None:
            return False
        from desktop.commands import SetOutcomeCommand

        return self.run_command(SetOutcomeCommand(self.step_naming(), contact_id, outcome))

    def reopen(self, contact_id: int) -> bool:
        """A won, lost or archived lead back on the board (undoable)."""
        if self.service is None:
            return False
        from desktop.commands import ReopenCommand

        return self.run_command(ReopenCommand(self.step_naming(), contact_id))

    def merge(self, keep_id: int, other_id: int) -> bool:
        """Fold ``other_id`` into ``keep_id`` as one undoable step, and select the card kept."""
        if self.service is None:
            return False
        from desktop.commands import MergeCommand

        command = MergeCommand(self.step_naming(), keep_id, other_id)

        def merged() -> None:
            self.board_view.select_contact(keep_id)
            self.notices.show_notice(f"{command.text()} — Ctrl+Z to undo", keep_id)

        return self.run_command(command, merged)

    def merge_selected(self) -> bool:
        """Lead > Merge Two Contacts: the older contact (the lower id) is kept."""
        selected = self.selected_contacts()
        if len(selected) != 2:
            return False
        keep, other = sorted(selected)
        return self.merge(keep, other)

    def set_show_closed(self, shown: bool) -> None:
        """View > Show Closed Leads: won, lost and archived leads on the board, marked."""
        self.board_model.show_closed = shown or self.lead_views.kind is LeadView.CLOSED
        self.menu_actions.show_closed.setChecked(shown)
        QSettings().setValue(SHOW_CLOSED_KEY, shown)
        self.reload_board()

    def qualify(self, contact_id: int, values: dict[str, str]) -> bool:
        """Set some of the lead's budget, authority, need and timeline, as one undoable step."""
        if self.service is None:
            return False
        from desktop.qualification.command import QualifyCommand

        return self.run_command(QualifyCommand(self.step_naming(), contact_id, values))

    def tick(self, contact_id: int, item_id: str, done: bool) -> bool:
        if self.service is None:
            return False
        from desktop.commands import TickCommand

        return self.run_command(TickCommand(self.step_naming(), contact_id, item_id, done))

    def delete_interaction(self, interaction_id: int) -> bool:
        if self.service is None:
            return False
        name = ""
        if self.panel is not None and self.panel.detail is not None:
            name = self.panel.detail.contact.name
        from desktop.commands import DeleteInteractionCommand

        return self.run_command(DeleteInteractionCommand(self.step_naming(), interaction_id, name))

    def log(
        self,
        contact_id: int,
        kind: str,
        occurred_at: datetime | None = None,
        note: str = "",
        *,
        select: bool = False,
    ) -> bool:
        """Queue the interaction's logging; ``select`` selects the lead once it is logged."""
        if self.service is None:
            return False
        from desktop.commands import LogInteractionCommand

        command = LogInteractionCommand(self.step_naming(), contact_id, kind, occurred_at, note)
        return self.run_command(command, (lambda: self._select_new(contact_id)) if select else None)

    def _select_new(self, contact_id: int | None) -> None:
        if contact_id is not None:
            self.lead_views.select_contact(contact_id)

    # Dialogs ----------------------------------------------------------------------------

    # Books ------------------------------------------------------------------------------

    @property
    def now_source(self) -> Callable[[], datetime]:
        return self._now

    @property
    def auto_refresh(self) -> bool:
        return self._auto_refresh

    def service_path_is(self, path: Path) -> bool:
        return self.db_path.expanduser().resolve() == path

    def _show_book(self, service: LeadService) -> None:
        """The title, the tray and the window's words say which book this is and what it holds."""
        from desktop.window.books import remember_book

        book = service.rules.book
        self.words = service.words
        self.setWindowTitle(f"{book_name(self.db_path)} ({book.value}) — LeadTemp")
        self.notifications.set_book(book_name(self.db_path), self.words)
        self.status.words = self.board_model.words = self.words
        self.board_model.book = book
        for view in self.board_view.views():
            view.update_placeholder()
        self.menu_actions.set_words(self.words)
        self.today.model.set_book(book)
        self.today.view.set_words(self.words)
        self.arrange_bar.set_words(self.words)
        leads = self.words.title(self.words.leads)
        self.views.setTabText(0, f"&{leads}")
        self.views.setTabToolTip(0, f"Every {self.words.lead}: the board, the list, the closed ones (Ctrl+T)")
        self.new_button.setText(f"New {self.words.contact}")
        self.log_button.setToolTip(f"Record what happened with a {self.words.lead} (Ctrl+L)")
        self._update_summary()
        if service.path.exists() or is_server_address(service.path):
            remember_book(service.path)

    def new_book(self) -> None:
        """File > New Book…: the dialog, then the file made off the UI thread and opened in a window
        of its own."""
        from desktop.dialogs.new_book import NewBookDialog

        dialog = NewBookDialog(self.db_path.expanduser().resolve().parent, self)
        dialog.accepted.connect(lambda: self.create_book(dialog.path(), dialog.kind()))
        self._show_dialog(dialog)

    def create_book(self, path: Path, book: Any) -> Task:
        def create(_progress: Progress) -> Path:
            from leadtemp.new_book import create_book

            return create_book(path, book, now=self._now)

        return self.workers.run_on_files(
            f"Creating {path.name}…", create, self.open_book, lambda error: self.show_error(error)
        )

    def choose_book(self) -> None:
        """File > Open Book…: any book file, in a window of its own."""
        from PySide6.QtWidgets import QFileDialog

        from desktop.dialogs.new_book import BOOK_FILTER

        chosen, _ = QFileDialog.getOpenFileName(
            self, "Open Book", str(self.db_path.expanduser().resolve().parent), BOOK_FILTER
        )
        if chosen:
            self.open_book(Path(chosen))

    def open_shared_book(self) -> None:
        """File > Open Shared Book…: a book on a server, in a window of its own once it opens."""
        from desktop.dialogs.open_shared_book import OpenSharedBookDialog

        dialog = OpenSharedBookDialog(self.workers, self)

        def opened() -> None:
            book = dialog.book()
            if book is not None:
                self.open_book(book)

        dialog.accepted.connect(opened)
        self._show_dialog(dialog)

    def open_book(self, path: Path) -> MainWindow:
        """The book at ``path`` in its window: this one or another that shows it already (brought
        forward), else a new one like this one (its theme and clock) with a service, a worker
        queue and a tray icon of its own. Each window owns its book, so no file is opened twice."""
        from desktop.notify.center import system_outlets

        existing = window_for(path)
        if existing is not None:
            existing.show()
            existing.raise_()
            existing.activateWindow()
            return existing
        window = MainWindow(path, themes=self.themes, now=self.now_source, auto_refresh=self.auto_refresh)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        _opened_beside.append(window)
        window.destroyed.connect(lambda _object=None: _opened_beside.remove(window))
        window.show()
        if self.notifications.tray is not None:
            window.notifications.use(*system_outlets(window))
        return window

    def recent_books(self) -> list[Path]:
        from desktop.window.books import recent_books

        return recent_books()

    def open_company(self, company_id: int) -> None:
        """The company panel (one at a time): its people, temperature and everyone's interactions."""
        from desktop.window.company_panel import CompanyPanel

        if self.company_panel is not None:
            self.company_panel.close()
            self.company_panel.deleteLater()
        panel = self.company_panel = CompanyPanel(self.workers, company_id, self)
        panel.contactRequested.connect(self.lead_views.select_contact)
        panel.show()

    def _show_dialog(self, dialog: QDialog) -> None:
        """Window-modal and asynchronous: the event loop (and the board) keep running."""
        self.active_dialog = dialog

        def forget() -> None:
            if self.active_dialog is dialog:
                self.active_dialog = None
            dialog.deleteLater()

        dialog.finished.connect(forget)
        dialog.open()

    def log_interaction(self, contact_id: int | None = None) -> None:
        """Ctrl+L: the quick-add dialog, preselected on the given (or selected) lead."""
        if self.service is None or self._writes_blocked:
            return
        from desktop.dialogs.quick_add import QuickAddDialog

        dialog = QuickAddDialog(
            self.service, self, contact_id=contact_id, workers=self.workers, cards=self.board_model.card
        )

        def accepted() -> None:
            values = dialog.values()
            if values.contact_id is not None and not values.next_step and not values.qualification:
                self.log(values.contact_id, values.kind, values.occurred_at, values.note, select=True)
                return
            from desktop.commands import LogInteractionCommand
            from desktop.new_lead_command import AddAndLogCommand

            assert self.service is not None
            known = values.contact_id
            command: ServiceCommand
            if known is not None:
                command = LogInteractionCommand(
                    self.step_naming(), known, values.kind, values.occurred_at, values.note
                )
                lead: Callable[[], int | None] = lambda: known  # noqa: E731
            else:
                adding = AddAndLogCommand(
                    self.step_naming(), values.new_name, values.kind, values.occurred_at, values.note
                )
                command, lead = adding, lambda: adding.contact_id
            if values.next_step and values.next_due is not None:
                from desktop.today.commands import WithNextStepCommand

                command = WithNextStepCommand(
                    self.step_naming(), command, lead, values.next_step, values.next_due
                )
            if values.qualification:
                from desktop.qualification.command import WithQualificationCommand

                command = WithQualificationCommand(self.step_naming(), command, lead, values.qualification)
            self.run_command(command, lambda: self._select_new(lead()))

        dialog.accepted.connect(accepted)
        self._show_dialog(dialog)

    def edit_contact(self, contact_id: int | None = None) -> None:
        """Ctrl+N (new) or double-click (edit): the contact editor; saving is one undoable step.

        An edit reads the contact on the worker first; the editor opens when it is in."""
        if self.service is None or self._writes_blocked:
            return
        if contact_id is None:
            self._open_editor(None)
            return
        self.workers.run(
            "Reading the contact…",
            lambda service, _progress: service.contact(contact_id),
            self._open_editor,
            self.show_error,
        )

    def _open_editor(self, contact: Contact | None) -> None:
        if self.service is None or self._writes_blocked:
            return
        from desktop.dialogs.contact_editor import ContactEditorDialog

        dialog = ContactEditorDialog(self.service, self, contact=contact)

        def accepted() -> None:
            from desktop.commands import AddContactCommand, EditContactCommand

            assert self.service is not None
            values = dialog.values()
            if contact is None:
                command = AddContactCommand(self.step_naming(), values)
                self.run_command(command, lambda: self._select_new(command.contact_id))
            else:
                self.run_command(EditContactCommand(self.step_naming(), contact.id, values, shown=contact))

        dialog.accepted.connect(accepted)
        self._show_dialog(dialog)

    def open_settings(self) -> None:
        if self.service is None or self._writes_blocked:
            return
        from desktop.dialogs.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.service, self, preview=self._preview_rules)
        dialog.accepted.connect(lambda: self._save_capture_settings(*dialog.capture_settings.changes()))
        dialog.accepted.connect(lambda: self.apply_settings(dialog.rules(), dialog.templates()))

        def read_capture_settings() -> None:
            editor = dialog.capture_settings
            task = self.workers.run(
                "",
                lambda service, _progress: (service.my_addresses(), service.ignored_senders()),
                editor.set_settings,
            )
            dialog.finished.connect(task.cancel)

        dialog.capture_settings.wanted.connect(read_capture_settings)
        self._show_dialog(dialog)

    def open_your_name(self) -> None:
        """File > Your Name…: the name this book records your changes under (colleagues see it in
        their timeline and notices)."""
        if self.service is None:
            return
        from PySide6.QtWidgets import QInputDialog

        dialog = QInputDialog(self)
        dialog.setObjectName("your-name-dialog")
        dialog.setWindowTitle("Your Name")
        dialog.setLabelText("Record my changes to this book as:")
        dialog.setTextValue(self.service.actor)
        dialog.accepted.connect(lambda: self._save_your_name(dialog.textValue()))
        self._show_dialog(dialog)

    def _save_your_name(self, name: str) -> None:
        if self._refused_read_only():
            return

        def write(service: LeadService, _progress: Progress) -> str:
            return service.set_actor_name(name)

        def saved(actor: str) -> None:
            if self.service is not None:
                self.service.act_as(actor)
            self.statusBar().showMessage(f"Your changes are recorded as {actor}", 4000)

        self.workers.run("Saving your name…", write, saved, self.show_error)

    def open_notification_settings(self) -> None:
        from desktop.dialogs.notification_settings import NotificationSettingsDialog
        from desktop.notify import preferences

        center = self.notifications
        dialog = NotificationSettingsDialog(center.preferences(), center.tray_available, self)
        dialog.accepted.connect(lambda: preferences.save(dialog.preferences()))
        self._show_dialog(dialog)

    def _save_capture_settings(self, mine: list[str] | None, added: list[str], removed: list[str]) -> None:
        """Settings > Capture: what the user changed, written on the worker in one transaction."""
        if mine is None and not added and not removed:
            return

        def write(service: LeadService, _progress: Progress) -> None:
            with service.transaction():
                if mine is not None:
                    service.set_my_addresses(mine)
                for address in added:
                    service.ignore_sender(address)
                for address in removed:
                    service.unignore_sender(address)

        self.workers.write("Saving the capture settings…", write, None, self.show_error)

    def _preview_rules(self, rules: Any, show: Callable[[Any], None]) -> None:
        """The leads ``rules`` would move, worked out on a worker for the settings dialog."""
        self.workers.run(
            "Previewing the rules…", lambda service, _progress: service.preview_rules(rules), show, show
        )

    def apply_settings(self, rules: Any, templates: Any) -> None:
        """Store the settings and re-score every lead on a worker thread, with progress; the
        change becomes one step of the undo stack."""
        if self.service is None:
            return
        from desktop.settings_command import SettingsCommand

        before = (self.service.rules, self.service.templates)
        changed = before[0].to_json() != rules.to_json() or (templates is not None and templates != before[1])

        def rescore(service: LeadService, progress: Progress) -> BoardReset:
            return service.update_settings(rules, templates, progress=progress)

        def applied(reset: BoardReset) -> None:
            self._on_settings_applied(reset)
            if changed:
                self.undo_stack.push(SettingsCommand(self._rescore_settings, before, (rules, templates)))

        self._rescore_settings(rescore, applied)

    def _rescore_settings(
        self,
        operation: Callable[[LeadService, Progress], BoardReset],
        applied: Callable[[BoardReset], None] | None = None,
    ) -> None:
        self._set_writes_blocked(True)
        self.workers.write(
            "Re-scoring all leads…", operation, applied or self._on_settings_applied, self._on_settings_failed
        )

    def _on_settings_applied(self, reset: BoardReset) -> None:
        self._set_writes_blocked(False)
        moved = len(reset.changes)
        self.notices.show_notice(
            f"Settings saved: {moved} lead{'s' if moved != 1 else ''} changed temperature"
            if moved
            else "Settings saved: every lead kept its temperature"
        )

    def _on_settings_failed(self, error: Exception) -> None:
        self._set_writes_blocked(False)
        self.show_error(error)

    def open_reports(self) -> None:
        """View > Reports…: a non-modal window, one at a time, computed on the worker."""
        if self.service is None:
            return
        from desktop.reports.reports_dialog import ReportsDialog

        if self.reports_dialog is not None:
            self.reports_dialog.raise_()
            self.reports_dialog.activateWindow()
            return

        def load(show: Callable[[Any], None]) -> None:
            self.workers.run(
                "Preparing the report…", lambda service, _progress: service.report(), show, self.show_error
            )

        dialog = ReportsDialog(load, self._apply_suggested_points, self.db_path, self)
        self.reports_dialog = dialog

        def forget() -> None:
            self.reports_dialog = None
            dialog.deleteLater()

        dialog.finished.connect(forget)
        dialog.show()
        dialog.refresh()

    def _apply_suggested_points(self, points: dict[str, int]) -> None:
        """The report's suggested points as one undoable rules change, after the settings preview."""
        if self.service is None or self._writes_blocked:
            return
        from leadtemp.scoring.tuning import rules_with

        rules = rules_with(
            self.service.rules, {f"points.{kind}": str(value) for kind, value in points.items()}
        )

        def confirm(moves: Any) -> None:
            from PySide6.QtWidgets import QMessageBox

            if isinstance(moves, Exception):
                self.show_error(moves)
                return
            count = len(moves)
            text = (
                f"{count} lead{'s' if count != 1 else ''} would change temperature."
                if count
                else "No lead would change temperature."
            )
            answer = QMessageBox.question(
                self, "Apply the suggested points", f"{text} Apply the new points? (Ctrl+Z undoes it.)"
            )
            if answer == QMessageBox.StandardButton.Yes:
                self.apply_settings(rules, None)

        self._preview_rules(rules, confirm)

    def open_import_wizard(self, path: str | None = None) -> None:
        """File > Import… (or a contact file dropped on the window): the import wizard.

        The import runs on this window's queue; its BoardReset reloads the board here.
        """
        if self.service is None or self._writes_blocked:
            return
        from desktop.importing.wizard import ImportWizard

        self._show_dialog(ImportWizard(self.service, path, self, workers=self.workers))

    def open_capture_dialog(self, path: str | None = None) -> None:
        """File > Capture from File… (or a capture source dropped on the window): the review, then
        the accepted lines captured as one undoable step with a summary notice."""
        if self.service is None or self._writes_blocked:
            return
        if not path:
            from PySide6.QtWidgets import QFileDialog

            from desktop.capture.file_drop import FILE_FILTER

            chooser = QFileDialog(self, "Capture from file", "", FILE_FILTER)
            chooser.setFileMode(QFileDialog.FileMode.ExistingFile)
            chooser.fileSelected.connect(self.open_capture_dialog)
            self._show_dialog(chooser)
            return
        from desktop.capture.dialog import CaptureDialog

        dialog = CaptureDialog(self.service, path, self, workers=self.workers)
        dialog.accepted.connect(lambda: self._capture(dialog.chosen()))
        self._show_dialog(dialog)

    def _capture(self, chosen: tuple[Any, list[int], Any] | None) -> bool:
        if chosen is None or self.service is None:
            return False
        from desktop.capture.command import CaptureCommand

        command = CaptureCommand(self.step_naming(), *chosen)

        def captured() -> None:
            self.notices.show_notice(command.summary())

        return self.run_command(command, captured)

    def _review_mail_check(self, found: Any, _keep: Callable[[list[int] | None], None]) -> None:
        """What a mailbox check found, on the same review page as a file; kept as one undo step."""
        from desktop.capture.dialog import CaptureDialog
        from desktop.mailbox.command import MailCheckCommand

        if self.service is None:
            self.mailbox.reviewed()
            return
        dialog = CaptureDialog(
            self.service, found.preview.label, self, workers=self.workers, preview=found.preview
        )

        def accepted() -> None:
            self.mailbox.reviewed()
            chosen = dialog.chosen()
            if chosen is None:
                return
            command = MailCheckCommand(self.step_naming(), found, chosen[1], chosen[2])

            def kept() -> None:
                self.notices.show_notice(command.summary())

            self.run_command(command, kept)

        dialog.accepted.connect(accepted)
        dialog.rejected.connect(self.mailbox.reviewed)
        self._show_dialog(dialog)

    def open_export_dialog(self) -> None:
        """File > Export…: every contact, or only the selected lead."""
        if self.service is None:
            return
        from desktop.dialogs.export_dialog import ExportDialog

        selected = self.selected_contact()
        dialog = ExportDialog(
            self.service, self, selected_ids=[selected] if selected else [], workers=self.workers
        )
        dialog.accepted.connect(lambda: self.notices.show_notice(dialog.summary()))
        self._show_dialog(dialog)

    def export_follow_ups(self) -> None:
        """File > Export Follow-ups…: the next steps as a calendar file."""
        if self.service is None:
            return
        from desktop.today.calendar_export import ask_and_export

        ask_and_export(self)

    def open_backups_dialog(self) -> None:
        """File > Backups…: list, make and restore backups; a restore reopens the database."""
        from desktop.dialogs.backups_dialog import BackupsDialog

        dialog = BackupsDialog(
            self.db_path,
            self,
            release_database=self.release_database,
            reopen_database=self.reopen_database,
            workers=self.workers,
        )
        self._show_dialog(dialog)

    def open_connect_mailbox(self) -> None:
        """File > Connect Mailbox…: where the mail is; accepting it checks at once."""
        if self.service is None:
            return
        from desktop.mailbox.connect_dialog import ConnectMailboxDialog

        dialog = ConnectMailboxDialog(self.mailbox.connection, self)
        dialog.accepted.connect(
            lambda: self.mailbox.connect_mailbox(dialog.connection) if dialog.connection else None
        )
        self._show_dialog(dialog)

    def check_mail(self) -> None:
        """File > Check Mail: the connected mailbox's new mail, on the worker queue."""
        if self.service is not None:
            self.mailbox.check(asked=True)

    def disconnect_mailbox(self) -> None:
        """File > Disconnect Mailbox…: after a yes, the mailbox and its password are forgotten; what
        was captured from it stays in the book."""
        connection = self.mailbox.connection
        if self.service is None or connection is None:
            return
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(
            self,
            "Disconnect Mailbox",
            f"Stop reading {connection.address.user}'s mailbox and remove its password from the "
            "keychain? What was captured from it stays.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.mailbox.forget()

    def mailbox_connected(self) -> bool:
        return self.mailbox.connection is not None

    def show_about(self) -> None:
        box = QMessageBox(self)
        box.setObjectName("about-box")
        box.setWindowTitle("About LeadTemp")
        box.setText(f"<b>LeadTemp {__version__}</b>")
        box.setInformativeText(
            "Which leads to call now: a cold / warm / hot board with explainable, decaying scores.\n\n"
            f"Database: {self.db_path}"
        )
        box.setStandardButtons(QMessageBox.StandardButton.Close)
        self._show_dialog(box)

    def show_error(self, error: Exception) -> None:
        box = QMessageBox(self)
        box.setObjectName("error-box")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("LeadTemp")
        box.setText(str(error))
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        self._show_dialog(box)

    # Contact files dropped on the window -------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        from desktop.capture.file_drop import accepts_capture_drop
        from desktop.importing.file_drop import accepts_drop

        mime = event.mimeData()
        if self.service is not None and (accepts_drop(mime) or accepts_capture_drop(mime)):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        from desktop.capture.file_drop import capture_path_for_dropped_urls
        from desktop.importing.file_drop import wizard_for_dropped_urls

        capture = (
            capture_path_for_dropped_urls(event.mimeData().urls()) if event.mimeData().hasUrls() else None
        )
        if capture is not None:
            event.acceptProposedAction()
            self.open_capture_dialog(capture)
            return
        path = wizard_for_dropped_urls(event.mimeData().urls()) if event.mimeData().hasUrls() else None
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.open_import_wizard(path)

    # Selection, menus and the panel -------------------------------------------------------

    def _on_current_contact(self, contact_id: object) -> None:
        selected = contact_id if isinstance(contact_id, int) else None
        if self.panel is not None and self.service is not None:
            self.panel.set_contact(selected)
        self._update_actions()

    def toggle_panel(self) -> None:
        """View > Contact Panel. Otherwise the panel is always there (empty until a card is
        selected), so selecting a card never re-lays out the board under the mouse."""
        visible = self.menu_actions.panel.isChecked()
        self.panel_holder.setVisible(visible)
        QSettings().setValue(PANEL_KEY, visible)

    def show_today(self, shown: bool = True) -> None:
        """View > Today (Ctrl+T): the Today list instead of the board, or back."""
        self.views.setCurrentWidget(self.today.view if shown else self.lead_views)

    def toggle_today(self) -> None:
        self.show_today(self.views.currentWidget() is not self.today.view)

    def _on_tab_changed(self, _index: int) -> None:
        on_today = self.views.currentWidget() is self.today.view
        self.menu_actions.today.setChecked(on_today)
        # Sort and Filter arrange the leads; Today keeps the seeds' order.
        self.arrange_bar.setHidden(on_today)
        if on_today:
            self.today.show_if_stale()
            self.today.view.list.setFocus(Qt.FocusReason.OtherFocusReason)

    def _update_today_tab(self) -> None:
        count = self.today.model.rowCount()
        self.views.setTabText(1, f"&Today ({count})" if count else "&Today")

    def _on_today_contact(self, contact_id: object) -> None:
        """An entry selected in Today: the same lead selected in the leads' view shown behind it
        (board, list), so the Lead menu follows it, and the panel shows it whichever view that is."""
        if not isinstance(contact_id, int):
            return
        self.lead_views.select_contact(contact_id)
        if self.panel is not None and self.panel.contact_id != contact_id:
            self.panel.set_contact(contact_id)
        self._update_actions()

    def open_lead(self, contact_id: int | None) -> None:
        """A notification was clicked: the window comes forward (from the tray too) on that lead."""
        if self.isMinimized():
            self.showNormal()
        else:
            self.show()
        self.raise_()
        self.activateWindow()
        if contact_id is not None and not (
            self.views.currentWidget() is self.today.view and self.today.view.select_contact(contact_id)
        ):
            self._select_from_notice(contact_id)

    def quit(self) -> None:
        """File > Quit (or the tray's Quit): close for good, even when closing would keep it in the tray."""
        in_tray = not self.isVisible()
        self._quitting = True
        self.close()
        if in_tray:
            from PySide6.QtCore import QCoreApplication

            QCoreApplication.quit()

    def _select_from_notice(self, contact_id: int) -> None:
        if not self.board_view.select_contact(contact_id) and self.board_model.card(contact_id):
            self.search.clear()
            self.board_view.select_contact(contact_id)

    def build_card_menu(self, contact_id: int) -> QMenu:
        """The context menu of one card (also what tests trigger actions from)."""
        ready = self.service is not None and not self._writes_blocked
        card = self.board_model.card(contact_id)
        menu = self.menu_actions.card_menu(contact_id, card, ready)
        # What the panel last read, when it shows this lead; otherwise offered (a lead without a
        # step says so when asked).
        detail = self.panel.detail if self.panel is not None and self.panel.contact_id == contact_id else None
        has_step = detail is None or detail.next_step is not None
        self.today.add_agenda_actions(menu, contact_id, ready, has_step)
        return menu

    def _show_card_menu(self, contact_id: int, position: QPoint) -> None:
        if self.card_menu is not None:
            self.card_menu.deleteLater()
        self.card_menu = self.build_card_menu(contact_id)
        self.card_menu.popup(position)

    def focus_first_result(self) -> None:
        """Down or Enter in the search: the first card shown, reading the columns left to right."""
        for view in self.board_view.views():
            first = view.model().index(0, 0)
            if first.isValid():
                self.board_view.select_contact(first.data(CardRole.ContactIdRole))
                view.setFocus(Qt.FocusReason.OtherFocusReason)
                return

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _update_actions(self) -> None:
        ready = self.service is not None and not self._writes_blocked
        selected = self.selected_contact()
        self.menu_actions.update(ready, self.board_model.card(selected) if selected is not None else None)
        self._update_undo_actions()
        self.new_button.setEnabled(ready)
        self.log_button.setEnabled(ready)

    def _update_undo_actions(self) -> None:
        self.menu_actions.update_undo(self._stack_ready())

    def _set_writes_blocked(self, blocked: bool) -> None:
        self._writes_blocked = blocked
        self.lead_views.setEnabled(not blocked)
        self._update_actions()

    def _update_summary(self) -> None:
        waiting = None
        if self.board_model.complete:
            hot = self.board_model.column(Temperature.HOT)
            waiting = sum(1 for card in hot.cards() if card.waiting_since is not None and not card.closed)
        leads = sum(self.board_model.total(t) for t in Temperature)
        if self.board_model.show_closed and self.board_model.complete:
            # Closed leads are loaded for the board or the Closed view: they are not open ones.
            leads -= sum(1 for t in Temperature for card in self.board_model.column(t).cards() if card.closed)
        self.status.show_summary(leads, waiting)
        self._update_actions()

    # Look and persistence ---------------------------------------------------------------

    def set_appearance(self, appearance: Appearance) -> None:
        self.themes.set_appearance(appearance)
        QSettings().setValue(_APPEARANCE_KEY, appearance.value)

    def _apply_theme(self) -> None:
        self.setStyleSheet(stylesheet_for(self.themes.theme))
        self.board_view.update()
        for view in self.board_view.views():
            view.viewport().update()

    def _restore_window_state(self) -> None:
        settings = QSettings()
        geometry = settings.value(_GEOMETRY_KEY)
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        splitter = settings.value(_SPLITTER_KEY)
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self.splitter.restoreState(splitter)
        else:
            self.splitter.setSizes([880, 400])

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._quitting and self.notifications.keeps_running():
            event.ignore()
            self.hide()
            return
        self.notifications.close()
        settings = QSettings()
        settings.setValue(_GEOMETRY_KEY, self.saveGeometry())
        settings.setValue(_SPLITTER_KEY, self.splitter.saveState())
        self.refresh_timer.stop()
        self.mailbox.stop()
        self.external_changes.stop()
        self.live.stop()
        if self.company_panel is not None:
            self.company_panel.close()
        self.workers.shutdown()
        self.lead_views.detach()
        # A late step of an open still under way (the attach after the first paint) does nothing.
        self._open_generation += 1
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        if self.service is not None and self._owns_service:
            self.service.close()
        self.service = None
        super().closeEvent(event)
