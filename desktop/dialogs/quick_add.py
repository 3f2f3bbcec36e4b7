"""Quick-add: log one interaction for one contact in a few keystrokes (Ctrl+L).

The dialog only reads through the service; the main window turns its values into an undoable
write, so a cancelled dialog can never have changed anything. Given the app's worker queue, it reads
the contacts for its completion there, and refuses to save until they are in (a name typed
meanwhile could be someone's already).
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import partial

from PySide6.QtCore import QDate, QStringListModel, Qt
from PySide6.QtWidgets import (
    QCompleter,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.qualification.fields import QualifyFields
from desktop.widgets.field_error import FieldError
from desktop.widgets.forms import stacked
from desktop.widgets.humanize import date_time_format, to_qdatetime
from desktop.widgets.kind_combo import KindComboBox
from desktop.workers import Progress, Task, Workers
from leadtemp.errors import NotFoundError
from leadtemp.model import Card, Contact
from leadtemp.service import MAX_INTERACTION_NOTE, LeadService

_EARLIEST = datetime(1970, 1, 2, tzinfo=UTC)
#: Between a name and its company in a completion ("Dana Lee — Acme"): such text is no new name.
_LABEL_SEPARATOR = " — "


@dataclass(frozen=True)
class QuickAddValues:
    """What to log; ``contact_id`` is None when the contact is new and has to be added by
    ``new_name`` first."""

    contact_id: int | None
    kind: str
    occurred_at: datetime
    note: str
    new_name: str = ""
    #: A next step to schedule with the log ("" for none), due on ``next_due``.
    next_step: str = ""
    next_due: date | None = None
    #: Qualification answers to set with the log (criterion: answer as typed); empty for none.
    qualification: dict[str, str] = field(default_factory=dict)


def contact_label(contact: Contact) -> str:
    return f"{contact.name}{_LABEL_SEPARATOR}{contact.company}" if contact.company else contact.name


class ContactIndex:
    """Completion texts for every contact. Namesakes all get their id appended, so a chosen
    text always names exactly one contact and typing a shared name never picks one at random."""

    def __init__(self, contacts: list[Contact]) -> None:
        self.texts: list[str] = []
        self._by_text: dict[str, int] = {}
        labels = Counter(contact_label(contact).casefold() for contact in contacts)
        names = Counter(contact.name.casefold() for contact in contacts)
        self._by_name: dict[str, int] = {}
        self.shared_names = {name for name, count in names.items() if count > 1}
        for contact in contacts:
            self._store(contact, labels[contact_label(contact).casefold()] > 1)
            if names[contact.name.casefold()] == 1:
                self._by_name[contact.name.casefold()] = contact.id

    def _store(self, contact: Contact, ambiguous: bool) -> str:
        text = contact_label(contact)
        if ambiguous or text.casefold() in self._by_text:
            text = f"{text} (#{contact.id})"
        self.texts.append(text)
        self._by_text[text.casefold()] = contact.id
        return text

    def text_for(self, contact_id: int) -> str | None:
        for text in self.texts:
            if self._by_text[text.casefold()] == contact_id:
                return text
        return None

    def resolve(self, text: str) -> int | None:
        key = text.strip().casefold()
        if not key:
            return None
        return self._by_text.get(key, self._by_name.get(key))


def _all_contacts(service: LeadService, progress: Progress, contact_id: int | None = None) -> list[Contact]:
    """The open contacts, and the one the dialog opens for even when it is closed or archived."""
    contacts = service.contacts()
    if contact_id is not None and all(contact.id != contact_id for contact in contacts):
        with contextlib.suppress(NotFoundError):
            contacts.append(service.contact(contact_id))
    return contacts


def _no_progress(_done: int, _total: int) -> None:
    pass


class QuickAddDialog(QDialog):
    """Contact, kind, when and a note; Enter saves and Esc cancels."""

    def __init__(
        self,
        service: LeadService,
        parent: QWidget | None = None,
        contact_id: int | None = None,
        workers: Workers | None = None,
        cards: Callable[[int], Card | None] | None = None,
    ) -> None:
        """``cards`` gives the hint's card from data already loaded (the board's), so typing asks
        the database nothing; without it the dialog reads the card from ``service``."""
        super().__init__(parent)
        self._service = service
        self._cards = cards
        self.setObjectName("quick-add-interaction")
        self.setAccessibleName("quick-add-interaction")
        self.setWindowTitle(f"Log an interaction with a {service.words.contact}")
        self._index = ContactIndex([])
        self._loaded = False
        self._contacts_task: Task | None = None

        self.contact_edit = QLineEdit(self)
        self.contact_edit.setObjectName("quick-add-contact")
        self.contact_edit.setAccessibleName("Contact")
        self.contact_edit.setPlaceholderText("Type a name or company")
        self.contact_edit.setToolTip("Start typing a name or company and pick the contact from the list")
        self.contact_edit.setClearButtonEnabled(True)
        self.completer = QCompleter(QStringListModel(self._index.texts, self), self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.completer.setMaxVisibleItems(12)
        self.contact_edit.setCompleter(self.completer)
        self.contact_error = FieldError("contact", self)
        self.contact_hint = QLabel(self)
        self.contact_hint.setObjectName("quick-add-contact-hint")
        self.contact_hint.setEnabled(False)

        self.kind_combo = KindComboBox(service.catalogue, self)
        self.kind_combo.setObjectName("quick-add-kind")
        self.kind_combo.setAccessibleName("Interaction kind")
        self.kind_combo.setToolTip(
            "What happened (type its first words to find it); the points are what it adds to the score"
        )
        self.kind_error = FieldError("interaction", self)

        now = service.now()
        self.when_edit = QDateTimeEdit(to_qdatetime(now), self)
        self.when_edit.setObjectName("quick-add-when")
        self.when_edit.setAccessibleName("When")
        self.when_edit.setCalendarPopup(True)
        self.when_edit.setDisplayFormat(date_time_format())
        self.when_edit.setDateTimeRange(to_qdatetime(_EARLIEST), to_qdatetime(now))
        self.when_edit.setToolTip("When it happened (local time); older signals are worth less")

        self.note_edit = QLineEdit(self)
        self.note_edit.setObjectName("quick-add-note")
        self.note_edit.setAccessibleName("Note")
        self.note_edit.setPlaceholderText("Optional")
        self.note_edit.setMaxLength(MAX_INTERACTION_NOTE)

        self.step_edit = QLineEdit(self)
        self.step_edit.setObjectName("quick-add-next-step")
        self.step_edit.setAccessibleName("Next step")
        self.step_edit.setPlaceholderText("Optional, e.g. call about the proposal")
        self.step_edit.setMaxLength(500)
        tomorrow = now.astimezone().date() + timedelta(days=1)
        self.step_due = QDateEdit(QDate(tomorrow.year, tomorrow.month, tomorrow.day), self)
        self.step_due.setObjectName("quick-add-next-step-due")
        self.step_due.setAccessibleName("Next step due")
        self.step_due.setCalendarPopup(True)
        self.step_due.setDisplayFormat("ddd d MMM")
        self.step_due.setToolTip("The day the next step is due: Today lists it from then")
        today = now.astimezone().date()
        self.step_due.setMinimumDate(QDate(today.year, today.month, today.day))
        step_row = QHBoxLayout()
        step_row.addWidget(self.step_edit, 1)
        step_row.addWidget(self.step_due)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow("&Contact:", stacked(self.contact_edit, self.contact_error, self.contact_hint))
        form.addRow("&Interaction:", stacked(self.kind_combo, self.kind_error))
        form.addRow("&When:", self.when_edit)
        form.addRow("&Note:", self.note_edit)
        form.addRow("Ne&xt step:", step_row)
        self.qualify_row = QualifyFields(now.astimezone().date(), self)
        self.qualify_row.changed.connect(self._update_state)
        form.addRow("&Qualify:", stacked(self.qualify_row, self.qualify_row.error))

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setDefault(True)
        self.save_button.setToolTip("Log the interaction and re-score the contact (Enter)")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setTabOrder(self.contact_edit, self.kind_combo)
        self.setTabOrder(self.kind_combo, self.when_edit)
        self.setTabOrder(self.when_edit, self.note_edit)
        self.setTabOrder(self.note_edit, self.step_edit)
        self.setTabOrder(self.step_edit, self.step_due)
        self.setTabOrder(self.step_due, self.qualify_row)
        self.setTabOrder(self.qualify_row, self.buttons)
        self.setMinimumWidth(440)

        self._touched = False
        self._kind_touched = False
        self.contact_edit.textChanged.connect(self._on_contact_text)
        self.kind_combo.currentIndexChanged.connect(self._on_kind_chosen)
        (self.kind_combo if contact_id is not None else self.contact_edit).setFocus()
        on_loaded = partial(self._on_contacts, contact_id=contact_id)
        read = partial(_all_contacts, contact_id=contact_id)
        if workers is None:
            on_loaded(read(service, _no_progress))
            return
        self._update_state()
        self._contacts_task = workers.run("Reading contacts", read, on_loaded)
        self.finished.connect(self._contacts_task.cancel)

    def contacts_loaded(self) -> bool:
        return self._loaded

    def _on_contacts(self, contacts: list[Contact], contact_id: int | None) -> None:
        self._index = ContactIndex(contacts)
        model = self.completer.model()
        assert isinstance(model, QStringListModel)
        model.setStringList(self._index.texts)
        self._loaded = True
        if contact_id is not None:
            self._preselect(contact_id)
        self._update_state()

    def _preselect(self, contact_id: int) -> None:
        text = self._index.text_for(contact_id)
        if text is not None:
            self.contact_edit.setText(text)

    def _on_contact_text(self) -> None:
        self._touched = True
        self._update_state()

    def _on_kind_chosen(self) -> None:
        self._kind_touched = True
        self._update_state()

    def selected_contact_id(self) -> int | None:
        return self._index.resolve(self.contact_edit.text())

    def new_contact_name(self) -> str:
        """The name typed when it is nobody's yet (Save then adds the contact), else ""."""
        text = " ".join(self.contact_edit.text().split())
        if not text or self.selected_contact_id() is not None:
            return ""
        if text.casefold() in self._index.shared_names or _LABEL_SEPARATOR in text:
            return ""
        return text

    def _contact_problem(self) -> str | None:
        if not self._loaded:
            return "reading your contacts..."
        if self.selected_contact_id() is not None or self.new_contact_name():
            return None
        text = self.contact_edit.text().strip()
        if not text:
            return "choose a contact, or type a new name"
        if " ".join(text.split()).casefold() in self._index.shared_names:
            return "several contacts have that name: pick one from the list"
        return "no contact by that name: pick one from the list"

    def _kind_problem(self) -> str | None:
        return None if self.kind_combo.current_kind() is not None else "choose what happened"

    def _update_state(self) -> None:
        problem = self._contact_problem()
        self.contact_error.set_problem(problem if self._touched else None)
        self.kind_error.set_problem(self._kind_problem() if self._kind_touched else None)
        self.save_button.setEnabled(self.is_valid())
        self._show_contact_hint()

    def _show_contact_hint(self) -> None:
        contact_id = self.selected_contact_id()
        text = ""
        if contact_id is None and self.new_contact_name():
            text = f"New contact: {self.new_contact_name()} is added when you save"
        if contact_id is not None:
            card = self._card(contact_id)
            if card is not None:
                pinned = " (pinned)" if card.pinned else ""
                text = f"Now {card.temperature.value}{pinned}, score {card.score}"
        self.contact_hint.setText(text)
        self.contact_hint.setHidden(not text)

    def _card(self, contact_id: int) -> Card | None:
        if self._cards is not None:
            return self._cards(contact_id)
        try:
            return self._service.card(contact_id)
        except NotFoundError:
            return None

    def is_valid(self) -> bool:
        return (
            self._contact_problem() is None
            and self._kind_problem() is None
            and self.qualify_row.problem() is None
        )

    def accept(self) -> None:
        """Refuse to close while no valid contact or no kind is chosen, even when called directly."""
        if not self.is_valid():
            self._touched = self._kind_touched = True
            self._update_state()
            (self.contact_edit if self._contact_problem() else self.kind_combo).setFocus()
            return
        super().accept()

    def values(self) -> QuickAddValues:
        contact_id = self.selected_contact_id()
        kind = self.kind_combo.current_kind()
        new_name = self.new_contact_name() if contact_id is None else ""
        if (contact_id is None and not new_name) or kind is None:
            raise ValueError("the quick-add form has no valid contact or kind")
        seconds = self.when_edit.dateTime().toSecsSinceEpoch()
        step = " ".join(self.step_edit.text().split())
        due = self.step_due.date()
        return QuickAddValues(
            contact_id=contact_id,
            kind=kind,
            occurred_at=datetime.fromtimestamp(seconds, UTC),
            note=self.note_edit.text().strip(),
            new_name=new_name,
            next_step=step,
            next_due=date(due.year(), due.month(), due.day()) if step else None,
            qualification=self.qualify_row.values(),
        )

    def set_occurred_at(self, moment: datetime) -> None:
        self.when_edit.setDateTime(to_qdatetime(moment))
