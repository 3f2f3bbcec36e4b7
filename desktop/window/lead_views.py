"""The three ways to look at the leads, one keystroke apart: the board of cards, the lead list (a
table for books too large to read as cards) and the closed leads (won, lost, archived), all over
the same board model, in the same arrangement, with one selection the window acts on.

The tables are built the first time they are shown: most sessions live on the board.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QSettings, Qt, Signal
from PySide6.QtWidgets import QStackedWidget, QTabBar, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from desktop.board.arranged import FacetBook
    from desktop.board.arrangement import Arrangement
    from desktop.board.lead_table import LeadTableView
    from desktop.board.model import BoardModel
    from desktop.board.view import BoardView

VIEW_KEY = "main_window/lead_view"


class LeadView(enum.Enum):
    BOARD = "board"
    LIST = "list"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return {LeadView.BOARD: "Board", LeadView.LIST: "List", LeadView.CLOSED: "Closed"}[self]

    @property
    def shortcut(self) -> str:
        return f"Ctrl+{list(LeadView).index(self) + 1}"


def remembered_view() -> LeadView:
    try:
        return LeadView(str(QSettings().value(VIEW_KEY, LeadView.BOARD.value)))
    except ValueError:
        return LeadView.BOARD


class LeadViews(QWidget):
    """Tabs over a stack of the board and the two tables; forwards the shown one's gestures."""

    currentContactChanged = Signal(object)
    selectionChanged = Signal()
    cardActivated = Signal(int)
    cardMenuRequested = Signal(int, QPoint)
    viewChanged = Signal(object)

    def __init__(
        self, board_view: BoardView, board: BoardModel, facets: FacetBook, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.board_view = board_view
        self.board = board
        self.facets = facets
        self.arrangement: Arrangement | None = None
        self.tabs = QTabBar(self)
        self.tabs.setObjectName("lead-views")
        self.tabs.setAccessibleName("Views of the leads")
        self.tabs.setDocumentMode(True)
        self.tabs.setDrawBase(False)
        for kind in LeadView:
            self.tabs.addTab(kind.label)
            self.tabs.setTabToolTip(self.tabs.count() - 1, f"{kind.label} ({kind.shortcut})")
        self.stack = QStackedWidget(self)
        self.stack.addWidget(board_view)
        self.tables: dict[LeadView, LeadTableView] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        tab_row = QVBoxLayout()
        tab_row.setContentsMargins(12, 6, 12, 0)
        tab_row.addWidget(self.tabs, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(tab_row)
        layout.addWidget(self.stack, 1)
        self.kind = LeadView.BOARD
        self.tabs.currentChanged.connect(lambda index: self.show_view(list(LeadView)[index]))
        board_view.currentContactChanged.connect(lambda cid: self._forward(LeadView.BOARD, cid))
        board_view.selectionChanged.connect(lambda: self._selection_moved(LeadView.BOARD))
        board_view.cardActivated.connect(self.cardActivated)
        board_view.cardMenuRequested.connect(self.cardMenuRequested)

    def show_view(self, kind: LeadView) -> None:
        """Bring one view up (built the first time) and remember it for the next session."""
        if kind is self.kind and self.stack.currentWidget() is self._widget(kind):
            return
        widget = self._widget(kind)
        self.kind = kind
        self.tabs.blockSignals(True)
        self.tabs.setCurrentIndex(list(LeadView).index(kind))
        self.tabs.blockSignals(False)
        self.stack.setCurrentWidget(widget)
        QSettings().setValue(VIEW_KEY, kind.value)
        self.viewChanged.emit(kind)
        self.currentContactChanged.emit(self.selected_contact())
        self.selectionChanged.emit()

    def _widget(self, kind: LeadView) -> QWidget:
        if kind is LeadView.BOARD:
            return self.board_view
        table = self.tables.get(kind)
        if table is None:
            table = self._build_table(kind)
        return table

    def _build_table(self, kind: LeadView) -> LeadTableView:
        from desktop.board.arranged import CLOSED_COLUMNS, OPEN_COLUMNS, ArrangedModel
        from desktop.board.lead_table import LeadTableView

        closed = kind is LeadView.CLOSED
        model = ArrangedModel(
            self.board, self.facets, columns=CLOSED_COLUMNS if closed else OPEN_COLUMNS, closed_only=closed
        )
        if self.arrangement is not None:
            model.set_arrangement(self.arrangement)
        description = (
            "Won, lost and archived leads; reopen one from its menu"
            if closed
            else "Every lead as a row; click a header to sort"
        )
        table = LeadTableView(model, f"lead-{kind.value}", description, self.stack)
        model.setParent(table)
        table.currentContactChanged.connect(lambda cid: self._forward(kind, cid))
        table.selectedLeadsChanged.connect(lambda: self._selection_moved(kind))
        table.cardActivated.connect(self.cardActivated)
        table.cardMenuRequested.connect(self.cardMenuRequested)
        self.tables[kind] = table
        self.stack.addWidget(table)
        return table

    def arrange(self, arrangement: Arrangement) -> None:
        """The same order and filters everywhere (a header click re-sorts one table on its own)."""
        self.arrangement = arrangement
        self.board_view.arrange(arrangement, self.facets)
        for table in self.tables.values():
            if arrangement.sort != table.arranged.arrangement.sort:
                table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
            table.arranged.set_arrangement(arrangement)

    def detach(self) -> None:
        """The window is closing: the tables stop following the board, whose deletion would
        otherwise replay its resets and removals into them."""
        self.board_view.detach()
        for table in self.tables.values():
            table.model().blockSignals(True)
            table.selectionModel().blockSignals(True)
        self.blockSignals(True)

    def table(self, kind: LeadView) -> LeadTableView | None:
        return self.tables.get(kind)

    def _shown(self) -> BoardView | LeadTableView:
        return self.board_view if self.kind is LeadView.BOARD else self.tables[self.kind]

    def selected_contact(self) -> int | None:
        return self._shown().selected_contact()

    def selected_contacts(self) -> list[int]:
        return self._shown().selected_contacts()

    def select_contact(self, contact_id: int | None) -> bool:
        return self._shown().select_contact(contact_id)

    def select_contacts(self, contact_ids: list[int]) -> None:
        self._shown().select_contacts(contact_ids)

    def _forward(self, kind: LeadView, contact_id: object) -> None:
        if kind is self.kind:
            self.currentContactChanged.emit(contact_id)

    def _selection_moved(self, kind: LeadView) -> None:
        if kind is self.kind:
            self.selectionChanged.emit()
