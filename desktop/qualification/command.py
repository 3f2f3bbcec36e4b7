"""The undo step of a qualification set in the window: a chip's click or quick-add's answers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.commands import ServiceCommand, StepNaming
from leadtemp.qualification.answers import Qualification

if TYPE_CHECKING:
    from leadtemp.service import Change, LeadService


class QualifyCommand(ServiceCommand):
    """Set some of a lead's answers; undo puts every answer back as it was (note and date too)."""

    def __init__(self, service: StepNaming, contact_id: int, values: dict[str, str]) -> None:
        super().__init__(service, "")
        said = ", ".join(f"{criterion} {value}" for criterion, value in values.items())
        self.setText(f"Qualify {self._name(contact_id)}: {said}")
        self.contact_id = contact_id
        self.values = dict(values)
        self.before: Qualification | None = None

    def _do(self, service: LeadService) -> Change:
        self.before = service.qualification(self.contact_id)
        return service.qualify(self.contact_id, self.values)

    def _undo(self, service: LeadService) -> Change:
        assert self.before is not None
        return service.restore_qualification(self.contact_id, self.before)
