"""The undo step of a qualification set in the window: a chip's click or quick-add's answers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, cast

from desktop.commands import ServiceCommand, StepNaming
from leadtemp.qualification.answers import Qualification

if TYPE_CHECKING:
    from leadtemp.service import Change, LeadService


@dataclass
class ChosenAnswers:
    """Answers the user chose for one lead somewhere other than its panel (the capture review),
    with their notes and the day they were learned."""

    values: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    learned_on: date | None = None


def set_answers(service: LeadService, chosen: dict[int, ChosenAnswers]) -> dict[int, Qualification]:
    """Set each lead's chosen answers (the caller holds the transaction); the answers as they were."""
    before = {contact_id: service.qualification(contact_id) for contact_id in chosen}
    for contact_id, answers in chosen.items():
        service.qualify(contact_id, answers.values, answers.notes, learned_on=answers.learned_on)
    return before


def put_back(service: LeadService, before: dict[int, Qualification]) -> None:
    for contact_id, qualification in before.items():
        service.restore_qualification(contact_id, qualification)


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


class WithQualificationCommand(ServiceCommand):
    """Quick-add's log (and next step) with the answers chosen beside it: one step of the undo
    history in one transaction, so a refused answer logs nothing either."""

    def __init__(
        self,
        service: StepNaming,
        inner: ServiceCommand,
        contact_id: Callable[[], int | None],
        values: dict[str, str],
    ) -> None:
        super().__init__(service, f"{inner.text()}, qualified")
        self.inner = inner
        self._contact_id = contact_id
        self.values = dict(values)
        self.qualify: QualifyCommand | None = None

    @property
    def contact_id(self) -> int | None:
        return self._contact_id()

    def _do(self, service: LeadService) -> Change:
        with service.transaction():
            self.inner.perform(service)
            contact_id = self._contact_id()
            assert contact_id is not None
            if self.qualify is None or self.qualify.contact_id != contact_id:
                self.qualify = QualifyCommand(service, contact_id, self.values)
            return self.qualify._do(service)

    def _undo(self, service: LeadService) -> Change:
        assert self.qualify is not None
        with service.transaction():
            self.qualify._undo(service)
            return cast("Change", self.inner.revert(service))
