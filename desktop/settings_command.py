"""A saved settings change as one step of the window's undo stack.

The change re-scored every lead on a worker; its undo and redo do the same, through the window,
so the UI thread never waits on a re-score. Undo takes the rules back through the rules history
(the step is marked undone there, as ``leadtemp rules undo`` would) when the change is still the
latest one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from leadtemp.model import UNDO_ACTION, RulesChange
from leadtemp.scoring.checklists import Templates
from leadtemp.scoring.rules import Rules

if TYPE_CHECKING:
    from desktop.workers import Progress
    from leadtemp.service import BoardReset, LeadService

#: Runs ``operation(service, progress)`` on a worker and reports its BoardReset.
Rescore = Callable[[Callable[["LeadService", "Progress"], "BoardReset"]], None]


class SettingsCommand(QUndoCommand):
    def __init__(
        self,
        rescore: Rescore,
        before: tuple[Rules, Templates],
        after: tuple[Rules, Templates | None],
    ) -> None:
        super().__init__("Change settings")
        self._rescore = rescore
        self.before, self.after = before, after
        self._skip_redo = True

    def redo(self) -> None:
        """Nothing the first time: the change was already made when the step was pushed."""
        if self._skip_redo:
            self._skip_redo = False
            return
        rules, templates = self.after
        self._rescore(lambda service, progress: service.update_settings(rules, templates, progress))

    def undo(self) -> None:
        rules, templates = self.before
        changed = self.after[0].to_json()

        def put_back(service: LeadService, progress: Progress) -> BoardReset:
            history = service.rules_history()
            last: RulesChange | None = next((c for c in reversed(history) if c.action != UNDO_ACTION), None)
            if last is not None and last.undone_at is None and last.after == changed:
                return service.update_settings(rules, templates, progress, action=UNDO_ACTION, undoes=last.id)
            return service.update_settings(rules, templates, progress, action=UNDO_ACTION)

        self._rescore(put_back)
