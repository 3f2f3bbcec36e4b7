"""The crash trail: what went wrong is written to a log file in the data folder and shown to the
user, and the app keeps running where it can.

:func:`install` sends Python's uncaught exceptions (``sys.excepthook``, ``threading.excepthook``)
and Qt's own warnings (``qInstallMessageHandler``) to a rotating log. An exception also opens one
dialog (never a pile of them: an error in a paint event repeats on every paint) with the details
to copy and the log's path. Qt's messages still reach the handler that was there before (a
terminal, pytest-qt), so nothing that read them stops working.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import QMessageLogContext, QObject, QtMsgType, Signal, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QDialog, QWidget

LOG_NAME = "leadtemp.log"
#: A few files of 1 MB: weeks of warnings, never a disk filled by an error repeating.
LOG_BYTES = 1_000_000
LOG_BACKUPS = 3
LOGGER = logging.getLogger("leadtemp")

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def log_handler(folder: Path) -> RotatingFileHandler:
    """Lines stamped in ISO 8601 UTC, like every instant LeadTemp prints."""
    folder.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(
        folder / LOG_NAME, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
    )
    formatter = logging.Formatter(
        "%(asctime)s.%(msecs)03dZ %(levelname)s %(name)s: %(message)s", "%Y-%m-%dT%H:%M:%S"
    )
    formatter.converter = time.gmtime
    handler.setFormatter(formatter)
    return handler


def details_of(exc_info: ExcInfo) -> str:
    return "".join(traceback.format_exception(*exc_info)).rstrip()


class CrashDialog(QDialog):
    """What went wrong, that the app goes on, and where the details are kept."""

    def __init__(self, log_path: Path, parent: QWidget | None = None) -> None:
        from PySide6.QtWidgets import QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout

        super().__init__(parent)
        self.setObjectName("crash-dialog")
        self.setWindowTitle("LeadTemp: something went wrong")
        self.log_path = log_path
        self.summary = QLabel(self)
        self.summary.setObjectName("crash-summary")
        self.summary.setWordWrap(True)
        self.where = QLabel(self)
        self.where.setObjectName("crash-log-path")
        self.where.setWordWrap(True)
        self.where.setText(
            "LeadTemp kept running, and everything saved before this is safe. The details are "
            f"also in {log_path}; please send them with a note of what you were doing."
        )
        self.details = QPlainTextEdit(self)
        self.details.setObjectName("crash-details")
        self.details.setReadOnly(True)
        self.details.setMinimumSize(560, 200)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = buttons.addButton("Copy details", QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.setObjectName("crash-copy")
        self.copy_button.clicked.connect(self.copy_details)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.summary, self.details, self.where, buttons):
            layout.addWidget(widget)
        self.count = 0

    def add(self, summary: str, details: str) -> None:
        """Show one more error; repeats add to the same dialog."""
        self.count += 1
        more = f" ({self.count} errors so far)" if self.count > 1 else ""
        self.summary.setText(f"<b>{_html(summary)}</b>{more}")
        text = self.details.toPlainText()
        self.details.setPlainText(f"{text}\n\n{details}" if text else details)

    def copy_details(self) -> None:
        QApplication.clipboard().setText(f"{self.details.toPlainText()}\n\nLog: {self.log_path}")


class CrashTrail(QObject):
    """Installed by :func:`install`; :meth:`uninstall` puts back what was there before."""

    #: An error from any thread, shown by the GUI thread: (summary, details).
    reported = Signal(str, str)

    def __init__(self, folder: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.log_path = folder / LOG_NAME
        self.handler = log_handler(folder)
        self.dialog: CrashDialog | None = None
        self._previous_excepthook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        self._previous_qt_handler: Any = None
        self.reported.connect(self._show)

    def install(self) -> None:
        LOGGER.addHandler(self.handler)
        LOGGER.setLevel(logging.INFO)
        sys.excepthook = self._excepthook
        threading.excepthook = self._thread_excepthook
        self._previous_qt_handler = qInstallMessageHandler(self._qt_message)

    def uninstall(self) -> None:
        qInstallMessageHandler(self._previous_qt_handler)
        sys.excepthook = self._previous_excepthook
        threading.excepthook = self._previous_thread_hook
        LOGGER.removeHandler(self.handler)
        self.handler.close()

    def report(self, exc_info: ExcInfo, where: str = "") -> None:
        """Log an uncaught exception and show it (from the GUI thread, whichever thread this is)."""
        details = details_of(exc_info)
        LOGGER.error("uncaught exception%s\n%s", f" in {where}" if where else "", details)
        summary = "".join(traceback.format_exception_only(exc_info[0], exc_info[1])).strip()
        self.reported.emit(summary.splitlines()[-1] if summary else exc_info[0].__name__, details)

    def _excepthook(self, kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            self._previous_excepthook(kind, value, tb)
            return
        self.report((kind, value, tb))

    def _thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        name = args.thread.name if args.thread is not None else "a thread"
        self.report((args.exc_type, args.exc_value, args.exc_traceback), name)

    def _qt_message(self, kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        LOGGER.log(_QT_LEVELS.get(kind, logging.WARNING), "Qt: %s", message)
        if self._previous_qt_handler is not None:
            self._previous_qt_handler(kind, context, message)
        elif kind != QtMsgType.QtDebugMsg:
            print(message, file=sys.stderr)

    def _show(self, summary: str, details: str) -> None:
        app = QApplication.instance()
        if not isinstance(app, QApplication):
            return
        if self.dialog is None:
            self.dialog = CrashDialog(self.log_path, app.activeWindow())
            self.dialog.finished.connect(self._forget_dialog)
        self.dialog.add(summary, details)
        if not self.dialog.isVisible():
            self.dialog.open()

    def _forget_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None


def install(folder: Path, parent: QObject | None = None) -> CrashTrail:
    trail = CrashTrail(folder, parent)
    trail.install()
    return trail


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
