"""The board's cards in the user's order and through the user's filters, as a list (one board
column) or a table (the lead list, the closed leads).

:class:`ArrangedModel` keeps the contact ids of the cards it shows sorted by the arrangement's key
and follows the column models row by row (an insert, a removal, a change moves one row), so views
keep their selection and a re-sort of 100,000 rows is one Python sort. Qt's sorting proxy would
call ``data()`` through Python for every comparison instead.
"""

from __future__ import annotations

import enum
from bisect import bisect_left
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from desktop.board import card_text
from desktop.board.arrangement import Arrangement, SortKey
from desktop.board.model import BoardModel, CardRole, ColumnModel
from leadtemp.book_kinds import shows_qualification
from leadtemp.vocabulary import Stage, Temperature

if TYPE_CHECKING:
    from leadtemp.model import Card
    from leadtemp.store.facets import LeadFacets

AnyIndex = QModelIndex | QPersistentModelIndex
#: Roles a periodic repaint changes: the text ages, the order does not.
_AGEING_ROLES = {
    int(CardRole.TouchTextRole),
    int(CardRole.WaitingTextRole),
    int(Qt.ItemDataRole.AccessibleTextRole),
}


#: Roles a table cell answers besides its text (the card's own roles too).
_TABLE_ROLES = {int(Qt.ItemDataRole.ToolTipRole), int(Qt.ItemDataRole.AccessibleTextRole)}
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_FIRST_CARD_ROLE = int(CardRole.ContactIdRole)
_RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
_ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
_CARD_FLAGS = _ROW_FLAGS | Qt.ItemFlag.ItemIsDragEnabled


class FacetBook(QObject):
    """Each lead's source, import and next step, read on the worker and handed over."""

    #: The facets of these leads changed (None: of every lead).
    changed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._facets: dict[int, LeadFacets] = {}
        self.loaded = False

    def get(self, contact_id: int) -> LeadFacets | None:
        return self._facets.get(contact_id)

    def sources(self) -> list[str]:
        """The sources leads have, in the order of their names (without the empty one)."""
        return sorted({facets.source for facets in self._facets.values() if facets.source}, key=str.casefold)

    def replace(self, facets: dict[int, LeadFacets]) -> None:
        self._facets = dict(facets)
        self.loaded = True
        self.changed.emit(None)

    def update(self, facets: dict[int, LeadFacets]) -> None:
        """Some leads' facets, read again after a write."""
        self._facets.update(facets)
        self.changed.emit(list(facets))


class LeadColumn(enum.Enum):
    """A column of the lead list: its header, its text and what it sorts by."""

    NAME = "Name"
    COMPANY = "Company"
    TEMPERATURE = "Temperature"
    STAGE = "Stage"
    STATUS = "Status"
    SCORE = "Score"
    LAST_TOUCH = "Last touch"
    NEXT_STEP = "Next step"
    SOURCE = "Source"


OPEN_COLUMNS = (
    LeadColumn.NAME,
    LeadColumn.COMPANY,
    LeadColumn.TEMPERATURE,
    LeadColumn.SCORE,
    LeadColumn.LAST_TOUCH,
    LeadColumn.NEXT_STEP,
    LeadColumn.SOURCE,
    LeadColumn.STAGE,
)
CLOSED_COLUMNS = (
    LeadColumn.NAME,
    LeadColumn.COMPANY,
    LeadColumn.STATUS,
    LeadColumn.SCORE,
    LeadColumn.LAST_TOUCH,
    LeadColumn.SOURCE,
)


def column_key(column: LeadColumn, facets: FacetBook) -> Callable[[Card], SortKey]:
    """What a click on the column's header sorts by (ascending; the id breaks ties)."""
    if column is LeadColumn.SOURCE:

        def by_source(card: Card) -> SortKey:
            found = facets.get(card.contact_id)
            return ((found.source if found else "").casefold(), card.contact_id)

        return by_source
    if column is LeadColumn.NEXT_STEP:

        def by_step(card: Card) -> SortKey:
            found = facets.get(card.contact_id)
            if found is not None and found.due is not None:
                return (0, found.due.toordinal(), found.step.casefold(), card.contact_id)
            return (1, 0, (card.next_step or "").casefold(), card.contact_id)

        return by_step
    return _CARD_KEYS[column]


def _touch(card: Card) -> float:
    return 0.0 if card.last_touch_at is None else card.last_touch_at.timestamp()


_STAGE_RANKS = {stage: rank for rank, stage in enumerate(Stage)}
_CARD_KEYS: dict[LeadColumn, Callable[[Card], SortKey]] = {
    LeadColumn.NAME: lambda card: (card.name.casefold(), card.contact_id),
    LeadColumn.COMPANY: lambda card: (card.company.casefold(), card.name.casefold(), card.contact_id),
    LeadColumn.TEMPERATURE: lambda card: (card.temperature.rank, card.score, card.contact_id),
    LeadColumn.STAGE: lambda card: (_STAGE_RANKS[card.stage], not card.lacks, card.score, card.contact_id),
    LeadColumn.STATUS: lambda card: (card.closed_label or "", card.contact_id),
    LeadColumn.SCORE: lambda card: (card.score, card.contact_id),
    LeadColumn.LAST_TOUCH: lambda card: (_touch(card), card.contact_id),
}


def step_text(card: Card, facets: LeadFacets | None) -> str:
    """The scheduled next step with its due day ("Call about the proposal, due Dec 3"), else the
    checklist's next step."""
    if facets is not None and facets.due is not None:
        return f"{facets.step}, due {facets.due.strftime('%b')} {facets.due.day}"
    return card.next_step or ""


class ArrangedModel(QAbstractTableModel):
    """The cards of some temperatures (or the closed ones) that pass the arrangement's filters and
    the search, in the arrangement's order: a list (one column of cards) or a table of ``columns``."""

    def __init__(
        self,
        board: BoardModel,
        facets: FacetBook,
        temperatures: Iterable[Temperature] = tuple(Temperature),
        *,
        columns: tuple[LeadColumn, ...] = (),
        closed_only: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.board = board
        self.facets = facets
        self.temperatures = tuple(temperatures)
        self.columns = columns
        self.closed_only = closed_only
        self.arrangement = Arrangement()
        self._key: Callable[[Card], SortKey] = self.arrangement.key()
        #: Rows read from the end of the ascending order (a header sorted descending).
        self.descending = False
        self._keys: list[SortKey] = []
        self._key_of: dict[int, SortKey] = {}
        #: The header sort last applied (Qt asks twice for one click).
        self._header_sort: tuple[int, Qt.SortOrder] | None = None
        self._search = board.filter_text
        for temperature in self.temperatures:
            column = board.column(temperature)
            column.modelReset.connect(self.rebuild)
            column.rowsAboutToBeRemoved.connect(
                lambda _parent, first, last, c=column: self._source_removing(c, first, last)
            )
            column.rowsInserted.connect(
                lambda _parent, first, last, c=column: self._source_inserted(c, first, last)
            )
            column.dataChanged.connect(
                lambda top, bottom, roles, c=column: self._source_changed(c, top.row(), bottom.row(), roles)
            )
        board.countsChanged.connect(self._follow_search)
        facets.changed.connect(self._facets_changed)
        self.rebuild()

    # Arranging --------------------------------------------------------------------------

    def set_arrangement(self, arrangement: Arrangement) -> None:
        """New filters refill the model; a new order alone re-sorts it, keeping the selection."""
        previous = self.arrangement
        self.arrangement = arrangement
        resort = arrangement.sort != previous.sort
        if resort:
            self._key = arrangement.key()
            self._header_sort = None
        if arrangement.with_sort(previous.sort) != previous:
            if resort:
                self.descending = False
            self.rebuild()
        elif resort:
            self._resort(descending=False)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """A click on a header of the table: sort by that column, keeping the selection."""
        if not 0 <= column < len(self.columns) or self._header_sort == (column, order):
            return
        same_column = self._header_sort is not None and self._header_sort[0] == column
        self._header_sort = (column, order)
        descending = order == Qt.SortOrder.DescendingOrder
        if same_column:
            self._relayout(lambda: None, descending)  # the same order read from the other end
            return
        self._key = column_key(self.columns[column], self.facets)
        self._resort(descending)

    def accepts(self, card: Card) -> bool:
        if self.closed_only and not card.closed:
            return False
        if self._search.strip() and not self.board.is_visible(card.contact_id):
            return False
        return self.arrangement.accepts(card, self.facets.get(card.contact_id))

    def rebuild(self) -> None:
        """Refill from the columns (load, new filters, new search)."""
        self.beginResetModel()
        self._search = self.board.filter_text
        every = [card for temperature in self.temperatures for card in self.board.column(temperature).cards()]
        takes_all = not (self.closed_only or self._search.strip() or self.arrangement.filtered)
        self._fill(every if takes_all else [card for card in every if self.accepts(card)])
        self.endResetModel()

    def _resort(self, descending: bool = False) -> None:
        def sort_again() -> None:
            every = [
                card for temperature in self.temperatures for card in self.board.column(temperature).cards()
            ]
            shown = self._key_of
            self._fill(
                every if len(every) == len(shown) else [card for card in every if card.contact_id in shown]
            )

        self._relayout(sort_again, descending)

    def _relayout(self, reorder: Callable[[], None], descending: bool) -> None:
        """Change the rows' order (not which rows there are), the selection staying on its leads."""
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        held = [(index, self.contact_at(index.row()), index.column()) for index in persistent]
        reorder()
        self.descending = descending
        for index, contact_id, column in held:
            row = self.row_of(contact_id) if contact_id is not None else None
            self.changePersistentIndex(index, self.index(row, column) if row is not None else QModelIndex())
        self.layoutChanged.emit()

    def _fill(self, cards: list[Card]) -> None:
        # Every key ends with the contact id: the keys sort alone, with no key function, and
        # say whose they are.
        self._keys = sorted(map(self._key, cards))
        self._key_of = {key[-1]: key for key in self._keys}

    def _follow_search(self) -> None:
        if self.board.filter_text != self._search:
            self.rebuild()

    def _facets_changed(self, contact_ids: list[int] | None) -> None:
        """New facets filter and order the leads afresh: all of them, or only the few written."""
        if contact_ids is None:
            if self.arrangement.needs_facets:
                self.rebuild()
            elif self.columns and self._keys:
                self.dataChanged.emit(
                    self.index(0, 0), self.index(len(self._keys) - 1, len(self.columns) - 1)
                )
            return
        for contact_id in contact_ids:
            card = self.board.card(contact_id)
            if card is not None and card.temperature in self.temperatures:
                self._follow(card)

    # Following the columns --------------------------------------------------------------

    def _view_row(self, position: int, size: int) -> int:
        """The row a view shows for a position in the ascending order (of a list of ``size``)."""
        return size - 1 - position if self.descending else position

    def _position(self, contact_id: int) -> int | None:
        key = self._key_of.get(contact_id)
        if key is None:
            return None
        position = bisect_left(self._keys, key)
        return position if position < len(self._keys) and self._keys[position] == key else None

    def _source_removing(self, column: ColumnModel, first: int, last: int) -> None:
        for row in range(first, last + 1):
            self._drop(column.card_at(row).contact_id)

    def _source_inserted(self, column: ColumnModel, first: int, last: int) -> None:
        for row in range(first, last + 1):
            card = column.card_at(row)
            if self.accepts(card):
                self._take(card)

    def _source_changed(self, column: ColumnModel, top: int, bottom: int, roles: list[int]) -> None:
        if roles and set(roles) <= _AGEING_ROLES:
            if self._keys:
                self.dataChanged.emit(
                    self.index(0, 0), self.index(len(self._keys) - 1, self.columnCount() - 1), roles
                )
            return
        for row in range(top, bottom + 1):
            self._follow(column.card_at(row))

    def _follow(self, card: Card) -> None:
        """The card changed (or what is known of it): show, hide or move its row."""
        if not self.accepts(card):
            self._drop(card.contact_id)
        elif card.contact_id in self._key_of:
            self._move(card)
        else:
            self._take(card)

    def _drop(self, contact_id: int) -> None:
        position = self._position(contact_id)
        if position is None:
            return
        row = self._view_row(position, len(self._keys))
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._keys[position]
        del self._key_of[contact_id]
        self.endRemoveRows()

    def _take(self, card: Card) -> None:
        key = self._key(card)
        position = bisect_left(self._keys, key)
        row = len(self._keys) - position if self.descending else position
        self.beginInsertRows(QModelIndex(), row, row)
        self._keys.insert(position, key)
        self._key_of[card.contact_id] = key
        self.endInsertRows()

    def _move(self, card: Card) -> None:
        """The card changed: its row moves only if its place in the order did.

        A move is told as the rows between its two places changing, with the selection and the
        current row carried along by hand: announced as a row move, it would make the view lay out
        every row again (tens of milliseconds at 100,000 rows, for one card)."""
        old = self._position(card.contact_id)
        assert old is not None
        size = len(self._keys)
        key = self._key(card)
        position = bisect_left(self._keys, key)
        if position > old:
            position -= 1
        old_row, new_row = self._view_row(old, size), self._view_row(position, size)
        del self._keys[old]
        self._keys.insert(position, key)
        self._key_of[card.contact_id] = key
        if new_row == old_row:
            self.dataChanged.emit(self.index(new_row, 0), self.index(new_row, self.columnCount() - 1))
            return
        top, bottom = min(old_row, new_row), max(old_row, new_row)
        step = -1 if new_row > old_row else 1
        moved = [index for index in self.persistentIndexList() if top <= index.row() <= bottom]
        # All at once, so no index is looked up by a row another one has just been moved onto.
        self.changePersistentIndexList(
            moved,
            [
                self.index(new_row if index.row() == old_row else index.row() + step, index.column())
                for index in moved
            ],
        )
        self.dataChanged.emit(self.index(top, 0), self.index(bottom, self.columnCount() - 1))

    # Reading ----------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._keys)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else max(1, len(self.columns))

    def contact_at(self, row: int) -> int | None:
        size = len(self._keys)
        if not 0 <= row < size:
            return None
        contact_id: int = self._keys[size - 1 - row if self.descending else row][-1]
        return contact_id

    def row_of(self, contact_id: int) -> int | None:
        position = self._position(contact_id)
        return None if position is None else self._view_row(position, len(self._keys))

    def index_of(self, contact_id: int) -> QModelIndex:
        row = self.row_of(contact_id)
        return self.index(row, 0) if row is not None else QModelIndex()

    def contact_ids(self) -> list[int]:
        """Every shown lead's id, in the rows' order."""
        ids = [key[-1] for key in self._keys]
        return ids[::-1] if self.descending else ids

    def shows(self, contact_id: int) -> bool:
        return contact_id in self._key_of

    def data(self, index: AnyIndex, role: int = _DISPLAY) -> Any:
        # Called a dozen times per cell and paint: plain ints and no enum arithmetic here.
        keys = self._keys
        row = index.row()
        if not 0 <= row < len(keys):
            return None
        contact_id = keys[len(keys) - 1 - row if self.descending else row][-1]
        if self.columns:
            if role == _DISPLAY:
                card = self.board.card(contact_id)
                return None if card is None else _CELLS[self.columns[index.column()]](self, card)
            if role == _ALIGNMENT:
                return _RIGHT if self.columns[index.column()] is LeadColumn.SCORE else None
            if role < _FIRST_CARD_ROLE and role not in _TABLE_ROLES:
                return None  # fonts, colours, check states: the view's own
        card = self.board.card(contact_id)
        if card is None:
            return None
        return self.board.column(card.temperature).card_data(card, role)

    def source_of(self, card: Card) -> str:
        found = self.facets.get(card.contact_id)
        return found.source if found is not None else ""

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].value if 0 <= section < len(self.columns) else None
        return None

    # Dragging and dropping onto a column ---------------------------------------------------

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled if not self.columns else Qt.ItemFlag.NoItemFlags
        return _ROW_FLAGS if self.columns else _CARD_FLAGS

    def _own_column(self) -> ColumnModel | None:
        return self.board.column(self.temperatures[0]) if len(self.temperatures) == 1 else None

    def mimeTypes(self) -> list[str]:
        column = self._own_column()
        return column.mimeTypes() if column is not None else []

    def mimeData(self, indexes: Iterable[QModelIndex]) -> QMimeData | None:  # type: ignore[override]
        column = self._own_column()
        ids = [self.contact_at(index.row()) for index in indexes if index.isValid() and index.model() is self]
        if column is None or not ids or ids[0] is None:
            return None
        return column.mimeData([column.index_of(ids[0])])

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:
        own = self._own_column()
        return own is not None and own.canDropMimeData(data, action, -1, -1, QModelIndex())

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:
        own = self._own_column()
        return own is not None and own.dropMimeData(data, action, -1, 0, QModelIndex())


def _stage_cell(model: ArrangedModel, card: Card) -> str:
    """The card's stage chip ("Qualified", "No budget"), else the stage's name in the book's words,
    or nothing where the book does not show a stage (see :func:`shows_qualification`)."""
    board = model.board
    if not shows_qualification(board.book, card.stage, bool(card.lacks)):
        return ""
    return card_text.stage_text(card) or board.words.title(board.words.stage(card.stage))


_CELLS: dict[LeadColumn, Callable[[ArrangedModel, Card], Any]] = {
    LeadColumn.NAME: lambda _model, card: card.name,
    LeadColumn.COMPANY: lambda _model, card: card.company,
    LeadColumn.TEMPERATURE: lambda _model, card: (
        f"{card.temperature.label} (pinned)" if card.pinned else card.temperature.label
    ),
    LeadColumn.STAGE: _stage_cell,
    LeadColumn.STATUS: lambda _model, card: card.closed_label or "Open",
    LeadColumn.SCORE: lambda _model, card: card.score,
    LeadColumn.LAST_TOUCH: lambda model, card: card_text.touch_text(card, model.board.now()),
    LeadColumn.NEXT_STEP: lambda model, card: step_text(card, model.facets.get(card.contact_id)),
    LeadColumn.SOURCE: lambda model, card: model.source_of(card),
}
