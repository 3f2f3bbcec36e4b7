"""The lead list: one row per lead in a table (name, company, temperature, score, last touch, next
step, source), for books too large to read as cards; also the closed leads, with their status.

A QTableView over an :class:`ArrangedModel`: rows have one fixed height, so the view lays out
nothing per row and a 100,000-row book scrolls and sorts as fast as the model can sort.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from desktop.board.arranged import LeadColumn
from desktop.board.model import CardRole

if TYPE_CHECKING:
    from PySide6.QtGui import QKeyEvent

    from desktop.board.arranged import ArrangedModel


#: Room for what a column usually holds (the user can drag the borders).
COLUMN_WIDTHS = {
    LeadColumn.NAME: 170,
    LeadColumn.COMPANY: 170,
    LeadColumn.TEMPERATURE: 120,
    LeadColumn.STAGE: 100,
    LeadColumn.STATUS: 120,
    LeadColumn.SCORE: 60,
    LeadColumn.LAST_TOUCH: 150,
    LeadColumn.NEXT_STEP: 260,
}


class LeadTableView(QTableView):
    """Selects whole rows, several with Ctrl or Shift; sorts on a header click."""

    currentContactChanged = Signal(object)
    selectedLeadsChanged = Signal()
    cardActivated = Signal(int)
    cardMenuRequested = Signal(int, QPoint)

    def __init__(
        self, model: ArrangedModel, name: str, description: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(name)
        self.setAccessibleDescription(description)
        self.setModel(model)
        self.arranged = model
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        # No header sorts at first: the rows come in the arrangement's order.
        self.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.setSortingEnabled(True)
        self.horizontalHeader().setSortIndicatorShown(True)
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setDefaultSectionSize(150)
        for section, column in enumerate(model.columns):
            self.horizontalHeader().resizeSection(section, COLUMN_WIDTHS.get(column, 150))
        rows = self.verticalHeader()
        rows.setVisible(False)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(max(22, self.fontMetrics().height() + 8))
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._on_menu)
        self.doubleClicked.connect(self._on_double_click)
        self.selectionModel().selectionChanged.connect(self._on_selection)
        self.selectionModel().currentRowChanged.connect(lambda *_: self._on_selection())
        self._current: int | None = None

    def contact_at(self, index: QModelIndex) -> int | None:
        value = index.data(CardRole.ContactIdRole) if index.isValid() else None
        return int(value) if value is not None else None

    def selected_contacts(self) -> list[int]:
        """Every selected lead, the current one first, then in the rows' order."""
        rows = sorted({index.row() for index in self.selectionModel().selectedRows()})
        chosen = [cid for cid in (self.arranged.contact_at(row) for row in rows) if cid is not None]
        current = self.selected_contact()
        if current in chosen:
            chosen.remove(current)
            chosen.insert(0, current)
        return chosen

    def selected_contact(self) -> int | None:
        current = self.currentIndex()
        if current.isValid() and self.selectionModel().isRowSelected(current.row(), QModelIndex()):
            return self.arranged.contact_at(current.row())
        rows = self.selectionModel().selectedRows()
        return self.arranged.contact_at(min(index.row() for index in rows)) if rows else None

    def select_contact(self, contact_id: int | None, *, scroll: bool = True) -> bool:
        if contact_id is None:
            self.clearSelection()
            return True
        index = self.arranged.index_of(contact_id)
        if not index.isValid():
            return False
        self.setCurrentIndex(index)
        self.selectionModel().select(
            index,
            self.selectionModel().SelectionFlag.ClearAndSelect | self.selectionModel().SelectionFlag.Rows,
        )
        if scroll:
            self.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
        return True

    def select_contacts(self, contact_ids: list[int]) -> None:
        """Select these leads' rows (those shown), the first one current."""
        shown = [index for index in map(self.arranged.index_of, contact_ids) if index.isValid()]
        if not shown:
            return
        self.select_contact(self.arranged.contact_at(shown[0].row()), scroll=False)
        flags = self.selectionModel().SelectionFlag.Select | self.selectionModel().SelectionFlag.Rows
        for index in shown[1:]:
            self.selectionModel().select(index, flags)

    def _on_selection(self, *_args: object) -> None:
        contact_id = self.selected_contact()
        if contact_id != self._current:
            self._current = contact_id
            self.currentContactChanged.emit(contact_id)
        self.selectedLeadsChanged.emit()

    def _on_menu(self, position: QPoint) -> None:
        index = self.indexAt(position)
        contact_id = self.contact_at(index)
        if contact_id is None:
            return
        if not self.selectionModel().isRowSelected(index.row(), QModelIndex()):
            self.select_contact(contact_id, scroll=False)
        self.cardMenuRequested.emit(contact_id, self.viewport().mapToGlobal(position))

    def _on_double_click(self, index: QModelIndex) -> None:
        contact_id = self.contact_at(index)
        if contact_id is not None:
            self.cardActivated.emit(contact_id)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            contact_id = self.contact_at(self.currentIndex())
            if contact_id is not None:
                self.cardActivated.emit(contact_id)
                return
        super().keyPressEvent(event)
