"""The Today list's data: the agenda's entries in its order, as a list model.

The entries come from :meth:`LeadService.today` on the worker; the clocks they show are worked
out at paint time from when each wait began, so they tick without a reload. An entry the user has
acted on leaves at once (:meth:`TodayModel.remove`), before the write is back.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from desktop.widgets.humanize import duration
from leadtemp.agenda.entries import Section, only_qualified
from leadtemp.agenda.today import describe_due
from leadtemp.book_kinds import BookKind, shows_qualification, words_for
from leadtemp.clock import local_date

if TYPE_CHECKING:
    from leadtemp.agenda.entries import AgendaEntry

AnyIndex = QModelIndex | QPersistentModelIndex
#: The seeds' "respond within 5 minutes": a wait this long shows in red.
LATE_WAIT = timedelta(minutes=5)

SECTION_TITLES = {
    Section.WAITING: "Waiting for an answer",
    Section.DUE: "Next steps due",
    Section.FOLLOW_UP: "Follow-ups",
    Section.NURTURE: "Nurture",
}


class Action(enum.StrEnum):
    """What the user did about an entry: outreach logged, or the next step done."""

    CALLED = "call_made"
    EMAILED = "email_sent"
    DONE = "done"

    @property
    def label(self) -> str:
        return {Action.CALLED: "Called", Action.EMAILED: "Emailed", Action.DONE: "Done"}[self]


def actions_for(entry: AgendaEntry) -> tuple[Action, ...]:
    """A due step is done; anything else is answered by reaching out."""
    return (Action.DONE,) if entry.section is Section.DUE else (Action.CALLED, Action.EMAILED)


_USER = int(Qt.ItemDataRole.UserRole)


class TodayRole(enum.IntEnum):
    EntryRole = _USER + 1
    ContactIdRole = _USER + 2
    ClockTextRole = _USER + 3
    LateRole = _USER + 4
    StepTextRole = _USER + 5
    FirstOfSectionRole = _USER + 6
    ReasonTextRole = _USER + 7
    StageTextRole = _USER + 8


def wait_of(entry: AgendaEntry, now: datetime) -> timedelta | None:
    if entry.section is not Section.WAITING or entry.since is None:
        return None
    return max(timedelta(0), now - entry.since)


def clock_text(entry: AgendaEntry, now: datetime) -> str:
    """``waiting 7 min``, ``due today``, ``overdue by 2 days`` or ``no touch for 9 days``."""
    wait = wait_of(entry, now)
    if wait is not None:
        return f"waiting {duration(wait)}"
    if entry.due is not None:
        return describe_due(entry.due, local_date(now)).removeprefix("next step ")
    return ""


def step_text(entry: AgendaEntry) -> str:
    """The next step the user scheduled, else the lead's next checklist step."""
    if entry.next_step:
        return f"Next: {entry.next_step}"
    return f"Checklist: {entry.checklist_step}" if entry.checklist_step else ""


def day_text(day: date) -> str:
    """``Tue Dec 9``."""
    return f"{day.strftime('%a %b')} {day.day}"


def reason_text(entry: AgendaEntry) -> str:
    """Why the lead is on the list, in words that do not repeat the clock beside them."""
    if entry.section is Section.WAITING and entry.since is not None:
        local = entry.since.astimezone()
        return f"No answer yet to their buying signal of {day_text(local.date())}, {local:%H:%M}"
    if entry.section is Section.DUE and entry.due is not None:
        return f"Next step due {day_text(entry.due)}"
    return entry.reason[:1].upper() + entry.reason[1:]


class TodayModel(QAbstractListModel):
    def __init__(self, now: Callable[[], datetime], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.now = now
        self._entries: list[AgendaEntry] = []
        #: Every entry read (``_entries`` holds those the filter lets through).
        self._read: list[AgendaEntry] = []
        #: Only the entries of qualified leads, in the same order.
        self.qualified_only = False
        #: False until the first list arrives (the view says "Loading…" meanwhile).
        self.loaded = False
        #: The kind of the book shown: it decides whether an entry shows its stage, and its words.
        self.book = BookKind.SALES

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def entries(self) -> list[AgendaEntry]:
        return list(self._entries)

    def entry(self, row: int) -> AgendaEntry:
        return self._entries[row]

    def row_of(self, contact_id: int) -> int | None:
        return next((row for row, e in enumerate(self._entries) if e.contact_id == contact_id), None)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return entry.name
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{entry.name}: {entry.reason}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            parts = [
                entry.name,
                entry.company,
                clock_text(entry, self.now()),
                reason_text(entry),
                step_text(entry),
            ]
            return ", ".join(part for part in parts if part)
        if role < TodayRole.EntryRole or role > TodayRole.StageTextRole:
            return None
        match TodayRole(role):
            case TodayRole.EntryRole:
                return entry
            case TodayRole.ContactIdRole:
                return entry.contact_id
            case TodayRole.ClockTextRole:
                return clock_text(entry, self.now())
            case TodayRole.LateRole:
                wait = wait_of(entry, self.now())
                return (wait is not None and wait >= LATE_WAIT) or (
                    entry.section is Section.DUE and bool(entry.due and entry.due < local_date(self.now()))
                )
            case TodayRole.StepTextRole:
                return step_text(entry)
            case TodayRole.ReasonTextRole:
                return reason_text(entry)
            case TodayRole.StageTextRole:
                if not shows_qualification(self.book, entry.stage, False):
                    return ""
                words = words_for(self.book)
                return words.title(words.stage(entry.stage))
            case TodayRole.FirstOfSectionRole:
                row = index.row()
                return row == 0 or self._entries[row - 1].section is not entry.section

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def load(self, entries: list[AgendaEntry], skip: set[int] | None = None) -> None:
        """Show ``entries`` (in the agenda's order) except the leads acted on since they were read."""
        self.beginResetModel()
        self._read = [entry for entry in entries if not skip or entry.contact_id not in skip]
        self._entries = only_qualified(self._read) if self.qualified_only else list(self._read)
        self.loaded = True
        self.endResetModel()

    def set_book(self, book: BookKind) -> None:
        self.book = book
        if self._entries:
            self.dataChanged.emit(self.index(0), self.index(len(self._entries) - 1))

    def set_qualified_only(self, on: bool) -> None:
        if on != self.qualified_only:
            self.qualified_only = on
            if self.loaded:
                self.load(self._read)

    def remove(self, contact_id: int) -> bool:
        row = self.row_of(contact_id)
        if row is None:
            return False
        self._read = [entry for entry in self._read if entry.contact_id != contact_id]
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._entries[row]
        self.endRemoveRows()
        if row < len(self._entries):
            # The next entry may now open its section.
            self.dataChanged.emit(self.index(row, 0), self.index(row, 0))
        return True

    def tick(self) -> None:
        """Time passed: repaint the clocks."""
        if self._entries:
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(len(self._entries) - 1, 0),
                [TodayRole.ClockTextRole, TodayRole.LateRole, Qt.ItemDataRole.AccessibleTextRole],
            )
