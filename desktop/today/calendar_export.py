"""File > Export Follow-ups…: every lead's next step as an iCalendar file (all-day events on their
due days), through the same export the ``leadtemp today --ics`` command writes, on the worker."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog

if TYPE_CHECKING:
    from desktop.today.host import TodayHost
    from desktop.workers import Progress
    from leadtemp.service import LeadService


def ask_and_export(window: TodayHost) -> QFileDialog:
    """The save dialog (window-modal); choosing a file writes it."""
    suggested = str(Path.home() / "leadtemp-follow-ups.ics")
    dialog = QFileDialog(window.window(), "Export follow-ups", suggested, "iCalendar files (*.ics)")
    dialog.setObjectName("export-follow-ups")
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setDefaultSuffix("ics")
    dialog.fileSelected.connect(lambda path: export_to(window, Path(path)))
    window._show_dialog(dialog)
    return dialog


def export_to(window: TodayHost, target: Path) -> None:
    """Write the file on the worker (the dialog already asked before replacing one) and say how
    many steps it holds; a refused target (the book's own files) is shown, nothing written."""

    def write(service: LeadService, _progress: Progress) -> int:
        from leadtemp.exporting.ics_export import export_steps_ics

        steps = service.scheduled_steps()
        export_steps_ics(service.path, target, steps, service.now(), overwrite=True)
        return len(steps)

    def written(count: int) -> None:
        steps = f"{count} next step{'s' if count != 1 else ''}"
        window.notices.show_notice(f"Exported {steps} to {target.name}: open it in your calendar")

    window.workers.run("Exporting follow-ups…", write, written, window.show_error)
