"""The next step of a lead (what, and the day it is due), or just a day: snoozing until a date."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.widgets.field_error import FieldError


class NextStepDialog(QDialog):
    """``with_text=False`` asks for the day alone (snooze until…)."""

    def __init__(
        self,
        today: date,
        parent: QWidget | None = None,
        *,
        title: str = "Next step",
        text: str = "",
        due: date | None = None,
        with_text: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("next-step-dialog")
        self.setWindowTitle(title)
        self._today = today
        self._with_text = with_text
        self.text = QLineEdit(text, self)
        self.text.setObjectName("next-step-text")
        self.text.setPlaceholderText("e.g. call about the proposal")
        self.text.setMaxLength(500)
        chosen = due or today + timedelta(days=1)
        self.due = QDateEdit(QDate(chosen.year, chosen.month, chosen.day), self)
        self.due.setObjectName("next-step-due")
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("ddd d MMM yyyy")
        earliest = today if with_text else today + timedelta(days=1)
        self.due.setMinimumDate(QDate(earliest.year, earliest.month, earliest.day))
        self.error = FieldError("next-step", self)
        form = QFormLayout()
        if with_text:
            form.addRow("&What:", self.text)
        else:
            self.text.hide()
        form.addRow("&Due:" if with_text else "&Until:", self.due)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def day(self) -> date:
        chosen = self.due.date()
        return date(chosen.year(), chosen.month(), chosen.day())

    def step_text(self) -> str:
        return self.text.text().strip()

    def accept(self) -> None:
        if self._with_text and not self.step_text():
            self.error.set_problem('Say what the step is, e.g. "call about the proposal".')
            self.text.setFocus()
            return
        super().accept()
