"""The board's filter: which cards match what the user typed, and the box they type it in."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from leadtemp.model import Card


def haystack(card: Card) -> str:
    """The text a search looks in: name, company and email, case-folded once per card."""
    return f"{card.name}\n{card.company}\n{card.email}".casefold()


def terms(text: str) -> tuple[str, ...]:
    """Every word must match somewhere, so "dana acme" finds Dana Lee at Acme."""
    return tuple(text.casefold().split())


def matches(card_haystack: str, wanted: tuple[str, ...]) -> bool:
    return all(term in card_haystack for term in wanted)


class SearchField(QLineEdit):
    """The filter box above the board; Escape clears it and hands focus back to the board."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("board-search")
        self.setAccessibleName("board-search")
        self.setAccessibleDescription("Filter the board by name, company or email")
        self.setPlaceholderText("Search name, company or email")
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(260)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.clearFocus()
            return
        super().keyPressEvent(event)
