"""Names for undo steps from what the window already shows, so making a command reads nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.board.model import BoardModel
    from leadtemp.scoring.catalogue import Catalogue
    from leadtemp.service import ContactDetail, LeadService


class WindowStepNaming:
    """A contact's name from its card on the board, else from the panel's lead."""

    def __init__(
        self,
        service: LeadService,
        board: BoardModel,
        shown_detail: Callable[[], ContactDetail | None],
    ) -> None:
        self._service = service
        self._board = board
        self._shown_detail = shown_detail

    @property
    def catalogue(self) -> Catalogue:
        return self._service.catalogue

    def now(self) -> datetime:
        return self._service.now()

    def name_of(self, contact_id: int) -> str:
        card = self._board.card(contact_id)
        if card is not None:
            return card.name
        detail = self._shown_detail()
        if detail is not None and detail.contact.id == contact_id:
            return detail.contact.name
        return f"contact {contact_id}"
