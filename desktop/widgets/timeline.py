"""The interaction timeline: one painted row per logged interaction, newest first.

A model and a delegate rather than a widget per entry, so a contact with thousands of
interactions opens as fast as one with three.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from desktop.widgets.humanize import duration, local_text
from leadtemp.model import Category, ContactMerge, Contribution, Interaction
from leadtemp.scoring.catalogue import Catalogue
from leadtemp.text import with_article

ID_ROLE = Qt.ItemDataRole.UserRole + 1
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 2

_Index = QModelIndex | QPersistentModelIndex

CATEGORY_COLORS: dict[Category | None, str] = {
    Category.EXPLICIT_INTEREST: "#d23f3a",
    Category.ENGAGEMENT: "#8e5cc9",
    Category.BEHAVIORAL: "#2a9d8f",
    Category.NEGATIVE: "#7f8c8d",
    Category.OUTREACH: "#3d7cc9",
    None: "#7f8c8d",
}


@dataclass(frozen=True)
class TimelineEntry:
    #: None for an entry that is not a logged interaction (a merge), which cannot be deleted.
    interaction_id: int | None
    label: str
    category: Category | None
    occurred_at: datetime
    note: str
    points_then: float | None
    points_now: float | None
    description: str = ""
    #: What a capture read it from ("google-calendar.ics"); "" for what was logged by hand.
    captured_from: str = ""
    #: The kind of source it was ("calendar", "mail", "activity", "linkedin").
    captured_source: str = ""

    def points_text(self) -> str:
        """``+12 now · +40 then``: what the signal still adds, and what it was worth."""
        if self.category is Category.OUTREACH:
            return "outreach"
        if self.points_then is None:
            return ""
        sign = "-" if self.category is Category.NEGATIVE else "+"
        then = f"{sign}{self.points_then:g}"
        if self.points_now is None:
            return f"{then} (not yet)"
        return f"{sign}{abs(self.points_now):.0f} now · {then} then"


def entries_for(
    interactions: Iterable[Interaction],
    contributions: Iterable[Contribution],
    catalogue: Catalogue,
    captured: Mapping[int, tuple[str, str]] | None = None,
    me: str | None = None,
) -> list[TimelineEntry]:
    """One entry per interaction; one someone other than ``me`` logged says who: "Sam logged a
    pricing request" (a one-person book reads as it always did)."""
    by_id = {c.interaction_id: c for c in contributions}
    sources = captured or {}
    entries = []
    for interaction in interactions:
        kind = catalogue.get(interaction.kind) if interaction.kind in catalogue else None
        share = by_id.get(interaction.id)
        label = kind.label if kind else interaction.kind.replace("_", " ").capitalize()
        if me is not None and interaction.actor and interaction.actor != me:
            label = f"{interaction.actor} logged {with_article(label)}"
        entries.append(
            TimelineEntry(
                interaction_id=interaction.id,
                label=label,
                category=kind.category if kind else None,
                occurred_at=interaction.occurred_at,
                note=interaction.note,
                points_then=kind.points if kind and not kind.is_outreach else None,
                points_now=share.points if share else None,
                description=kind.description if kind else "",
                captured_from=sources.get(interaction.id, ("", ""))[0],
                captured_source=sources.get(interaction.id, ("", ""))[1],
            )
        )
    return entries


def merge_entries(merges: Iterable[ContactMerge]) -> list[TimelineEntry]:
    """The contacts merged into this one, newest first: "merged with #7 Dana Lee"."""
    return [
        TimelineEntry(
            interaction_id=None,
            label="Merged",
            category=None,
            occurred_at=merge.merged_at,
            note=merge.describe(),
            points_then=None,
            points_now=None,
            description="Another contact's interactions and details were merged into this one",
        )
        for merge in sorted(merges, key=lambda merge: merge.merged_at, reverse=True)
    ]


class TimelineModel(QAbstractListModel):
    """The entries shown, newest first: all of them, or only the captured ones (the "Captured" filter)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._all: list[TimelineEntry] = []
        self._entries: list[TimelineEntry] = []
        self._now: datetime | None = None
        self._captured_only = False

    def set_entries(self, entries: list[TimelineEntry], now: datetime) -> None:
        self.beginResetModel()
        self._all = entries
        self._entries = self._shown(entries)
        self._now = now
        self.endResetModel()

    @property
    def captured_only(self) -> bool:
        return self._captured_only

    def set_captured_only(self, captured_only: bool) -> None:
        """Show only what a capture logged, each with where it came from."""
        if captured_only == self._captured_only:
            return
        self.beginResetModel()
        self._captured_only = captured_only
        self._entries = self._shown(self._all)
        self.endResetModel()

    def captured_count(self) -> int:
        return sum(1 for entry in self._all if entry.captured_from)

    def _shown(self, entries: list[TimelineEntry]) -> list[TimelineEntry]:
        return [entry for entry in entries if entry.captured_from] if self._captured_only else entries

    def entry(self, row: int) -> TimelineEntry:
        return self._entries[row]

    @property
    def now(self) -> datetime | None:
        return self._now

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return entry.label
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{entry.label}, {local_text(entry.occurred_at)}, {entry.points_text()}"
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [f"<b>{entry.label}</b> — {local_text(entry.occurred_at)}"]
            if entry.description:
                lines.append(entry.description)
            if entry.points_text():
                lines.append(entry.points_text())
            if entry.note:
                lines.append(f"<i>{_escape(entry.note)}</i>")
            if entry.captured_from:
                lines.append(
                    f"Captured from {_escape(entry.captured_from)} ({_escape(entry.captured_source)})"
                )
            return "<br>".join(lines)
        if role == ID_ROLE:
            return entry.interaction_id
        if role == ENTRY_ROLE:
            return entry
        return None


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>")


class TimelineDelegate(QStyledItemDelegate):
    """Two lines: kind and points; when (with age) and the note, elided."""

    _PAD = 6

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        bold = QFont(option.font)
        bold.setBold(True)
        return bold, QFont(option.font)

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        bold, plain = self._fonts(option)
        height = QFontMetrics(bold).lineSpacing() + QFontMetrics(plain).lineSpacing() + 3 * self._PAD
        return QSize(200, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        entry = index.data(ENTRY_ROLE)
        if not isinstance(entry, TimelineEntry):
            super().paint(painter, option, index)
            return
        widget = option.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        text_color = palette.color(text_role)
        dim = QColor(text_color)
        dim.setAlpha(170)
        bold, plain = self._fonts(option)
        rect = option.rect.adjusted(self._PAD + 4, self._PAD, -self._PAD, -self._PAD)
        top_height = QFontMetrics(bold).lineSpacing()

        marker = QColor(CATEGORY_COLORS.get(entry.category, CATEGORY_COLORS[None]))
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(text_color if selected else marker)
        painter.drawEllipse(option.rect.left() + 4, rect.top() + top_height // 2 - 3, 6, 6)
        rect.setLeft(rect.left() + 10)

        points = entry.points_text()
        painter.setFont(plain)
        points_width = QFontMetrics(plain).horizontalAdvance(points) if points else 0
        top = QRect(rect.left(), rect.top(), rect.width(), top_height)
        if points:
            painter.setPen(text_color if selected else marker)
            painter.drawText(top, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), points)
        painter.setFont(bold)
        painter.setPen(text_color)
        label_rect = top.adjusted(0, 0, -(points_width + 8), 0)
        painter.drawText(
            label_rect,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            QFontMetrics(bold).elidedText(entry.label, Qt.TextElideMode.ElideRight, label_rect.width()),
        )

        model = index.model()
        now = model.now if isinstance(model, TimelineModel) else None
        when = local_text(entry.occurred_at)
        if now is not None and now >= entry.occurred_at:
            when = f"{when} ({duration(now - entry.occurred_at)} ago)"
        second = " · ".join(
            part for part in (when, entry.captured_from and f"from {entry.captured_from}", entry.note) if part
        )
        bottom = QRect(rect.left(), top.bottom() + self._PAD // 2, rect.width(), rect.bottom() - top.bottom())
        painter.setFont(plain)
        painter.setPen(dim)
        painter.drawText(
            bottom,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
            QFontMetrics(plain).elidedText(
                " ".join(second.split()), Qt.TextElideMode.ElideRight, bottom.width()
            ),
        )
        painter.restore()
