"""File > Capture from file... (or a file dropped on the window): read it, review, then capture.

The file is read and matched against the book on the worker queue; the review lists every line
with the lead it logs to (or the new lead it would create), its kind, date, note and evidence,
each accepted or rejected by its check box. "Always ignore this sender" puts the sender on the
kept ignore list (on the worker) and rejects their lines. Accepting the dialog hands the window
the preview and the accepted lines: the window captures them as one undoable step.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.capture.mapping_bar import MappingBar
from desktop.capture.review_model import (
    ACCEPT_COLUMN,
    EVIDENCE_COLUMN,
    KIND_COLUMN,
    LEAD_COLUMN,
    NOTE_COLUMN,
    SUGGEST_COLUMN,
    WHEN_COLUMN,
    CaptureReviewModel,
    sender_of,
)
from desktop.qualification.command import ChosenAnswers
from leadtemp.capture.commit import CapturePreview
from leadtemp.capture.errors import MappingNeeded
from leadtemp.capture.mail.signals import load_rules
from leadtemp.capture.sources import MAIL_KINDS, CaptureOptions, read_capture_source, source_kind
from leadtemp.capture.suggested_answers import suggested_answers
from leadtemp.errors import LeadTempError, ValidationError

if TYPE_CHECKING:
    from desktop.workers import Progress, Task, Workers
    from leadtemp.service import LeadService


def read_and_preview(
    service: LeadService, path: Path, mapping: dict[str, str] | None = None
) -> CapturePreview:
    """What capturing ``path`` would log, with the user's own addresses and note setting; mail
    is refused until the user has said which addresses are theirs."""
    me = tuple(service.my_addresses())
    if not me and source_kind(path) in MAIL_KINDS:
        raise ValidationError(
            "say which addresses are yours first (Settings > Capture > Your addresses), so capture "
            "knows which mail you sent; nothing was read"
        )
    options = CaptureOptions(
        me=me, now=service.now(), subjects_only=service.capture_subjects_only(), mapping=mapping or {}
    )
    return service.preview_capture(read_capture_source(path, options), label=path.name)


class CaptureDialog(QDialog):
    """``CaptureDialog(service, path, parent, workers)``: without ``workers`` it reads inline. With
    a ``preview`` already read (a mailbox check), it reviews that and reads nothing; ``path`` then
    only names what is reviewed."""

    def __init__(
        self,
        service: LeadService,
        path: str,
        parent: QWidget | None = None,
        workers: Workers | None = None,
        *,
        preview: CapturePreview | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("capture-dialog")
        self.service = service
        self.path = Path(path)
        self.error: Exception | None = None
        self._workers = workers
        self._tasks: list[Task] = []
        self.setWindowTitle(f"Capture from {preview.label if preview is not None else self.path.name}")
        self.model = CaptureReviewModel(service.catalogue, self)
        self.model.acceptedChanged.connect(self._update)

        self.status = QLabel(f"Reading {self.path.name}…", self)
        self.status.setObjectName("capture-status")
        self.status.setWordWrap(True)
        self.table = QTableView(self)
        self.table.setObjectName("capture-review")
        self.table.setAccessibleName("Lines to capture")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        for column, mode in (
            (ACCEPT_COLUMN, QHeaderView.ResizeMode.ResizeToContents),
            (LEAD_COLUMN, QHeaderView.ResizeMode.Interactive),
            (KIND_COLUMN, QHeaderView.ResizeMode.ResizeToContents),
            (WHEN_COLUMN, QHeaderView.ResizeMode.ResizeToContents),
            (NOTE_COLUMN, QHeaderView.ResizeMode.Stretch),
            (EVIDENCE_COLUMN, QHeaderView.ResizeMode.Interactive),
            (SUGGEST_COLUMN, QHeaderView.ResizeMode.ResizeToContents),
        ):
            header.setSectionResizeMode(column, mode)
        self.table.setColumnWidth(LEAD_COLUMN, 190)
        self.table.setColumnWidth(EVIDENCE_COLUMN, 200)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update())

        self.accept_all = QPushButton("Accept &all", self)
        self.accept_all.clicked.connect(lambda: self.model.set_all(True))
        self.reject_all = QPushButton("&Reject all", self)
        self.reject_all.clicked.connect(lambda: self.model.set_all(False))
        self.ignore_button = QPushButton("Always &ignore this sender", self)
        self.ignore_button.setObjectName("capture-ignore-sender")
        self.ignore_button.setToolTip("Reject the selected line's sender now and in every later capture")
        self.ignore_button.clicked.connect(self.ignore_selected_sender)
        self.skipped_label = QLabel(self)
        self.skipped_label.setObjectName("capture-skipped")
        self.skipped_label.setWordWrap(True)
        self.skipped_label.setEnabled(False)
        self.mapping_bar = MappingBar(service.catalogue, self)
        self.mapping_bar.setHidden(True)
        self.mapping_bar.chosen.connect(self._read_mapped)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.capture_button = self.buttons.addButton("&Capture", QDialogButtonBox.ButtonRole.AcceptRole)
        self.capture_button.setObjectName("capture-commit")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        choices = QHBoxLayout()
        choices.addWidget(self.accept_all)
        choices.addWidget(self.reject_all)
        choices.addWidget(self.ignore_button)
        choices.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.mapping_bar)
        layout.addWidget(self.table, 1)
        layout.addLayout(choices)
        layout.addWidget(self.skipped_label)
        layout.addWidget(self.buttons)
        self.resize(940, 520)
        self._update()
        if preview is None:
            self._start_reading()
        else:
            self._show_preview(preview)

    # Reading ----------------------------------------------------------------------------

    def _start_reading(self, mapping: dict[str, str] | None = None) -> None:
        path = self.path

        def operation(service: LeadService, _progress: Progress) -> CapturePreview:
            return read_and_preview(service, path, mapping)

        self._run("Reading the file…", operation, self._show_preview, self._failed, write=False)

    def _read_mapped(self, mapping: dict[str, str]) -> None:
        """Read the CSV again with the columns the user chose."""
        self.error = None
        self.status.setText(f"Reading {self.path.name}…")
        self._start_reading(mapping)

    def _show_preview(self, preview: object) -> None:
        assert isinstance(preview, CapturePreview)
        self.mapping_bar.setHidden(True)
        self.model.set_preview(preview, self._suggestions(preview))
        self.table.resizeColumnToContents(KIND_COLUMN)
        skipped = preview.skipped_counts()
        shown = ", ".join(f"{reason} {count}" for reason, count in skipped.items())
        self.skipped_label.setText(f"Skipped: {shown}" if shown else "Nothing skipped")
        self.skipped_label.setToolTip(
            "\n".join(f"{item.reason.value}: {item.detail}" for item in preview.skipped[:40] if item.detail)
        )

    @staticmethod
    def _suggestions(preview: CapturePreview) -> dict[int, dict[str, str]]:
        """The answers the lines suggest, by the capture rules in force (none if they cannot be
        read now: the lines themselves were read already)."""
        try:
            return suggested_answers(preview, load_rules())
        except ValidationError:
            return {}

    def _failed(self, error: Exception) -> None:
        self.error = error
        if isinstance(error, MappingNeeded):
            self.mapping_bar.set_columns(error.columns)
            self.mapping_bar.setHidden(False)
            self.status.setText(
                f"{self.path.name} is no export LeadTemp knows: say which column holds the address, "
                "what happened and when."
            )
        else:
            self.status.setText(f"{self.path.name} cannot be captured: {error}")
        self._update()

    # Choices ----------------------------------------------------------------------------

    def selected_rows(self) -> list[int]:
        return sorted({index.row() for index in self.table.selectionModel().selectedRows()})

    def ignore_selected_sender(self) -> None:
        """The selected line's sender on the kept ignore list; their lines here are rejected."""
        rows = self.selected_rows()
        address = sender_of(self.model.line(rows[0])) if rows else ""
        if not address:
            return

        def operation(service: LeadService, _progress: Progress) -> bool:
            return service.ignore_sender(address)

        def ignored(_result: object) -> None:
            self.model.ignore_sender(address)
            self.status.setText(
                f"{address} is ignored from now on (Settings > Capture lists the ignored senders)"
            )

        self._run(f"Ignoring {address}…", operation, ignored, self._failed, write=True)

    def chosen(self) -> tuple[CapturePreview, list[int], dict[int, ChosenAnswers]] | None:
        """The preview, the accepted lines and the answers ticked, once the review is there."""
        preview = self.model.preview
        return (preview, self.model.accepted(), self.model.answers()) if preview is not None else None

    def _update(self) -> None:
        preview = self.model.preview
        rows = self.selected_rows() if preview is not None else []
        sender = sender_of(self.model.line(rows[0])) if rows else ""
        self.ignore_button.setEnabled(bool(sender))
        self.ignore_button.setText(f"Always &ignore {sender}" if sender else "Always &ignore this sender")
        for button in (self.accept_all, self.reject_all):
            button.setEnabled(preview is not None and bool(preview.lines))
        accepted, rejected, duplicates = self.model.counts()
        self.capture_button.setEnabled(accepted > 0)
        self.capture_button.setText(f"&Capture {accepted}" if accepted else "&Capture")
        if preview is None:
            return
        kinds, leads = self.model.accepted_counts()
        text = f"Capture will log {accepted}"
        if kinds:
            text += ": " + ", ".join(f"{label} {count}" for label, count in kinds.items())
        if leads:
            text += f"; {leads} new lead{'s' if leads != 1 else ''}"
        answered = len(self.model.answers())
        if answered:
            text += f"; the answers ticked for {answered} lead{'s' if answered != 1 else ''}"
        extra = [f"{rejected} rejected"] if rejected else []
        extra += [f"{duplicates} captured before"] if duplicates else []
        if not preview.lines:
            text = f"Nothing in {self.path.name} logs to a lead"
        self.status.setText(f"{text}; {', '.join(extra)}." if extra else f"{text}.")

    # The worker -------------------------------------------------------------------------

    def _run(self, label: str, operation: Any, done: Any, failed: Any, *, write: bool) -> None:
        if self._workers is None or str(self.service.path) == ":memory:":
            try:
                result = operation(self.service, lambda _done, _total: None)
            except LeadTempError as error:
                failed(error)
                return
            done(result)
            return
        start = self._workers.write if write else self._workers.run
        self._tasks = [task for task in self._tasks if not task.done] + [
            start(label, operation, done, failed)
        ]

    def done(self, result: int) -> None:
        """Late answers to a closed dialog are dropped."""
        for task in self._tasks:
            task.cancel()
        super().done(result)
