"""Small charts painted with QPainter (PySide6-Essentials has no QtCharts): bars with interval
whiskers over a reference band, lines over weeks, and a histogram. Colours come from the palette
and the board's temperature accents, so they read in light and dark themes; hovering shows the
numbers in a tooltip."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

_MARGIN_LEFT, _MARGIN_RIGHT, _MARGIN_TOP, _MARGIN_BOTTOM = 44.0, 12.0, 12.0, 28.0
#: The width a label under a line chart may take.
_LABEL_WIDTH = 80.0
_MAX_TICKS = 5


def nice_scale(value: float, *, whole: bool = False) -> tuple[float, int]:
    """The axis maximum and its number of steps: round steps (1, 2, 2.5 or 5 times a power of
    ten; whole numbers for counts), at most five of them, the first scale that holds ``value``."""
    value = max(value, 1e-9)
    decade = 10 ** math.floor(math.log10(value / _MAX_TICKS))
    if whole:
        decade = max(decade, 1)
    for factor in (1, 2, 2.5, 5, 10, 20):
        step = factor * decade
        if whole and step != int(step):
            continue
        count = max(1, math.ceil(value / step - 1e-9))
        if count <= _MAX_TICKS:
            return step * count, count
    return value, 1


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None: no data (drawn as an empty slot)
    color: QColor
    interval: tuple[float, float] | None = None
    reference: tuple[float, float] | None = None
    tip: str = ""


@dataclass(frozen=True)
class Series:
    label: str
    color: QColor
    values: tuple[float, ...]


class _Chart(QWidget):
    """Plot area, axes in the palette's text colour, and tooltips from ``tip_at``."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.setMouseTracking(True)
        self.setMinimumHeight(180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName(title)

    def sizeHint(self) -> QSize:
        return QSize(420, 200)

    def plot_rect(self) -> QRectF:
        return QRectF(
            _MARGIN_LEFT,
            _MARGIN_TOP,
            max(1.0, self.width() - _MARGIN_LEFT - _MARGIN_RIGHT),
            max(1.0, self.height() - _MARGIN_TOP - _MARGIN_BOTTOM),
        )

    def text_color(self) -> QColor:
        return self.palette().color(QPalette.ColorRole.WindowText)

    def grid_color(self) -> QColor:
        color = self.palette().color(QPalette.ColorRole.WindowText)
        color.setAlpha(40)
        return color

    def draw_axis(self, painter: QPainter, maximum: float, label: str, steps: int) -> None:
        rect = self.plot_rect()
        painter.setPen(QPen(self.grid_color(), 1))
        for step in range(steps + 1):
            y = rect.bottom() - rect.height() * step / steps
            painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
            painter.setPen(self.text_color())
            painter.drawText(
                QRectF(0, y - 8, _MARGIN_LEFT - 6, 16),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                _number(maximum * step / steps, label),
            )
            painter.setPen(QPen(self.grid_color(), 1))

    def tip_at(self, point: QPointF) -> str:
        return ""

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        tip = self.tip_at(event.position())
        if tip:
            QToolTip.showText(event.globalPosition().toPoint(), tip, self)
        else:
            QToolTip.hideText()
        super().mouseMoveEvent(event)


def _number(value: float, unit: str) -> str:
    if unit == "%":
        return f"{value * 100:.0f} %"
    return f"{value:g}"


class BarChart(_Chart):
    """One bar per category; a whisker for its interval and a shaded band for the reference range."""

    def __init__(self, title: str, unit: str = "", parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.unit = unit
        self.bars: tuple[Bar, ...] = ()

    def set_bars(self, bars: Sequence[Bar]) -> None:
        self.bars = tuple(bars)
        self.update()

    def maximum(self) -> tuple[float, int]:
        highest = 0.0
        for bar in self.bars:
            for value in (bar.value, *(bar.interval or ()), *(bar.reference or ())):
                if value is not None:
                    highest = max(highest, value)
        if self.unit == "%":
            return nice_scale(max(highest, 0.1))
        return nice_scale(max(highest, 1.0), whole=True)

    def slot(self, index: int) -> QRectF:
        rect = self.plot_rect()
        width = rect.width() / max(1, len(self.bars))
        return QRectF(rect.left() + index * width, rect.top(), width, rect.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        maximum, steps = self.maximum()
        self.draw_axis(painter, maximum, self.unit, steps)
        rect = self.plot_rect()

        def y_of(value: float) -> float:
            return rect.bottom() - rect.height() * min(value, maximum) / maximum

        for index, bar in enumerate(self.bars):
            slot = self.slot(index)
            centre = slot.center().x()
            half = slot.width() * 0.25
            if bar.reference is not None:
                band = QColor(bar.color)
                band.setAlpha(45)
                low, high = bar.reference
                painter.fillRect(
                    QRectF(slot.left() + 4, y_of(high), slot.width() - 8, y_of(low) - y_of(high)), band
                )
            if bar.value is not None:
                painter.fillRect(
                    QRectF(centre - half, y_of(bar.value), 2 * half, rect.bottom() - y_of(bar.value)),
                    bar.color,
                )
            if bar.interval is not None:
                low, high = bar.interval
                painter.setPen(QPen(self.text_color(), 1.5))
                painter.drawLine(QPointF(centre, y_of(low)), QPointF(centre, y_of(high)))
                for y in (y_of(low), y_of(high)):
                    painter.drawLine(QPointF(centre - half / 2, y), QPointF(centre + half / 2, y))
            painter.setPen(self.text_color())
            painter.drawText(
                QRectF(slot.left(), rect.bottom() + 4, slot.width(), _MARGIN_BOTTOM - 4),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                bar.label,
            )
        painter.end()

    def tip_at(self, point: QPointF) -> str:
        for index, bar in enumerate(self.bars):
            if self.slot(index).contains(point):
                return bar.tip
        return ""


class LineChart(_Chart):
    """Lines over shared x positions (weeks), labelled below with ``labels``."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.series: tuple[Series, ...] = ()
        self.labels: tuple[str, ...] = ()

    def set_series(self, series: Sequence[Series], labels: Sequence[str]) -> None:
        self.series, self.labels = tuple(series), tuple(labels)
        self.update()

    def maximum(self) -> tuple[float, int]:
        return nice_scale(max([1.0, *(value for line in self.series for value in line.values)]), whole=True)

    def x_of(self, index: int) -> float:
        rect = self.plot_rect()
        count = max(1, len(self.labels) - 1)
        return rect.left() + rect.width() * index / count

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        maximum, steps = self.maximum()
        self.draw_axis(painter, maximum, "", steps)
        rect = self.plot_rect()
        self.draw_legend(painter)
        for line in self.series:
            path = QPainterPath()
            for index, value in enumerate(line.values):
                point = QPointF(self.x_of(index), rect.bottom() - rect.height() * value / maximum)
                if index == 0:
                    path.moveTo(point)
                else:
                    path.lineTo(point)
            painter.setPen(QPen(line.color, 2.2))
            painter.drawPath(path)
        painter.setPen(self.text_color())
        step = max(1, len(self.labels) // 6)
        for index in range(0, len(self.labels), step):
            box, alignment = self.label_box(index)
            painter.drawText(box, alignment | Qt.AlignmentFlag.AlignTop, self.labels[index])
        painter.end()

    def label_box(self, index: int) -> tuple[QRectF, Qt.AlignmentFlag]:
        """Where the label under point ``index`` goes: centred under it, but kept within the
        plot's width, so the first and last stay clear of the axis numbers and the edge."""
        rect = self.plot_rect()
        width = min(_LABEL_WIDTH, rect.width())
        left = self.x_of(index) - width / 2
        alignment = Qt.AlignmentFlag.AlignHCenter
        if left < rect.left():
            left, alignment = rect.left(), Qt.AlignmentFlag.AlignLeft
        elif left + width > rect.right():
            left, alignment = rect.right() - width, Qt.AlignmentFlag.AlignRight
        return QRectF(left, rect.bottom() + 4, width, _MARGIN_BOTTOM - 4), alignment

    def draw_legend(self, painter: QPainter) -> None:
        """Each line's name in its colour, top left of the plot."""
        rect = self.plot_rect()
        x = rect.left() + 8
        metrics = painter.fontMetrics()
        for line in self.series:
            painter.fillRect(QRectF(x, rect.top() + 4, 14, 3), line.color)
            painter.setPen(self.text_color())
            painter.drawText(QPointF(x + 18, rect.top() + 4 + metrics.ascent() / 2), line.label)
            x += 30 + metrics.horizontalAdvance(line.label)

    def tip_at(self, point: QPointF) -> str:
        if not self.labels or not self.plot_rect().adjusted(-8, 0, 8, 0).contains(point):
            return ""
        index = min(range(len(self.labels)), key=lambda i: abs(self.x_of(i) - point.x()))
        values = ", ".join(f"{line.label} {line.values[index]:.0f}" for line in self.series)
        return f"Week ending {self.labels[index]}: {values}"
