"""An inline error message shown under a form field while its value is invalid."""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QWidget

from desktop.widgets.labels import error_color, sentence


class FieldError(QLabel):
    """Hidden while there is no problem, so valid forms stay compact."""

    def __init__(self, field_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{field_name}-error")
        self.setAccessibleName(f"{field_name} error")
        self.setWordWrap(True)
        self.setVisible(False)
        self._problem: str | None = None

    @property
    def problem(self) -> str | None:
        return self._problem

    def set_problem(self, problem: str | None) -> None:
        self._problem = problem
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.WindowText, error_color(self))
        self.setPalette(palette)
        self.setText(sentence(problem) if problem else "")
        self.setHidden(problem is None)
