"""The contact panel's qualification row: the lead's stage beside four chips (Budget, Authority,
Need, Timeline) that a click moves to the next answer."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QWidget

from desktop.widgets.humanize import local_text
from leadtemp.book_kinds import BookKind, Words, words_for
from leadtemp.model import Stage
from leadtemp.qualification.answers import CRITERIA, NO, UNKNOWN, Answer, Qualification, next_answer

_SALES_WORDS = words_for(BookKind.SALES)
#: A chip's colours by what its answer says: (border and text, fill).
_COLOURS = {
    "yes": ("#1f8a4c", "rgba(31, 138, 76, 0.12)"),
    "no": ("#d23c32", "rgba(210, 60, 50, 0.12)"),
    "unknown": ("palette(mid)", "transparent"),
}
_STAGE_HINTS = {
    Stage.LEAD: "Lead: not yet shown to fit and need what you sell",
    Stage.PROSPECT: "Prospect: fits your ideal client and needs what you sell",
    Stage.QUALIFIED: "Qualified: budget, authority, need and timeline known, none of them no",
}


class QualificationChips(QWidget):
    """Emits ``answerChosen(criterion, answer)`` when a chip is clicked, with the answer the click
    gives; the window writes it as one undoable step."""

    answerChosen = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("qualification-chips")
        self.qualification = Qualification()
        self.today = date.today()
        # Two chips a row: four side by side would not fit the panel's narrowest width.
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(4)
        layout.setVerticalSpacing(3)
        #: The stage, shown beside the temperature (the panel places it there).
        self.stage_label = QLabel(self)
        self.stage_label.setObjectName("qualification-stage")
        self.chips: dict[str, QPushButton] = {}
        for index, criterion in enumerate(CRITERIA):
            chip = QPushButton(self)
            chip.setObjectName(f"qualification-{criterion}")
            chip.setFlat(True)
            chip.clicked.connect(lambda _checked=False, c=criterion: self._clicked(c))
            layout.addWidget(chip, index // 2, index % 2)
            self.chips[criterion] = chip
        layout.setColumnStretch(2, 1)

    def show_qualification(
        self, qualification: Qualification, stage: Stage, today: date, words: Words = _SALES_WORDS
    ) -> None:
        self.qualification, self.today = qualification, today
        self.stage_label.setText(f"<b>{words.title(words.stage(stage))}</b>")
        self.stage_label.setToolTip(_STAGE_HINTS[stage])
        self.stage_label.setAccessibleName(f"Stage {stage.value}")
        for answer in qualification.answers:
            self._show_chip(self.chips[answer.criterion], answer)

    def next_value(self, criterion: str) -> str:
        """The answer a click on ``criterion``'s chip gives."""
        return next_answer(self.qualification.answer(criterion), self.today)

    def _show_chip(self, chip: QPushButton, answer: Answer) -> None:
        word = answer.value if answer.value in (UNKNOWN, NO, "yes") else "yes"
        ink, fill = _COLOURS[word]
        shown = "?" if answer.value == UNKNOWN else answer.value
        chip.setText(f"{answer.criterion.capitalize()}: {shown}")
        chip.setStyleSheet(
            f"QPushButton {{ border: 1px solid {ink}; color: {ink if word != UNKNOWN else 'palette(text)'}; "
            f"background: {fill}; border-radius: 9px; padding: 1px 8px; }}"
        )
        tip = [f"{answer.criterion.capitalize()}: {answer.value}"]
        if answer.note:
            tip.append(answer.note)
        if answer.learned_at is not None:
            tip.append(f"Learned {local_text(answer.learned_at)}")
        tip.append(f"Click: {self.next_value(answer.criterion)}")
        chip.setToolTip("\n".join(tip))
        chip.setAccessibleName(f"{answer.criterion} {answer.value}")

    def _clicked(self, criterion: str) -> None:
        self.answerChosen.emit(criterion, self.next_value(criterion))
