"""Add or edit a contact (Ctrl+N, double-click a card), validated as the user types.

Validation is the core's own ``field_problems``, so the dialog can never accept what the
service would refuse; the main window performs the actual write.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.widgets.field_error import FieldError
from desktop.widgets.forms import stacked
from leadtemp.model import LEAD_SOURCES, Contact
from leadtemp.scoring.decay import compute_fit
from leadtemp.service import LeadService
from leadtemp.validation import MAX_NAME, MAX_TEXT, field_problems

_TEXT_FIELDS = ("name", "email", "linkedin", "phone", "company", "role", "industry")


def _parse_whole(text: str) -> int | str | None:
    """Empty means unknown; digits (with thousands separators) a number; anything else is kept
    as text so validation can name the problem."""
    cleaned = text.strip()
    if not cleaned:
        return None
    compact = cleaned.replace(",", "").replace(" ", "").replace("\u202f", "").replace("'", "")
    if compact.lstrip("-").isdigit():
        return int(compact)
    return cleaned


def _parse_fit(text: str) -> int | str | None:
    if text.strip().casefold().startswith("computed"):
        return None
    return _parse_whole(text)


class ContactEditorDialog(QDialog):
    """New contact when ``contact`` is None, otherwise an editor prefilled with it (read by the
    caller off the UI thread: the dialog itself reads nothing from the book)."""

    def __init__(
        self,
        service: LeadService,
        parent: QWidget | None = None,
        contact: Contact | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._contact = contact
        self.setObjectName("contact-editor")
        self.setAccessibleName("contact-editor")
        words = service.words
        self.setWindowTitle(f"Edit {self._contact.name}" if self._contact else f"New {words.contact}")

        self.edits: dict[str, QLineEdit] = {}
        self.errors: dict[str, FieldError] = {}
        self._touched: set[str] = set()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)

        self._add_line(form, "name", "&Name:", "Required", "Full name of the person", MAX_NAME)
        self._add_line(form, "email", "&Email:", "name@example.com", "Checked for a valid address")
        self._add_line(
            form,
            "linkedin",
            "&LinkedIn:",
            "https://www.linkedin.com/in/…",
            "Their LinkedIn profile address; like the e-mail, it tells imports who this is",
        )
        self._add_line(form, "phone", "&Phone:", "+44 20 7946 0958", "Digits, spaces, + ( ) - . and ext")
        self._add_line(form, "company", "C&ompany:", "", "Company or organisation")
        self._add_line(form, "role", "&Role:", "e.g. Founder", "Job title; decision makers fit better")
        self._add_line(form, "industry", "&Industry:", "", "Compared with your ideal-client industries")
        self._add_line(
            form, "company_size", "Company si&ze:", "Unknown", "Number of people; leave empty if unknown"
        )

        self.source_combo = QComboBox(self)
        self.source_combo.setObjectName("contact-editor-source")
        self.source_combo.setAccessibleName("Source")
        self.source_combo.setEditable(True)
        self.source_combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.source_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.source_combo.addItems(["", *LEAD_SOURCES])
        self.source_combo.setToolTip(f"Where the {words.lead} came from; pick one or type your own")
        line = self.source_combo.lineEdit()
        assert line is not None
        line.setMaxLength(MAX_TEXT)
        line.setPlaceholderText(f"Where the {words.lead} came from")
        self.errors["source"] = FieldError("source", self)
        form.addRow("So&urce:", stacked(self.source_combo, self.errors["source"]))

        self._add_line(
            form,
            "fit",
            "&Fit:",
            "Computed",
            "Demographic fit from 0 to 10; leave empty to compute it from your ideal-client profile",
            10,
        )

        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setObjectName("contact-editor-notes")
        self.notes_edit.setAccessibleName("Notes")
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setPlaceholderText("Anything worth remembering before the next call")
        self.notes_edit.setFixedHeight(self.notes_edit.fontMetrics().lineSpacing() * 4 + 12)
        self.errors["notes"] = FieldError("notes", self)
        form.addRow("No&tes:", stacked(self.notes_edit, self.errors["notes"]))

        self._set_completions()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

        if self._contact is not None:
            self._prefill(self._contact)
        for key, edit in self.edits.items():
            edit.textChanged.connect(lambda _text, key=key: self._on_changed(key))
        self.source_combo.editTextChanged.connect(lambda _text: self._on_changed("source"))
        self.notes_edit.textChanged.connect(lambda: self._on_changed("notes"))
        self._validate()
        self.edits["name"].setFocus()

    def _add_line(
        self,
        form: QFormLayout,
        key: str,
        label: str,
        placeholder: str,
        tooltip: str,
        max_length: int = MAX_TEXT,
    ) -> None:
        edit = QLineEdit(self)
        edit.setObjectName(f"contact-editor-{key.replace('_', '-')}")
        edit.setAccessibleName(label.replace("&", "").rstrip(":"))
        edit.setPlaceholderText(placeholder)
        edit.setToolTip(tooltip)
        edit.setMaxLength(max_length)
        error = FieldError(key, self)
        self.edits[key] = edit
        self.errors[key] = error
        form.addRow(label, stacked(edit, error))

    def _set_completions(self) -> None:
        """Offer the ideal-client vocabulary, so typed values match the profile that scores them."""
        icp = self._service.rules.icp
        for key, words in (("industry", icp.industries), ("role", icp.roles)):
            if words:
                completer = QCompleter(list(words), self)
                completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
                self.edits[key].setCompleter(completer)

    def _prefill(self, contact: Contact) -> None:
        for key in _TEXT_FIELDS:
            self.edits[key].setText(getattr(contact, key))
        self.edits["company_size"].setText("" if contact.company_size is None else str(contact.company_size))
        self.edits["fit"].setText("" if contact.fit is None else str(contact.fit))
        if contact.source and self.source_combo.findText(contact.source) < 0:
            self.source_combo.addItem(contact.source)
        self.source_combo.setCurrentText(contact.source)
        self.notes_edit.setPlainText(contact.notes)
        self._touched.update(self.errors)

    def _on_changed(self, key: str) -> None:
        self._touched.add(key)
        self._validate()

    def _raw_values(self) -> dict[str, Any]:
        values: dict[str, Any] = {key: self.edits[key].text().strip() for key in _TEXT_FIELDS}
        values["company_size"] = _parse_whole(self.edits["company_size"].text())
        values["fit"] = _parse_fit(self.edits["fit"].text())
        values["source"] = self.source_combo.currentText().strip()
        values["notes"] = self.notes_edit.toPlainText().strip()
        return values

    def problems(self) -> dict[str, str]:
        return field_problems(self._raw_values())

    def _validate(self) -> dict[str, str]:
        problems = self.problems()
        for key, error in self.errors.items():
            error.set_problem(problems.get(key) if key in self._touched else None)
        self.save_button.setEnabled(not problems)
        self.save_button.setToolTip(
            "Save the contact (Enter)" if not problems else "Fix the highlighted fields first"
        )
        self._show_fit_hint()
        return problems

    def _show_fit_hint(self) -> None:
        """Show what an empty fit would compute to, from the fields as typed."""
        raw = self._raw_values()
        size = raw["company_size"] if isinstance(raw["company_size"], int) else None
        probe = Contact(
            id=0,
            name="",
            role=raw["role"],
            industry=raw["industry"],
            company_size=size if size is None or size >= 0 else None,
        )
        computed = compute_fit(probe, self._service.rules)
        self.edits["fit"].setPlaceholderText(f"Computed: {computed}")

    def is_valid(self) -> bool:
        return not self.problems()

    def accept(self) -> None:
        """Refuse to close while any field is invalid, and show every problem."""
        self._touched.update(self.errors)
        problems = self._validate()
        if problems:
            first = next(key for key in self.errors if key in problems)
            focus: QWidget = self.edits.get(first) or (
                self.source_combo if first == "source" else self.notes_edit
            )
            focus.setFocus()
            return
        super().accept()

    def values(self) -> dict[str, Any]:
        """Fields for ``service.add_contact(**values)`` or ``service.edit_contact(id, **values)``."""
        problems = self.problems()
        if problems:
            raise ValueError("; ".join(problems.values()))
        return self._raw_values()

    @property
    def contact_id(self) -> int | None:
        return self._contact.id if self._contact else None
