"""File > Import...: pick a CSV or vCard, map its columns with a live preview, review duplicates,
import in the background with a Cancel button, and see (or undo) what happened.

Reading, previewing, the import and its undo run on the application's worker queue (the
window's), each with its own database connection; the window learns what an import or an undo
did from the queue, as the BoardReset its worker service emitted.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop.importing.review import (
    ACTION_COLUMN,
    ROW_COLUMN,
    STATUS_COLUMN,
    ActionDelegate,
    ReviewModel,
    SetEveryCombo,
)
from desktop.workers import Task, Workers
from leadtemp.errors import LeadTempError
from leadtemp.importing.commit import ImportSummary, commit_import, undo_import
from leadtemp.importing.preview import ImportPreview, preview_import
from leadtemp.importing.preview_rows import RowStatus
from leadtemp.importing.read import (
    PRESET_NAMES,
    PRESETS,
    ColumnMappingError,
    ImportFileError,
    ParseResult,
    detect_format,
    guess_mapping,
    parse_file,
    read_text,
)
from leadtemp.importing.read.own_csv import own_export_mapping
from leadtemp.importing.read.presets import TARGETS, resolve
from leadtemp.model import LEAD_SOURCES
from leadtemp.service import BoardReset, LeadService

FILE_PAGE, MAPPING_PAGE, REVIEW_PAGE, PROGRESS_PAGE, SUMMARY_PAGE = range(5)
PREVIEW_ROWS = 20
FILE_FILTER = "Contact files (*.csv *.vcf *.vcard);;All files (*)"
_UNMAPPED = ""
_READING, _PREVIEW = "reading", "preview"
Progress = Callable[[int, int], None]


def _ignore_progress(_done: int, _total: int) -> None:
    pass


_TARGET_LABELS = {
    _UNMAPPED: "(not a field)",
    "name": "Full name",
    "first_name": "First name",
    "middle_name": "Middle name",
    "last_name": "Last name",
    "email": "E-mail",
    "phone": "Phone",
    "company": "Company",
    "role": "Role / title",
    "industry": "Industry",
    "notes": "Notes",
    "linkedin": "LinkedIn profile",
    "ignore": "Ignore",
}


class ImportWizard(QWizard):
    """``ImportWizard(service, path=None, parent=None, workers=None)``; a widget as second argument
    is the parent. ``workers`` is the application's queue; without one (a wizard on its own) the
    wizard makes a queue of its own and tells ``service`` what the import did."""

    def __init__(
        self,
        service: LeadService,
        path: str | QWidget | None = None,
        parent: QWidget | None = None,
        workers: Workers | None = None,
    ) -> None:
        if isinstance(path, QWidget):
            parent, path = path, None
        super().__init__(parent)
        self.service = service
        self.path = path or ""
        self.format = "csv"
        self.preset: str | None = None
        self.mapping: dict[str, str] | None = None
        self.unknown_to_notes = True
        self.parsed: ParseResult | None = None
        self.preview: ImportPreview | None = None
        self.summary: ImportSummary | None = None
        self.error: Exception | None = None
        self._cancel = threading.Event()
        self._requests: dict[str, threading.Event] = {}
        self._workers = workers
        self._owns_workers = False
        self._tasks: list[Task] = []
        self.setWindowTitle("Import contacts")
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.review_page = ReviewPage(self)
        self.progress_page = ProgressPage(self)
        self.summary_page = SummaryPage(self)
        for page_id, page in enumerate(
            (self.file_page, self.mapping_page, self.review_page, self.progress_page, self.summary_page)
        ):
            self.setPage(page_id, page)
        self.setButtonText(QWizard.WizardButton.CommitButton, "Import")
        self.resize(760, 560)

    def _background(self) -> Workers | None:
        """The wizard's worker thread (none for an in-memory database, which only this thread
        can see: work on it runs inline)."""
        if str(self.service.path) == ":memory:":
            return None
        if self._workers is None:
            self._workers = Workers(self.service.path, now=self.service.now, parent=self)
            self._owns_workers = True
            self._workers.changed.connect(self._tell_service)
        return self._workers

    def _tell_service(self, events: list[object]) -> None:
        """What a write did, for a wizard without the window: its service tells its listeners."""
        for event in events:
            if isinstance(event, BoardReset):
                self.service.reload(event.reason)

    def _track(self, task: Task) -> Task:
        self._tasks = [pending for pending in self._tasks if not pending.done] + [task]
        return task

    # Reading and previewing, off the UI thread ---------------------------------------------

    def start_reading(
        self, on_done: Callable[[ParseResult], None], on_failure: Callable[[Exception], None]
    ) -> None:
        """Read the file as the current preset, mapping and notes choice say, on the worker
        thread (a vCard of tens of thousands of cards takes seconds)."""
        path, format, preset, mapping = self.path, self.format, self.preset, self.mapping
        unknown_to_notes = self.unknown_to_notes

        def read(_service: LeadService, _report: Progress, cancelled: Callable[[], bool]) -> ParseResult:
            return parse_file(
                path, format, preset, mapping, unknown_to_notes=unknown_to_notes, cancel=cancelled
            )

        self._latest(_READING, "Reading the file…", read, on_done, on_failure)

    def start_preview(
        self,
        on_done: Callable[[ImportPreview], None],
        on_failure: Callable[[Exception], None],
        progress: Progress,
    ) -> None:
        """Match every row against the book on the worker thread, from the file as the mapping
        page read it: what the review shows is what that page showed."""
        parsed, path = self.parsed, self.path
        assert parsed is not None, "the mapping page reads the file before the review"
        name = Path(path).name

        def preview(service: LeadService, report: Progress, cancelled: Callable[[], bool]) -> ImportPreview:
            return preview_import(
                service, parsed, file_name=name, path=path, progress=report, cancel=cancelled
            )

        self._latest(_PREVIEW, "Looking for duplicates…", preview, on_done, on_failure, progress)

    def cancel(self, kind: str) -> None:
        """Drop the pending request of this kind (``_READING`` or ``_PREVIEW``)."""
        event = self._requests.get(kind)
        if event is not None:
            event.set()

    def cancel_preview(self) -> None:
        self.cancel(_PREVIEW)

    def _latest(
        self,
        kind: str,
        label: str,
        work: Callable[[LeadService, Progress, Callable[[], bool]], Any],
        on_done: Callable[[Any], None],
        on_failure: Callable[[Exception], None],
        progress: Progress | None = None,
    ) -> None:
        """Run ``work`` on the worker thread and answer only the latest request of its kind: a
        new one cancels the one before, which is then skipped, stopped or ignored."""
        self.cancel(kind)
        cancelled = self._requests[kind] = threading.Event()

        def operation(service: LeadService, report: Progress) -> Any:
            return None if cancelled.is_set() else work(service, report, cancelled.is_set)

        def done(result: object) -> None:
            if not cancelled.is_set():
                on_done(result)

        def failed(error: Exception) -> None:
            if not cancelled.is_set():
                on_failure(error)

        workers = self._background()
        if workers is None:
            try:
                result = operation(self.service, progress or _ignore_progress)
            except LeadTempError as error:
                failed(error)
                return
            done(result)
            return
        task = self._track(workers.run(label, operation, done, failed))
        if progress is not None:
            task.progressed.connect(lambda finished, total: cancelled.is_set() or progress(finished, total))

    # The commit, off the UI thread ------------------------------------------------------------

    def start_import(self, decisions: dict[int, str], source: str) -> None:
        assert self.preview is not None
        preview = self.preview
        self._cancel.clear()
        workers = self._background()
        if workers is None:
            self._run_inline(preview, decisions, source)
            return

        def operation(service: LeadService, progress: Any) -> ImportSummary:
            return commit_import(
                service, preview, decisions, source=source, progress=progress, cancel=self._cancel.is_set
            )

        task = self._track(workers.write("Importing…", operation, self._finished, self._failed))
        task.progressed.connect(self.progress_page.show_progress)

    def _run_inline(self, preview: ImportPreview, decisions: dict[int, str], source: str) -> None:
        try:
            summary = commit_import(
                self.service,
                preview,
                decisions,
                source=source,
                progress=self.progress_page.show_progress,
                cancel=self._cancel.is_set,
            )
        except LeadTempError as error:
            self._failed(error)
            return
        self.summary = summary
        self.progress_page.done()

    def cancel_import(self) -> None:
        self._cancel.set()

    def _finished(self, summary: object) -> None:
        assert isinstance(summary, ImportSummary)
        self.summary = summary
        self.progress_page.done()

    def start_undo(
        self, batch_id: int, on_done: Callable[[Any], None], on_failure: Callable[[Exception], None]
    ) -> None:
        """Take the import back on the worker thread: a big import is many rows to delete."""
        workers = self._background()
        if workers is None:
            try:
                result = undo_import(self.service, batch_id)
            except LeadTempError as error:
                on_failure(error)
                return
            on_done(result)
            return

        def operation(service: LeadService, _progress: Progress) -> Any:
            return undo_import(service, batch_id)

        self._track(workers.write("Undoing the import…", operation, on_done, on_failure))

    def _failed(self, error: Exception) -> None:
        self.error = error
        self.progress_page.done()

    def reject(self) -> None:
        """Closing during the import cancels it and waits for the rollback."""
        if self._workers is not None:
            self._cancel.set()
            for request in self._requests.values():
                request.set()
            self._workers.wait()
        super().reject()

    def done(self, result: int) -> None:
        """Late answers to a closed wizard are dropped; what a write did still reaches the window."""
        for request in self._requests.values():
            request.set()
        for task in self._tasks:
            task.cancel()
        if self._workers is not None and self._owns_workers:
            self._workers.shutdown()
        super().done(result)


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle("Choose a file")
        self.setSubTitle("A CSV export (LinkedIn, Google, Outlook, HubSpot, a spreadsheet) or a vCard file.")
        self.path_edit = QLineEdit(wizard.path, self)
        self.path_edit.setPlaceholderText("/path/to/contacts.csv")
        self.path_edit.textChanged.connect(self.completeChanged)
        choose = QPushButton("Choose…", self)
        choose.clicked.connect(self._choose)
        self.message = QLabel(self)
        self.message.setObjectName("file-message")
        self.message.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(choose)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def _choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import contacts", self.path_edit.text(), FILE_FILTER)
        if path:
            self.path_edit.setText(path)

    def isComplete(self) -> bool:
        return Path(self.path_edit.text().strip()).is_file()

    def validatePage(self) -> bool:
        path = self.path_edit.text().strip()
        wizard = self._wizard
        chosen = detect_format(path)
        if chosen == "json":
            self.message.setText(
                "This is a LeadTemp JSON export. Restore it into an empty database from the command "
                "line: leadtemp --db NEW_FILE import FILE.json"
            )
            return False
        try:
            # What makes a file unusable whatever its columns (too large, empty, binary, not
            # text) shows here at once; reading its rows is the next page's, in the background.
            read_text(path)
        except ImportFileError as error:
            self.message.setText(str(error))
            return False
        self.message.clear()
        wizard.path, wizard.format = path, chosen
        return True


class MappingPage(QWizardPage):
    """Which column is which field, with the first rows as they would be imported."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self._columns: list[str] = []
        self._loading = False
        self._reading = False
        self.setTitle("Check the columns")
        self.preset_combo = QComboBox(self)
        self.preset_combo.addItem("Detect automatically", None)
        for name in PRESET_NAMES:
            self.preset_combo.addItem(name.capitalize() if name != "hubspot" else "HubSpot", name)
        self.preset_combo.currentIndexChanged.connect(self._preset_changed)
        self.notes_box = QCheckBox("Put the other columns in the notes", self)
        self.notes_box.setChecked(True)
        self.notes_box.toggled.connect(self._mapping_changed)
        self.columns_table = QTableWidget(0, 2, self)
        self.columns_table.setHorizontalHeaderLabels(["Column in the file", "Field"])
        self.columns_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.columns_table.verticalHeader().setVisible(False)
        headers = ["Name", "E-mail", "Phone", "Company", "Role", "LinkedIn", "Notes"]
        self.preview_table = QTableWidget(0, len(headers), self)
        self.preview_table.setHorizontalHeaderLabels(headers)
        self.preview_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.preview_table.verticalHeader().setVisible(False)
        self.preview_table.horizontalHeader().setStretchLastSection(True)
        self.preview_table.setWordWrap(False)
        self.status = QLabel(self)
        self.status.setObjectName("mapping-status")
        self.status.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Exported by", self.preset_combo)
        self.csv_widgets: list[QWidget] = [self.preset_combo, self.notes_box, self.columns_table]
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.columns_table, 2)
        layout.addWidget(self.notes_box)
        layout.addWidget(QLabel("First rows as they will be imported:", self))
        layout.addWidget(self.preview_table, 3)
        layout.addWidget(self.status)

    def initializePage(self) -> None:
        wizard = self._wizard
        is_csv = wizard.format == "csv"
        for widget in self.csv_widgets:
            widget.setVisible(is_csv)
        self.setSubTitle(
            "Choose the field for each column; the preview follows your choices."
            if is_csv
            else "Each card becomes one contact."
        )
        own = own_export_mapping(wizard.path) if is_csv else None
        wizard.preset, wizard.mapping = None, own
        self._loading = True
        self.preset_combo.setCurrentIndex(0)
        self._loading = False
        self._parse(reset_columns=True)

    def cleanupPage(self) -> None:
        """Going back: the file being read is no longer wanted."""
        self._wizard.cancel(_READING)
        self._reading = False
        super().cleanupPage()

    @property
    def busy(self) -> bool:
        """The file is still being read."""
        return self._reading

    def set_mapping(self, mapping: dict[str, str]) -> None:
        """Set the field of some columns (as the combos would) and refresh the preview."""
        for row, column in enumerate(self._columns):
            if column in mapping:
                combo = self._combo(row)
                combo.setCurrentIndex(max(0, combo.findData(mapping[column])))
        self._mapping_changed()

    def set_preset(self, preset: str | None) -> None:
        self.preset_combo.setCurrentIndex(max(0, self.preset_combo.findData(preset)))

    def _combo(self, row: int) -> QComboBox:
        widget = self.columns_table.cellWidget(row, 1)
        assert isinstance(widget, QComboBox)
        return widget

    def _preset_changed(self) -> None:
        if self._loading:
            return
        self._wizard.preset = self.preset_combo.currentData()
        self._wizard.mapping = None
        self._parse(reset_columns=True)

    def _mapping_changed(self) -> None:
        if self._loading:
            return
        wizard = self._wizard
        wizard.unknown_to_notes = self.notes_box.isChecked()
        if self._columns:
            chosen = {column: self._combo(row).currentData() for row, column in enumerate(self._columns)}
            wizard.mapping = {column: target for column, target in chosen.items() if target} or None
        self._parse(reset_columns=False)

    def _parse(self, *, reset_columns: bool) -> None:
        wizard = self._wizard
        wizard.parsed = None
        self._reading = True
        self.status.setText("Reading the file…")
        self.completeChanged.emit()
        wizard.start_reading(
            lambda parsed: self._read(parsed, reset_columns), lambda error: self._unread(error, reset_columns)
        )

    def _read(self, parsed: ParseResult, reset_columns: bool) -> None:
        self._reading = False
        self._wizard.parsed = parsed
        self._show(parsed, reset_columns=reset_columns)

    def _unread(self, error: Exception, reset_columns: bool) -> None:
        self._reading = False
        if isinstance(error, ColumnMappingError) and reset_columns:
            self._show_columns(error.columns, {})
        self.status.setText(str(error))
        self._fill_preview(None)
        self.completeChanged.emit()

    def _show(self, parsed: ParseResult, *, reset_columns: bool) -> None:
        if reset_columns and parsed.format == "csv":
            self._show_columns(parsed.columns, self._targets(parsed))
        skipped = len(parsed.problems)
        problems = (
            f"; {skipped:,} {'row' if skipped == 1 else 'rows'} will be skipped (the next page says why)"
            if skipped
            else ""
        )
        found = f"{parsed.count:,} contact{'' if parsed.count == 1 else 's'} found"
        self.status.setText(f"{found} ({parsed.encoding}){problems}.")
        self._fill_preview(parsed)
        self.completeChanged.emit()

    def _targets(self, parsed: ParseResult) -> dict[str, str]:
        mapping = self._wizard.mapping
        if mapping is None:
            mapping = PRESETS.get(parsed.preset) or guess_mapping(parsed.columns)
        targets = resolve(mapping, parsed.columns)
        return {column: target for column, target in zip(parsed.columns, targets, strict=True) if target}

    def _show_columns(self, columns: list[str], targets: dict[str, str]) -> None:
        self._loading = True
        self._columns = list(columns)
        self.columns_table.setRowCount(len(columns))
        for row, column in enumerate(columns):
            item = QTableWidgetItem(column)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.columns_table.setItem(row, 0, item)
            combo = QComboBox(self.columns_table)
            for target in (_UNMAPPED, *TARGETS):
                combo.addItem(_TARGET_LABELS.get(target, target), target)
            combo.setCurrentIndex(max(0, combo.findData(targets.get(column, _UNMAPPED))))
            combo.currentIndexChanged.connect(self._mapping_changed)
            self.columns_table.setCellWidget(row, 1, combo)
        self._loading = False

    def _fill_preview(self, parsed: ParseResult | None) -> None:
        drafts = parsed.first(PREVIEW_ROWS) if parsed else []
        self.preview_table.setRowCount(len(drafts))
        for row, draft in enumerate(drafts):
            values = (
                draft.name,
                draft.email,
                draft.phone,
                draft.company,
                draft.role,
                draft.linkedin,
                draft.notes,
            )
            for column, value in enumerate(values):
                self.preview_table.setItem(row, column, QTableWidgetItem(value.replace("\n", " ⏎ ")))
        self.preview_table.resizeColumnsToContents()
        # Wide enough to read, never so wide that one long address pushes the rest away.
        widest = self.preview_table.fontMetrics().averageCharWidth() * 28
        for column in range(self.preview_table.columnCount() - 1):
            if self.preview_table.columnWidth(column) > widest:
                self.preview_table.setColumnWidth(column, widest)

    def isComplete(self) -> bool:
        parsed = self._wizard.parsed
        return parsed is not None and parsed.count > 0


class ReviewPage(QWizardPage):
    """Every row with what will happen to it; duplicates can be updated, skipped or imported."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle("Review duplicates")
        self.setSubTitle(
            "Each row says why it matches someone. A possible duplicate has the same name as someone "
            "but another e-mail address or LinkedIn profile: it is imported unless you choose otherwise."
        )
        self.setCommitPage(True)
        self.model = ReviewModel(self)
        self.model.actionsChanged.connect(self._update_counts)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(STATUS_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.table.setItemDelegateForColumn(ACTION_COLUMN, ActionDelegate(self.table))
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.SelectedClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.all_duplicates = SetEveryCombo(self.model, RowStatus.DUPLICATE, self)
        self.all_possible = SetEveryCombo(self.model, RowStatus.POSSIBLE, self)
        self.source_combo = QComboBox(self)
        self.source_combo.setEditable(True)
        self.source_combo.addItems(["", *LEAD_SOURCES])
        self.counts = QLabel(self)
        self.counts.setObjectName("review-counts")
        self.checking = QProgressBar(self)
        self.checking.setFormat("Looking for duplicates… %p%")
        self.checking.hide()
        self.failure = QLabel(self)
        self.failure.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Lead source for these contacts", self.source_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        bulk = QHBoxLayout()
        bulk.addWidget(self.all_duplicates)
        bulk.addWidget(self.all_possible)
        bulk.addStretch(1)
        layout.addLayout(bulk)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.checking)
        layout.addWidget(self.counts)
        layout.addWidget(self.failure)

    def initializePage(self) -> None:
        wizard = self._wizard
        self.failure.clear()
        wizard.preview = None
        self.model.set_preview(None)
        self.checking.setRange(0, 0)
        self.checking.show()
        self.completeChanged.emit()
        wizard.start_preview(self._previewed, self._preview_failed, self._preview_progress)

    def cleanupPage(self) -> None:
        """Going back: the preview being made is no longer wanted."""
        self._wizard.cancel_preview()
        self.checking.hide()
        super().cleanupPage()

    @property
    def busy(self) -> bool:
        """The preview is still being made."""
        return not self.checking.isHidden()

    def _preview_progress(self, done: int, total: int) -> None:
        self.checking.setRange(0, max(total, 1))
        self.checking.setValue(done)

    def _previewed(self, preview: ImportPreview) -> None:
        self.checking.hide()
        self._wizard.preview = preview
        self.model.set_preview(preview)
        self.table.resizeColumnsToContents()
        # Only the first rows are measured; the last has the widest row number.
        if len(preview.rows):
            widest = self.table.fontMetrics().horizontalAdvance(str(preview.rows[-1].row_number)) + 16
            self.table.setColumnWidth(ROW_COLUMN, max(self.table.columnWidth(ROW_COLUMN), widest))
        self.completeChanged.emit()

    def _preview_failed(self, error: Exception) -> None:
        self.checking.hide()
        self._wizard.preview = None
        self.failure.setText(str(error))
        self.completeChanged.emit()

    def set_action(self, index: int, action: str) -> None:
        """Choose a row's action, as the combo in its Action cell would."""
        self.model.set_action(index, action)

    def action(self, index: int) -> str:
        return self.model.action(index)

    def decisions(self) -> dict[int, str]:
        return self.model.decisions()

    def source(self) -> str:
        return self.source_combo.currentText().strip()

    def _update_counts(self) -> None:
        preview = self._wizard.preview
        if preview is None:
            self.counts.clear()
            return
        counts = preview.counts(self.decisions())
        possible = f" ({counts.possible} possible duplicates)" if counts.possible else ""
        self.counts.setText(
            f"{counts.new} new{possible}, {counts.updated} to update, {counts.skipped} skipped, "
            f"{counts.invalid} invalid"
        )

    def isComplete(self) -> bool:
        return self._wizard.preview is not None

    def validatePage(self) -> bool:
        self._wizard.start_import(self.decisions(), self.source())
        return True


class ProgressPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self._finished = False
        self.setTitle("Importing")
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 0)
        self.cancel_button = QPushButton("Cancel import", self)
        self.cancel_button.clicked.connect(self._cancel)
        self.label = QLabel("Writing contacts…", self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        layout.addStretch(1)

    def initializePage(self) -> None:
        self.cancel_button.setEnabled(not self._finished)

    def show_progress(self, done: int, total: int) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)

    def _cancel(self) -> None:
        self.cancel_button.setEnabled(False)
        self.label.setText("Cancelling…")
        self._wizard.cancel_import()

    def done(self) -> None:
        self._finished = True
        self.cancel_button.setEnabled(False)
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        self.completeChanged.emit()
        QTimer.singleShot(0, self._advance)

    def _advance(self) -> None:
        if self._wizard.currentId() == PROGRESS_PAGE:
            self._wizard.next()

    def isComplete(self) -> bool:
        return self._finished


class SummaryPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self._undoing = False
        self.setTitle("Done")
        self.label = QLabel(self)
        self.label.setObjectName("import-summary")
        self.label.setWordWrap(True)
        self.undo_button = QPushButton("Undo this import", self)
        self.undo_button.clicked.connect(self.undo)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.undo_button)
        layout.addStretch(1)

    def initializePage(self) -> None:
        wizard = self._wizard
        summary = wizard.summary
        if wizard.error is not None:
            self.setTitle("Import failed")
            self.label.setText(f"{wizard.error}\nNothing was imported.")
        elif summary is None or summary.cancelled:
            self.setTitle("Import cancelled")
            self.label.setText("The import was cancelled; nothing was imported.")
        else:
            counts = summary.counts
            batch = f" This is import #{summary.batch_id}." if summary.batch_id is not None else ""
            possible = f" ({counts.possible} possible duplicates)" if counts.possible else ""
            self.label.setText(
                f"{counts.new} new contacts{possible}, {counts.updated} updated, {counts.skipped} duplicates "
                f"skipped, {counts.invalid} invalid rows.{batch}"
            )
        self.undo_button.setVisible(summary is not None and summary.batch_id is not None)

    def undo(self) -> None:
        summary = self._wizard.summary
        if summary is None or summary.batch_id is None:
            return
        self.undo_button.setEnabled(False)
        self._undoing = True
        self._wizard.start_undo(summary.batch_id, self._undone, self._not_undone)

    @property
    def busy(self) -> bool:
        """The undo is still under way."""
        return self._undoing

    def _undone(self, result: Any) -> None:
        self._undoing = False
        self.label.setText(result.describe().capitalize() + ".")

    def _not_undone(self, error: Exception) -> None:
        self._undoing = False
        self.undo_button.setEnabled(True)
        self.label.setText(str(error))
