"""The board's data: three list models (cold, warm, hot) kept sorted by score in Python.

The service reports one :class:`Change` per write; :meth:`BoardModel.apply` turns it into a single
row move (``beginMoveRows``) inside a column or a remove plus an insert across columns, so views
keep their selection and scroll position. Sorting with a proxy would call ``data()`` for every
comparison (over a second for 10,000 rows); bisecting a column by :func:`card_sort_key` is microseconds.
The search filter is a proxy in front of each column (see :mod:`desktop.board.search`); the column models
always hold every card of their temperature.

A loaded board is taken in the order :meth:`LeadService.board` gives it, which is
:func:`card_sort_key` order: no key is computed until a card changes, so loading 10,000 cards costs
no more than handing the lists over.
"""

from __future__ import annotations

import enum
from bisect import bisect_left
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from desktop.board import card_text
from desktop.board.search import CardFilterProxy, haystack
from leadtemp.book_kinds import BookKind, words_for
from leadtemp.scoring.order import SortKey, card_sort_key
from leadtemp.text import matches, terms
from leadtemp.vocabulary import Temperature

if TYPE_CHECKING:
    from leadtemp.model import Board, Card
    from leadtemp.service import Change

MIME_TYPE = "application/x-leadtemp-contact-id"

DropHandler = Callable[[int, Temperature], bool]
AnyIndex = QModelIndex | QPersistentModelIndex

#: Above this many differing cards a periodic sync resets the columns instead of moving rows.
SYNC_RESET_THRESHOLD = 300

_USER = int(Qt.ItemDataRole.UserRole)


class CardRole(enum.IntEnum):
    """Roles beyond DisplayRole (the contact's name) that the delegate and tests read."""

    ContactIdRole = _USER + 1
    CardDataRole = _USER + 2
    ScoreRole = _USER + 3
    TemperatureRole = _USER + 4
    ComputedTemperatureRole = _USER + 5
    PinnedRole = _USER + 6
    TrendRole = _USER + 7
    TrendDeltaRole = _USER + 8
    CompanyRole = _USER + 9
    EmailRole = _USER + 10
    DaysSinceTouchRole = _USER + 11
    TouchTextRole = _USER + 12
    NextStepRole = _USER + 13
    WaitingSinceRole = _USER + 14
    WaitingTextRole = _USER + 15
    SearchTextRole = _USER + 16
    #: "3 people from Acme engaged this week", or None.
    CompanyBadgeRole = _USER + 17


def contact_id_from_mime(data: QMimeData | None) -> int | None:
    if data is None or not data.hasFormat(MIME_TYPE):
        return None
    raw = bytes(data.data(MIME_TYPE).data()).decode("ascii", "replace").strip()
    return int(raw) if raw.isdigit() else None


class ColumnModel(QAbstractListModel):
    """One column's visible cards, in board order; changed only through :class:`BoardModel`."""

    def __init__(self, board: BoardModel, temperature: Temperature) -> None:
        super().__init__(board)
        self._board = board
        self.temperature = temperature
        self._cards: list[Card] = []

    # Reading ----------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._cards)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid() or not 0 <= index.row() < len(self._cards):
            return None
        return self.card_data(self._cards[index.row()], role)

    def card_data(self, card: Card, role: int) -> Any:
        """What :meth:`data` answers for ``card``, for the models that show it in another order."""
        if role == Qt.ItemDataRole.DisplayRole:
            return card.name
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(card)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            text = card_text.accessible_text(card, self._board.now())
            badge = self._board.badge_of(card.contact_id)
            return f"{text}, {badge}" if badge else text
        return self._custom(card, role)

    def _custom(self, card: Card, role: int) -> Any:
        if role < CardRole.ContactIdRole or role > CardRole.CompanyBadgeRole:
            return None
        match CardRole(role):
            case CardRole.ContactIdRole:
                return card.contact_id
            case CardRole.CardDataRole:
                return card
            case CardRole.ScoreRole:
                return card.score
            case CardRole.TemperatureRole:
                return card.temperature.value
            case CardRole.ComputedTemperatureRole:
                return card.computed_temperature.value
            case CardRole.PinnedRole:
                return card.pinned
            case CardRole.TrendRole:
                return card.trend
            case CardRole.TrendDeltaRole:
                return card.trend_delta
            case CardRole.CompanyRole:
                return card.company
            case CardRole.EmailRole:
                return card.email
            case CardRole.DaysSinceTouchRole:
                return card.days_since_touch
            case CardRole.TouchTextRole:
                return card_text.touch_text(card, self._board.now())
            case CardRole.NextStepRole:
                return card.next_step
            case CardRole.WaitingSinceRole:
                return card.waiting_since
            case CardRole.WaitingTextRole:
                return card_text.waiting_text(card, self._board.now())
            case CardRole.SearchTextRole:
                return self._board.haystack_of(card.contact_id)
            case CardRole.CompanyBadgeRole:
                return self._board.badge_of(card.contact_id)

    def _tooltip(self, card: Card) -> str:
        now = self._board.now()
        lines = [f"{card.name} — score {card.score}, {card_text.trend_text(card)}"]
        if card.closed_label is not None:
            lines.append(f"{card.closed_label}: reopen it from its menu to work on it again")
        if card.pinned:
            lines.append(
                f"Pinned {card.temperature.value}; the score alone says {card.computed_temperature.value}"
            )
        waiting = card_text.waiting_text(card, now)
        if waiting:
            lines.append(f"Buying signal unanswered: {waiting}")
        lines.append(card_text.touch_text(card, now))
        badge = self._board.badge_of(card.contact_id)
        if badge:
            lines.append(badge)
        extra = self._board.tooltip_line(card) if self._board.tooltip_line is not None else None
        if extra:
            lines.append(extra)
        return "\n".join(lines)

    def roleNames(self) -> dict[int, QByteArray]:
        names = dict(super().roleNames())
        for role in CardRole:
            names[int(role)] = QByteArray((role.name[0].lower() + role.name[1:-4]).encode("ascii"))
        return names

    def card_at(self, row: int) -> Card:
        return self._cards[row]

    def cards(self) -> list[Card]:
        return list(self._cards)

    def row_of(self, contact_id: int) -> int | None:
        card = self._board.card(contact_id)
        return self._find(card) if card is not None and card.temperature is self.temperature else None

    def _find(self, card: Card) -> int | None:
        """The row holding ``card`` (the very card stored here, so its key is the row's key)."""
        row = bisect_left(self._cards, card_sort_key(card), key=card_sort_key)
        if row < len(self._cards) and self._cards[row].contact_id == card.contact_id:
            return row
        # Out of order only if a board came in another order than card_sort_key's; never lose a card.
        for row, stored in enumerate(self._cards):
            if stored.contact_id == card.contact_id:
                return row
        return None

    def index_of(self, contact_id: int) -> QModelIndex:
        row = self.row_of(contact_id)
        return self.index(row, 0) if row is not None else QModelIndex()

    # Drag and drop ----------------------------------------------------------------------

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: Iterable[QModelIndex]) -> QMimeData | None:  # type: ignore[override]
        rows = [index.row() for index in indexes if index.isValid() and index.model() is self]
        if not rows:
            return None
        data = QMimeData()
        data.setData(MIME_TYPE, QByteArray(str(self._cards[rows[0]].contact_id).encode("ascii")))
        return data

    def supportedDragActions(self) -> Qt.DropAction:
        # Never MoveAction: after a move QAbstractItemView removes the source row itself, and the
        # service's change event has already moved the card.
        return Qt.DropAction.CopyAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:
        contact_id = contact_id_from_mime(data)
        return contact_id is not None and self._board.can_drop(contact_id, self.temperature)

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:
        if action == Qt.DropAction.IgnoreAction:
            return True
        contact_id = contact_id_from_mime(data)
        if contact_id is None or not self._board.can_drop(contact_id, self.temperature):
            return False
        return self._board.drop(contact_id, self.temperature)

    # Changing (BoardModel only) ---------------------------------------------------------

    def _reset(self, cards: list[Card]) -> None:
        """Show ``cards``, which are in :func:`card_sort_key` order."""
        self.beginResetModel()
        self._cards = cards
        self.endResetModel()

    def _insert(self, card: Card) -> None:
        row = bisect_left(self._cards, card_sort_key(card), key=card_sort_key)
        self.beginInsertRows(QModelIndex(), row, row)
        self._cards.insert(row, card)
        self.endInsertRows()

    def _remove(self, old: Card) -> None:
        row = self._find(old)
        if row is None:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._cards[row]
        self.endRemoveRows()

    def _replace(self, old: Card, card: Card) -> None:
        """Update one card and move only its row if its place in the order changed."""
        row = self._find(old)
        if row is None:
            self._insert(card)
            return
        target = bisect_left(self._cards, card_sort_key(card), key=card_sort_key)
        if target > row:
            target -= 1
        if target != row:
            destination = target + 1 if target > row else target
            self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), destination)
            del self._cards[row]
            self._cards.insert(target, card)
            self.endMoveRows()
        else:
            self._cards[row] = card
        index = self.index(target, 0)
        self.dataChanged.emit(index, index)

    def _touch_rows(self, contact_ids: set[int], roles: list[int]) -> None:
        """Repaint the rows of these contacts (a value the board keeps beside the cards changed)."""
        for row, card in enumerate(self._cards):
            if card.contact_id in contact_ids:
                index = self.index(row, 0)
                self.dataChanged.emit(index, index, roles)

    def _touch_all(self) -> None:
        """Repaint every row: the clocks and staleness texts are computed at paint time."""
        if self._cards:
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(len(self._cards) - 1, 0),
                [CardRole.TouchTextRole, CardRole.WaitingTextRole, Qt.ItemDataRole.AccessibleTextRole],
            )


class BoardModel(QObject):
    """All cards on the board, the three column models holding them and the search proxies
    the views show them through."""

    #: A card changed column (the Change says from where to where and why).
    cardMoved = Signal(object)
    #: Column counts changed (header text).
    countsChanged = Signal()
    #: The whole board was replaced (load, large sync).
    reloaded = Signal()

    def __init__(self, now: Callable[[], datetime], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.now = now
        self.columns: dict[Temperature, ColumnModel] = {t: ColumnModel(self, t) for t in Temperature}
        self.proxies: dict[Temperature, CardFilterProxy] = {}
        for temperature, column in self.columns.items():
            proxy = CardFilterProxy(CardRole.SearchTextRole, self)
            proxy.setSourceModel(column)
            self.proxies[temperature] = proxy
        self.drop_handler: DropHandler | None = None
        #: One more line for a card's tooltip (the window's cooling date), or None.
        self.tooltip_line: Callable[[Card], str | None] | None = None
        #: What the book calls its cards' people ("candidates" in a recruiting book).
        self.words = words_for(BookKind.SALES)
        #: The book's kind: a recruiting book's list leaves out a stage that says nothing.
        self.book = BookKind.SALES
        self._cards: dict[int, Card] = {}
        #: Search texts, filled in lazily: most sessions never search.
        self._haystacks: dict[int, str] = {}
        self._terms: tuple[str, ...] = ()
        self._filter_text = ""
        #: Bumped by every full load so late background results for an older board are dropped.
        self.epoch = 0
        #: False until the first board arrives (the views say "Loading…" meanwhile).
        self.loaded = False
        #: Column sizes (cold, warm, hot) while only each column's first cards are here.
        self._totals: tuple[int, int, int] | None = None
        #: Won, lost and archived leads stay on the board, marked (the window loads them too).
        self.show_closed = False
        #: Each card's company line when several of its company's people engaged this week.
        self._badges: dict[int, str] = {}

    # Reading ----------------------------------------------------------------------------

    def column(self, temperature: Temperature) -> ColumnModel:
        """Every card of one temperature, whatever the search."""
        return self.columns[temperature]

    def proxy(self, temperature: Temperature) -> CardFilterProxy:
        """The cards of one temperature that match the search: what the view shows."""
        return self.proxies[temperature]

    def card(self, contact_id: int) -> Card | None:
        return self._cards.get(contact_id)

    def key_of(self, contact_id: int) -> SortKey | None:
        card = self._cards.get(contact_id)
        return card_sort_key(card) if card is not None else None

    def badge_of(self, contact_id: int) -> str | None:
        return self._badges.get(contact_id)

    def set_badges(self, badges: dict[int, str]) -> None:
        """Show these company badges (read with the board on the worker), repainting only the cards
        whose badge changed."""
        differing = {
            contact_id
            for contact_id in set(badges) | set(self._badges)
            if badges.get(contact_id) != self._badges.get(contact_id)
        }
        self._badges = dict(badges)
        if not differing:
            return
        roles = [
            int(CardRole.CompanyBadgeRole),
            int(Qt.ItemDataRole.ToolTipRole),
            int(Qt.ItemDataRole.AccessibleTextRole),
        ]
        for column in self.columns.values():
            column._touch_rows(differing, roles)

    def haystack_of(self, contact_id: int) -> str:
        """The card's search text, worked out the first time a search needs it."""
        text = self._haystacks.get(contact_id)
        if text is None:
            card = self._cards.get(contact_id)
            if card is None:
                return ""
            text = self._haystacks[contact_id] = haystack(card)
        return text

    def total(self, temperature: Temperature) -> int:
        """Cards in the column whether or not the search shows them (on a board of first cards,
        those still to come too)."""
        if self._totals is not None:
            return self._totals[temperature.rank]
        return self.columns[temperature].rowCount()

    def shown(self, temperature: Temperature) -> int:
        if self._totals is not None and not self._terms:
            return self._totals[temperature.rank]
        return self.proxies[temperature].rowCount()

    @property
    def complete(self) -> bool:
        """False while the board holds only each column's first cards (the rest are loading)."""
        return self._totals is None

    def is_visible(self, contact_id: int) -> bool:
        """On the board and matching the search."""
        return contact_id in self._cards and (
            not self._terms or matches(self.haystack_of(contact_id), self._terms)
        )

    def view_index(self, contact_id: int) -> QModelIndex:
        """The card's index in its column's proxy (invalid when not shown)."""
        card = self._cards.get(contact_id)
        if card is None:
            return QModelIndex()
        source = self.columns[card.temperature].index_of(contact_id)
        return self.proxies[card.temperature].mapFromSource(source) if source.isValid() else QModelIndex()

    def __len__(self) -> int:
        return len(self._cards)

    @property
    def filter_text(self) -> str:
        return self._filter_text

    # Drops ------------------------------------------------------------------------------

    def can_drop(self, contact_id: int, temperature: Temperature) -> bool:
        card = self._cards.get(contact_id)
        return self.drop_handler is not None and card is not None and card.temperature != temperature

    def drop(self, contact_id: int, temperature: Temperature) -> bool:
        if self.drop_handler is None or not self.can_drop(contact_id, temperature):
            return False
        return self.drop_handler(contact_id, temperature)

    # Changing ---------------------------------------------------------------------------

    def load(self, board: Board) -> None:
        """Replace everything (first open, settings change, import); each of the board's columns
        is in :func:`card_sort_key` order, as :meth:`LeadService.board` returns them."""
        self.epoch += 1
        self.loaded = True
        self._totals = None if board.complete else board.totals
        self._cards = {card.contact_id: card for card in board.all_cards()}
        self._haystacks = {}
        for temperature in Temperature:
            self.columns[temperature]._reset(list(board.column(temperature)))
        self.countsChanged.emit()
        self.reloaded.emit()

    def set_filter(self, text: str) -> None:
        wanted = terms(text)
        self._filter_text = text
        if wanted == self._terms:
            return
        self._terms = wanted
        for proxy in self.proxies.values():
            proxy.set_terms(wanted)
        self.countsChanged.emit()

    def apply(self, change: Change) -> None:
        """Move the one card a write affected; never a reset."""
        card = change.card if change.card is not None or not self.show_closed else change.closed_card
        if card is None and change.contact_id not in self._cards:
            return
        self._update(change.contact_id, card)
        self.countsChanged.emit()
        if change.card is not None and change.temperature_changed:
            self.cardMoved.emit(change)

    def put(self, contact_id: int, card: Card | None) -> None:
        """Show ``card`` for the contact (None takes it off the board), moving only its row."""
        if card is None and contact_id not in self._cards:
            return
        self._update(contact_id, card)
        self.countsChanged.emit()

    def sync(self, board: Board, skip: set[int] | None = None) -> list[int]:
        """Bring the board up to date with a freshly computed one (time passed); returns moved ids.

        Cards in ``skip`` changed on this thread after the fresh board was computed, so what the
        board shows for them is newer and is kept.
        """
        skipped = skip or set()
        fresh = {card.contact_id: card for card in board.all_cards() if card.contact_id not in skipped}
        gone = [cid for cid in self._cards if cid not in fresh and cid not in skipped]
        differing = [cid for cid, card in fresh.items() if self._cards.get(cid) != card]
        if len(differing) + len(gone) > SYNC_RESET_THRESHOLD:
            for cid in gone:
                self._forget(cid)
            for cid in differing:
                self._remember(fresh[cid])
            self._reset_columns()
            return differing
        for cid in gone:
            self._update(cid, None)
        for cid in differing:
            self._update(cid, fresh[cid])
        if gone or differing:
            self.countsChanged.emit()
        return differing

    def tick(self) -> None:
        """Time passed: repaint clocks and staleness texts."""
        for column in self.columns.values():
            column._touch_all()

    # Internals --------------------------------------------------------------------------

    def _remember(self, card: Card) -> None:
        self._cards[card.contact_id] = card
        self._haystacks.pop(card.contact_id, None)

    def _forget(self, contact_id: int) -> None:
        self._cards.pop(contact_id, None)
        self._haystacks.pop(contact_id, None)

    def _update(self, contact_id: int, card: Card | None) -> None:
        old = self._cards.get(contact_id)
        if card is None:
            self._forget(contact_id)
        else:
            self._remember(card)
        if old is not None and card is not None and old.temperature == card.temperature:
            self.columns[card.temperature]._replace(old, card)
            return
        if old is not None:
            self.columns[old.temperature]._remove(old)
        if card is not None:
            self.columns[card.temperature]._insert(card)

    def _reset_columns(self) -> None:
        grouped: dict[Temperature, list[Card]] = {t: [] for t in Temperature}
        for card in self._cards.values():
            grouped[card.temperature].append(card)
        for temperature, cards in grouped.items():
            cards.sort(key=card_sort_key)
            self.columns[temperature]._reset(cards)
        self.countsChanged.emit()
        self.reloaded.emit()
