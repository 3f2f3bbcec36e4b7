"""File > Backups...: the database's backups, "Back up now", "Restore..." and "Check database".

Restoring needs the database closed in this window too, so the main window passes
``release_database`` (close the service) and ``reopen_database`` (open it again); both are called
around every restore attempt, whether it succeeds or not.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.workers import Progress, Task, Workers
from leadtemp import integrity
from leadtemp.errors import LeadTempError
from leadtemp.store import backup
from leadtemp.store.backup import BackupInfo
from leadtemp.text import human_size

_INFO_ROLE = Qt.ItemDataRole.UserRole


T = TypeVar("T")
R = TypeVar("R")


class BackupsDialog(QDialog):
    restored = Signal(Path)
    """Emitted with the database path after a backup was put in place."""

    def __init__(
        self,
        db_path: Path,
        parent: QWidget | None = None,
        *,
        release_database: Callable[[], None] | None = None,
        reopen_database: Callable[[], None] | None = None,
        workers: Workers | None = None,
    ) -> None:
        super().__init__(parent)
        self.db_path = db_path
        #: The application's queue: with one, backing up and checking run on its worker thread.
        self.workers = workers
        self._tasks: list[Task] = []
        self._release = release_database
        self._reopen = reopen_database
        self.confirmation: QMessageBox | None = None
        self.last_report: integrity.Report | None = None
        self.setWindowTitle("Backups")
        self.resize(640, 460)

        self.table = QTreeWidget(self)
        self.table.setHeaderLabels(["Date", "Size", "Why"])
        self.table.setRootIsDecorated(False)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.back_up_button = QPushButton("Back up now", self)
        self.back_up_button.clicked.connect(self.back_up_now)
        self.restore_button = QPushButton("Restore...", self)
        self.restore_button.clicked.connect(self.ask_restore)
        self.check_button = QPushButton("Check database", self)
        self.check_button.clicked.connect(self.check_database)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.report_view = QPlainTextEdit(self)
        self.report_view.setReadOnly(True)
        self.report_view.setPlaceholderText("Check database: integrity, links between records, version.")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)

        actions = QHBoxLayout()
        for button in (self.back_up_button, self.restore_button, self.check_button):
            actions.addWidget(button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Backups of {db_path}, kept in {backup.backups_dir(db_path)}", self))
        layout.addWidget(self.table, 2)
        layout.addLayout(actions)
        layout.addWidget(self.status)
        layout.addWidget(self.report_view, 1)
        layout.addWidget(close)
        self.refresh()

    def backups(self) -> list[BackupInfo]:
        """The listed backups, in display order (newest first)."""
        return [item.data(0, _INFO_ROLE) for item in self._items()]

    def _items(self) -> list[QTreeWidgetItem]:
        found = (self.table.topLevelItem(i) for i in range(self.table.topLevelItemCount()))
        return [item for item in found if item is not None]

    def refresh(self) -> None:
        self.table.clear()
        for info in backup.list_backups(self.db_path):
            when = info.created.astimezone().strftime("%Y-%m-%d %H:%M:%S")
            reason = "damaged file set aside" if info.damaged else info.reason.replace("-", " ")
            item = QTreeWidgetItem([when, human_size(info.size), reason])
            item.setData(0, _INFO_ROLE, info)
            item.setToolTip(0, str(info.path))
            self.table.addTopLevelItem(item)
        items = self._items()
        if items:
            self.table.setCurrentItem(items[0])
        self._update_buttons()

    def selected(self) -> BackupInfo | None:
        item = self.table.currentItem()
        return None if item is None else item.data(0, _INFO_ROLE)

    def select(self, path: Path) -> None:
        for item in self._items():
            if item.data(0, _INFO_ROLE).path == path:
                self.table.setCurrentItem(item)

    def back_up_now(self) -> Path | None:
        """A copy now; with a queue it is made on the worker and None is returned meanwhile."""
        db_path = self.db_path

        def make(_progress: Progress) -> Path:
            return backup.create_backup(db_path, "manual")

        return self._in_background("Backing up…", make, self._backed_up, self._backup_failed)

    def _backed_up(self, target: Path) -> Path:
        self.refresh()
        self.status.setText(f"Backed up to {target}")
        return target

    def _backup_failed(self, error: Exception) -> None:
        self.status.setText(f"Backup failed: {error}")

    def _in_background(
        self,
        label: str,
        work: Callable[[Progress], T],
        done: Callable[[T], R],
        failed: Callable[[Exception], None],
    ) -> R | None:
        """``work`` on the queue's worker (then None at once), or here when there is no queue."""
        if self.workers is not None:
            for button in (self.back_up_button, self.check_button, self.restore_button):
                button.setEnabled(False)

            def finish(result: T) -> None:
                self._idle()
                done(result)

            def fail(error: Exception) -> None:
                self._idle()
                failed(error)

            self._tasks.append(self.workers.run_on_files(label, work, finish, fail))
            return None
        try:
            result = work(_no_progress)
        except LeadTempError as error:
            failed(error)
            return None
        return done(result)

    def _idle(self) -> None:
        self._tasks = [task for task in self._tasks if not task.done]
        self.back_up_button.setEnabled(True)
        self.check_button.setEnabled(True)
        self._update_buttons()

    @property
    def busy(self) -> bool:
        """A backup or a check is under way on the worker."""
        return any(not task.done for task in self._tasks)

    def done(self, result: int) -> None:
        """The dialog stays open until its backup, check or restore is over (a restore ends by
        reopening the book)."""
        if self.busy:
            return
        super().done(result)

    def ask_restore(self) -> None:
        """Ask before restoring; the confirmation's accept() restores, reject() does nothing."""
        info = self.selected()
        if info is None or info.damaged:
            return
        when = info.created.astimezone().strftime("%Y-%m-%d %H:%M")
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Restore backup")
        box.setText(f"Replace the lead book with the backup from {when}?")
        box.setInformativeText(
            "Changes made since then will no longer be in the lead book. The current file is backed "
            "up first, so you can come back to it."
        )
        box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.accepted.connect(lambda: self.restore(info))
        self.confirmation = box
        box.open()

    def restore(self, info: BackupInfo) -> Path | None:
        """Put ``info`` in place (no question asked); returns where the previous file went, or
        None at once when it is put in place on the queue's worker."""
        if self._release is not None:
            self._release()
        db_path = self.db_path

        def put_back(_progress: Progress) -> Path | None:
            return backup.restore_backup(db_path, info.path)

        return self._in_background(
            "Restoring a backup…", put_back, lambda kept: self._restored(info, kept), self._restore_failed
        )

    def _restore_failed(self, error: Exception) -> None:
        if self._reopen is not None:
            self._reopen()
        self.status.setText(f"Restore failed: {error}")

    def _restored(self, info: BackupInfo, kept: Path | None) -> Path | None:
        if self._reopen is not None:
            self._reopen()
        self.refresh()
        where = f"; the previous file was kept as {kept.name}" if kept else ""
        self.status.setText(f"Restored the backup from {info.created.astimezone():%Y-%m-%d %H:%M}{where}")
        self.restored.emit(self.db_path)
        return kept

    def check_database(self) -> integrity.Report | None:
        """The whole check; with a queue on the worker (None at once, the report when it is done)."""
        db_path = self.db_path

        def check(_progress: Progress) -> integrity.Report:
            return integrity.check(db_path)

        return self._in_background("Checking the database…", check, self._checked, self._check_failed)

    def _check_failed(self, error: Exception) -> None:
        self.status.setText(f"The check could not run: {error}")

    def _checked(self, report: integrity.Report) -> integrity.Report:
        self.last_report = report
        self.report_view.setPlainText("\n".join(report.lines()))
        self.status.setText("The database is fine." if report.ok else "The check found problems.")
        return report

    def _update_buttons(self) -> None:
        info = self.selected()
        self.restore_button.setEnabled(info is not None and not info.damaged)


def _no_progress(_done: int, _total: int) -> None:
    pass
