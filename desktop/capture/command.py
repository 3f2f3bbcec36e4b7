"""A capture as one step of the window's undo history: undo takes the whole batch back."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.commands import ServiceCommand, StepNaming
from desktop.qualification.command import ChosenAnswers, put_back, set_answers
from leadtemp.capture.commit import CapturePreview, CaptureReport, CaptureUndo
from leadtemp.errors import ValidationError
from leadtemp.qualification.answers import Qualification

if TYPE_CHECKING:
    from leadtemp.service import LeadService


class CaptureCommand(ServiceCommand):
    """Log the accepted lines of a preview as one batch; redo captures them again as a new batch
    (undo forgot their source keys, so nothing counts as captured before)."""

    def __init__(
        self,
        service: StepNaming,
        preview: CapturePreview,
        accepted: list[int],
        answers: dict[int, ChosenAnswers] | None = None,
    ) -> None:
        """``answers``: the qualification answers the user ticked on the review, by lead; set in
        the same transaction and undone with the capture."""
        super().__init__(service, f"Capture from {preview.label}")
        self.preview = preview
        self.accepted = list(accepted)
        self.answers = dict(answers or {})
        self.answered_before: dict[int, Qualification] = {}
        self.report: CaptureReport | None = None
        self.undone: CaptureUndo | None = None

    def perform(self, service: LeadService) -> CaptureReport:
        with service.transaction():
            self.report = self._commit(service)
            self.answered_before = set_answers(service, self.answers)
        return self.report

    def _commit(self, service: LeadService) -> CaptureReport:
        return service.commit_capture(self.preview, self.accepted)

    def revert(self, service: LeadService) -> CaptureUndo:
        if self.report is None or self.report.batch_id is None:
            raise ValidationError(f"the capture from {self.preview.label} logged nothing to undo")
        with service.transaction():
            put_back(service, self.answered_before)
            self.undone = service.undo_capture(self.report.batch_id)
        return self.undone

    def summary(self) -> str:
        """The notice after the capture, short enough for one line: how many it logged, the new
        leads, and how to take it back."""
        report = self.report
        if report is None:
            return ""
        if report.batch_id is None:
            return f"Nothing captured from {self.preview.label}: every line was captured before"
        leads = len(report.created)
        new = f", {leads} new lead{'s' if leads != 1 else ''}" if leads else ""
        logged = report.logged_total
        return (
            f"Captured {logged} interaction{'s' if logged != 1 else ''} from {self.preview.label}{new}"
            " — Ctrl+Z to undo"
        )
