"""The Today tab's behaviour: reading the agenda on the worker, acting on an entry, the menus.

The list is read (``LeadService.today``) only while the tab shows, and again after every write,
refresh and catch-up with another process; a list that was being read while the user acted on an
entry is dropped for one read behind the write on the same queue, so an entry acted on never
comes back unless its write was refused.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from desktop.today.model import Action, TodayModel
from desktop.today.view import TodayView
from leadtemp.clock import local_date

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from desktop.today.host import TodayHost
    from desktop.workers import Progress
    from leadtemp.agenda.entries import AgendaEntry, NextStep
    from leadtemp.service import LeadService

#: How often the clocks repaint ("waiting 7 min").
TICK_MS = 15_000


def _read_today(service: LeadService, _progress: Progress) -> list[AgendaEntry]:
    return service.today()


class TodayController(QObject):
    def __init__(self, window: TodayHost, parent: QWidget) -> None:
        super().__init__(window.window())
        self._window = window
        self.model = TodayModel(window.board_model.now, self)
        self.view = TodayView(self.model, parent)
        self.view.actionRequested.connect(self.act)
        self.view.menuRequested.connect(self._show_menu)
        self.menu: QMenu | None = None
        self._generation = 0
        self._in_flight = False
        self._again = False
        self._stale = True
        self.ticker = QTimer(self)
        self.ticker.setInterval(TICK_MS)
        self.ticker.timeout.connect(self.model.tick)
        self.ticker.start()

    @property
    def shown(self) -> bool:
        return self.view.isVisible()

    def refresh(self) -> None:
        """Read the list again now if the tab shows, else when it next does."""
        if self._window.service is None or not self.shown:
            self._stale = True
            return
        self._request()

    def show_if_stale(self) -> None:
        if self._stale:
            self.refresh()

    def _request(self) -> None:
        self._stale = False
        if self._in_flight:
            self._again = True
            return
        self._in_flight = True
        generation = self._generation

        def failed(error: Exception) -> None:
            self._in_flight = False
            self._window.notices.show_notice(f"Could not read Today: {error}")

        self._window.workers.run("", _read_today, lambda entries: self._loaded(entries, generation), failed)

    def _loaded(self, entries: list[AgendaEntry], generation: int) -> None:
        self._in_flight = False
        if generation == self._generation:
            selected = self.view.selected_contact()
            self.model.load(entries)
            if selected is not None:
                self.view.select_contact(selected)
        else:
            self._again = True
        if self._again:
            self._again = False
            self._request()

    # Acting -----------------------------------------------------------------------------

    def act(self, contact_id: int, action: Action) -> bool:
        """Log the outreach (or mark the step done) as an undoable step; the entry leaves at once."""
        window = self._window
        if window.service is None:
            return False
        if action is Action.DONE:
            from desktop.today.commands import CompleteNextStepCommand

            queued = window.run_command(CompleteNextStepCommand(window.step_naming(), contact_id))
        else:
            queued = window.log(contact_id, action.value)
        if queued:
            self._generation += 1
            self.model.remove(contact_id)
            self._request()
        return queued

    def set_next_step(self, contact_id: int) -> None:
        """The lead's next step and its due day, asked in a dialog prefilled with the current one
        (read on the worker first)."""
        window = self._window
        if window.service is None:
            return
        from desktop.dialogs.next_step import NextStepDialog

        def read(service: LeadService, _progress: Progress) -> NextStep | None:
            return service.next_step(contact_id)

        def ask(current: NextStep | None) -> None:
            dialog = NextStepDialog(
                self._today(),
                window.window(),
                text=current.text if current else "",
                due=current.due if current else None,
            )
            dialog.accepted.connect(lambda: self.schedule(contact_id, dialog.step_text(), dialog.day()))
            window._show_dialog(dialog)

        window.workers.run("", read, ask, window.show_error)

    def schedule(self, contact_id: int, text: str, due: date) -> bool:
        window = self._window
        if window.service is None:
            return False
        from desktop.today.commands import SetNextStepCommand

        return window.run_command(SetNextStepCommand(window.step_naming(), contact_id, text, due))

    def complete_step(self, contact_id: int) -> bool:
        return self.act(contact_id, Action.DONE)

    def snooze(self, contact_id: int, until: date) -> bool:
        window = self._window
        if window.service is None:
            return False
        from desktop.today.commands import SnoozeCommand

        queued = window.run_command(SnoozeCommand(window.step_naming(), contact_id, until))
        if queued:
            self._generation += 1
            self.model.remove(contact_id)
            self._request()
        return queued

    def pick_snooze(self, contact_id: int) -> None:
        from desktop.dialogs.next_step import NextStepDialog

        dialog = NextStepDialog(
            self._today(),
            self._window.window(),
            title="Snooze until",
            due=self._today() + timedelta(days=2),
            with_text=False,
        )
        dialog.accepted.connect(lambda: self.snooze(contact_id, dialog.day()))
        self._window._show_dialog(dialog)

    def _today(self) -> date:
        return local_date(self._window.board_model.now())

    # Menus ------------------------------------------------------------------------------

    def add_agenda_actions(self, menu: QMenu, contact_id: int, ready: bool, has_step: bool) -> None:
        """Next step and snooze items in a card's (or an entry's) context menu, after Log and Edit."""
        today = self._today()
        before = next((action for action in menu.actions() if action.isSeparator()), None)
        step = QAction("Set Ne&xt Step…", menu)
        step.triggered.connect(lambda: self.set_next_step(contact_id))
        done = QAction("Next Step &Done", menu)
        done.triggered.connect(lambda: self.complete_step(contact_id))
        snooze = QMenu("Sn&ooze", menu)
        snooze.setObjectName("snooze-menu")
        next_monday = today + timedelta(days=7 - today.weekday())
        snooze.addAction("Until &Tomorrow", lambda: self.snooze(contact_id, today + timedelta(days=1)))
        snooze.addAction(
            f"Until &Next Week ({next_monday.strftime('%a %b')} {next_monday.day})",
            lambda: self.snooze(contact_id, next_monday),
        )
        snooze.addAction("&Pick a Date…", lambda: self.pick_snooze(contact_id))
        if before is None:
            before = menu.addSeparator()
        else:
            menu.insertSeparator(before)
        menu.insertActions(before, [step, done, snooze.menuAction()])
        step.setEnabled(ready)
        done.setEnabled(ready and has_step)
        snooze.setEnabled(ready)

    def _show_menu(self, contact_id: int, position: QPoint) -> None:
        window = self._window
        if self.menu is not None:
            self.menu.deleteLater()
        menu = window.build_card_menu(contact_id)
        row = self.model.row_of(contact_id)
        if row is not None:
            from desktop.today.model import actions_for

            first = menu.actions()[0] if menu.actions() else None
            for action in actions_for(self.model.entry(row)):
                item = QAction(action.label, menu)
                item.triggered.connect(partial(self.act, contact_id, action))
                if first is not None:
                    menu.insertAction(first, item)
                else:
                    menu.addAction(item)
            if first is not None:
                menu.insertSeparator(first)
        self.menu = menu
        menu.popup(position)
