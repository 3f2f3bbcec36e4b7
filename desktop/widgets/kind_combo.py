"""A combo box of interaction kinds grouped under non-selectable category headers."""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import (
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPalette,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from desktop.widgets.labels import CATEGORY_LABELS, kind_text, points_text
from leadtemp.model import Category
from leadtemp.scoring.catalogue import Catalogue

KIND_ROLE = Qt.ItemDataRole.UserRole + 1
HEADER_ROLE = Qt.ItemDataRole.UserRole + 2
LABEL_ROLE = Qt.ItemDataRole.UserRole + 3
POINTS_ROLE = Qt.ItemDataRole.UserRole + 4

_CATEGORY_ORDER = (
    Category.EXPLICIT_INTEREST,
    Category.ENGAGEMENT,
    Category.BEHAVIORAL,
    Category.OUTREACH,
    Category.NEGATIVE,
)
_INDENT = 14
_COMMAND_KEYS = (
    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier
)

_Index = QModelIndex | QPersistentModelIndex


class _GroupedDelegate(QStyledItemDelegate):
    """Indents kinds under their header and lines their points up on the right."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        if index.data(HEADER_ROLE):
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        rect = opt.rect.adjusted(_INDENT, 0, -6, 0)
        points = str(index.data(POINTS_ROLE) or "")
        metrics = QFontMetrics(opt.font)
        painter.save()
        painter.setFont(opt.font)
        painter.setPen(opt.palette.color(role))
        align = Qt.AlignmentFlag.AlignVCenter
        painter.drawText(rect, int(align | Qt.AlignmentFlag.AlignRight), points)
        label_rect = rect.adjusted(0, 0, -(metrics.horizontalAdvance(points) + 12), 0)
        label = metrics.elidedText(
            str(index.data(LABEL_ROLE) or ""), Qt.TextElideMode.ElideRight, label_rect.width()
        )
        painter.drawText(label_rect, int(align | Qt.AlignmentFlag.AlignLeft), label)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width() + _INDENT + 12, size.height())


class KindComboBox(QComboBox):
    """Buying signals come first: they are what a freelancer most needs to log quickly.

    Nothing is chosen until the user picks a kind: a default would be logged by a hurried Enter.
    Typing finds a kind by the start of its name, spaces included ("pricing page" finds
    "Pricing page visit"); a space only opens the list when nothing has been typed.
    """

    def __init__(self, catalogue: Catalogue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = QStandardItemModel(self)
        grouped = catalogue.by_category()
        header_font = QFont(self.font())
        header_font.setBold(True)
        for category in _CATEGORY_ORDER:
            kinds = grouped.get(category, [])
            if not kinds:
                continue
            header = QStandardItem(CATEGORY_LABELS[category])
            header.setFlags(Qt.ItemFlag.NoItemFlags)
            header.setData(True, HEADER_ROLE)
            header.setData(header_font, Qt.ItemDataRole.FontRole)
            self._model.appendRow(header)
            for kind in kinds:
                item = QStandardItem(kind_text(kind))
                item.setData(kind.name, KIND_ROLE)
                item.setData(kind.label, LABEL_ROLE)
                item.setData(points_text(kind), POINTS_ROLE)
                item.setData(kind.description, Qt.ItemDataRole.ToolTipRole)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self._model.appendRow(item)
        self.setModel(self._model)
        self.setItemDelegate(_GroupedDelegate(self))
        self.setMaxVisibleItems(20)
        self.setPlaceholderText("Choose what happened")
        self.setCurrentIndex(-1)
        self._typed = ""
        self._typed_at = QElapsedTimer()

    def find_kind(self, typed: str) -> int:
        """The row of the first kind whose name starts with ``typed`` (else contains it), or -1."""
        wanted = " ".join(typed.casefold().split())
        if not wanted:
            return -1
        labels = [(row, str(self.itemData(row, LABEL_ROLE) or "").casefold()) for row in range(self.count())]
        kinds = [(row, label) for row, label in labels if self.itemData(row, KIND_ROLE)]
        for test in (str.startswith, str.__contains__):
            for row, label in kinds:
                if test(label, wanted):
                    return row
        return -1

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        typing = bool(text) and text.isprintable() and not event.modifiers() & _COMMAND_KEYS
        if not typing:
            super().keyPressEvent(event)
            return
        # Keys typed closer together than the platform's interval make one search, as in Qt's views.
        pause = QApplication.keyboardInputInterval()
        fresh = not self._typed_at.isValid() or self._typed_at.elapsed() > pause
        if text == " " and (fresh or not self._typed):
            super().keyPressEvent(event)
            return
        self._typed = (text if fresh else self._typed + text).lstrip()
        self._typed_at.start()
        row = self.find_kind(self._typed)
        if row >= 0:
            self.setCurrentIndex(row)

    def is_header(self, row: int) -> bool:
        return bool(self.itemData(row, HEADER_ROLE))

    def current_kind(self) -> str | None:
        value = self.currentData(KIND_ROLE)
        return str(value) if value else None

    def set_kind(self, name: str) -> bool:
        row = self.findData(name, KIND_ROLE)
        if row < 0:
            return False
        self.setCurrentIndex(row)
        return True
