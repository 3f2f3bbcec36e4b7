"""What the window announces and where: the hot-lead watch's news, filtered by the user's
preferences, out through a channel (tray or freedesktop service); the tray icon's count of hot
leads waiting; and a click on either brought back to the window as the lead to open."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal

from desktop.notify import preferences
from desktop.notify.hot_watch import HotWatch
from desktop.widgets.humanize import duration
from leadtemp.book_kinds import BookKind, Words, words_for

if TYPE_CHECKING:
    # The tray, its menu and icon and the channels are loaded once there is a tray or a channel
    # (after the window's first frame), not with the window.
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QMenu, QSystemTrayIcon

    from desktop.board.model import BoardModel
    from desktop.notify.channels import Channel
    from leadtemp.model import Card

#: More leads than this at once make one summary instead of a notification each.
MAX_SEPARATE = 3


class NotificationCenter(QObject):
    """``openRequested`` carries the lead a notification was about (None: just show the window)."""

    openRequested = Signal(object)
    quitRequested = Signal()

    def __init__(
        self,
        board: BoardModel,
        now: Callable[[], datetime],
        parent: QObject | None = None,
        *,
        channel: Channel | None = None,
        tray: QSystemTrayIcon | None = None,
    ) -> None:
        super().__init__(parent)
        self._now = now
        self.watch = HotWatch(board, now, self)
        self.watch.turnedHot.connect(self._turned_hot)
        self.watch.waitedTooLong.connect(self._waited)
        self.watch.waitingChanged.connect(self._show_count)
        self.channel: Channel | None = None
        self.tray: QSystemTrayIcon | None = None
        self._menu: QMenu | None = None
        #: Which book the tray speaks for, and what it calls a lead (set once the book is open).
        self.book_name = ""
        self.words = words_for(BookKind.SALES)
        self.use(channel, tray)

    @property
    def tray_available(self) -> bool:
        return self.tray is not None

    def preferences(self) -> preferences.NotificationPreferences:
        return preferences.load(self.tray_available)

    def use(self, channel: Channel | None, tray: QSystemTrayIcon | None = None) -> None:
        """Send through ``channel`` and show the count on ``tray`` (either may be None)."""
        if self.channel is not None:
            self.channel.activated.disconnect(self.openRequested)
        self.channel = channel
        if channel is not None:
            channel.activated.connect(self.openRequested, Qt.ConnectionType.QueuedConnection)
        self.tray = tray
        if tray is not None:
            from PySide6.QtWidgets import QMenu

            self._menu = QMenu()
            self._menu.addAction("Show LeadTemp", lambda: self.openRequested.emit(None))
            self._menu.addAction("Quit", self.quitRequested.emit)
            tray.setContextMenu(self._menu)
            tray.activated.connect(self._tray_activated)
            self._show_count(self.watch.waiting)
            tray.show()
        if channel is not None:
            # The leads already waiting too long when the app starts are news too, once.
            self.watch.announce_waits_again()

    def keeps_running(self) -> bool:
        """Closing the window hides it: there is a tray to come back from and the user wants it."""
        return self.tray is not None and self.tray.isVisible() and self.preferences().keep_in_tray

    def close(self) -> None:
        if self.channel is not None:
            self.channel.close()
        if self.tray is not None:
            self.tray.hide()

    def send(self, title: str, body: str, contact_id: int | None) -> bool:
        """The one way out: False when the switch is off, it is quiet hours, or there is no channel."""
        if self.channel is None or not self.preferences().allows(self._now().astimezone().time()):
            return False
        self.channel.show(title, body, contact_id)
        return True

    def _turned_hot(self, cards: list[Card], causes: dict[int, str]) -> None:
        if len(cards) > MAX_SEPARATE:
            names = ", ".join(card.name for card in cards[:MAX_SEPARATE])
            title = f"{len(cards)} {self.words.leads} turned hot"
            self.send(title, f"{names} and more: answer them first", None)
            return
        for card in cards:
            cause = causes.get(card.contact_id)
            why = f"after {cause}" if cause else "now"
            self.send(
                f"{card.name} turned hot",
                f"Score {card.score} {why}: respond within 5 minutes",
                card.contact_id,
            )

    def _waited(self, cards: list[Card]) -> None:
        now = self._now()
        if len(cards) > MAX_SEPARATE:
            title = f"{len(cards)} hot {self.words.leads} are waiting"
            self.send(title, "Each has waited over 5 minutes for an answer", None)
            return
        for card in cards:
            assert card.waiting_since is not None
            self.send(
                f"{card.name} has waited {duration(now - card.waiting_since)}",
                "A buying signal with no answer yet: reply now",
                card.contact_id,
            )

    def _tray_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        from PySide6.QtWidgets import QSystemTrayIcon

        if reason in (QSystemTrayIcon.ActivationReason.Trigger, QSystemTrayIcon.ActivationReason.DoubleClick):
            self.openRequested.emit(None)

    def set_book(self, name: str, words: Words) -> None:
        """Name the book in the tray's tooltip, so several books' icons tell themselves apart."""
        self.book_name, self.words = name, words
        self._show_count(self.watch.waiting)

    def _show_count(self, waiting: int) -> None:
        if self.tray is None:
            return
        self.tray.setIcon(badged_icon(waiting))
        words = self.words
        book = f"LeadTemp — {self.book_name}: " if self.book_name else "LeadTemp — "
        self.tray.setToolTip(
            f"{book}{waiting} hot {words.lead if waiting == 1 else words.leads} waiting"
            if waiting
            else f"{book}no hot {words.lead} waiting"
        )


def badged_icon(count: int, size: int = 64) -> QIcon:
    """The app's icon with the number of hot leads waiting in a red dot (none: the plain icon)."""
    from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap
    from PySide6.QtWidgets import QApplication

    base = QApplication.windowIcon()
    pixmap = base.pixmap(size, size) if not base.isNull() else QPixmap(size, size)
    if base.isNull():
        pixmap.fill(QColor("#c2410c"))
    if count <= 0:
        return QIcon(pixmap)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    dot = size * 0.58
    painter.setBrush(QColor("#dc2626"))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(int(size - dot), 0, int(dot), int(dot))
    font = QFont()
    font.setBold(True)
    font.setPixelSize(int(dot * 0.62))
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(
        int(size - dot), 0, int(dot), int(dot), Qt.AlignmentFlag.AlignCenter, str(min(count, 99))
    )
    painter.end()
    return QIcon(pixmap)


def system_outlets(parent: QObject) -> tuple[Channel | None, QSystemTrayIcon | None]:
    """The tray icon where the desktop has a status area, and the channel notifications take: the
    tray's messages if it shows them, else the freedesktop service on the session bus, else none
    (the window's own notices still say it)."""
    from PySide6.QtWidgets import QApplication, QSystemTrayIcon

    from desktop.notify.channels import FreedesktopChannel, TrayChannel

    tray = (
        QSystemTrayIcon(QApplication.windowIcon(), parent)
        if QSystemTrayIcon.isSystemTrayAvailable()
        else None
    )
    if tray is not None and QSystemTrayIcon.supportsMessages():
        return TrayChannel(tray, parent), tray
    return FreedesktopChannel.open(parent), tray
