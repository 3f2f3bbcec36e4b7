"""Paints one Today entry, with its action buttons: the whole list is drawn by this delegate.

An entry is three lines (name with the clock or due day; why it is on the list; the next step)
beside the buttons that log what the user did. The first entry of a section carries the section's
title above it. A click on a button is reported as ``actionRequested``; nothing here writes.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QMouseEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QStyleOptionViewItem,
    QWidget,
)

from desktop.today.model import SECTION_TITLES, Action, TodayRole, actions_for
from desktop.widgets.labels import error_color, is_dark, temperature_color
from leadtemp.agenda.entries import AgendaEntry

AnyIndex = QModelIndex | QPersistentModelIndex

HEADER_HEIGHT = 30
MARGIN_X = 10
MARGIN_Y = 4
PAD = 10
ACCENT = 4
BUTTON_GAP = 6
LINES = 3


class TodayDelegate(QStyledItemDelegate):
    #: A button was clicked: the lead's id and the :class:`Action`.
    actionRequested = Signal(int, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pressed: tuple[int, Action] | None = None

    # Geometry ---------------------------------------------------------------------------

    @staticmethod
    def _fonts(option: QStyleOptionViewItem) -> tuple[QFont, QFont, QFont]:
        name = QFont(option.font)
        name.setWeight(QFont.Weight.DemiBold)
        name.setPointSizeF(option.font.pointSizeF() * 1.08)
        small = QFont(option.font)
        small.setPointSizeF(option.font.pointSizeF() * 0.94)
        bold = QFont(small)
        bold.setWeight(QFont.Weight.Bold)
        return name, small, bold

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        name, small, _bold = self._fonts(option)
        body = QFontMetrics(name).height() + 2 * QFontMetrics(small).height() + 2 * PAD + 6
        header = HEADER_HEIGHT if index.data(TodayRole.FirstOfSectionRole) else 0
        return QSize(360, header + body + 2 * MARGIN_Y)

    def _card_rect(self, rect: QRect, index: AnyIndex) -> QRect:
        top = rect.top() + (HEADER_HEIGHT if index.data(TodayRole.FirstOfSectionRole) else 0)
        return QRect(
            rect.left() + MARGIN_X,
            top + MARGIN_Y,
            rect.width() - 2 * MARGIN_X,
            rect.bottom() - top - 2 * MARGIN_Y + 1,
        )

    def button_rects(self, option: QStyleOptionViewItem, index: AnyIndex) -> list[tuple[Action, QRect]]:
        """Where each of the entry's buttons is, right to left from the card's right edge."""
        entry = index.data(TodayRole.EntryRole)
        if not isinstance(entry, AgendaEntry):
            return []
        card = self._card_rect(option.rect, index)
        metrics = QFontMetrics(option.font)
        height = metrics.height() + 10
        right = card.right() - PAD
        placed: list[tuple[Action, QRect]] = []
        for action in reversed(actions_for(entry)):
            width = metrics.horizontalAdvance(action.label) + 22
            rect = QRect(right - width + 1, card.center().y() - height // 2, width, height)
            placed.append((action, rect))
            right -= width + BUTTON_GAP
        placed.reverse()
        return placed

    # Painting ---------------------------------------------------------------------------

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        entry = index.data(TodayRole.EntryRole)
        if not isinstance(entry, AgendaEntry):
            return
        widget = option.widget
        palette = option.palette
        name_font, small, bold = self._fonts(option)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if index.data(TodayRole.FirstOfSectionRole):
            painter.setFont(bold)
            painter.setPen(palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText))
            header = QRect(
                option.rect.left() + MARGIN_X + 2,
                option.rect.top() + 8,
                option.rect.width(),
                HEADER_HEIGHT - 8,
            )
            painter.drawText(
                header,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                SECTION_TITLES[entry.section].upper(),
            )
        card = self._card_rect(option.rect, index)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        background = palette.color(QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.Base)
        if not selected and isinstance(widget, QWidget) and is_dark(widget):
            # A dark palette's Base is the list's own background: lift the card off it.
            background = background.lighter(135)
        if selected:
            background.setAlpha(60)
        painter.setPen(palette.color(QPalette.ColorRole.Mid))
        painter.setBrush(background)
        painter.drawRoundedRect(QRectF(card).adjusted(0.5, 0.5, -0.5, -0.5), 7, 7)
        accent = (
            temperature_color(widget, entry.temperature)
            if isinstance(widget, QWidget)
            else palette.color(QPalette.ColorRole.Highlight)
        )
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(accent)
        painter.drawRoundedRect(QRectF(card.left(), card.top(), ACCENT + 3, card.height()), 3, 3)

        buttons = self.button_rects(option, index)
        text_right = (buttons[0][1].left() if buttons else card.right()) - PAD
        left = card.left() + ACCENT + PAD
        top = card.top() + PAD
        text = palette.color(QPalette.ColorRole.Text)
        quiet = QColor(text)
        quiet.setAlphaF(0.62)

        clock = str(index.data(TodayRole.ClockTextRole) or "")
        late = bool(index.data(TodayRole.LateRole))
        painter.setFont(bold)
        clock_width = QFontMetrics(bold).horizontalAdvance(clock) if clock else 0
        name_metrics = QFontMetrics(name_font)
        if clock:
            painter.setPen(error_color(widget) if late and isinstance(widget, QWidget) else quiet)
            painter.drawText(
                QRect(text_right - clock_width, top, clock_width, name_metrics.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                clock,
            )
        painter.setFont(name_font)
        painter.setPen(text)
        title = entry.name + (f"  ·  {entry.company}" if entry.company else "")
        room = max(0, text_right - left - clock_width - 12)
        painter.drawText(
            QRect(left, top, room, name_metrics.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            name_metrics.elidedText(title, Qt.TextElideMode.ElideRight, room),
        )

        small_metrics = QFontMetrics(small)
        y = top + name_metrics.height() + 3
        width = max(0, text_right - left)
        stage = str(index.data(TodayRole.StageTextRole) or "")
        stage_width = QFontMetrics(bold).horizontalAdvance(stage)
        painter.setFont(bold)
        painter.setPen(quiet)
        painter.drawText(
            QRect(text_right - stage_width, y, stage_width, small_metrics.height()),
            Qt.AlignmentFlag.AlignRight,
            stage,
        )
        painter.setFont(small)
        painter.drawText(
            QRect(left, y, max(0, width - stage_width - 12), small_metrics.height()),
            Qt.AlignmentFlag.AlignLeft,
            small_metrics.elidedText(
                str(index.data(TodayRole.ReasonTextRole) or ""),
                Qt.TextElideMode.ElideRight,
                max(0, width - stage_width - 12),
            ),
        )
        y += small_metrics.height() + 3
        step = str(index.data(TodayRole.StepTextRole) or "")
        if step:
            painter.setPen(text)
            painter.drawText(
                QRect(left, y, width, small_metrics.height()),
                Qt.AlignmentFlag.AlignLeft,
                small_metrics.elidedText(step, Qt.TextElideMode.ElideRight, width),
            )
        painter.restore()

        style = widget.style() if isinstance(widget, QWidget) else QApplication.style()
        for action, rect in buttons:
            button = QStyleOptionButton()
            button.rect = rect
            button.text = action.label
            button.palette = palette
            button.fontMetrics = option.fontMetrics
            button.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Raised
            if self._pressed == (entry.contact_id, action):
                button.state |= QStyle.StateFlag.State_Sunken
            style.drawControl(QStyle.ControlElement.CE_PushButton, button, painter, widget)

    # Clicks -----------------------------------------------------------------------------

    def editorEvent(
        self, event: QEvent, model: QAbstractItemModel, option: QStyleOptionViewItem, index: AnyIndex
    ) -> bool:
        if not isinstance(event, QMouseEvent) or event.button() != Qt.MouseButton.LeftButton:
            return False
        entry = index.data(TodayRole.EntryRole)
        if not isinstance(entry, AgendaEntry):
            return False
        hit = next(
            (
                action
                for action, rect in self.button_rects(option, index)
                if rect.contains(event.position().toPoint())
            ),
            None,
        )
        if event.type() == QEvent.Type.MouseButtonPress:
            self._pressed = (entry.contact_id, hit) if hit is not None else None
            return hit is not None
        if event.type() == QEvent.Type.MouseButtonRelease:
            pressed, self._pressed = self._pressed, None
            if hit is not None and pressed == (entry.contact_id, hit):
                self.actionRequested.emit(entry.contact_id, hit)
                return True
        return False
