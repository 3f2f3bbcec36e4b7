"""Run inside ``dbus-run-session``: a real X server (Xvfb), Debian's ``dunst`` as the notification
daemon and the real main window on the xcb platform. A lead turns hot; the notification must reach
dunst over the session bus, its default action (``dunstctl action 0``) must open that lead, and it
must then be in ``dunstctl history``. Prints one JSON line with what it saw; exits non-zero on a
failure to set up.

Usage: ``dbus-run-session -- python -m tests.desktop.notify.dunst_session BOOK``
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path


def _start_xvfb() -> tuple[subprocess.Popen[bytes], str]:
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        # Not the session's own output: should the window die before it stops the server, the
        # test reading that output would otherwise wait for the server to go as well.
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as lines:
        number = lines.readline().strip()
    if not number:
        raise SystemExit("Xvfb did not start")
    return server, f":{number}"


def _dunstctl(*args: str) -> str:
    return subprocess.run(["dunstctl", *args], capture_output=True, text=True, timeout=10).stdout


def _daemon_on_bus() -> bool:
    """Whether dunst owns the notification service yet (asked without starting one on demand)."""
    from jeepney import DBusAddress, new_method_call
    from jeepney.io.blocking import open_dbus_connection

    bus = DBusAddress(
        "/org/freedesktop/DBus", bus_name="org.freedesktop.DBus", interface="org.freedesktop.DBus"
    )
    with open_dbus_connection(bus="SESSION") as connection:
        call = new_method_call(bus, "NameHasOwner", "s", ("org.freedesktop.Notifications",))
        return bool(connection.send_and_get_reply(call, timeout=2).body[0])


def _wait(condition: Callable[[], bool], seconds: float = 10.0) -> bool:
    from PySide6.QtCore import QCoreApplication

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        QCoreApplication.processEvents()
        if condition():
            return True
        time.sleep(0.05)
    return False


def main(book: str) -> int:
    server, display = _start_xvfb()
    os.environ["DISPLAY"] = display
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    daemon = subprocess.Popen(["dunst"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while not _daemon_on_bus():
            if time.monotonic() > deadline:
                raise SystemExit("dunst did not start")
            time.sleep(0.1)
        return _run_window(book)
    finally:
        daemon.terminate()
        server.terminate()
        daemon.wait(5)
        server.wait(5)


def _run_window(book: str) -> int:
    from PySide6.QtWidgets import QApplication

    from desktop.notify.center import system_outlets
    from desktop.notify.channels import FreedesktopChannel
    from desktop.start_window import configure_application
    from desktop.window.main_window import MainWindow
    from leadtemp.service import LeadService

    themes = configure_application(QApplication(sys.argv[:1]))
    service = LeadService.open(book)
    board = service.board()
    lead = board.warm[0].contact_id
    other = board.cold[0].contact_id
    name = service.contact(lead).name
    service.close()

    window = MainWindow(Path(book), themes=themes, auto_refresh=False)
    window.show()
    channel, tray = system_outlets(window)
    window.notifications.use(channel, tray)
    seen: dict[str, object] = {
        "channel": type(channel).__name__ if channel is not None else None,
        "tray": tray is not None,
        "name": name,
    }
    if not _wait(
        lambda: window.board_model.complete and window.service is not None and not window.workers.busy
    ):
        raise SystemExit("the window did not load its book")
    window.notifications.watch.check()
    window.board_view.select_contact(other)
    window.log(lead, "pricing_request")
    arrived = _wait(lambda: _dunstctl("count", "displayed").strip() not in ("", "0"))
    seen["displayed"] = arrived
    if isinstance(channel, FreedesktopChannel):
        channel.flush()
    if arrived:
        _dunstctl("action", "0")
        seen["opened"] = _wait(lambda: window.board_view.selected_contact() == lead)
    _dunstctl("close-all")
    _wait(lambda: _dunstctl("count", "history").strip() not in ("", "0"), 5)
    history = json.loads(_dunstctl("history") or "{}")
    seen["history"] = [
        {"summary": item["summary"]["data"], "body": item["body"]["data"], "app": item["appname"]["data"]}
        for group in history.get("data", [])
        for item in group
    ]
    window.quit()
    print(json.dumps(seen))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
