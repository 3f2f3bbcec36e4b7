"""A capture as one step of the window's undo history: undo takes the whole batch back."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.commands import ServiceCommand
from leadtemp.capture.commit import CapturePreview, CaptureReport, CaptureUndo
from leadtemp.errors import ValidationError

if TYPE_CHECKING:
    from leadtemp.service import LeadService


class CaptureCommand(ServiceCommand):
    """Log the accepted lines of a preview as one batch; redo captures them again as a new batch
    (undo forgot their source keys, so nothing counts as captured before)."""

    def __init__(self, service: LeadService, preview: CapturePreview, accepted: list[int]) -> None:
        super().__init__(service, f"Capture from {preview.label}")
        self.preview = preview
        self.accepted = list(accepted)
        self.report: CaptureReport | None = None
        self.undone: CaptureUndo | None = None

    def perform(self, service: LeadService) -> CaptureReport:
        self.report = service.commit_capture(self.preview, self.accepted)
        return self.report

    def revert(self, service: LeadService) -> CaptureUndo:
        if self.report is None or self.report.batch_id is None:
            raise ValidationError(f"the capture from {self.preview.label} logged nothing to undo")
        self.undone = service.undo_capture(self.report.batch_id)
        return self.undone

    def summary(self) -> str:
        """The toast after the capture: what it logged and how to take it back."""
        if self.report is None:
            return ""
        if self.report.batch_id is None:
            return f"Captured nothing from {self.preview.label}: {self.report.describe()}"
        return f"Captured from {self.preview.label}: {self.report.describe()} — Ctrl+Z to undo"
