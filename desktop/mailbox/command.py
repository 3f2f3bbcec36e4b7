"""A mailbox check kept as one step of the undo history: the reviewed lines and the folders' marks
in one transaction; undo takes the batch back (the marks stay, so the same mail is not offered
again; capturing it once more from a file logs it afresh)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.capture.command import CaptureCommand
from desktop.commands import StepNaming
from desktop.qualification.command import ChosenAnswers
from leadtemp.capture.commit import CaptureReport

if TYPE_CHECKING:
    from leadtemp.capture.imap.check import MailCheck
    from leadtemp.service import LeadService


class MailCheckCommand(CaptureCommand):
    def __init__(
        self,
        service: StepNaming,
        check: MailCheck,
        accepted: list[int],
        answers: dict[int, ChosenAnswers] | None = None,
    ) -> None:
        super().__init__(service, check.preview, accepted, answers)
        self.check = check

    def _commit(self, service: LeadService) -> CaptureReport:
        from leadtemp.capture.imap.check import commit_mail_check

        return commit_mail_check(service, self.check, self.accepted)
