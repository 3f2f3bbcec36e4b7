"""The capture review: every line of a preview with a check box to accept or reject it.

A table model over the preview's lines, not a widget per line: a mailbox of thousands of
messages opens at once. Duplicates (captured before) cannot be accepted; lines from a sender the
user chose to ignore are rejected and say so.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QGuiApplication, QPalette

from desktop.qualification.command import ChosenAnswers
from desktop.widgets.humanize import local_text
from leadtemp.capture.addresses import clean_address, match_key
from leadtemp.capture.commit import CaptureLine, CapturePreview
from leadtemp.clock import local_date
from leadtemp.qualification.answers import MAX_ANSWER_NOTE
from leadtemp.scoring.catalogue import Catalogue

AnyIndex = QModelIndex | QPersistentModelIndex

HEADERS = ("", "Lead", "What", "When", "Note", "Evidence", "Suggests")
(
    ACCEPT_COLUMN,
    LEAD_COLUMN,
    KIND_COLUMN,
    WHEN_COLUMN,
    NOTE_COLUMN,
    EVIDENCE_COLUMN,
    SUGGEST_COLUMN,
) = range(len(HEADERS))


def lead_text(line: CaptureLine) -> str:
    """The lead a line logs to, or the new lead it would create."""
    return f"New lead: {line.lead_name}" if line.proposed is not None else line.lead_name


def lead_tip(line: CaptureLine) -> str:
    address = line.proposed.address if line.proposed is not None else ", ".join(line.observation.addresses)
    new = " (a new lead: nobody in the book has this address)" if line.proposed is not None else ""
    return f"{line.lead_name} <{address}>{new}"


def sender_of(line: CaptureLine) -> str:
    """The e-mail address a line came from ("" for one known only by a LinkedIn profile)."""
    return next((clean_address(a) for a in line.observation.addresses if clean_address(a)), "")


def suggestion_text(answers: dict[str, str]) -> str:
    """``Budget: yes``, ``Timeline: 2026-Q1``."""
    return ", ".join(f"{criterion.capitalize()}: {answer}" for criterion, answer in answers.items())


class CaptureReviewModel(QAbstractTableModel):
    """The preview's lines, read-only, and which of them are accepted (the first column); a line
    whose signal suggests qualification answers has a second box, unticked until the user ticks it."""

    #: The accepted lines changed: the summary is out of date.
    acceptedChanged = Signal()

    def __init__(self, catalogue: Catalogue, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._catalogue = catalogue
        self._preview: CapturePreview | None = None
        self._accepted: set[int] = set()
        self._ignored: set[str] = set()
        self._suggestions: dict[int, dict[str, str]] = {}
        self._answering: set[int] = set()

    # The preview and the choices ------------------------------------------------------

    def set_preview(
        self, preview: CapturePreview | None, suggestions: dict[int, dict[str, str]] | None = None
    ) -> None:
        """Show ``preview``; ``suggestions`` are the answers its lines suggest, by line index."""
        self.beginResetModel()
        self._preview = preview
        self._suggestions = dict(suggestions or {}) if preview else {}
        self._answering = set()
        self._ignored = set()
        self._accepted = {line.index for line in preview.lines if not line.duplicate} if preview else set()
        self.endResetModel()
        self.acceptedChanged.emit()

    @property
    def preview(self) -> CapturePreview | None:
        return self._preview

    def line(self, row: int) -> CaptureLine:
        assert self._preview is not None
        return self._preview.lines[row]

    def accepted(self) -> list[int]:
        return sorted(self._accepted)

    def is_accepted(self, row: int) -> bool:
        return row in self._accepted

    def set_accepted(self, rows: Iterable[int], accepted: bool) -> None:
        """Accept or reject these lines (duplicates and ignored senders stay rejected)."""
        changed = False
        for row in rows:
            if accepted and not self._acceptable(row):
                continue
            if accepted != (row in self._accepted):
                (self._accepted.add if accepted else self._accepted.discard)(row)
                changed = True
                index = self.index(row, ACCEPT_COLUMN)
                self.dataChanged.emit(
                    index, self.index(row, SUGGEST_COLUMN), [Qt.ItemDataRole.CheckStateRole]
                )
        if changed:
            self.acceptedChanged.emit()

    def suggestion(self, row: int) -> dict[str, str]:
        return self._suggestions.get(self.line(row).index, {})

    def is_answering(self, row: int) -> bool:
        return row in self._answering and row in self._accepted

    def set_answering(self, row: int, on: bool) -> None:
        """Tick (or untick) setting the line's suggested answers when it is captured."""
        if on and not (self.suggestion(row) and row in self._accepted):
            return
        if on != (row in self._answering):
            (self._answering.add if on else self._answering.discard)(row)
            index = self.index(row, SUGGEST_COLUMN)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
            self.acceptedChanged.emit()

    def answers(self) -> dict[int, ChosenAnswers]:
        """By lead, the answers of the accepted lines the user ticked, each noted with the line's
        note and learned on its day (a later line's win)."""
        chosen: dict[int, ChosenAnswers] = {}
        for row in sorted(self._answering & self._accepted, key=lambda r: self.line(r).occurred_at):
            line = self.line(row)
            if line.contact_id is None:
                continue
            answers = chosen.setdefault(line.contact_id, ChosenAnswers())
            suggested = self.suggestion(row)
            answers.values.update(suggested)
            answers.notes.update(dict.fromkeys(suggested, " ".join(line.note.split())[:MAX_ANSWER_NOTE]))
            answers.learned_on = local_date(line.occurred_at)
        return chosen

    def set_all(self, accepted: bool) -> None:
        self.set_accepted(range(self.rowCount()), accepted)

    def ignore_sender(self, address: str) -> list[int]:
        """Reject every line from ``address``, now on the ignore list; the rows it rejected."""
        key = match_key(address)
        self._ignored.add(key)
        rows = [row for row in range(self.rowCount()) if self._from_ignored(row)]
        self.set_accepted(rows, False)
        if rows:
            self.dataChanged.emit(self.index(rows[0], 0), self.index(rows[-1], len(HEADERS) - 1))
        return rows

    def is_ignored(self, row: int) -> bool:
        return self._from_ignored(row)

    def counts(self) -> tuple[int, int, int]:
        """(accepted, rejected, duplicates) among the lines."""
        lines = self._preview.lines if self._preview else ()
        duplicates = sum(1 for line in lines if line.duplicate)
        return len(self._accepted), len(lines) - duplicates - len(self._accepted), duplicates

    def accepted_counts(self) -> tuple[dict[str, int], int]:
        """The accepted lines per kind (by its label), and how many new leads they would create."""
        kinds: dict[str, int] = {}
        leads: set[str] = set()
        for row in sorted(self._accepted):
            line = self.line(row)
            label = self._text(line, row, KIND_COLUMN)
            kinds[label] = kinds.get(label, 0) + 1
            if line.proposed is not None:
                leads.add(line.proposed.key)
        return dict(sorted(kinds.items())), len(leads)

    def _acceptable(self, row: int) -> bool:
        return 0 <= row < self.rowCount() and not self.line(row).duplicate and not self._from_ignored(row)

    def _from_ignored(self, row: int) -> bool:
        if not self._ignored:
            return False
        return any(match_key(address) in self._ignored for address in self.line(row).observation.addresses)

    # Qt's model interface ---------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self._preview is None else len(self._preview.lines)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole and section == 0:
            return "Accept (checked) or reject the line"
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.ToolTipRole
            and section == SUGGEST_COLUMN
        ):
            return "Tick to set the lead's answers the line suggests as it is captured"
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == ACCEPT_COLUMN and self._acceptable(index.row()):
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        if (
            index.column() == SUGGEST_COLUMN
            and self.suggestion(index.row())
            and index.row() in self._accepted
        ):
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        row, column = index.row(), index.column()
        line = self.line(row)
        if role == Qt.ItemDataRole.CheckStateRole and column == ACCEPT_COLUMN:
            return Qt.CheckState.Checked if row in self._accepted else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.CheckStateRole and column == SUGGEST_COLUMN and self.suggestion(row):
            return Qt.CheckState.Checked if self.is_answering(row) else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(line, row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == LEAD_COLUMN:
            return lead_tip(line)
        if role == Qt.ItemDataRole.ToolTipRole and column in (NOTE_COLUMN, EVIDENCE_COLUMN):
            return self._text(line, row, column) or None
        if role == Qt.ItemDataRole.ForegroundRole and (line.duplicate or self._from_ignored(row)):
            return QBrush(
                QGuiApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
            )
        return None

    def setData(self, index: AnyIndex, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2)
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == SUGGEST_COLUMN:
            if not self.suggestion(index.row()) or index.row() not in self._accepted:
                return False
            self.set_answering(index.row(), checked)
            return True
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != ACCEPT_COLUMN:
            return False
        if not self._acceptable(index.row()):
            return False
        self.set_accepted([index.row()], checked)
        return True

    def _text(self, line: CaptureLine, row: int, column: int) -> str:
        if column == ACCEPT_COLUMN:
            if line.duplicate:
                return "captured before"
            return "ignored sender" if self._from_ignored(row) else ""
        if column == LEAD_COLUMN:
            return lead_text(line)
        if column == KIND_COLUMN:
            kind = line.kind
            return self._catalogue.get(kind).label if kind in self._catalogue else kind
        if column == WHEN_COLUMN:
            return local_text(line.occurred_at)
        if column == NOTE_COLUMN:
            return " ".join(line.note.split())
        if column == SUGGEST_COLUMN:
            return suggestion_text(self.suggestion(row))
        return line.evidence
