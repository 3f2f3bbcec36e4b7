"""The window a user gets: the application's names, icon and palette, then the main window on
a database (or a new demo one), shown, without an event loop; the entry point and the self-test
both start the app through here."""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from desktop.theme import Appearance, ThemeManager
from desktop.workers import Workers
from leadtemp import __version__, clock
from leadtemp.paths import APP_NAME, resolve_db_path
from leadtemp.resources import app_icon_files

ORGANISATION = "LeadTemp"


def configure_application(app: QApplication) -> ThemeManager:
    """Names for QSettings, the window icon, and the palette that follows the system."""
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    app.setApplicationDisplayName(APP_NAME)
    # Wayland and the desktop shells match windows to LeadTemp.desktop (icon, name) by this.
    QGuiApplication.setDesktopFileName("LeadTemp")
    icon = QIcon()
    try:
        for path in app_icon_files():
            icon.addFile(str(path))
    except FileNotFoundError:
        pass
    if not icon.isNull():
        app.setWindowIcon(icon)
    themes = ThemeManager.for_application()
    stored = QSettings().value("appearance", Appearance.SYSTEM.value)
    if stored in {appearance.value for appearance in Appearance}:
        themes.set_appearance(Appearance(str(stored)))
    return themes


def _load_core_while_painting() -> None:
    """Import the core (the service and all it needs) on a thread of its own while the first
    frame is drawn: the worker that opens the book once the window has painted then finds it
    loaded, and the first cards follow the frame sooner. An import that fails here fails again
    on the worker, which reports it."""
    import threading

    def load() -> None:
        with contextlib.suppress(Exception):
            importlib.import_module("leadtemp.service")

    threading.Thread(target=load, name="core-import", daemon=True).start()


def demo_database_path() -> Path:
    """A new file in a fresh temporary folder: the demo never touches the user's data."""
    import tempfile

    return Path(tempfile.mkdtemp(prefix="leadtemp-demo-")) / "leadtemp-demo.db"


def create_window(
    db_path: Path | None = None,
    *,
    demo: bool = False,
    demo_kind: str = "sales",
    now: Callable[[], datetime] = clock.now,
    auto_refresh: bool = True,
) -> object:
    """Build and show the main window on ``db_path`` (or a new demo database of ``demo_kind``:
    sales or recruiting); no event loop."""
    from desktop.window.main_window import MainWindow

    app = QApplication.instance()
    if not isinstance(app, QApplication):
        raise RuntimeError("create_window needs a QApplication")
    themes = configure_application(app)
    if demo:
        from leadtemp.book_kinds import book_kind
        from leadtemp.demo import create_demo_database

        db_path = create_demo_database(demo_database_path(), now=now, book=book_kind(demo_kind))
    path = db_path if db_path is not None else resolve_db_path(None)
    # The application owns the one queue of background work; the window and its dialogs share it.
    workers = Workers(path, now, app)
    window = MainWindow(path, themes=themes, now=now, auto_refresh=auto_refresh, workers=workers)
    window.show()
    _load_core_while_painting()
    from PySide6.QtCore import QTimer

    from desktop.notify.center import system_outlets

    # After the first frame: finding the tray and the session bus is no part of it.
    QTimer.singleShot(500, window, lambda: window.notifications.use(*system_outlets(window)))
    return window
