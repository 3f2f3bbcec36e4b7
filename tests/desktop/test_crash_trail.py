"""The crash trail: errors land in a rotating log in the data folder and in one dialog, the app
keeps running, and Qt's messages still reach pytest-qt."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Iterator
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer, qWarning
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop import crash_trail
from desktop.crash_trail import LOG_NAME, CrashTrail


@pytest.fixture
def trail(qapp: QApplication, tmp_path: Path) -> Iterator[CrashTrail]:
    installed = crash_trail.install(tmp_path / "data")
    yield installed
    installed.uninstall()
    if installed.dialog is not None:
        installed.dialog.reject()


def log_text(trail: CrashTrail) -> str:
    trail.handler.flush()
    return trail.log_path.read_text(encoding="utf-8")


def raise_in_a_slot() -> None:
    raise RuntimeError("the board lost its way")


def test_an_error_in_a_slot_is_logged_and_shown_and_the_app_goes_on(
    qtbot: QtBot, trail: CrashTrail, tmp_path: Path
) -> None:
    assert trail.log_path == tmp_path / "data" / LOG_NAME
    assert isinstance(trail.handler, RotatingFileHandler) and trail.handler.maxBytes > 0
    QTimer.singleShot(0, raise_in_a_slot)
    qtbot.waitUntil(lambda: trail.dialog is not None and trail.dialog.isVisible())
    text = log_text(trail)
    assert "ERROR leadtemp: uncaught exception" in text
    assert "RuntimeError: the board lost its way" in text and "raise_in_a_slot" in text
    assert text[:4].isdigit() and text.split(" ", 1)[0].endswith("Z")
    dialog = trail.dialog
    assert dialog is not None
    assert "RuntimeError: the board lost its way" in dialog.summary.text()
    assert str(trail.log_path) in dialog.where.text()
    dialog.copy_button.click()
    copied = QApplication.clipboard().text()
    assert "Traceback" in copied and str(trail.log_path) in copied
    # Still running: timers fire, and a second error joins the open dialog.
    fired: list[bool] = []
    QTimer.singleShot(0, lambda: fired.append(True))
    QTimer.singleShot(0, raise_in_a_slot)
    qtbot.waitUntil(lambda: bool(fired) and dialog.count == 2)
    assert trail.dialog is dialog
    dialog.reject()
    qtbot.waitUntil(lambda: trail.dialog is None)


def test_an_error_on_another_thread_is_shown_by_the_gui_thread(qtbot: QtBot, trail: CrashTrail) -> None:
    def work() -> None:
        raise ValueError("a worker tripped")

    thread = threading.Thread(target=work, name="import-worker")
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: trail.dialog is not None and trail.dialog.isVisible())
    assert "uncaught exception in import-worker" in log_text(trail)
    assert trail.dialog is not None and "ValueError: a worker tripped" in trail.dialog.summary.text()


@pytest.mark.qt_log_level_fail("CRITICAL")
def test_qt_messages_reach_the_log_and_pytest_qt(qtlog: Any, trail: CrashTrail) -> None:
    qWarning("crash trail: a Qt warning")
    assert "WARNING leadtemp: Qt: crash trail: a Qt warning" in log_text(trail)
    records = qtlog.records
    assert any(record.message == "crash trail: a Qt warning" for record in records)


def test_uninstall_puts_every_hook_back(qapp: QApplication, tmp_path: Path) -> None:
    before = (sys.excepthook, threading.excepthook)
    installed = crash_trail.install(tmp_path)
    assert sys.excepthook != before[0] and threading.excepthook != before[1]
    installed.uninstall()
    assert (sys.excepthook, threading.excepthook) == before
    assert installed.handler not in logging.getLogger("leadtemp").handlers
