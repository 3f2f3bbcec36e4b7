"""The import wizard's review table: every row of the preview with the action chosen for it.

A table model over the preview's rows, not a widget item per cell: the view asks only for the
rows it draws, so a file of 10,000 lines opens at once, and the chosen actions live in one dict,
so "set every duplicate to ..." is one change and one recount rather than one per row.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from leadtemp.importing.preview import ImportPreview
from leadtemp.importing.preview_rows import ACTION_LABELS, PreviewRow, RowStatus, actions_for

AnyIndex = QModelIndex | QPersistentModelIndex

ACTION_ROLE = int(Qt.ItemDataRole.UserRole)
CHOICES_ROLE = ACTION_ROLE + 1
HEADERS = ("Row", "Name", "Status", "Action")
ROW_COLUMN, NAME_COLUMN, STATUS_COLUMN, ACTION_COLUMN = range(len(HEADERS))

#: Status text colours on a light and on a dark background.
_STATUS_COLOURS = {
    RowStatus.DUPLICATE: (QColor("#8a5a00"), QColor("#f2a93b")),
    RowStatus.POSSIBLE: (QColor("#3f51b5"), QColor("#9fa8ff")),
    RowStatus.INVALID: (QColor("#b3261e"), QColor("#ff6f61")),
}


def _status_brush(status: RowStatus) -> QBrush | None:
    colours = _STATUS_COLOURS.get(status)
    if colours is None:
        return None
    dark = QGuiApplication.palette().color(QPalette.ColorRole.Base).lightness() < 128
    return QBrush(colours[dark])


class ReviewModel(QAbstractTableModel):
    """The preview's rows (read-only) and one action per row (the Action column, editable)."""

    #: The chosen actions changed: counts shown elsewhere are out of date.
    actionsChanged = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._preview: ImportPreview | None = None
        self._decisions: dict[int, str] = {}
        # Views ask for several roles of each cell in turn; a simply new row is made on demand,
        # so the last one asked for is kept.
        self._last: PreviewRow | None = None

    def set_preview(self, preview: ImportPreview | None) -> None:
        self.beginResetModel()
        self._preview = preview
        self._decisions = {}
        self._last = None
        self.endResetModel()
        self.actionsChanged.emit()

    @property
    def preview(self) -> ImportPreview | None:
        return self._preview

    def row(self, index: int) -> PreviewRow:
        last = self._last
        if last is not None and last.index == index:
            return last
        if self._preview is None:
            raise IndexError("no preview to review")
        row = self._last = self._preview.rows[index]
        return row

    def action(self, index: int) -> str:
        return self._decisions.get(index) or self.row(index).default_action

    def decisions(self) -> dict[int, str]:
        """The rows whose action differs from the preview's default."""
        return dict(self._decisions)

    def set_action(self, index: int, action: str) -> None:
        """Choose one row's action; ValueError if the row does not allow it."""
        row = self.row(index)
        if action not in row.actions:
            raise ValueError(f"row {row.row_number} cannot be set to {action}")
        if action == self.action(index):
            return
        self._choose(row, action)
        cell = self.index(index, ACTION_COLUMN)
        self.dataChanged.emit(cell, cell, [Qt.ItemDataRole.DisplayRole, ACTION_ROLE])
        self.actionsChanged.emit()

    def set_all(self, status: RowStatus, action: str) -> int:
        """Choose ``action`` for every row with ``status`` that allows it, as one change.
        Returns how many rows now have it."""
        if self._preview is None:
            return 0
        chosen = 0
        for row in self._preview.rows_of(status):
            if action in row.actions:
                self._choose(row, action)
                chosen += 1
        if self.rowCount():
            first, last = self.index(0, ACTION_COLUMN), self.index(self.rowCount() - 1, ACTION_COLUMN)
            self.dataChanged.emit(first, last, [Qt.ItemDataRole.DisplayRole, ACTION_ROLE])
        self.actionsChanged.emit()
        return chosen

    def _choose(self, row: PreviewRow, action: str) -> None:
        if action == row.default_action:
            self._decisions.pop(row.index, None)
        else:
            self._decisions[row.index] = action

    def _valid(self, index: AnyIndex) -> bool:
        """An index of one of this model's cells (without the warnings ``checkIndex`` prints)."""
        return (
            index.isValid()
            and index.model() is self
            and 0 <= index.row() < self.rowCount()
            and 0 <= index.column() < len(HEADERS)
        )

    # QAbstractTableModel -------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._preview is None:
            return 0
        return len(self._preview.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(HEADERS):
            return HEADERS[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self._valid(index):
            return None
        row = self.row(index.row())
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == ROW_COLUMN:
                return str(row.row_number)
            if column == NAME_COLUMN:
                return row.name or "—"
            if column == STATUS_COLUMN:
                return row.describe()
            return ACTION_LABELS[self.action(row.index)]
        if role == ACTION_ROLE:
            return self.action(row.index)
        if role == CHOICES_ROLE:
            return list(row.actions)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == ACTION_COLUMN and len(row.actions) > 1:
                return "Double-click to choose what to do with this row"
            # The status column is often too narrow for a whole reason.
            said = [row.describe()] if column == STATUS_COLUMN else []
            return "\n".join([*said, *row.warnings]) or None
        if role == Qt.ItemDataRole.ForegroundRole and column == STATUS_COLUMN:
            return _status_brush(row.status)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not self._valid(index):
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == ACTION_COLUMN and len(self.row(index.row()).actions) > 1:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            role not in (Qt.ItemDataRole.EditRole, ACTION_ROLE)
            or index.column() != ACTION_COLUMN
            or not self._valid(index)
        ):
            return False
        try:
            self.set_action(index.row(), str(value))
        except ValueError:
            return False
        return True


class ActionDelegate(QStyledItemDelegate):
    """A combo of the actions a row allows; choosing one applies it and closes the combo."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex) -> QWidget:
        combo = QComboBox(parent)
        for action in index.data(CHOICES_ROLE) or ():
            combo.addItem(ACTION_LABELS[action], action)
        combo.activated.connect(lambda _position: self._chosen(combo))
        # The list opens with the editor: the double-click that asked for it was the first click.
        QTimer.singleShot(0, combo, combo.showPopup)
        return combo

    def _chosen(self, combo: QComboBox) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(ACTION_ROLE))))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), ACTION_ROLE)


class SetEveryCombo(QComboBox):
    """ "Set every duplicate to…" (or every possible duplicate): one action for all the rows of
    one status, as one change; shown only while the preview has such rows."""

    def __init__(self, model: ReviewModel, status: RowStatus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self.status = status
        self.setObjectName(f"set-every-{status.name.lower()}")
        self.addItem(f"Set every {status.value} to…", None)
        for action in actions_for(status):
            self.addItem(ACTION_LABELS[action], action)
        self.activated.connect(self._chosen)
        model.modelReset.connect(self._follow_preview)
        self._follow_preview()

    def _chosen(self) -> None:
        action = self.currentData()
        if action is not None:
            self._model.set_all(self.status, action)
        self.setCurrentIndex(0)

    def _follow_preview(self) -> None:
        preview = self._model.preview
        self.setHidden(preview is None or not preview.rows_of(self.status))
