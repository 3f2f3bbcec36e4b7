"""Short, unobtrusive notices over the bottom of the board ("Dana Lee: warm -> hot, pricing request").

They never take focus, stack up to a few at a time, fade out by themselves, and a click on one
selects the card it talks about.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from PySide6.QtGui import QMouseEvent

DEFAULT_DURATION_MS = 5000
MAX_VISIBLE = 3


class Notice(QLabel):
    clicked = Signal()

    def __init__(self, text: str, contact_id: int | None, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.contact_id = contact_id
        self.setObjectName("notice")
        self.setAccessibleName(text)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        if contact_id is not None:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
            self.setToolTip("Show this lead")

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class NoticeArea(QWidget):
    """Overlay anchored to the bottom centre of ``host``; it resizes itself with the host."""

    activated = Signal(int)

    def __init__(self, host: QWidget, duration_ms: int = DEFAULT_DURATION_MS) -> None:
        super().__init__(host)
        self._host = host
        self._duration = duration_ms
        self.setObjectName("notice-area")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, False)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)
        host.installEventFilter(self)
        self.hide()

    def notices(self) -> list[Notice]:
        found: list[Notice] = []
        for index in range(self._layout.count()):
            item = self._layout.itemAt(index)
            widget = item.widget() if item is not None else None
            if isinstance(widget, Notice):
                found.append(widget)
        return found

    def messages(self) -> list[str]:
        return [notice.text() for notice in self.notices()]

    def show_notice(self, text: str, contact_id: int | None = None) -> Notice:
        notice = Notice(text, contact_id, self)
        notice.clicked.connect(lambda: self._on_clicked(notice))
        self._layout.addWidget(notice, 0, Qt.AlignmentFlag.AlignHCenter)
        # Shown now rather than when the layout gets round to it: the area is sized below, and a
        # hidden notice takes no room, which squashed every notice into a bar too thin for text.
        notice.show()
        while len(self.notices()) > MAX_VISIBLE:
            self._dismiss(self.notices()[0])
        QTimer.singleShot(self._duration, notice, lambda: self._dismiss(notice))
        self.show()
        self.raise_()
        self._place()
        # Loaded here: the window's first frame has no notice to announce.
        from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent

        if QAccessible.isActive():
            QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(notice, text))
        return notice

    def clear(self) -> None:
        for notice in self.notices():
            self._dismiss(notice)

    def _on_clicked(self, notice: Notice) -> None:
        if notice.contact_id is not None:
            self.activated.emit(notice.contact_id)
        self._dismiss(notice)

    def _dismiss(self, notice: Notice) -> None:
        if notice not in self.notices():
            return
        self._layout.removeWidget(notice)
        notice.hide()
        notice.deleteLater()
        if not self.notices():
            self.hide()
        else:
            self._place()

    def _place(self) -> None:
        self.adjustSize()
        host = self._host.rect()
        width = min(max(self.sizeHint().width(), 200), max(200, host.width() - 40))
        height = self.sizeHint().height()
        self.setGeometry((host.width() - width) // 2, host.height() - height - 20, width, height)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._host and event.type() == QEvent.Type.Resize and self.isVisible():
            self._place()
        return False
