"""Entry point: ``leadtemp-desktop`` / ``python -m desktop`` (``--db``, ``--demo``, ``--version``).

:func:`desktop.start_window.create_window` builds a ready window without running an event loop,
so tests and the self-test drive the same code path as a user; :func:`main` adds the
QApplication and ``exec``.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QApplication

from desktop.start_window import create_window
from leadtemp import __version__

#: Windows created by :func:`main` on an application it did not create (kept alive here).
_open_windows: list[object] = []


@dataclass(frozen=True)
class Options:
    """The command line: what :func:`parse_args` returns."""

    db: str | None = None
    demo: bool = False
    #: The kind of demo book: ``sales`` (leads) or ``recruiting`` (candidates for a role).
    demo_kind: str = "sales"
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
        "--demo",
        nargs="?",
        const="sales",
        choices=("sales", "recruiting"),
        help="start on a fresh demo database with realistic leads (or, with 'recruiting', candidates)",
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    parser.add_argument("--self-test", action="store_true", help="check that this build works, then exit")
    parsed = parser.parse_args(arguments)
    return Options(
        db=parsed.db,
        demo=parsed.demo is not None,
        demo_kind=parsed.demo or "sales",
        version=parsed.version,
        self_test=parsed.self_test,
    )


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
    window = create_window(db_path, demo=args.demo, demo_kind=args.demo_kind)
    if existing is not None:
        _open_windows.append(window)
        return 0
    code = app.exec()
    failed = getattr(window, "open_error", None) is not None and getattr(window, "service", None) is None
    return 1 if failed and code == 0 else code
