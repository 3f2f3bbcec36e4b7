"""A label that wraps its text into a few lines and elides the rest, in the text's own direction.

Names and companies come from anywhere: 200 characters without a space, or Arabic and Hebrew. A
plain word-wrapped label cannot break such a name, so it runs under its neighbours; this one breaks
anywhere when a word does not fit, stops after ``max_lines`` with "…", shows the whole text in its
tooltip, and lays itself out right to left when the text is written that way.
"""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent, QTextLayout, QTextOption
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


def writing_direction(text: str) -> Qt.LayoutDirection:
    """Right to left when the first strongly directional character is (Unicode's rule P2)."""
    for character in text:
        kind = unicodedata.bidirectional(character)
        if kind in ("R", "AL"):
            return Qt.LayoutDirection.RightToLeft
        if kind == "L":
            return Qt.LayoutDirection.LeftToRight
    return Qt.LayoutDirection.LeftToRight


def clamped_lines(text: str, font: QFont, width: int, max_lines: int) -> tuple[list[str], bool]:
    """``text`` broken into lines no wider than ``width`` (at spaces, or anywhere a word is too
    long), and whether the last of at most ``max_lines`` was elided because more would follow."""
    width = max(width, 1)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout = QTextLayout(text, font)
    layout.setTextOption(option)
    lines: list[str] = []
    elided = False
    layout.beginLayout()
    try:
        while len(lines) < max_lines:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            start, length = line.textStart(), line.textLength()
            if len(lines) == max_lines - 1 and start + length < len(text):
                rest = " ".join(text[start:].split())
                lines.append(QFontMetrics(font).elidedText(rest, Qt.TextElideMode.ElideRight, width))
                elided = True
                break
            lines.append(text[start : start + length].strip())
    finally:
        layout.endLayout()
    return lines, elided


class ClampedLabel(QLabel):
    def __init__(self, max_lines: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self._max_lines = max_lines
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(False)
        policy = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setSizePolicy(policy)

    def full_text(self) -> str:
        return self._full

    def set_full_text(self, text: str) -> None:
        self._full = text
        direction = writing_direction(text)
        self.setLayoutDirection(direction)
        self.setAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignTop)
        self._clamp()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._clamp()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self._clamp()

    def _clamp(self) -> None:
        lines, elided = clamped_lines(self._full, self.font(), self.contentsRect().width(), self._max_lines)
        self.setText("\n".join(lines))
        self.setToolTip(self._full if elided else "")
