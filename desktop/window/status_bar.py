"""The status bar: how many leads are open and waiting, background work in progress, which file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar

from desktop.workers import Task, Workers
from leadtemp.book_kinds import BookKind, words_for
from leadtemp.paths import book_location


class WindowStatus:
    """Fills ``bar``; a progress bar appears while a labelled background task runs."""

    def __init__(self, bar: QStatusBar, workers: Workers, path: Path) -> None:
        self.bar = bar
        #: What the book calls a lead (a recruiting book's "candidate").
        self.words = words_for(BookKind.SALES)
        self.summary = QLabel(bar)
        self.summary.setObjectName("status-summary")
        self.progress_label = QLabel(bar)
        self.progress = QProgressBar(bar)
        self.progress.setObjectName("background-progress")
        self.progress.setMaximumWidth(160)
        self.progress.setTextVisible(False)
        self.progress.setRange(0, 0)
        self.path = QLabel(book_location(path), bar)
        self.path.setObjectName("status-path")
        bar.addWidget(self.summary)
        bar.addPermanentWidget(self.progress_label)
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.path)
        self.progress_label.hide()
        self.progress.hide()
        workers.taskStarted.connect(self.task_started)
        workers.busyChanged.connect(self._busy_changed)

    def show_summary(self, open_leads: int, waiting: int | None) -> None:
        """``waiting`` is None while only part of the board is in: a count of the cards loaded so
        far would read as the whole, so none is shown until it is."""
        words = self.words
        text = f"{open_leads:,} open {words.lead if open_leads == 1 else words.leads}"
        if waiting:
            text += f" · {waiting:,} hot {words.lead if waiting == 1 else words.leads} waiting for an answer"
        self.summary.setText(text)

    def task_started(self, task: Task) -> None:
        """Unlabelled tasks (the minute-by-minute refresh) run without a progress bar."""
        if not task.label or task.done:
            return
        self.progress_label.setText(task.label)
        self.progress.setRange(0, 0)
        self.progress_label.show()
        self.progress.show()
        task.progressed.connect(self._progressed)

    def _progressed(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def _busy_changed(self, busy: bool) -> None:
        if not busy:
            self.progress_label.hide()
            self.progress.hide()
