"""The three board columns: a header (count, response priority) over a list view of cards.

:class:`BoardView` keeps one selection across the three views (Ctrl+click adds cards from any
column, for a merge), follows a selected card when it changes column, and turns mouse and keyboard
gestures into signals the main window acts on.

The card delegate is not needed to paint empty columns, so it is loaded and set on the views
(:meth:`BoardView.install_card_delegate`) after the window's first frame, before any card arrives.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QVBoxLayout,
    QWidget,
)

from desktop.board.model import BoardModel, CardRole, ColumnModel
from desktop.theme import ThemeManager
from leadtemp.vocabulary import Temperature

if TYPE_CHECKING:
    # Qt loads a class (and all its enums) on first use: these wait until they are needed.
    from PySide6.QtCore import QAbstractItemModel, QItemSelection
    from PySide6.QtGui import (
        QDragEnterEvent,
        QDragLeaveEvent,
        QDragMoveEvent,
        QDropEvent,
        QKeyEvent,
        QMouseEvent,
        QPaintEvent,
        QResizeEvent,
    )

    from desktop.board.arranged import ArrangedModel, FacetBook
    from desktop.board.arrangement import Arrangement
    from desktop.board.delegate import CardDelegate

#: What an empty column adds after "No hot leads".
_EMPTY_TAIL = {Temperature.COLD: "", Temperature.WARM: "", Temperature.HOT: " right now"}


class CardListView(QListView):
    """One column's cards. Drags copy the contact id; the service's change moves the card.

    An empty column says why ("Loading…", "No matches", "No hot leads right now") with a label
    over the viewport rather than by painting on it: the first frame then never asks PySide for
    the viewport, whose Python wrapper costs ~7 ms to make the first time (PySide loads a class
    for every kind of widget to find its type).
    """

    cardActivated = Signal(int)
    cardMenuRequested = Signal(int, QPoint)
    stepRequested = Signal(int)
    #: A click without Ctrl or Shift on a card: it alone is selected, in every column.
    plainClicked = Signal(int)
    #: The view painted with at least one card in it.
    cardsPainted = Signal()

    def __init__(
        self,
        board: BoardModel,
        temperature: Temperature,
        themes: ThemeManager,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.board = board
        self.temperature = temperature
        self._themes = themes
        self._delegate: CardDelegate | None = None
        self._drop_hover = False
        name = f"board-{temperature.value}"
        self.setObjectName(name)
        self.setAccessibleName(name)
        self.setAccessibleDescription(f"{temperature.label} leads, highest score first")
        self.setModel(board.proxy(temperature))
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        #: True while a Ctrl/Shift click adds to the selection (the board keeps other columns').
        self.additive = False
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalScrollBar().setSingleStep(24)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setMouseTracking(True)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(False)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._on_menu)
        self.placeholder = QLabel(self)
        self.placeholder.setObjectName("column-placeholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.placeholder.setWordWrap(True)
        self.placeholder.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.update_placeholder()

    def set_card_delegate(self, delegate: CardDelegate) -> None:
        self._delegate = delegate
        self.setItemDelegate(delegate)

    def column_model(self) -> ColumnModel:
        """Every card of this column (the view itself shows them through the search proxy)."""
        return self.board.column(self.temperature)

    def contact_at(self, index: QModelIndex) -> int | None:
        value = index.data(CardRole.ContactIdRole) if index.isValid() else None
        return int(value) if value is not None else None

    def selected_contact(self) -> int | None:
        """The current card when it is selected, else the first selected one."""
        current = self.currentIndex()
        if current.isValid() and self.selectionModel().isSelected(current):
            return self.contact_at(current)
        indexes = self.selectionModel().selectedIndexes()
        return self.contact_at(indexes[0]) if indexes else None

    def selected_contacts(self) -> list[int]:
        rows = sorted(self.selectionModel().selectedIndexes(), key=lambda index: index.row())
        return [cid for cid in (self.contact_at(index) for index in rows) if cid is not None]

    def mousePressEvent(self, event: QMouseEvent) -> None:
        modifiers = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        self.additive = bool(event.modifiers() & modifiers)
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        plain = not self.additive and event.button() == Qt.MouseButton.LeftButton
        self.additive = False
        contact_id = self.contact_at(self.indexAt(event.position().toPoint()))
        if plain and contact_id is not None:
            self.plainClicked.emit(contact_id)

    # Gestures ---------------------------------------------------------------------------

    def _on_menu(self, position: QPoint) -> None:
        index = self.indexAt(position)
        contact_id = self.contact_at(index)
        if contact_id is None:
            return
        if not self.selectionModel().isSelected(index):
            self.setCurrentIndex(index)
        self.cardMenuRequested.emit(contact_id, self.viewport().mapToGlobal(position))

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        contact_id = self.contact_at(self.indexAt(event.position().toPoint()))
        if contact_id is not None and event.button() == Qt.MouseButton.LeftButton:
            self.cardActivated.emit(contact_id)
            return
        super().mouseDoubleClickEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            contact_id = self.contact_at(self.currentIndex())
            if contact_id is not None:
                self.cardActivated.emit(contact_id)
                return
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and not event.modifiers():
            self.stepRequested.emit(-1 if key == Qt.Key.Key_Left else 1)
            return
        super().keyPressEvent(event)

    # Drag and drop ----------------------------------------------------------------------

    def startDrag(self, supportedActions: Qt.DropAction) -> None:
        """Offer a copy only: a move would make the view remove the source row itself."""
        from PySide6.QtGui import QDrag

        from leadtemp.model import Card

        index = self.currentIndex()
        card = index.data(CardRole.CardDataRole) if index.isValid() else None
        data = self.model().mimeData([index]) if isinstance(card, Card) else None
        if data is None or not isinstance(card, Card) or self._delegate is None:
            return
        drag = QDrag(self)
        drag.setMimeData(data)
        width = min(self.viewport().width(), 360)
        pixmap = self._delegate.render(
            card,
            width,
            self.font(),
            index.data(CardRole.TouchTextRole),
            index.data(CardRole.WaitingTextRole),
        )
        drag.setPixmap(pixmap)
        drag.setHotSpot(QPoint(min(width // 2, 40), 20))
        drag.exec(Qt.DropAction.CopyAction, Qt.DropAction.CopyAction)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        super().dragEnterEvent(event)
        self._set_drop_hover(event.isAccepted())

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        model = self.column_model()
        if model.canDropMimeData(event.mimeData(), Qt.DropAction.CopyAction, -1, -1, QModelIndex()):
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
            self._set_drop_hover(True)
        else:
            event.ignore()
            self._set_drop_hover(False)

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        super().dragLeaveEvent(event)
        self._set_drop_hover(False)

    def dropEvent(self, event: QDropEvent) -> None:
        self._set_drop_hover(False)
        model = self.column_model()
        data = event.mimeData()
        if model.dropMimeData(data, Qt.DropAction.CopyAction, -1, 0, QModelIndex()):
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
        else:
            event.ignore()

    def _set_drop_hover(self, hover: bool) -> None:
        if hover != self._drop_hover:
            self._drop_hover = hover
            self.viewport().update()

    # Painting ---------------------------------------------------------------------------

    def update_placeholder(self) -> None:
        """Show why the column is empty, or hide the label when it has cards."""
        empty = self.model().rowCount() == 0
        if empty:
            if not self.board.loaded:
                text = "Loading…"
            elif getattr(getattr(self.model(), "arrangement", None), "filtered", False):
                text = f"No {self.board.words.leads} match the filters"
            elif self.board.filter_text.strip():
                text = "No matches"
            else:
                text = f"No {self.temperature.value} {self.board.words.leads}{_EMPTY_TAIL[self.temperature]}"
            self.placeholder.setText(text)
            palette = self.placeholder.palette()
            palette.setColor(QPalette.ColorRole.WindowText, self._themes.theme.secondary_text)
            self.placeholder.setPalette(palette)
        self.placeholder.setVisible(empty)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # The viewport fills the view while the column is empty (no frame, no scroll bar).
        self.placeholder.setGeometry(self.rect().adjusted(12, 24, -12, 0))

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._drop_hover:
            painter = QPainter(self.viewport())
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(QPen(self._themes.theme.accent(self.temperature), 2.0, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(self.viewport().rect().adjusted(4, 4, -4, -4), 8, 8)
            painter.end()
        if self.model().rowCount():
            self.cardsPainted.emit()


#: The width each column asks for; they shrink alike until a header needs its own minimum.
COLUMN_WIDTH_HINT = 280


class BoardColumn(QFrame):
    """Header (title, count, response priority) above one column's list view."""

    def __init__(
        self,
        board: BoardModel,
        temperature: Temperature,
        themes: ThemeManager,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.temperature = temperature
        #: The board's columns, this one included: they size themselves alike.
        self.peers: list[BoardColumn] = [self]
        self.setObjectName("board-column")
        self.title = QLabel(temperature.label, self)
        self.title.setObjectName("column-title")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.title.setFont(font)
        self.count = QLabel("0", self)
        self.count.setObjectName("column-count")
        self.priority = QLabel(temperature.response_priority, self)
        self.priority.setObjectName("column-priority")
        self.priority.setProperty("temperature", temperature.value)
        self.priority.setToolTip(f"Response priority: {temperature.response_priority}")
        accent = QFrame(self)
        accent.setObjectName("column-accent")
        accent.setProperty("temperature", temperature.value)
        accent.setFixedHeight(3)
        header = QHBoxLayout()
        header.setContentsMargins(14, 12, 12, 8)
        header.setSpacing(8)
        header.addWidget(self.title)
        header.addWidget(self.count)
        header.addStretch(1)
        header.addWidget(self.priority)
        self.view = CardListView(board, temperature, themes, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.setSpacing(0)
        layout.addLayout(header)
        accent_row = QHBoxLayout()
        accent_row.setContentsMargins(14, 0, 14, 6)
        accent_row.addWidget(accent)
        layout.addLayout(accent_row)
        layout.addWidget(self.view, 1)

    def sizeHint(self) -> QSize:
        """One width for every column, so they share the board equally; left to their contents,
        a narrow window would give the column with the shortest header less room."""
        return QSize(COLUMN_WIDTH_HINT, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        """The widest header's needs, for all three columns alike (see :meth:`sizeHint`)."""
        own = super().minimumSizeHint()
        widest = max([own.width()] + [peer.own_minimum_width() for peer in self.peers if peer is not self])
        return QSize(widest, own.height())

    def own_minimum_width(self) -> int:
        return super().minimumSizeHint().width()

    def set_counts(self, shown: int, total: int) -> None:
        self.count.setText(f"{shown:,}" if shown == total else f"{shown:,} of {total:,}")
        self.setAccessibleName(
            f"{self.temperature.label} column, {total} leads, response priority "
            f"{self.temperature.response_priority}"
        )

    def header_text(self) -> str:
        return f"{self.title.text()} {self.count.text()} {self.priority.text()}"


class BoardView(QWidget):
    """The three columns side by side, with one selection shared between them."""

    currentContactChanged = Signal(object)
    #: The set of selected cards changed (several can be, across columns, with Ctrl+click).
    selectionChanged = Signal()
    cardActivated = Signal(int)
    cardMenuRequested = Signal(int, QPoint)
    #: A column painted with cards in it.
    cardsPainted = Signal()

    def __init__(self, board: BoardModel, themes: ThemeManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("board-area")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.board = board
        self._themes = themes
        self.delegate: CardDelegate | None = None
        self.columns: dict[Temperature, BoardColumn] = {}
        self._selected: int | None = None
        #: The view losing the selected card's row: its own pick of a neighbour is ignored.
        self._removing_from: CardListView | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 12)
        layout.setSpacing(10)
        #: The sorted or filtered columns, while the user's arrangement is not the plain one.
        self._arranged: dict[Temperature, ArrangedModel] = {}
        #: The handlers each model a column shows has of this view after the view's own.
        self._late: dict[QAbstractItemModel, tuple[Callable[..., None], Callable[..., None]]] = {}
        for temperature in Temperature:
            # Connected before the view gets the model, so this runs before the view reacts.
            self._watch_removals(board.proxy(temperature), temperature)
            column = BoardColumn(board, temperature, themes, self)
            self.columns[temperature] = column
            layout.addWidget(column, 1)
            view = column.view
            self._follow_selection_model(view)
            self._watch_after_view(board.proxy(temperature), temperature)
            view.cardActivated.connect(self.cardActivated)
            view.cardMenuRequested.connect(self.cardMenuRequested)
            view.stepRequested.connect(lambda step, t=temperature: self._step(t, step))
            view.plainClicked.connect(lambda contact_id, v=view: self._select_only(v, contact_id))
            view.cardsPainted.connect(self.cardsPainted)
        for column in self.columns.values():
            column.peers = list(self.columns.values())
        board.cardMoved.connect(self._on_card_moved)
        board.countsChanged.connect(self.update_counts)
        themes.changed.connect(self._update_placeholders)
        self.update_counts()

    def _watch_removals(self, model: QAbstractItemModel, temperature: Temperature) -> None:
        """Note a removal of the selected card before the view reacts (connected before the view
        first gets the model)."""
        model.rowsAboutToBeRemoved.connect(
            lambda _parent, first, last: (
                self._before_remove(self.view(temperature), first, last)
                if self.view(temperature).model() is model
                else None
            )
        )

    def _watch_after_view(self, model: QAbstractItemModel, temperature: Temperature) -> None:
        """Follow the selected card through a reset or removal once the view has dealt with it (a
        reset clears the view's selection): connected again each time the view gets the model."""
        previous = self._late.pop(model, None)
        if previous is not None:
            model.modelReset.disconnect(previous[0])
            model.rowsRemoved.disconnect(previous[1])

        def reset() -> None:
            if self.view(temperature).model() is model:
                self._restore_selection()

        def removed(_parent: QModelIndex, _first: int, _last: int) -> None:
            if self.view(temperature).model() is model:
                self._after_remove(self.view(temperature))

        model.modelReset.connect(reset)
        model.rowsRemoved.connect(removed)
        self._late[model] = (reset, removed)

    def _follow_selection_model(self, view: CardListView) -> None:
        view.selectionModel().selectionChanged.connect(
            lambda selected, deselected, v=view: self._on_selection(v, selected, deselected)
        )

    def arrange(self, arrangement: Arrangement, facets: FacetBook) -> None:
        """Show the columns in ``arrangement``'s order and through its filters; the plain one
        shows them as the board holds them (the fast path for a large book)."""
        from desktop.board.arranged import ArrangedModel

        for temperature in Temperature:
            view = self.view(temperature)
            wanted: QAbstractItemModel
            if arrangement.plain:
                wanted = self.board.proxy(temperature)
            else:
                arranged = self._arranged.get(temperature)
                if arranged is None:
                    arranged = ArrangedModel(self.board, facets, (temperature,), parent=self)
                    self._watch_removals(arranged, temperature)
                    # Rows the board did not move (the filters' facets came in) change the counts too.
                    arranged.modelReset.connect(self.update_counts)
                    arranged.rowsInserted.connect(lambda *_: self.update_counts())
                    arranged.rowsRemoved.connect(lambda *_: self.update_counts())
                    self._arranged[temperature] = arranged
                arranged.set_arrangement(arrangement)
                wanted = arranged
            if view.model() is not wanted:
                old = view.selectionModel()
                view.setModel(wanted)
                old.deleteLater()
                self._follow_selection_model(view)
                self._watch_after_view(wanted, temperature)
        self.update_counts()
        self._restore_selection()

    def arranged_model(self, temperature: Temperature) -> ArrangedModel | None:
        """The column's model while the user's arrangement is not the plain one."""
        arranged = self._arranged.get(temperature)
        return arranged if arranged is not None and self.view(temperature).model() is arranged else None

    def index_of(self, contact_id: int, temperature: Temperature) -> QModelIndex:
        """The card's index in the model its column shows (invalid when not shown)."""
        arranged = self.arranged_model(temperature)
        return arranged.index_of(contact_id) if arranged is not None else self.board.view_index(contact_id)

    def _shows(self, contact_id: int) -> bool:
        card = self.board.card(contact_id)
        if card is None:
            return False
        arranged = self.arranged_model(card.temperature)
        # Whether the arrangement lets the card through, even while it is between two columns.
        return arranged.accepts(card) if arranged is not None else self.board.is_visible(contact_id)

    def detach(self) -> None:
        """The window is closing: stop following the models, whose deletion would otherwise
        replay resets and removals into this half-deleted view."""
        for temperature in Temperature:
            self.board.proxy(temperature).blockSignals(True)
            self.view(temperature).model().blockSignals(True)
            self.view(temperature).selectionModel().blockSignals(True)
        self.blockSignals(True)

    def install_card_delegate(self) -> CardDelegate:
        """Load the delegate that paints cards and set it on the three views (once)."""
        if self.delegate is None:
            from desktop.board.delegate import CardDelegate

            themes = self._themes
            self.delegate = CardDelegate(lambda: themes.theme, self)
            for view in self.views():
                view.set_card_delegate(self.delegate)
        return self.delegate

    def view(self, temperature: Temperature) -> CardListView:
        return self.columns[temperature].view

    def views(self) -> list[CardListView]:
        return [column.view for column in self.columns.values()]

    def selected_contact(self) -> int | None:
        return self._selected

    def selected_contacts(self) -> list[int]:
        """Every selected card, the current one first."""
        chosen = [cid for view in self.views() for cid in view.selected_contacts()]
        if self._selected in chosen:
            chosen.remove(self._selected)
            chosen.insert(0, self._selected)
        return chosen

    def select_contact(self, contact_id: int | None, *, scroll: bool = True) -> bool:
        """Select a card wherever it is; returns False when it is not shown."""
        if contact_id is None:
            self._set_selected(None)
            for view in self.views():
                view.clearSelection()
            return True
        card = self.board.card(contact_id)
        index = self.index_of(contact_id, card.temperature) if card is not None else QModelIndex()
        if card is None or not index.isValid():
            return False
        view = self.view(card.temperature)
        view.setCurrentIndex(index)
        view.selectionModel().select(index, view.selectionModel().SelectionFlag.ClearAndSelect)
        if scroll:
            view.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
        return True

    def select_contacts(self, contact_ids: list[int]) -> None:
        """Select these cards wherever they are (those shown), the first one current: the leads a
        bulk edit moved stay selected for the next one."""
        shown = [cid for cid in contact_ids if self._shows(cid)]
        if not shown or not self.select_contact(shown[0], scroll=False):
            return
        for contact_id in shown[1:]:
            card = self.board.card(contact_id)
            assert card is not None
            view = self.view(card.temperature)
            view.additive = True
            view.selectionModel().select(
                self.index_of(contact_id, card.temperature), view.selectionModel().SelectionFlag.Select
            )
            view.additive = False
        self._set_selected(shown[0])

    def focus_selected(self) -> None:
        contact_id = self._selected
        card = self.board.card(contact_id) if contact_id is not None else None
        target = self.view(card.temperature) if card is not None else self.view(Temperature.HOT)
        target.setFocus()

    def update_counts(self) -> None:
        if self.delegate is None and len(self.board):
            # Cards arrived before the main window installed the delegate: the views lay out
            # their rows later, so it is still in time.
            self.install_card_delegate()
        for temperature, column in self.columns.items():
            arranged = self.arranged_model(temperature)
            shown = arranged.rowCount() if arranged is not None else self.board.shown(temperature)
            column.set_counts(shown, self.board.total(temperature))
        self._update_placeholders()

    def _update_placeholders(self) -> None:
        for view in self.views():
            view.update_placeholder()

    # Selection --------------------------------------------------------------------------

    def _set_selected(self, contact_id: int | None) -> None:
        if contact_id != self._selected:
            self._selected = contact_id
            self.currentContactChanged.emit(contact_id)

    def _on_selection(
        self, view: CardListView, _selected: QItemSelection, _deselected: QItemSelection
    ) -> None:
        if self._removing_from is view:
            return
        self._follow_selection(view)
        self.selectionChanged.emit()

    def _follow_selection(self, view: CardListView) -> None:
        """The current card follows the selection (a plain click also clears other columns')."""
        contact_id = view.selected_contact()
        if contact_id is not None:
            if not view.additive:
                for other in self.views():
                    if other is not view and other.selectionModel().hasSelection():
                        other.clearSelection()
            self._set_selected(contact_id)
            return
        if any(other.selectionModel().hasSelection() for other in self.views()):
            chosen = self.selected_contacts()
            if self._selected not in chosen:
                self._set_selected(chosen[0])
            return
        if self._selected is not None and self._shows(self._selected):
            card = self.board.card(self._selected)
            if card is not None and card.temperature != view.temperature:
                return
        self._set_selected(None)

    def _select_only(self, view: CardListView, contact_id: int) -> None:
        """A plain click on a card already among several selected leaves it the only one."""
        if any(other is not view and other.selectionModel().hasSelection() for other in self.views()):
            for other in self.views():
                if other is not view:
                    other.clearSelection()
            self._set_selected(contact_id)
            self.selectionChanged.emit()

    def _before_remove(self, view: CardListView, first: int, last: int) -> None:
        if any(first <= index.row() <= last for index in view.selectionModel().selectedIndexes()):
            self._removing_from = view

    def _after_remove(self, view: CardListView) -> None:
        """The selected card's row went away: follow the card if it moved, else the neighbour."""
        if self._removing_from is not view:
            return
        self._removing_from = None
        if self._selected is None:
            return
        if self.board.card(self._selected) is None:
            current = view.currentIndex()
            if view.selected_contact() is None and current.isValid():
                view.selectionModel().select(current, view.selectionModel().SelectionFlag.ClearAndSelect)
            self._set_selected(view.selected_contact())
            return
        view.clearSelection()
        if not self._shows(self._selected):
            self._set_selected(None)

    def _on_card_moved(self, change: object) -> None:
        contact_id = getattr(change, "contact_id", None)
        if contact_id is not None and contact_id == self._selected:
            had_focus = any(view.hasFocus() for view in self.views())
            self.select_contact(contact_id)
            if had_focus:
                self.focus_selected()

    def _restore_selection(self) -> None:
        if self._selected is None:
            return
        if self._shows(self._selected):
            self.select_contact(self._selected, scroll=False)
        else:
            self._set_selected(None)

    def _step(self, temperature: Temperature, step: int) -> None:
        """Left/Right arrows move to the nearest column with cards that way, keeping roughly the
        same row: an empty column in between is stepped over."""
        order = list(Temperature)
        position = order.index(temperature) + step
        while 0 <= position < len(order) and self.view(order[position]).model().rowCount() == 0:
            position += step
        if not 0 <= position < len(order):
            return
        source = self.view(temperature)
        target = self.view(order[position])
        model = target.model()
        row = min(max(source.currentIndex().row(), 0), model.rowCount() - 1)
        target.setFocus()
        index = model.index(row, 0)
        target.setCurrentIndex(index)
        target.selectionModel().select(index, target.selectionModel().SelectionFlag.ClearAndSelect)
