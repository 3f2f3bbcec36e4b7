"""What the user sees when the database cannot be opened: the file, the problem, a way back.

The damaged file is never touched by this dialog. Choosing the backup puts the newest good backup
in place through :func:`leadtemp.store.backup.restore_backup`, which first moves the damaged file,
byte for byte, into ``backups/`` so nothing is lost.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from leadtemp import integrity
from leadtemp.store import LATEST_VERSION, backup
from leadtemp.store.backup import BackupInfo


class OpenFailureChoice(enum.Enum):
    OPEN_BACKUP = "open_backup"
    QUIT = "quit"


class OpenFailureDialog(QDialog):
    """Accepted means "open the offered backup instead"; rejected means quit."""

    def __init__(
        self,
        db_path: Path,
        problem: str,
        offered: BackupInfo | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db_path = db_path
        self.offered = offered
        self.setWindowTitle("Cannot open the lead book")
        layout = QVBoxLayout(self)
        self.message = QLabel(_message(db_path, problem, offered), self)
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(self)
        if offered is not None:
            self.open_backup_button = self.buttons.addButton(
                "Open the backup", QDialogButtonBox.ButtonRole.AcceptRole
            )
            self.open_backup_button.setDefault(True)
        self.buttons.addButton("Quit", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def choice(self) -> OpenFailureChoice:
        accepted = self.result() == QDialog.DialogCode.Accepted
        return OpenFailureChoice.OPEN_BACKUP if accepted and self.offered else OpenFailureChoice.QUIT


def offer_for(db_path: Path) -> BackupInfo | None:
    """The newest good backup, unless the file is simply newer than this version of LeadTemp."""
    report = integrity.check(db_path, scores=False)
    if report.schema_version is not None and report.schema_version > LATEST_VERSION:
        return None
    return backup.newest_good_backup(db_path)


def ask_open_failure(
    db_path: Path,
    problem: str,
    parent: QWidget | None = None,
    *,
    run: Callable[[OpenFailureDialog], object] = OpenFailureDialog.exec,
) -> tuple[OpenFailureChoice, BackupInfo | None]:
    """Show the dialog and return the choice with the backup it refers to (``run`` is for tests)."""
    dialog = OpenFailureDialog(db_path, problem, offer_for(db_path), parent)
    run(dialog)
    choice = dialog.choice()
    return choice, dialog.offered if choice is OpenFailureChoice.OPEN_BACKUP else None


def open_backup_instead(db_path: Path, chosen: BackupInfo) -> Path | None:
    """Put the backup in place; returns where the previous file was moved (None if there was none)."""
    return backup.restore_backup(db_path, chosen.path)


def _message(db_path: Path, problem: str, offered: BackupInfo | None) -> str:
    lines = [f"LeadTemp cannot open {db_path}:", "", problem, "", "The file has not been changed."]
    if offered is not None:
        when = offered.created.astimezone().strftime("%Y-%m-%d %H:%M")
        lines += [
            "",
            f"The newest good backup is from {when}. Opening it puts it in place of the file above; "
            f"the file itself is kept, unchanged, in {backup.backups_dir(db_path)}.",
        ]
    else:
        lines += ["", "There is no good backup to open instead."]
    return "\n".join(lines)
