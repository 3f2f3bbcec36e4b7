"""File > Open Shared Book…: a wrong password, a certificate that does not match and a server
that does not answer are each one line in the dialog, which stays open; the right password opens
the book in a window of its own, keeps the password in the keychain only, and Open Recent lists
the address without it."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from desktop.dialogs.open_shared_book import OpenSharedBookDialog
from desktop.window.books import recent_books, recent_label
from desktop.window.main_window import MainWindow
from leadtemp.cli import main
from tests.leadtemp.capture.imap.dovecot import OPENSSL, free_port
from tests.leadtemp.capture.imap.fixtures import MemoryKeyring, memory_keyring
from tests.leadtemp.cli.test_server import database_of, no_password_env, sam
from tests.pg_server import PostgresServer

__all__ = ["memory_keyring", "no_password_env", "sam"]

PASSWORD = "open sesame"


@pytest.fixture
def sams_book(sam: str, monkeypatch: pytest.MonkeyPatch, no_password_env: None) -> str:
    """A book owned by a role that needs its password; libpq's PGPASSWORD unset afterwards."""
    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    assert main(["server", "init", sam]) == 0
    monkeypatch.delenv("PGPASSWORD")
    return sam


@pytest.fixture
def window(open_window: Callable[[Path], MainWindow], db_path: Path) -> MainWindow:
    return open_window(db_path)


def fill(
    dialog: OpenSharedBookDialog, server: PostgresServer, book: str, password: str, *, port: int | None = None
) -> None:
    dialog.host.setText(server.host)
    dialog.port.setValue(port or server.port)
    dialog.database.setText(database_of(book))
    dialog.user.setText(book.split("://", 1)[1].split("@", 1)[0])
    dialog.password.setText(password)
    dialog.ca_file.setText(str(server.certificate))


def refusal(qtbot: QtBot, dialog: OpenSharedBookDialog) -> str:
    dialog.accept()
    qtbot.waitUntil(lambda: dialog.error.problem is not None, timeout=15_000)
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.isVisible()
    problem = dialog.error.problem
    assert problem is not None and "\n" not in problem
    return problem


def test_a_refused_book_is_one_line_in_the_dialog_which_stays_open(
    window: MainWindow,
    pg_server: PostgresServer,
    sams_book: str,
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
    qtbot: QtBot,
) -> None:
    window.open_shared_book()
    dialog = window.active_dialog
    assert isinstance(dialog, OpenSharedBookDialog)
    assert "host" in refusal(qtbot, dialog)
    fill(dialog, pg_server, sams_book, "not the password")
    assert "refused" in refusal(qtbot, dialog) and "password" in dialog.error.problem  # type: ignore[operator]
    fill(dialog, pg_server, sams_book, PASSWORD, port=free_port())
    assert "cannot reach" in refusal(qtbot, dialog)
    assert memory_keyring.entries == {}
    assert not dialog.warning.isVisibleTo(dialog)
    dialog.no_verify.setChecked(True)
    assert dialog.warning.isVisibleTo(dialog) and "not checked" in dialog.warning.text()
    dialog.reject()
    assert [widget for widget in QApplication.topLevelWidgets() if isinstance(widget, MainWindow)] == [window]


def test_a_certificate_for_another_server_is_refused_unless_the_user_turns_checking_off(
    window: MainWindow,
    pg_server: PostgresServer,
    sams_book: str,
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
    qtbot: QtBot,
) -> None:
    stranger = tmp_path / "stranger.crt"
    subprocess.run(
        [
            *(OPENSSL, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"),
            *(
                "-days",
                "1",
                "-subj",
                "/CN=localhost",
                "-keyout",
                str(tmp_path / "k.pem"),
                "-out",
                str(stranger),
            ),
        ],
        check=True,
        capture_output=True,
    )
    dialog = OpenSharedBookDialog(window.workers, window)
    qtbot.addWidget(dialog)
    dialog.show()
    fill(dialog, pg_server, sams_book, PASSWORD)
    dialog.ca_file.setText(str(stranger))
    assert "certificate" in refusal(qtbot, dialog)
    dialog.no_verify.setChecked(True)
    dialog.accept()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=15_000)
    book = dialog.book()
    assert book is not None and "sslmode=require" in str(book)


def test_the_right_password_opens_the_book_in_its_window_kept_in_the_keychain_only(
    window: MainWindow,
    pg_server: PostgresServer,
    sams_book: str,
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
    qtbot: QtBot,
) -> None:
    window.open_shared_book()
    dialog = window.active_dialog
    assert isinstance(dialog, OpenSharedBookDialog)
    fill(dialog, pg_server, sams_book, PASSWORD)
    dialog.accept()

    def shared() -> MainWindow | None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget is not window and widget.service is not None:
                return widget
        return None

    qtbot.waitUntil(lambda: shared() is not None and shared().board_model.loaded, timeout=15_000)  # type: ignore[union-attr]
    opened = shared()
    assert opened is not None
    assert opened.windowTitle().startswith(database_of(sams_book))
    assert list(memory_keyring.entries.values()) == [PASSWORD]
    (book,) = [path for path in recent_books() if "postgresql" in str(path)]
    assert recent_label(book) == f"postgresql://{sams_book.split('://')[1].split('?')[0]}"
    settings = Path(QSettings().fileName()).read_text()
    assert PASSWORD not in settings and str(pg_server.certificate) in settings
    assert window.open_book(book) is opened
    opened.close()


def test_a_dialog_cancelled_while_its_book_is_tried_opens_nothing(
    window: MainWindow, pg_server: PostgresServer, sams_book: str, memory_keyring: MemoryKeyring, qtbot: QtBot
) -> None:
    window.open_shared_book()
    dialog = window.active_dialog
    assert isinstance(dialog, OpenSharedBookDialog)
    fill(dialog, pg_server, sams_book, PASSWORD)
    dialog.accept()
    dialog.reject()
    qtbot.waitUntil(lambda: not window.workers.busy, timeout=15_000)
    qtbot.wait(50)
    assert window.active_dialog is None
    assert [widget for widget in QApplication.topLevelWidgets() if isinstance(widget, MainWindow)] == [window]
