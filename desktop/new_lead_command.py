"""Quick-add for someone not in the book yet: add the contact and log what happened, as one
undoable step in one transaction (a refused interaction leaves no contact behind)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from desktop.commands import AddContactCommand, LogInteractionCommand, ServiceCommand, StepNaming
from leadtemp.errors import LeadTempError

if TYPE_CHECKING:
    from leadtemp.service import Change, LeadService


class AddAndLogCommand(ServiceCommand):
    def __init__(
        self, service: StepNaming, name: str, kind: str, occurred_at: datetime | None, note: str
    ) -> None:
        label = service.catalogue.get(kind).label if kind in service.catalogue else kind
        super().__init__(service, f"Add {name} and log {label.lower()}")
        self.add = AddContactCommand(service, {"name": name})
        self.name, self.kind, self.note = name, kind, note
        self.occurred_at = occurred_at if occurred_at is not None else service.now()
        self.log: LogInteractionCommand | None = None

    @property
    def contact_id(self) -> int | None:
        return self.add.contact_id

    def _do(self, service: LeadService) -> Change:
        try:
            with service.transaction():
                self.add._do(service)
                assert self.add.contact_id is not None
                if self.log is None:
                    self.log = LogInteractionCommand(
                        service, self.add.contact_id, self.kind, self.occurred_at, self.note
                    )
                return self.log._do(service)
        except LeadTempError:
            # The rollback took the contact back: a retry adds it again.
            if self.log is not None and self.log.interaction_id is None:
                self.log = None
            if self.add.contact_id is not None and not _exists(service, self.add.contact_id):
                self.add.contact_id = None
            raise

    def _undo(self, service: LeadService) -> Change:
        assert self.log is not None
        with service.transaction():
            self.log._undo(service)
            return self.add._undo(service)


def _exists(service: LeadService, contact_id: int) -> bool:
    try:
        service.contact(contact_id)
    except LeadTempError:
        return False
    return True
