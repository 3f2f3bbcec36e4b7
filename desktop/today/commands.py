"""Undoable agenda writes: a next step set or done, a lead snoozed. Each remembers what it
replaced on the worker's service the first time it runs, and undo puts exactly that back."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, cast

from desktop.commands import ServiceCommand, StepNaming
from leadtemp.clock import local_date

if TYPE_CHECKING:
    from leadtemp.agenda.entries import NextStep, Snooze
    from leadtemp.service import Change, LeadService


def _restore_step(service: LeadService, contact_id: int, previous: NextStep | None) -> Change:
    if previous is not None:
        return service.set_next_step(contact_id, previous.text, previous.due)
    return service.clear_next_step(contact_id)


class SetNextStepCommand(ServiceCommand):
    def __init__(self, service: StepNaming, contact_id: int, text: str, due: date) -> None:
        super().__init__(service, "")
        self.setText(f"Set the next step of {self._name(contact_id)}")
        self.contact_id = contact_id
        self.step_text = text
        self.due = due
        self.previous: NextStep | None = None

    def _do(self, service: LeadService) -> Change:
        self.previous = service.next_step(self.contact_id)
        return service.set_next_step(self.contact_id, self.step_text, self.due)

    def _undo(self, service: LeadService) -> Change:
        return _restore_step(service, self.contact_id, self.previous)


class CompleteNextStepCommand(ServiceCommand):
    def __init__(self, service: StepNaming, contact_id: int) -> None:
        super().__init__(service, "")
        self.setText(f"Mark the next step of {self._name(contact_id)} done")
        self.contact_id = contact_id
        self.done: NextStep | None = None

    def _do(self, service: LeadService) -> Change:
        self.done = service.next_step(self.contact_id)
        return service.complete_next_step(self.contact_id)

    def _undo(self, service: LeadService) -> Change:
        return _restore_step(service, self.contact_id, self.done)


class SnoozeCommand(ServiceCommand):
    def __init__(self, service: StepNaming, contact_id: int, until: date) -> None:
        super().__init__(service, "")
        self.setText(f"Snooze {self._name(contact_id)} until {until.strftime('%b')} {until.day}")
        self.contact_id = contact_id
        self.until = until
        self.previous: Snooze | None = None

    def _do(self, service: LeadService) -> Change:
        self.previous = service.snoozed(self.contact_id)
        return service.snooze(self.contact_id, self.until)

    def _undo(self, service: LeadService) -> Change:
        if self.previous is not None and self.previous.until > local_date(service.now()):
            return service.snooze(self.contact_id, self.previous.until)
        return service.unsnooze(self.contact_id)


class WithNextStepCommand(ServiceCommand):
    """Quick-add's log (for a known lead or a new one) and the next step typed with it: one step
    of the undo history in one transaction, so a refused step logs nothing either."""

    def __init__(
        self,
        service: StepNaming,
        inner: ServiceCommand,
        contact_id: Callable[[], int | None],
        text: str,
        due: date,
    ) -> None:
        super().__init__(service, f"{inner.text()}, next step due {due.strftime('%b')} {due.day}")
        self.inner = inner
        self._contact_id = contact_id
        self.step_text = text
        self.due = due
        self.step: SetNextStepCommand | None = None

    @property
    def contact_id(self) -> int | None:
        return self._contact_id()

    def _do(self, service: LeadService) -> Change:
        with service.transaction():
            change = cast("Change", self.inner.perform(service))
            contact_id = self._contact_id()
            assert contact_id is not None
            if self.step is None or self.step.contact_id != contact_id:
                self.step = SetNextStepCommand(service, contact_id, self.step_text, self.due)
            self.step.perform(service)
        return change

    def _undo(self, service: LeadService) -> Change:
        assert self.step is not None
        with service.transaction():
            self.step.revert(service)
            return cast("Change", self.inner.revert(service))
