"""Quick-add's optional qualification: budget, authority and need (left as they are, yes, no or
unknown) and a timeline typed as on the command line ("Q3", "2026-Q3", "2026-09-30", "no")."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QWidget

from desktop.widgets.field_error import FieldError
from leadtemp.errors import ValidationError
from leadtemp.qualification.answers import CRITERIA, TIMELINE, YES_NO, read_answer

#: The combos' first choice: the answer stays what it is.
_AS_IS = "as is"


class QualifyFields(QWidget):
    """``values()`` gives only what the user chose; ``problem()`` a timeline that cannot be read."""

    changed = Signal()

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("quick-add-qualify")
        self.today = today
        self.error = FieldError("timeline", parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        self.combos: dict[str, QComboBox] = {}
        for criterion in CRITERIA[:3]:
            combo = QComboBox(self)
            combo.setObjectName(f"quick-add-{criterion}")
            combo.setAccessibleName(criterion.capitalize())
            combo.setToolTip(f"{criterion.capitalize()}: yes, no or unknown (optional)")
            combo.addItem(f"{criterion.capitalize()}: {_AS_IS}", None)
            for answer in YES_NO:
                combo.addItem(f"{criterion.capitalize()}: {answer}", answer)
            combo.currentIndexChanged.connect(self.changed)
            row.addWidget(combo)
            self.combos[criterion] = combo
        self.timeline = QLineEdit(self)
        self.timeline.setObjectName("quick-add-timeline")
        self.timeline.setAccessibleName("Timeline")
        self.timeline.setPlaceholderText("Timeline: Q3, 2026-09-30")
        self.timeline.setToolTip("When they mean to buy: a quarter (Q3, 2026-Q3), a day, or no (optional)")
        self.timeline.textChanged.connect(self._timeline_changed)
        row.addWidget(self.timeline, 1)
        self.setFocusProxy(self.combos[CRITERIA[0]])

    def values(self) -> dict[str, str]:
        chosen = {name: combo.currentData() for name, combo in self.combos.items() if combo.currentData()}
        if self.timeline.text().strip():
            chosen[TIMELINE] = self.timeline.text().strip()
        return chosen

    def problem(self) -> str | None:
        text = self.timeline.text().strip()
        if not text:
            return None
        try:
            read_answer(TIMELINE, text, self.today)
        except ValidationError as error:
            return str(error)
        return None

    def _timeline_changed(self) -> None:
        self.error.set_problem(self.problem())
        self.changed.emit()
