"""The board's search: which cards match what the user typed, the proxy that hides the rest, and the
box they type it in.

The proxy is the only proxy on the board and it never sorts (each column is kept sorted in Python).
Besides filtering it keeps the row map in C++: a QListView lays out every row after each change by
calling ``index()`` per row, which against a Python model means one call into Python per card
(about 15 ms for a 10,000-card column) and against the proxy none at all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from leadtemp import text

if TYPE_CHECKING:
    from PySide6.QtCore import QRegularExpression
    from PySide6.QtGui import QKeyEvent

    from leadtemp.model import Card


def haystack(card: Card) -> str:
    """The text a search looks in: name, company and email, folded once per card."""
    return text.haystack(card.name, card.company, card.email)


def pattern_for(wanted: tuple[str, ...]) -> QRegularExpression:
    """The same test as :func:`matches` as a regular expression the proxy evaluates in C++.

    An empty pattern makes the proxy accept every row without asking the model for data.
    """
    from PySide6.QtCore import QRegularExpression  # not needed until the first search

    if not wanted:
        return QRegularExpression()
    lookaheads = "".join(f"(?=.*{QRegularExpression.escape(term)})" for term in wanted)
    return QRegularExpression(f"^{lookaheads}", QRegularExpression.PatternOption.DotMatchesEverythingOption)


class CardFilterProxy(QSortFilterProxyModel):
    """Hides one column's cards that do not match the search; never sorts."""

    def __init__(self, search_role: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setFilterRole(search_role)
        self.setDynamicSortFilter(True)

    def set_terms(self, wanted: tuple[str, ...]) -> None:
        self.setFilterRegularExpression(pattern_for(wanted))


class SearchField(QLineEdit):
    """The filter box above the board; Escape clears it and hands focus back to the board, Down or
    Enter goes to the first card that matches."""

    #: Down or Enter: the user is done typing and wants the results.
    resultsRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("board-search")
        self.setAccessibleName("board-search")
        self.setAccessibleDescription("Filter the board by name, company or email")
        self.setPlaceholderText("Search name, company or email")
        self.setMinimumWidth(260)
        # The clear button shows only while there is text; it is set up with the first text,
        # since loading its icon is a measurable part of the window's start-up.
        self.textChanged.connect(self._offer_clear_button)

    def _offer_clear_button(self, text: str) -> None:
        if text and not self.isClearButtonEnabled():
            self.setClearButtonEnabled(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.clearFocus()
            return
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            self.resultsRequested.emit()
            return
        super().keyPressEvent(event)
