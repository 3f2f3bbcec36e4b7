"""``LeadTemp --self-test``: proves that a build (above all the frozen bundle) really works.

It starts Qt (offscreen unless ``QT_QPA_PLATFORM`` says otherwise), loads the bundled resources,
opens a throw-away database, builds the real main window on it, adds a contact and logs
interactions that must move its card cold -> warm -> hot, and checks the board's views show each
move. It also exercises the third-party libraries the importer needs, because a packaging
exclusion that breaks one of them would otherwise only show when a user imports a file.

Exit status 0 when everything passed; otherwise 1 and a line naming what failed.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from leadtemp import __version__
from leadtemp.model import Temperature
from leadtemp.resources import app_icon_files, resource_path, resources_root

SELF_TEST_NAME = "Self-Test Lead"
SHARED_TEST_NAME = "Self-Test Colleague's Lead"
WAIT_SECONDS = 10.0
# Interactions logged in turn, with the column the card must then be in (default rules).
STEPS: tuple[tuple[tuple[str, ...], Temperature], ...] = (
    (("inquiry",), Temperature.WARM),
    (("proposal_request", "referral", "pricing_page_visit"), Temperature.HOT),
)


class SelfTestError(Exception):
    """One check failed; the message says which and why."""


class _Report:
    def __init__(self, out: TextIO | None) -> None:
        self._out = out

    def line(self, text: str) -> None:
        # Windowed builds on Windows and macOS have no stdout; the exit status still tells.
        if self._out is not None:
            self._out.write(text + "\n")
            self._out.flush()

    def ok(self, what: str, detail: str = "") -> None:
        self.line(f"ok    {what}" + (f": {detail}" if detail else ""))


def run_self_test(out: TextIO | None = None, db: str | None = None) -> int:
    """Run every check; 0 when all passed, 1 (after a ``FAIL`` line) otherwise. With ``db`` (a
    file or a ``postgresql://`` address) the board is exercised on that book too, and a change
    another connection makes there must reach the window."""
    report = _Report(out if out is not None else sys.stdout)
    frozen = getattr(sys, "frozen", False)
    report.line(f"LeadTemp {__version__} self-test ({'frozen bundle' if frozen else 'from source'})")
    try:
        _run(report, db)
    except Exception as error:
        kind = "" if isinstance(error, SelfTestError) else f"{type(error).__name__}: "
        report.line(f"FAIL  {kind}{error}")
        return 1
    report.line("self-test passed")
    return 0


def _run(report: _Report, db: str | None = None) -> None:
    app = _application()
    report.ok("Qt started", f"platform {app.platformName()}")
    _check_modules(report)
    _check_resources(report)
    _check_libraries(report)
    _check_mailbox_libraries(report)
    _check_time_zones(report)
    with tempfile.TemporaryDirectory(prefix="leadtemp-selftest-") as folder, _isolated_settings(Path(folder)):
        _check_board(report, app, Path(folder) / "selftest.db")
        if db is not None:
            from leadtemp.paths import resolve_db_path

            _check_board(report, app, resolve_db_path(db), shared=True)


def _application() -> Any:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication([sys.argv[0] if sys.argv else "LeadTemp"])
    return app


@contextmanager
def _isolated_settings(folder: Path) -> Iterator[None]:
    """Keep the window's remembered size and other settings out of the user's own settings."""
    from PySide6.QtCore import QSettings

    previous = QSettings.defaultFormat()
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder / "settings"))
    try:
        yield
    finally:
        QSettings.setDefaultFormat(previous)


def _check_modules(report: _Report) -> None:
    """Every module of the app imports: a module the build left out, or one that needs a library
    the build excluded, fails here rather than when a user opens that dialog."""
    import desktop
    import leadtemp

    names = [
        info.name
        for package in (leadtemp, desktop)
        for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}.")
        if not info.name.endswith(".__main__")
    ]
    for name in names:
        try:
            importlib.import_module(name)
        except Exception as error:
            raise SelfTestError(f"module {name} does not import: {type(error).__name__}: {error}") from error
    report.ok("app modules import", f"{len(names)} modules")


def _check_resources(report: _Report) -> None:
    from PySide6.QtGui import QIcon, QImageReader

    icon = QIcon()
    for path in app_icon_files():
        icon.addFile(str(path))
    if icon.isNull() or icon.pixmap(64, 64).isNull():
        raise SelfTestError("the app icon PNGs do not load")
    if b"svg" not in [bytes(fmt.data()) for fmt in QImageReader.supportedImageFormats()]:
        raise SelfTestError("Qt's SVG image plugin is missing")
    if QIcon(str(resource_path("icons", "leadtemp.svg"))).pixmap(48, 48).isNull():
        raise SelfTestError("the SVG app icon does not render")
    report.ok("icons load", f"{len(app_icon_files())} PNG sizes and the SVG, from {resources_root()}")
    styles = sorted((resources_root() / "styles").glob("*.qss"))
    for style in styles:
        if not style.read_text(encoding="utf-8").strip():
            raise SelfTestError(f"stylesheet {style.name} is empty")
    if styles:
        report.ok("stylesheets load", ", ".join(style.name for style in styles))


def _check_libraries(report: _Report) -> None:
    """The importer's third-party libraries work in this build (a few calls each)."""
    import charset_normalizer
    import phonenumbers
    import vobject  # type: ignore[import-untyped]
    from rapidfuzz import fuzz, process

    number = phonenumbers.parse("+44 20 7946 0958", None)
    if phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) != "+442079460958":
        raise SelfTestError("phonenumbers does not normalise numbers")
    card = vobject.readOne("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Müller\r\nORG:Acme\r\nEND:VCARD\r\n")
    if card.fn.value != "Zoë Müller":
        raise SelfTestError("vobject does not read vCards")
    best = process.extractOne("Lee Dana", ["Dana Lee", "Don Lea"], scorer=fuzz.token_sort_ratio)
    if best is None or best[0] != "Dana Lee":
        raise SelfTestError("rapidfuzz does not match names")
    guess = charset_normalizer.from_bytes("Müller;Zoë;Société Générale\n".encode("cp1252")).best()
    if guess is None or "Société" not in str(guess):
        raise SelfTestError("charset-normalizer does not detect encodings")
    report.ok("import libraries work", "phonenumbers, vobject, rapidfuzz, charset-normalizer")


def _check_mailbox_libraries(report: _Report) -> None:
    """TLS, imapclient and keyring work in this build: Connect Mailbox needs all three."""
    import imapclient  # type: ignore[import-untyped]
    import keyring

    from leadtemp.capture.imap.session import tls_context

    context = tls_context()
    authorities = context.cert_store_stats()["x509_ca"]
    if not authorities:
        raise SelfTestError("TLS has no trusted certificate authorities (no system CA bundle found)")
    backend = keyring.get_keyring()
    report.ok(
        "mailbox libraries work",
        f"TLS with {authorities} authorities, imapclient {imapclient.__version__}, "
        f"keyring {type(backend).__module__}",
    )


def _check_time_zones(report: _Report) -> None:
    """The IANA time zones come with the build (the tzdata package), not only from the system:
    Windows has none, and a calendar's meetings need them there too."""
    from datetime import UTC, datetime
    from importlib import resources
    from zoneinfo import ZoneInfo

    try:
        with resources.files("tzdata").joinpath("zoneinfo", "Europe", "Berlin").open("rb") as handle:
            zone = ZoneInfo.from_file(handle, key="Europe/Berlin")
    except (ImportError, OSError, ValueError) as error:
        raise SelfTestError(f"the bundled time zones (tzdata) do not load: {error}") from error
    summer = datetime(2026, 7, 1, 12, tzinfo=UTC).astimezone(zone)
    offset = summer.utcoffset()
    if offset is None or offset.total_seconds() != 2 * 3600:
        raise SelfTestError(f"the bundled time zones are wrong: Berlin in July is {summer.isoformat()}")
    report.ok("time zones load", "from the bundled tzdata package")


def _check_board(report: _Report, app: Any, db_path: Path, *, shared: bool = False) -> None:
    """The window a user gets (``desktop.start_window.create_window``), on a new database (or,
    ``shared``, on the user's book, where a colleague's write must move the board)."""
    from desktop.start_window import create_window

    window: Any = create_window(db_path)
    try:
        _wait(
            app, lambda: window.service is not None or window.open_error is not None, "opening the database"
        )
        if window.service is None:
            raise SelfTestError(f"the database did not open: {window.open_error}")
        _exercise_board(report, app, window, window.service)
        if shared:
            _exercise_sharing(report, app, window, db_path)
    finally:
        window.close()
        window.deleteLater()
        app.processEvents()


def _exercise_board(report: _Report, app: Any, window: Any, service: Any) -> None:
    from PySide6.QtWidgets import QAbstractItemView

    views = {}
    for temperature in Temperature:
        name = f"board-{temperature.value}"
        view = window.findChild(QAbstractItemView, name)
        if view is None:
            raise SelfTestError(f"the main window has no {name} view")
        views[temperature] = view
    from leadtemp.paths import book_name

    report.ok("main window built", f"{type(window).__name__} on {book_name(service.path)}")

    def column_of(name: str) -> Temperature | None:
        for temperature, view in views.items():
            model = view.model()
            if model is not None and any(
                model.index(row, 0).data() == name for row in range(model.rowCount())
            ):
                return temperature
        return None

    contact_id = service.add_contact(SELF_TEST_NAME, email="self-test@example.com").contact_id
    _expect(app, lambda: column_of(SELF_TEST_NAME), Temperature.COLD, "after adding the contact")
    report.ok("contact added", "card in the cold column")
    for kinds, expected in STEPS:
        for kind in kinds:
            # The quick-add dialog's path: an undoable command on the window.
            if not window.log(contact_id, kind):
                raise SelfTestError(f"the window refused to log {kind}")
            _wait(app, lambda: not window.workers.busy, f"logging {kind} on the worker")
        card = service.card(contact_id)
        if card.temperature != expected:
            raise SelfTestError(
                f"after logging {', '.join(kinds)} the service scores {card.score} "
                f"({card.temperature.value}), expected {expected.value}"
            )
        _expect(app, lambda: column_of(SELF_TEST_NAME), expected, f"after logging {', '.join(kinds)}")
        report.ok("board moved the card", f"{', '.join(kinds)} -> {expected.value} (score {card.score})")
    if window.grab().isNull():
        raise SelfTestError("the main window does not paint")
    report.ok("board painted")


def _exercise_sharing(report: _Report, app: Any, window: Any, db_path: Path) -> None:
    """Another connection (a colleague's desktop, a command) logs on the book; the window reads it."""
    from PySide6.QtWidgets import QAbstractItemView

    from leadtemp.service import LeadService

    colleague = LeadService.open(db_path)
    try:
        contact_id = colleague.add_contact(SHARED_TEST_NAME).contact_id
        colleague.log_interaction(contact_id, "pricing_request")
    finally:
        colleague.close()
    hot = window.findChild(QAbstractItemView, "board-hot")

    def on_the_board() -> bool:
        model = hot.model()
        return model is not None and any(
            model.index(row, 0).data() == SHARED_TEST_NAME for row in range(model.rowCount())
        )

    _wait(app, on_the_board, "for another connection's change to reach the board")
    report.ok("another connection's change reached the board", "hot column")


def _wait(app: Any, condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            raise SelfTestError(f"timed out after {WAIT_SECONDS:.0f} s {what}")
        app.processEvents()
        time.sleep(0.01)


def _expect(app: Any, current: Callable[[], Temperature | None], expected: Temperature, when: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        app.processEvents()
        found = current()
        if found == expected:
            return
        if time.monotonic() > deadline:
            where = f"the {found.value} column" if found else "no column"
            raise SelfTestError(f"{when} the card is in {where}, expected {expected.value}")
        time.sleep(0.01)
