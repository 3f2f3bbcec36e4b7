"""Paints one lead card: the whole board is drawn by this delegate, never one widget per card.

Every card has the same four lines (name and score; company and pin; response clock and
staleness; next checklist step), so the views can use uniform item sizes.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from desktop.board import card_text
from desktop.board.model import CardRole
from desktop.theme import Theme
from leadtemp.model import Card

AnyIndex = QModelIndex | QPersistentModelIndex

MARGIN_X = 8
MARGIN_Y = 4
PAD_X = 14
PAD_Y = 10
RADIUS = 8.0
ACCENT_WIDTH = 4


class _Fonts:
    """The card's fonts and their metrics, built once per view font (painting is hot code)."""

    def __init__(self, base: QFont) -> None:
        self.name = QFont(base)
        self.name.setPointSizeF(base.pointSizeF() * 1.12)
        self.name.setWeight(QFont.Weight.DemiBold)
        self.body = QFont(base)
        self.small = QFont(base)
        self.small.setPointSizeF(base.pointSizeF() * 0.92)
        self.small_bold = QFont(self.small)
        self.small_bold.setWeight(QFont.Weight.DemiBold)
        self.score = QFont(base)
        self.score.setWeight(QFont.Weight.Bold)
        self.metrics = {
            id(font): QFontMetrics(font)
            for font in (self.name, self.body, self.small, self.small_bold, self.score)
        }
        small_height = self.metric(self.small).height()
        self.line_heights = (
            self.metric(self.name).height(),
            self.metric(self.body).height(),
            small_height,
            small_height,
        )

    def metric(self, font: QFont) -> QFontMetrics:
        return self.metrics[id(font)]


#: The company badge's padding on either side of its text.
_BADGE_PAD = 6
#: Vertical gaps after the name, company and meta lines.
_GAPS = (3, 7, 3)


class CardDelegate(QStyledItemDelegate):
    """Draws cards with the colours of the current theme."""

    def __init__(self, theme: Callable[[], Theme], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        self._fonts_for: dict[str, _Fonts] = {}

    # Geometry ---------------------------------------------------------------------------

    def fonts(self, base: QFont) -> _Fonts:
        key = base.key()
        cached = self._fonts_for.get(key)
        if cached is None:
            cached = self._fonts_for[key] = _Fonts(base)
        return cached

    def card_height(self, base: QFont) -> int:
        return sum(self.fonts(base).line_heights) + sum(_GAPS) + 2 * PAD_Y + 2 * MARGIN_Y

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        return QSize(220, self.card_height(option.font))

    # Painting ---------------------------------------------------------------------------

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        card = index.data(CardRole.CardDataRole)
        if not isinstance(card, Card):
            return
        state = option.state
        self.paint_card(
            painter,
            QRect(option.rect),
            option.font,
            card,
            selected=bool(state & QStyle.StateFlag.State_Selected),
            hovered=bool(state & QStyle.StateFlag.State_MouseOver),
            now_text=(index.data(CardRole.WaitingTextRole), index.data(CardRole.TouchTextRole)),
            badge=index.data(CardRole.CompanyBadgeRole),
        )

    def render(self, card: Card, width: int, font: QFont, touch: str, waiting: str | None) -> QPixmap:
        """The card as a picture, for the drag cursor: no margins and an opaque backdrop, so it
        also looks right where the window system cannot show transparent drag images."""
        height = self.card_height(font) - 2 * MARGIN_Y
        pixmap = QPixmap(width, height)
        pixmap.fill(self._theme().column)
        painter = QPainter(pixmap)
        self.paint_card(
            painter,
            QRect(-MARGIN_X, -MARGIN_Y, width + 2 * MARGIN_X, height + 2 * MARGIN_Y),
            font,
            card,
            selected=True,
            hovered=False,
            now_text=(waiting, touch),
        )
        painter.end()
        return pixmap

    def paint_card(
        self,
        painter: QPainter,
        rect: QRect,
        font: QFont,
        card: Card,
        *,
        selected: bool,
        hovered: bool,
        now_text: tuple[str | None, str | None],
        badge: str | None = None,
    ) -> None:
        theme = self._theme()
        fonts = self.fonts(font)
        accent = theme.accent(card.temperature)
        box = QRectF(rect.adjusted(MARGIN_X, MARGIN_Y, -MARGIN_X, -MARGIN_Y)).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        outline = QPainterPath()
        outline.addRoundedRect(box, RADIUS, RADIUS)
        fill = theme.tint(theme.highlight, 0.08) if selected else theme.card
        painter.fillPath(outline, fill)
        painter.save()
        painter.setClipPath(outline)
        painter.fillRect(QRectF(box.left(), box.top(), ACCENT_WIDTH, box.height()), accent)
        painter.restore()
        if selected:
            painter.setPen(QPen(theme.highlight, 2.0))
            painter.drawRoundedRect(box.adjusted(0.5, 0.5, -0.5, -0.5), RADIUS, RADIUS)
        else:
            painter.setPen(QPen(theme.card_hover_border if hovered else theme.card_border, 1.0))
            painter.drawPath(outline)

        heights = fonts.line_heights
        left = int(box.left()) + PAD_X
        right = int(box.right()) - PAD_X + 2
        top = int(box.top()) + PAD_Y
        waiting, touch = now_text

        right_edge = self._paint_score(painter, theme, fonts, card, right, top, heights[0], accent)
        self._text(
            painter,
            fonts,
            fonts.name,
            theme.text,
            QRect(left, top, right_edge - left - 8, heights[0]),
            card.name if card.closed_label is None else f"{card.closed_label} · {card.name}",
        )
        top += heights[0] + _GAPS[0]

        company = card.company or "No company"
        company_right = right
        if card.pinned:
            wanted = min(fonts.metric(fonts.body).horizontalAdvance(company), 110)
            company_right = self._paint_pin(
                painter, theme, fonts, card, right, top, heights[1], right - left - wanted
            )
            company_right -= 8
        line = QRect(left, top, company_right - left, heights[1])
        if badge:
            self._paint_badge(painter, theme, fonts, line, badge, accent)
        else:
            self._text(painter, fonts, fonts.body, theme.secondary_text, line, company)
        top += heights[1] + _GAPS[1]

        meta_right = self._paint_stage(painter, theme, fonts, card, right, top, heights[2])
        self._paint_meta(
            painter, theme, fonts, QRect(left, top, meta_right - left, heights[2]), waiting, touch
        )
        top += heights[2] + _GAPS[2]

        self._paint_next(painter, theme, fonts, QRect(left, top, right - left, heights[3]), card.next_step)
        painter.restore()

    def _paint_badge(
        self, painter: QPainter, theme: Theme, fonts: _Fonts, rect: QRect, badge: str, accent: QColor
    ) -> None:
        """The company line as a tinted chip: several people from the company engaged this week.
        The chip starts a little left of the text column so the whole sentence fits a usual card."""
        metrics = fonts.metric(fonts.small)
        inset = _BADGE_PAD - 1
        shown = metrics.elidedText(
            badge, Qt.TextElideMode.ElideRight, max(0, rect.width() + inset - 2 * _BADGE_PAD)
        )
        height = min(rect.height(), metrics.height() + 4)
        chip = QRectF(
            rect.left() - inset,
            rect.top() + (rect.height() - height) / 2,
            metrics.horizontalAdvance(shown) + 2 * _BADGE_PAD,
            height,
        )
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(theme.tint(accent, 0.16))
        painter.drawRoundedRect(chip, height / 2, height / 2)
        painter.setFont(fonts.small)
        painter.setPen(theme.text if theme.dark else accent.darker(150))
        painter.drawText(chip, int(Qt.AlignmentFlag.AlignCenter), shown)

    def _text(
        self, painter: QPainter, fonts: _Fonts, font: QFont, colour: QColor, rect: QRect, text: str
    ) -> int:
        """Draw elided, vertically centred text; returns the x where it ends."""
        metrics = fonts.metric(font)
        shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(0, rect.width()))
        painter.setFont(font)
        painter.setPen(colour)
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), shown)
        return rect.left() + metrics.horizontalAdvance(shown)

    def _paint_score(
        self,
        painter: QPainter,
        theme: Theme,
        fonts: _Fonts,
        card: Card,
        right: int,
        top: int,
        height: int,
        accent: QColor,
    ) -> int:
        """Score pill with the trend arrow beside it; returns the left edge of the group."""
        metrics = fonts.metric(fonts.score)
        text = str(card.score)
        pill_width = max(metrics.horizontalAdvance("00"), metrics.horizontalAdvance(text)) + 16
        pill_height = min(height + 2, metrics.height() + 4)
        pill = QRectF(right - pill_width, top + (height - pill_height) / 2, pill_width, pill_height)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(theme.tint(accent, 0.18))
        painter.drawRoundedRect(pill, pill_height / 2, pill_height / 2)
        painter.setFont(fonts.score)
        painter.setPen(theme.text if theme.dark else accent.darker(125))
        painter.drawText(pill, int(Qt.AlignmentFlag.AlignCenter), text)
        arrow_size = metrics.height() * 0.62
        arrow_right = pill.left() - 6
        centre = QPointF(arrow_right - arrow_size / 2, pill.center().y())
        self._paint_trend(painter, theme, card.trend, centre, arrow_size)
        return int(arrow_right - arrow_size)

    def _paint_trend(self, painter: QPainter, theme: Theme, trend: int, centre: QPointF, size: float) -> None:
        """An arrow drawn as a path, so it looks the same whatever fonts are installed."""
        colour = theme.rising if trend > 0 else theme.falling if trend < 0 else theme.steady
        half = size / 2
        path = QPainterPath()
        if trend == 0:
            path.moveTo(centre.x() - half, centre.y())
            path.lineTo(centre.x() + half, centre.y())
            path.moveTo(centre.x() + half * 0.2, centre.y() - half * 0.7)
            path.lineTo(centre.x() + half, centre.y())
            path.lineTo(centre.x() + half * 0.2, centre.y() + half * 0.7)
        else:
            sign = -1 if trend > 0 else 1
            tip = centre.y() + sign * half
            path.moveTo(centre.x(), centre.y() - sign * half)
            path.lineTo(centre.x(), tip)
            path.moveTo(centre.x() - half * 0.7, tip - sign * half * 0.8)
            path.lineTo(centre.x(), tip)
            path.lineTo(centre.x() + half * 0.7, tip - sign * half * 0.8)
        pen = QPen(colour, max(1.6, size / 6))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)

    def _paint_pin(
        self,
        painter: QPainter,
        theme: Theme,
        fonts: _Fonts,
        card: Card,
        right: int,
        top: int,
        height: int,
        room: int,
    ) -> int:
        """A "pinned" chip naming the temperature the score alone would give; returns its left.

        The wording shortens when the chip would leave the company name too little ``room``.
        """
        metrics = fonts.metric(fonts.small_bold)
        icon = metrics.height() * 0.7
        computed_text = card.computed_temperature.value
        prefix, width = self.pin_label(card, metrics, room)
        chip_height = metrics.height() + 2
        chip = QRectF(right - width, top + (height - chip_height) / 2, width, chip_height)
        computed = theme.accent(card.computed_temperature)
        painter.setPen(QPen(theme.tint(theme.secondary_text, 0.45), 1.0))
        painter.setBrush(theme.tint(theme.secondary_text, 0.1))
        painter.drawRoundedRect(chip, chip_height / 2, chip_height / 2)
        self._paint_pin_icon(
            painter, theme.secondary_text, QPointF(chip.left() + 7 + icon / 2, chip.center().y()), icon
        )
        painter.setFont(fonts.small_bold)
        painter.setPen(theme.secondary_text)
        label_rect = chip.adjusted(icon + 11, 0, -7, 0)
        painter.drawText(label_rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), prefix)
        painter.setPen(computed)
        painter.drawText(
            label_rect.adjusted(metrics.horizontalAdvance(prefix), 0, 0, 0),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            computed_text,
        )
        return int(chip.left())

    @staticmethod
    def pin_label(card: Card, metrics: QFontMetrics, room: int) -> tuple[str, float]:
        """The chip's words before the computed temperature, and the chip's width: the longest
        wording that leaves ``room``, else the shortest."""
        icon = metrics.height() * 0.7
        for prefix in card_text.pin_chip_prefixes(card):
            width = metrics.horizontalAdvance(prefix + card.computed_temperature.value) + icon + 18
            if width + 8 <= room:
                break
        return prefix, width

    def _paint_pin_icon(self, painter: QPainter, colour: QColor, centre: QPointF, size: float) -> None:
        half = size / 2
        painter.setPen(QPen(colour, 1.4))
        painter.setBrush(colour)
        head = QRectF(centre.x() - half * 0.55, centre.y() - half, half * 1.1, half * 1.1)
        painter.drawEllipse(head)
        painter.drawLine(QPointF(centre.x(), head.bottom()), QPointF(centre.x(), centre.y() + half))

    def _paint_stage(
        self, painter: QPainter, theme: Theme, fonts: _Fonts, card: Card, right: int, top: int, height: int
    ) -> int:
        """The stage chip at the meta line's right ("Qualified", "Prospect", "No budget" in the
        hot colour); returns where the line's other text must end."""
        text = card_text.stage_text(card)
        if text is None:
            return right
        colour = theme.hot if card.lacks else theme.rising if card.stage.value == "qualified" else theme.text
        metrics = fonts.metric(fonts.small_bold)
        chip_height = metrics.height() + 2
        width = metrics.horizontalAdvance(text) + 14
        chip = QRectF(right - width, top + (height - chip_height) / 2, width, chip_height)
        painter.setPen(QPen(theme.tint(colour, 0.55), 1.0))
        painter.setBrush(theme.tint(colour, 0.12))
        painter.drawRoundedRect(chip, chip_height / 2, chip_height / 2)
        painter.setFont(fonts.small_bold)
        painter.setPen(colour)
        painter.drawText(chip, int(Qt.AlignmentFlag.AlignCenter), text)
        return int(chip.left()) - 8

    def _paint_meta(
        self,
        painter: QPainter,
        theme: Theme,
        fonts: _Fonts,
        rect: QRect,
        waiting: str | None,
        touch: str | None,
    ) -> None:
        """The response clock (hot leads waiting for an answer) then how stale the lead is."""
        x = rect.left()
        if waiting:
            size = fonts.metric(fonts.small).height() * 0.72
            self._paint_clock(painter, theme.hot, QPointF(x + size / 2, rect.center().y() + 0.5), size)
            x += int(size) + 5
            x = self._text(
                painter,
                fonts,
                fonts.small_bold,
                theme.hot,
                QRect(x, rect.top(), rect.right() - x, rect.height()),
                waiting,
            )
            x = self._text(
                painter,
                fonts,
                fonts.small,
                theme.secondary_text,
                QRect(x, rect.top(), rect.right() - x, rect.height()),
                "  ·  ",
            )
        self._text(
            painter,
            fonts,
            fonts.small,
            theme.secondary_text,
            QRect(x, rect.top(), rect.right() - x, rect.height()),
            touch or "",
        )

    def _paint_clock(self, painter: QPainter, colour: QColor, centre: QPointF, size: float) -> None:
        half = size / 2
        painter.setPen(QPen(colour, 1.3))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(centre, half, half)
        painter.drawLine(centre, QPointF(centre.x(), centre.y() - half * 0.6))
        painter.drawLine(centre, QPointF(centre.x() + half * 0.5, centre.y()))

    def _paint_next(
        self, painter: QPainter, theme: Theme, fonts: _Fonts, rect: QRect, next_step: str | None
    ) -> None:
        """The next open checklist step, or a quiet note that the checklist is done."""
        size = fonts.metric(fonts.small).height() * 0.66
        centre = QPointF(rect.left() + size / 2, rect.center().y() + 0.5)
        if next_step is None:
            painter.setPen(QPen(theme.rising, 1.4))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(centre, size / 2, size / 2)
            text_rect = rect.adjusted(int(size) + 6, 0, 0, 0)
            self._text(painter, fonts, fonts.small, theme.secondary_text, text_rect, "Checklist done")
            return
        painter.setPen(QPen(theme.secondary_text, 1.2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(QRectF(centre.x() - size / 2, centre.y() - size / 2, size, size), 2, 2)
        text_rect = rect.adjusted(int(size) + 6, 0, 0, 0)
        x = self._text(painter, fonts, fonts.small_bold, theme.secondary_text, text_rect, "Next: ")
        self._text(
            painter,
            fonts,
            fonts.small,
            theme.text,
            QRect(x, rect.top(), rect.right() - x, rect.height()),
            next_step,
        )
