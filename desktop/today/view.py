"""The Today tab: a title with the count, the list (model/view, one delegate), and an empty state."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.today.model import Action, TodayModel, TodayRole, actions_for
from leadtemp.book_kinds import BookKind, Words, words_for

if TYPE_CHECKING:
    from PySide6.QtGui import QShowEvent

    from desktop.today.delegate import TodayDelegate


class TodayView(QWidget):
    """Signals carry the lead's id; ``actionRequested`` the :class:`Action` too."""

    currentContactChanged = Signal(object)
    actionRequested = Signal(int, object)
    menuRequested = Signal(int, QPoint)

    def __init__(self, model: TodayModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("today-view")
        self.model = model
        self.words = words_for(BookKind.SALES)
        self.title = QLabel(self)
        self.title.setObjectName("today-title")
        self.qualified_only = QCheckBox("&Qualified only", self)
        self.qualified_only.setObjectName("today-qualified-only")
        self.qualified_only.toggled.connect(self._filter_toggled)
        self.list = QListView(self)
        self.list.setObjectName("today-list")
        self.list.setAccessibleName("Today")
        self.list.setModel(model)
        self._delegate: TodayDelegate | None = None
        self.list.setMouseTracking(True)
        self.list.setFrameShape(QFrame.Shape.NoFrame)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._menu_at)
        self.list.selectionModel().currentChanged.connect(self._current_changed)
        # Ctrl+Enter: the entry's first action (Called, or Done for a due step).
        self.primary = QAction("Log the first action", self.list)
        self.primary.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        self.primary.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.primary.triggered.connect(self._primary)
        self.list.addAction(self.primary)

        self.empty = QLabel(self)
        self.empty.setObjectName("today-empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setEnabled(False)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.list)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 6)
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.qualified_only)
        layout.addLayout(header)
        layout.addWidget(self.stack, 1)
        for signal in (model.modelReset, model.rowsRemoved, model.rowsInserted):
            signal.connect(self._update_state)
        self.set_words(self.words)

    @property
    def delegate(self) -> TodayDelegate:
        """The painter of the entries, made when the tab first shows: its module and the style
        classes it paints with load then, not with the window (which opens on the board)."""
        return self._made_delegate()

    def _made_delegate(self) -> TodayDelegate:
        if self._delegate is None:
            from desktop.today.delegate import TodayDelegate

            self._delegate = TodayDelegate(self.list)
            self.list.setItemDelegate(self._delegate)
            self._delegate.actionRequested.connect(self.actionRequested)
        return self._delegate

    def showEvent(self, event: QShowEvent) -> None:
        self._made_delegate()  # before the first entry is laid out
        super().showEvent(event)

    def set_words(self, words: Words) -> None:
        """What the tooltip and the empty state call the book's people ("No hot candidate ...")."""
        self.words = words
        self.qualified_only.setToolTip(f"Only the qualified {words.leads}, in the same order")
        self._update_state()

    def _filter_toggled(self, on: bool) -> None:
        self.model.set_qualified_only(on)
        self._update_state()

    def _update_state(self) -> None:
        count = self.model.rowCount()
        if not self.model.loaded:
            self.title.setText("<b>Today</b>")
            self.empty.setText("Loading…")
        elif count:
            self.title.setText(f"<b>Today</b> — {count} to do, most urgent first")
        elif self.model.qualified_only:
            self.title.setText("<b>Today</b>")
            self.empty.setText(f"No qualified {self.words.lead} needs you right now.")
        else:
            self.title.setText("<b>Today</b>")
            self.empty.setText(
                f"Nothing to do right now: no hot {self.words.lead} is waiting and no follow-up is due."
            )
        self.stack.setCurrentWidget(self.list if count else self.empty)

    def selected_contact(self) -> int | None:
        value = self.list.currentIndex().data(TodayRole.ContactIdRole)
        return value if isinstance(value, int) else None

    def select_contact(self, contact_id: int) -> bool:
        row = self.model.row_of(contact_id)
        if row is None:
            return False
        self.list.setCurrentIndex(self.model.index(row, 0))
        return True

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.currentContactChanged.emit(current.data(TodayRole.ContactIdRole) if current.isValid() else None)

    def _menu_at(self, position: QPoint) -> None:
        index = self.list.indexAt(position)
        contact_id = index.data(TodayRole.ContactIdRole)
        if isinstance(contact_id, int):
            self.menuRequested.emit(contact_id, self.list.viewport().mapToGlobal(position))

    def _primary(self) -> None:
        index = self.list.currentIndex()
        if not index.isValid():
            return
        entry = self.model.entry(index.row())
        first: Action = actions_for(entry)[0]
        self.actionRequested.emit(entry.contact_id, first)
