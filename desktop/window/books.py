"""Several books side by side: the books opened lately (File > Open Recent) and one window per book.

Each window owns its book: its own service, worker queue, tray icon and undo history. Opening a
book that a window already shows brings that window forward instead of opening the file twice.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from leadtemp.server_address import ServerAddress, is_server_address

if TYPE_CHECKING:
    from desktop.window.main_window import MainWindow

RECENT_KEY = "books/recent"
MAX_RECENT = 8

#: Windows opened beside the first one, kept alive here until Qt deletes them on close.
_opened: list[MainWindow] = []


def _stored() -> list[str]:
    """The remembered paths (an INI file gives a single one back as a plain string)."""
    stored = QSettings().value(RECENT_KEY, [])
    if isinstance(stored, str):
        return [stored] if stored else []
    if isinstance(stored, list):
        return [text for text in stored if isinstance(text, str) and text]
    return []


def _still_there(text: str) -> bool:
    """A file that still exists, or a server's address (whether it answers is asked on opening)."""
    return is_server_address(text) or Path(text).exists()


def recent_books() -> list[Path]:
    """The books opened lately, newest first, those that still exist."""
    return [Path(text) for text in _stored() if _still_there(text)]


def recent_label(path: Path) -> str:
    """What Open Recent shows: the file's name, or the server book's address (never a password:
    an address cannot hold one)."""
    return str(ServerAddress.parse(str(path))) if is_server_address(path) else path.name


def remember_book(path: Path) -> None:
    """``path`` at the top of the recent books (once); books since deleted make way. A server
    book is kept as its address with its TLS options."""
    if is_server_address(path):
        resolved = ServerAddress.parse(str(path)).uri()
    else:
        resolved = str(path.expanduser().resolve())
    kept = [resolved, *(text for text in _stored() if text != resolved and _still_there(text))]
    QSettings().setValue(RECENT_KEY, kept[:MAX_RECENT])


def window_for(path: Path) -> MainWindow | None:
    """The open window that shows the book at ``path``."""
    from desktop.window.main_window import MainWindow

    wanted = path.expanduser().resolve()
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow) and widget.service_path_is(wanted):
            return widget
    return None


def open_book_window(path: Path, beside: MainWindow) -> MainWindow:
    """The window on the book at ``path``: the one showing it already, or a new one like ``beside``
    (its theme and clock) with a service, a worker queue and a tray icon of its own."""
    from desktop.notify.center import system_outlets
    from desktop.window.main_window import MainWindow

    existing = window_for(path)
    if existing is not None:
        existing.show()
        existing.raise_()
        existing.activateWindow()
        return existing
    window = MainWindow(path, themes=beside.themes, now=beside.now_source, auto_refresh=beside.auto_refresh)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    _opened.append(window)
    window.destroyed.connect(lambda _object=None: _forget(window))
    window.show()
    if beside.notifications.tray is not None:
        window.notifications.use(*system_outlets(window))
    return window


def _forget(window: MainWindow) -> None:
    if window in _opened:
        _opened.remove(window)
