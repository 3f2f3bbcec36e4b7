"""File > Export...: the whole book as CSV (for spreadsheets), vCard (for address books, all or
the selected contacts) or JSON (everything, for moving to another computer)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.workers import Progress, Task, Workers
from leadtemp.errors import LeadTempError
from leadtemp.exporting import export_csv, export_json, export_vcard
from leadtemp.exporting.targets import ExportTargetExists, check_export_target
from leadtemp.service import LeadService

_FORMATS = {
    "csv": ("CSV for spreadsheets: every contact with score, temperature and last touch", ".csv"),
    "vcard": ("vCard 4.0 for address books and phones", ".vcf"),
    "json": ("JSON: the whole database (contacts, log, pins, checklists, settings)", ".json"),
}
_FILTERS = {"csv": "CSV files (*.csv)", "vcard": "vCard files (*.vcf *.vcard)", "json": "JSON files (*.json)"}


class ExportDialog(QDialog):
    def __init__(
        self,
        service: LeadService,
        parent: QWidget | None = None,
        *,
        selected_ids: Sequence[int] = (),
        workers: Workers | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        #: The application's queue: with one, the file is written on its worker thread.
        self.workers = workers
        self._task: Task | None = None
        self.selected_ids = list(selected_ids)
        self.exported: int | None = None
        self.exported_to: Path | None = None
        #: The question asked before replacing an existing file, while it is open.
        self.replace_box: QMessageBox | None = None
        self.setWindowTitle("Export contacts")
        self.buttons_by_format: dict[str, QRadioButton] = {}
        layout = QVBoxLayout(self)
        for format, (text, _) in _FORMATS.items():
            button = QRadioButton(text, self)
            button.toggled.connect(self._format_changed)
            self.buttons_by_format[format] = button
            layout.addWidget(button)
        self.selected_only = QCheckBox(f"Only the selected contacts ({len(self.selected_ids)})", self)
        self.selected_only.setChecked(bool(self.selected_ids))
        self.selected_only.toggled.connect(self._show_scope)
        layout.addWidget(self.selected_only)
        self.scope = QLabel(self)
        self.scope.setObjectName("export-scope")
        self.scope.setWordWrap(True)
        layout.addWidget(self.scope)
        self.path_edit = QLineEdit(str(Path.home() / "LeadTemp contacts.csv"), self)
        self.path_edit.textChanged.connect(self._update_buttons)
        choose = QPushButton("Choose…", self)
        choose.clicked.connect(self._choose)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(choose)
        layout.addLayout(row)
        self.message = QLabel(self)
        self.message.setObjectName("export-message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("Export")
        self.buttons.accepted.connect(self.export)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.buttons_by_format["csv"].setChecked(True)

    @property
    def format(self) -> str:
        return next(f for f, button in self.buttons_by_format.items() if button.isChecked())

    def set_format(self, format: str) -> None:
        self.buttons_by_format[format].setChecked(True)

    def _format_changed(self, checked: bool) -> None:
        if not checked:
            return
        format = self.format
        # Only a vCard export can be limited to the selection: elsewhere the box would promise it.
        self.selected_only.setHidden(format != "vcard" or not self.selected_ids)
        text = self.path_edit.text().strip()
        if text:
            self.path_edit.setText(str(Path(text).with_suffix(_FORMATS[format][1])))
        self._show_scope()
        self._update_buttons()

    def _selection_only(self) -> bool:
        return not self.selected_only.isHidden() and self.selected_only.isChecked()

    def _show_scope(self) -> None:
        """Say which contacts the chosen format will write."""
        format = self.format
        if format == "csv":
            text = "Exports every contact, archived ones included."
        elif format == "json":
            text = "Exports the whole book: every contact with its log, pins, checklists and settings."
        elif self._selection_only():
            count = len(self.selected_ids)
            text = f"Exports the {count} selected contact{'s' if count != 1 else ''}."
        else:
            text = "Exports every contact that is not archived."
        self.scope.setText(text)

    def _update_buttons(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(
            bool(self.path_edit.text().strip())
        )

    def _choose(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Export contacts", self.path_edit.text(), _FILTERS[self.format]
        )
        if path:
            self.path_edit.setText(path)

    def export(self) -> int | None:
        """Write the file; on success close the dialog and return how many contacts were written.

        A file already there is replaced only once the user says so: the dialog asks (window-modal,
        so nothing else waits) and returns None meanwhile; Replace writes it, Cancel leaves it.
        """
        path = Path(self.path_edit.text().strip()).expanduser()
        try:
            check_export_target(self.service.path, path)
        except ExportTargetExists:
            self._ask_to_replace(path)
            return None
        except LeadTempError as error:
            self.message.setText(str(error))
            return None
        return self._write(path)

    def summary(self) -> str:
        """What the last export did, for the window's notice."""
        if self.exported is None or self.exported_to is None:
            return ""
        count = self.exported
        return f"Exported {count:,} contact{'s' if count != 1 else ''} to {self.exported_to}"

    def _ask_to_replace(self, path: Path) -> None:
        box = QMessageBox(self)
        box.setObjectName("export-replace")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Export contacts")
        box.setText(f"{path.name} already exists in {path.parent}.")
        box.setInformativeText("Replace it with this export? What it holds now will be lost.")
        replace = box.addButton("Replace", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        replace.setObjectName("export-replace-button")
        box.accepted.connect(lambda: self._write(path))
        box.rejected.connect(lambda: self.message.setText(f"{path.name} was left as it was."))
        box.finished.connect(box.deleteLater)
        self.replace_box = box
        box.open()

    def _write(self, path: Path) -> int | None:
        """Write now, or on the queue's worker when there is one (a whole book is a lot to read):
        then None, and the dialog closes once the file is written."""
        format = self.format
        chosen = self.selected_ids if self._selection_only() else None

        def write(service: LeadService, _progress: Progress) -> int:
            if format == "csv":
                return export_csv(service, path)
            if format == "vcard":
                return export_vcard(service, path, chosen)
            return export_json(service, path)

        if self.workers is not None:
            self.buttons.setEnabled(False)
            self.message.setText(f"Writing {path.name}…")
            self._task = self.workers.run(
                "Exporting…", write, lambda count: self._written(path, count), self._refused
            )
            return None
        try:
            count = write(self.service, _no_progress)
        except LeadTempError as error:
            self._refused(error)
            return None
        return self._written(path, count)

    def done(self, result: int) -> None:
        """A closed dialog no longer hears how its export went (the file is written all the same)."""
        if self._task is not None:
            self._task.cancel()
        super().done(result)

    def _refused(self, error: Exception) -> None:
        self.buttons.setEnabled(True)
        self.message.setText(str(error))

    def _written(self, path: Path, count: int) -> int:
        self.buttons.setEnabled(True)
        self.exported = count
        self.exported_to = path
        self.message.setText(self.summary() + ".")
        self.accept()
        return count


def _no_progress(_done: int, _total: int) -> None:
    pass
