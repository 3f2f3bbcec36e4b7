"""What the Today panel and its calendar export use of the window they sit in.

The window builds them, so they know it by this protocol rather than by its class: the panel's
code then depends on nothing above it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog, QMenu, QWidget

    from desktop.board.model import BoardModel
    from desktop.commands import ServiceCommand, StepNaming
    from desktop.window.notices import NoticeArea
    from desktop.workers import Workers
    from leadtemp.service import LeadService


class TodayHost(Protocol):
    """The main window as Today sees it: its book, its queues and the actions it offers."""

    service: LeadService | None
    workers: Workers
    notices: NoticeArea
    board_model: BoardModel

    def window(self) -> QWidget:
        """The window itself, as the widget Today's dialogs open on."""
        ...

    def step_naming(self) -> StepNaming:
        """How the undo history names a step made now."""
        ...

    def run_command(self, command: ServiceCommand, then: Callable[[], None] | None = None) -> bool:
        """Queue an undoable write; False when the window cannot take one now."""
        ...

    def log(
        self,
        contact_id: int,
        kind: str,
        occurred_at: datetime | None = None,
        note: str = "",
        *,
        select: bool = False,
    ) -> bool:
        """Queue an interaction's logging."""
        ...

    def _show_dialog(self, dialog: QDialog) -> None:
        """Show a window-modal dialog without blocking the event loop."""
        ...

    def show_error(self, error: Exception) -> None:
        """Say what went wrong, in one line."""
        ...

    def build_card_menu(self, contact_id: int) -> QMenu:
        """The lead's context menu, as its card on the board has it."""
        ...
