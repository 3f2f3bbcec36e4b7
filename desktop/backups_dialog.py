"""File > Backups...: the database's backups, "Back up now", "Restore..." and "Check database".

Restoring needs the database closed in this window too, so the main window passes
``release_database`` (close the service) and ``reopen_database`` (open it again); both are called
around every restore attempt, whether it succeeds or not.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

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

from leadtemp import integrity
from leadtemp.errors import LeadTempError
from leadtemp.store import backup
from leadtemp.store.backup import BackupInfo
from leadtemp.text import human_size

_INFO_ROLE = Qt.ItemDataRole.UserRole


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
    ) -> None:
        super().__init__(parent)
        self.db_path = db_path
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
        try:
            target = backup.create_backup(self.db_path, "manual")
        except LeadTempError as error:
            self.status.setText(f"Backup failed: {error}")
            return None
        self.refresh()
        self.status.setText(f"Backed up to {target}")
        return target

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
        """Put ``info`` in place (no question asked); returns where the previous file went."""
        if self._release is not None:
            self._release()
        try:
            kept = backup.restore_backup(self.db_path, info.path)
        except LeadTempError as error:
            self.status.setText(f"Restore failed: {error}")
            return None
        finally:
            if self._reopen is not None:
                self._reopen()
        self.refresh()
        where = f"; the previous file was kept as {kept.name}" if kept else ""
        self.status.setText(f"Restored the backup from {info.created.astimezone():%Y-%m-%d %H:%M}{where}")
        self.restored.emit(self.db_path)
        return kept

    def check_database(self) -> integrity.Report:
        report = integrity.check(self.db_path)
        self.last_report = report
        self.report_view.setPlainText("\n".join(report.lines()))
        self.status.setText("The database is fine." if report.ok else "The check found problems.")
        return report

    def _update_buttons(self) -> None:
        info = self.selected()
        self.restore_button.setEnabled(info is not None and not info.damaged)
