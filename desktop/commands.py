"""Undoable writes: every change the main window makes goes through one of these commands.

The window runs each write on the app's worker queue, against the worker's own service
(:meth:`ServiceCommand.perform` and :meth:`ServiceCommand.revert`), and moves the undo stack only
once that write has succeeded: a refused write never lands on the stack, and the stack's own
``redo``/``undo`` calls write nothing, so the stack and the book never disagree. A failed undo or
redo (the contact was purged meanwhile, say) marks the command obsolete, so the stack drops it.

A command on one lead writes from what the window showed: its first write carries the lead's row
version the window had read (``seen``), and its undo and redo carry the version its own last write
left, as a step of the user's own, so neither ever overwrites what someone else did since.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtGui import QUndoCommand

from leadtemp.model import CONTACT_FIELDS, Contact, Interaction, Outcome, Pin, Temperature
from leadtemp.scoring.decay import pin_active

if TYPE_CHECKING:
    from leadtemp.bulk_edits import BulkEdit, LeadSnapshot
    from leadtemp.scoring.catalogue import Catalogue
    from leadtemp.service import Change, LeadService, MergeUndo


class StepNaming(Protocol):
    """What a command needs to name its undo step: read from what the window already shows (a
    command is made on the UI thread, which never waits on the database), or from a service."""

    @property
    def catalogue(self) -> Catalogue: ...

    def now(self) -> datetime: ...

    def name_of(self, contact_id: int) -> str: ...


class ServiceCommand(QUndoCommand):
    """Base class: ``_do`` performs the write, ``_undo`` reverses it, each on the service it is
    given (a worker's); both return the Change. ``service`` only names the step."""

    def __init__(self, service: StepNaming, text: str) -> None:
        super().__init__(text)
        self.service = service
        #: The lead's row version the window showed when the step was made (None: not known).
        self.seen: int | None = None
        #: The lead's row version after this step's last write, undo or redo.
        self.version: int | None = None
        self._guard: dict[str, Any] = {}

    def perform(self, service: LeadService) -> object:
        """The write (first time and redo), returning what it did; raises LeadTempError when refused."""
        first = self.version is None
        self._guard = {"seen": self.seen, "step": None} if first else {"seen": self.version, "step": "redo"}
        return self._track(self._do(service))

    def revert(self, service: LeadService) -> object:
        """The undo's write; raises LeadTempError when refused."""
        self._guard = {"seen": self.version, "step": "undo"}
        return self._track(self._undo(service))

    def _track(self, result: object) -> object:
        version = getattr(result, "version", None)
        if isinstance(version, int) and version:
            self.version = version
        return result

    @property
    def guard(self) -> dict[str, Any]:
        """What the write now being made passes the service: the version it was made from, and
        whether it is an undo or a redo of this step."""
        return dict(self._guard)

    def redo(self) -> None:
        """Nothing: the write already ran on the worker before the stack moved."""

    def undo(self) -> None:
        """Nothing: the undo's write already ran on the worker before the stack moved."""

    def _do(self, service: LeadService) -> Change | BulkEdit:
        raise NotImplementedError

    def _undo(self, service: LeadService) -> Change | BulkEdit:
        raise NotImplementedError

    def _name(self, contact_id: int) -> str:
        return self.service.name_of(contact_id)


class LogInteractionCommand(ServiceCommand):
    """Undo deletes the logged interaction; redo puts it back under the same id."""

    def __init__(
        self,
        service: StepNaming,
        contact_id: int,
        kind: str,
        occurred_at: datetime | None = None,
        note: str = "",
    ) -> None:
        label = service.catalogue.get(kind).label if kind in service.catalogue else kind
        super().__init__(service, "")
        self.setText(f"Log {label.lower()} for {self._name(contact_id)}")
        self.contact_id = contact_id
        self.kind = kind
        self.occurred_at = occurred_at if occurred_at is not None else service.now()
        self.note = note
        self.interaction_id: int | None = None

    def _do(self, service: LeadService) -> Change:
        change = service.log_interaction(
            self.contact_id, self.kind, self.occurred_at, self.note, interaction_id=self.interaction_id
        )
        self.interaction_id = change.interaction_id
        return change

    def _undo(self, service: LeadService) -> Change:
        assert self.interaction_id is not None
        return service.delete_interaction(self.interaction_id)


class DeleteInteractionCommand(ServiceCommand):
    """Undo restores the interaction with its original id, kind, time and note."""

    def __init__(self, service: StepNaming, interaction_id: int, contact_name: str = "") -> None:
        super().__init__(service, f"Delete interaction{f' of {contact_name}' if contact_name else ''}")
        self.interaction_id = interaction_id
        self.removed: Interaction | None = None

    def _do(self, service: LeadService) -> Change:
        change = service.delete_interaction(self.interaction_id)
        if change.removed_interaction is not None:
            self.removed = change.removed_interaction
        return change

    def _undo(self, service: LeadService) -> Change:
        assert self.removed is not None
        return service.restore_interaction(self.removed)


def _restore_pin(
    service: LeadService, contact_id: int, previous: Pin | None, guard: dict[str, Any]
) -> Change:
    """Put back the pin a contact had (or none); an expired pin simply is not restored."""
    if previous is not None and pin_active(previous, service.now()):
        return service.pin(contact_id, previous.temperature, previous.expires_at, **guard)
    return service.unpin(contact_id, **guard)


class PinCommand(ServiceCommand):
    """Pin a temperature (drag to a column, context menu); undo restores the previous pin."""

    def __init__(self, service: StepNaming, contact_id: int, temperature: Temperature) -> None:
        super().__init__(service, "")
        self.setText(f"Pin {self._name(contact_id)} as {temperature.value}")
        self.contact_id = contact_id
        self.temperature = temperature
        self.previous: Pin | None = None

    def _do(self, service: LeadService) -> Change:
        self.previous = service.get_pin(self.contact_id)
        return service.pin(self.contact_id, self.temperature, **self.guard)

    def _undo(self, service: LeadService) -> Change:
        return _restore_pin(service, self.contact_id, self.previous, self.guard)


class UnpinCommand(ServiceCommand):
    def __init__(self, service: StepNaming, contact_id: int) -> None:
        super().__init__(service, "")
        self.setText(f"Unpin {self._name(contact_id)}")
        self.contact_id = contact_id
        self.previous: Pin | None = None

    def _do(self, service: LeadService) -> Change:
        self.previous = service.get_pin(self.contact_id)
        return service.unpin(self.contact_id, **self.guard)

    def _undo(self, service: LeadService) -> Change:
        return _restore_pin(service, self.contact_id, self.previous, self.guard)


class ArchiveCommand(ServiceCommand):
    def __init__(self, service: StepNaming, contact_id: int) -> None:
        super().__init__(service, "")
        self.setText(f"Archive {self._name(contact_id)}")
        self.contact_id = contact_id

    def _do(self, service: LeadService) -> Change:
        return service.archive_contact(self.contact_id, **self.guard)

    def _undo(self, service: LeadService) -> Change:
        return service.restore_contact(self.contact_id, **self.guard)


class SetOutcomeCommand(ServiceCommand):
    """Won or lost takes a lead off the board; undo sets the previous outcome back."""

    def __init__(self, service: StepNaming, contact_id: int, outcome: Outcome) -> None:
        super().__init__(service, "")
        verb = {Outcome.WON: "Mark {} as won", Outcome.LOST: "Mark {} as lost", Outcome.OPEN: "Reopen {}"}
        self.setText(verb[outcome].format(self._name(contact_id)))
        self.contact_id = contact_id
        self.outcome = outcome
        self.previous: Outcome | None = None

    def _do(self, service: LeadService) -> Change:
        self.previous = service.contact(self.contact_id).outcome
        return service.set_outcome(self.contact_id, self.outcome, **self.guard)

    def _undo(self, service: LeadService) -> Change:
        assert self.previous is not None
        return service.set_outcome(self.contact_id, self.previous, **self.guard)


class ReopenCommand(ServiceCommand):
    """A won, lost or archived lead back on the board; undo closes it as it was."""

    def __init__(self, service: StepNaming, contact_id: int) -> None:
        super().__init__(service, "")
        self.setText(f"Reopen {self._name(contact_id)}")
        self.contact_id = contact_id
        self.previous: tuple[Outcome, bool] | None = None

    def _do(self, service: LeadService) -> Change:
        contact = service.contact(self.contact_id)
        self.previous = (contact.outcome, contact.archived)
        return service.set_status(
            self.contact_id, Outcome.OPEN, archived=False, action="reopened", **self.guard
        )

    def _undo(self, service: LeadService) -> Change:
        assert self.previous is not None
        outcome, archived = self.previous
        return service.set_status(
            self.contact_id, outcome, archived=archived, action="closed again", **self.guard
        )


class MergeCommand(ServiceCommand):
    """Fold a duplicate into the contact kept; undo brings the duplicate back with its own id,
    interactions, pin and ticks, and the kept contact as it was."""

    def __init__(self, service: StepNaming, keep_id: int, other_id: int) -> None:
        super().__init__(service, "")
        self.setText(f"Merge {self._name(other_id)} into {self._name(keep_id)}")
        self.keep_id = keep_id
        self.other_id = other_id
        self.undo_data: MergeUndo | None = None

    def _do(self, service: LeadService) -> Change:
        merge = service.merge_contacts(self.keep_id, self.other_id)
        self.undo_data = merge.undo
        return merge.change

    def _undo(self, service: LeadService) -> Change:
        assert self.undo_data is not None
        return service.unmerge(self.undo_data, **self.guard)


class TickCommand(ServiceCommand):
    def __init__(self, service: StepNaming, contact_id: int, item_id: str, done: bool) -> None:
        super().__init__(service, "")
        self.setText(f"{'Tick' if done else 'Untick'} a step for {self._name(contact_id)}")
        self.contact_id = contact_id
        self.item_id = item_id
        self.done = done

    def _do(self, service: LeadService) -> Change:
        return service.tick(self.contact_id, self.item_id, self.done, **self.guard)

    def _undo(self, service: LeadService) -> Change:
        return service.tick(self.contact_id, self.item_id, not self.done, **self.guard)


class EditContactCommand(ServiceCommand):
    """Undo writes back the fields as they were before the edit."""

    def __init__(
        self,
        service: StepNaming,
        contact_id: int,
        values: dict[str, Any],
        shown: Contact | None = None,
    ) -> None:
        """``shown``: the contact as the editor showed it; only the fields changed from it are
        written, so a field someone else changed meanwhile keeps their value."""
        super().__init__(service, "")
        self.setText(f"Edit {self._name(contact_id)}")
        self.contact_id = contact_id
        self.values = {
            key: value
            for key, value in values.items()
            if key in CONTACT_FIELDS and (shown is None or getattr(shown, key) != value)
        }
        self.before: dict[str, Any] = {}

    def _do(self, service: LeadService) -> Change:
        contact = service.contact(self.contact_id)
        if self.version is None:
            self.before = {key: getattr(contact, key) for key in self.values}
        return service.edit_contact(self.contact_id, **self.guard, **self.values)

    def _undo(self, service: LeadService) -> Change:
        return service.edit_contact(self.contact_id, **self.guard, **self.before)


class AddContactCommand(ServiceCommand):
    """Undo archives the new contact and redo restores it, so its id never changes."""

    def __init__(self, service: StepNaming, values: dict[str, Any]) -> None:
        name = str(values.get("name", "")).strip()
        super().__init__(service, f"Add {name or 'contact'}")
        self.values = {key: value for key, value in values.items() if key in CONTACT_FIELDS}
        self.contact_id: int | None = None

    def _do(self, service: LeadService) -> Change:
        if self.contact_id is not None:
            return service.restore_contact(self.contact_id, **self.guard)
        fields = dict(self.values)
        change = service.add_contact(fields.pop("name", ""), **fields)
        self.contact_id = change.contact_id
        return change

    def _undo(self, service: LeadService) -> Change:
        assert self.contact_id is not None
        return service.archive_contact(self.contact_id, **self.guard)


class BulkCommand(ServiceCommand):
    """One edit of many selected leads (pin, archive, set source, mark lost) as one step: undo puts
    every lead back as it was, in one transaction."""

    def __init__(self, service: LeadService, text: str, write: Callable[[LeadService], BulkEdit]) -> None:
        super().__init__(service, text)
        self._write = write
        self.before: tuple[LeadSnapshot, ...] = ()
        #: Each lead's row version after the edit: its undo is refused once someone else changed one.
        self.versions: dict[int, int] = {}

    def _do(self, service: LeadService) -> BulkEdit:
        edit = self._write(service)
        self.before = edit.undo
        self.versions = {change.contact_id: change.version for change in edit.changes}
        return edit

    def _undo(self, service: LeadService) -> BulkEdit:
        return service.restore_many(self.before, seen=self.versions)
