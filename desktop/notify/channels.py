"""Where a notification goes: the system tray's balloon, or the freedesktop notification service.

A channel shows a title and a line about one lead and reports a click on it as ``activated`` with
that lead's id (None: a summary of several, or the tray icon itself). The tray covers Windows,
macOS and Linux desktops with a status area; where there is none (GNOME without an extension, a
bare window manager with ``dunst``), :class:`FreedesktopChannel` speaks
``org.freedesktop.Notifications`` on the session bus directly.

That channel uses ``jeepney`` rather than QtDBus: PySide6 turns a Python int into a D-Bus ``int32``
(or ``uint16`` through QDBusArgument) and ``Notify`` wants a ``uint32`` first argument, which every
daemon refuses in any other type. Its bus connection lives on a thread of its own: the notification
daemon answers on it (the notification's id) and later sends the click (``ActionInvoked``) to it.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QSystemTrayIcon

if TYPE_CHECKING:
    from jeepney.io.blocking import DBusConnection

APP_NAME = "LeadTemp"
MESSAGE_MS = 10_000
_SERVICE = "org.freedesktop.Notifications"
_PATH = "/org/freedesktop/Notifications"


@dataclass(frozen=True)
class _Note:
    title: str
    body: str
    contact_id: int | None


class Channel(QObject):
    """One way of putting a notification in front of the user."""

    #: The user clicked a notification: the lead it was about, or None.
    activated = Signal(object)

    def show(self, title: str, body: str, contact_id: int | None) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Let go of what the channel holds (the app is quitting)."""


class TrayChannel(Channel):
    """The tray icon's own messages; Qt shows only the latest, so a click means that one."""

    def __init__(self, tray: QSystemTrayIcon, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tray = tray
        self._last: int | None = None
        tray.messageClicked.connect(lambda: self.activated.emit(self._last))

    def show(self, title: str, body: str, contact_id: int | None) -> None:
        self._last = contact_id
        self.tray.showMessage(title, body, QSystemTrayIcon.MessageIcon.Information, MESSAGE_MS)


class FreedesktopChannel(Channel):
    """``Notify`` on the session bus with a default action, whose click opens the lead."""

    def __init__(self, connection: DBusConnection, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._outgoing: queue.Queue[_Note | threading.Event | None] = queue.Queue()
        #: Notification ids the daemon gave, to the lead each was about (the bus thread only).
        self._leads: dict[int, int | None] = {}
        self.sent = 0
        self._thread = threading.Thread(
            target=self._serve, args=(connection,), name="leadtemp-notifications", daemon=True
        )
        self._thread.start()

    @classmethod
    def open(cls, parent: QObject | None = None) -> FreedesktopChannel | None:
        """The channel when a session bus with a notification service answers, else None."""
        try:
            from jeepney import DBusAddress, new_method_call
            from jeepney.io.blocking import open_dbus_connection

            connection = open_dbus_connection(bus="SESSION")
        except (ImportError, OSError, KeyError, ValueError):
            return None
        try:
            bus = DBusAddress(
                "/org/freedesktop/DBus", bus_name="org.freedesktop.DBus", interface="org.freedesktop.DBus"
            )
            reply = connection.send_and_get_reply(
                new_method_call(bus, "NameHasOwner", "s", (_SERVICE,)), timeout=2
            )
            if not reply.body or not reply.body[0]:
                # A bus that could start the service on demand lists it as activatable.
                reply = connection.send_and_get_reply(new_method_call(bus, "ListActivatableNames"), timeout=2)
                if _SERVICE not in (reply.body[0] if reply.body else ()):
                    connection.close()
                    return None
        except (OSError, TimeoutError):
            connection.close()
            return None
        return cls(connection, parent)

    def show(self, title: str, body: str, contact_id: int | None) -> None:
        self._outgoing.put(_Note(title, body, contact_id))

    def close(self) -> None:
        self._outgoing.put(None)
        self._thread.join(timeout=2)

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait until the daemon has answered every notification asked for so far."""
        done = threading.Event()
        self._outgoing.put(done)
        return done.wait(timeout)

    def _serve(self, connection: DBusConnection) -> None:
        from jeepney import DBusAddress, MatchRule, MessageType, new_method_call
        from jeepney.bus_messages import message_bus

        notifications = DBusAddress(_PATH, bus_name=_SERVICE, interface=_SERVICE)
        rule = MatchRule(type="signal", interface=_SERVICE, member="ActionInvoked", path=_PATH)
        with contextlib.closing(connection), connection.filter(rule, bufsize=64) as clicks:
            with contextlib.suppress(OSError, TimeoutError):
                connection.send_and_get_reply(message_bus.AddMatch(rule), timeout=2)
            while True:
                with contextlib.suppress(TimeoutError):
                    connection.recv_messages(timeout=0.2)
                self._clicked(clicks)
                try:
                    while True:
                        item = self._outgoing.get_nowait()
                        if item is None:
                            return
                        if isinstance(item, threading.Event):
                            item.set()
                            continue
                        call = new_method_call(
                            notifications,
                            "Notify",
                            "susssasa{sv}i",
                            (APP_NAME, 0, "", item.title, item.body, ["default", "Open"], {}, MESSAGE_MS),
                        )
                        with contextlib.suppress(OSError, TimeoutError):
                            reply = connection.send_and_get_reply(call, timeout=2)
                            # An error (a daemon that could not start) has a text for its body.
                            if reply.header.message_type is MessageType.method_return and reply.body:
                                self._leads[int(reply.body[0])] = item.contact_id
                                self.sent += 1
                except queue.Empty:
                    pass
                self._clicked(clicks)

    def _clicked(self, clicks: Any) -> None:
        while clicks:
            message = clicks.popleft()
            notification, _action = message.body
            if notification in self._leads:
                # Emitted from the bus thread: Qt queues it to the channel's (the UI) thread.
                self.activated.emit(self._leads[notification])
