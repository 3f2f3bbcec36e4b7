"""Entry point: ``leadtemp-desktop`` / ``python -m desktop`` (``--db``, ``--demo``, ``--version``).

:func:`create_window` builds a ready window without running an event loop, so tests and the
self-test drive the same code path as a user; :func:`main` adds the QApplication and ``exec``.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from desktop.theme import Appearance, ThemeManager
from leadtemp import __version__, clock
from leadtemp.paths import APP_NAME, resolve_db_path
from leadtemp.resources import app_icon_files

ORGANISATION = "LeadTemp"

#: Windows created by :func:`main` on an application it did not create (kept alive here).
_open_windows: list[object] = []


@dataclass(frozen=True)
class Options:
    """The command line: what :func:`parse_args` returns."""

    db: str | None = None
    demo: bool = False
    version: bool = False
    self_test: bool = False


def parse_args(argv: Sequence[str] | None = None) -> Options:
    """The options given on the command line (``sys.argv`` by default).

    A start from the desktop has no arguments and needs no parser: loading and building the
    argparse one (with its gettext lookups) is a few milliseconds of every start-up.
    """
    arguments = list(sys.argv[1:] if argv is None else argv)
    if not arguments:
        return Options()
    import argparse

    parser = argparse.ArgumentParser(
        prog="leadtemp-desktop", description="LeadTemp: which leads to call now."
    )
    parser.add_argument("--db", metavar="PATH", help="database file (default: your LeadTemp data folder)")
    parser.add_argument(
        "--demo", action="store_true", help="start on a fresh demo database with realistic leads"
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    parser.add_argument("--self-test", action="store_true", help="check that this build works, then exit")
    parsed = parser.parse_args(arguments)
    return Options(db=parsed.db, demo=parsed.demo, version=parsed.version, self_test=parsed.self_test)


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


def demo_database_path() -> Path:
    """A new file in a fresh temporary folder: the demo never touches the user's data."""
    import tempfile

    return Path(tempfile.mkdtemp(prefix="leadtemp-demo-")) / "leadtemp-demo.db"


def create_window(
    db_path: Path | None = None,
    *,
    demo: bool = False,
    now: Callable[[], datetime] = clock.now,
    auto_refresh: bool = True,
) -> object:
    """Build and show the main window on ``db_path`` (or a new demo database); no event loop."""
    from desktop.main_window import MainWindow

    app = QApplication.instance()
    if not isinstance(app, QApplication):
        raise RuntimeError("create_window needs a QApplication")
    themes = configure_application(app)
    if demo:
        from leadtemp.demo import create_demo_database

        db_path = create_demo_database(demo_database_path(), now=now)
    path = db_path if db_path is not None else resolve_db_path(None)
    window = MainWindow(path, themes=themes, now=now, auto_refresh=auto_refresh)
    window.show()
    return window


def run_self_test() -> int:
    try:
        module = importlib.import_module("desktop.selftest")
    except ModuleNotFoundError as error:
        if error.name != "desktop.selftest":
            raise
        print("This build has no self-test.", file=sys.stderr)
        return 2
    return int(module.run_self_test())


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.version:
        print(f"LeadTemp {__version__}")
        return 0
    if args.self_test:
        return run_self_test()
    existing = QApplication.instance()
    if existing is None:
        from desktop.platform_check import xcb_problem

        problem = xcb_problem()
        if problem is not None:
            print(problem, file=sys.stderr)
            return 1
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    if existing is None:
        from desktop import crash_trail
        from leadtemp.paths import data_dir

        try:
            crash_trail.install(data_dir(), app)
        except OSError as error:
            print(f"LeadTemp runs without its log file: {error}", file=sys.stderr)
        else:
            crash_trail.LOGGER.info("LeadTemp %s started", __version__)
    db_path = Path(args.db).expanduser() if args.db else None
    window = create_window(db_path, demo=args.demo)
    if existing is not None:
        _open_windows.append(window)
        return 0
    code = app.exec()
    failed = getattr(window, "open_error", None) is not None and getattr(window, "service", None) is None
    return 1 if failed and code == 0 else code
