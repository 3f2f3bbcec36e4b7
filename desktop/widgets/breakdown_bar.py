"""A thin horizontal bar showing one score category against its cap."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget


class BreakdownBar(QWidget):
    """Painted rather than a QProgressBar so it stays a few pixels tall in every style."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._value = 0.0
        self._maximum = 1.0
        self._color = QColor("#3d7cc9")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    @property
    def value(self) -> float:
        return self._value

    @property
    def maximum(self) -> float:
        return self._maximum

    def set_value(self, value: float, maximum: float, color: QColor | str) -> None:
        self._value = abs(value)
        self._maximum = max(1.0, float(maximum))
        self._color = QColor(color)
        self.setAccessibleDescription(f"{value:g} of {maximum:g}")
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(120, 8)

    def minimumSizeHint(self) -> QSize:
        return QSize(40, 8)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        radius = rect.height() / 2
        groove = self.palette().color(QPalette.ColorRole.WindowText)
        groove.setAlpha(36)
        painter.setBrush(groove)
        painter.drawRoundedRect(rect, radius, radius)
        fraction = min(1.0, self._value / self._maximum)
        if fraction > 0:
            filled = QRectF(rect)
            filled.setWidth(max(rect.height(), rect.width() * fraction))
            painter.setBrush(self._color)
            painter.drawRoundedRect(filled, radius, radius)
        painter.end()
