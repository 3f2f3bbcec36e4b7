"""File > New Book…: where the new book goes and what it is for (sales or recruiting).

The kind is chosen here once: it decides the book's interaction kinds, checklists, how fit is read
and the words the window uses. The dialog only asks; the window creates the file off the UI thread.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.widgets.field_error import FieldError
from leadtemp.book_kinds import BookKind

_DESCRIPTIONS = {
    BookKind.SALES: "Leads and deals: visits, downloads, pricing requests, demos and proposals.",
    BookKind.RECRUITING: "Candidates for a role: applications, screening calls, quick replies, "
    "interviews and offers; fit is how well a candidate matches the role profile.",
}
BOOK_FILTER = "LeadTemp books (*.db)"


class NewBookDialog(QDialog):
    """``path()`` and ``kind()`` once accepted; accept refuses a path that exists or has no folder."""

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("new-book-dialog")
        self.setWindowTitle("New Book")
        self.path_edit = QLineEdit(self)
        self.path_edit.setObjectName("new-book-path")
        self.path_edit.setAccessibleName("New book's file")
        self.path_edit.setText(str(_free_name(folder)))
        browse = QPushButton("&Browse…", self)
        browse.setAutoDefault(False)
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.path_edit, 1)
        where.addWidget(browse)
        self.kind_buttons = QButtonGroup(self)
        kinds = QVBoxLayout()
        self.radios: dict[BookKind, QRadioButton] = {}
        for book in BookKind:
            radio = QRadioButton(f"&{book.label}", self)
            radio.setObjectName(f"new-book-{book.value}")
            radio.setChecked(book is BookKind.SALES)
            note = QLabel(_DESCRIPTIONS[book], self)
            note.setWordWrap(True)
            note.setContentsMargins(22, 0, 0, 6)
            note.setEnabled(False)
            self.kind_buttons.addButton(radio)
            self.radios[book] = radio
            kinds.addWidget(radio)
            kinds.addWidget(note)
        self.error = FieldError("new-book", self)
        form = QFormLayout()
        file_label = QLabel("&File:", self)
        file_label.setBuddy(self.path_edit)
        form.addRow(file_label, where)
        form.addRow("Kind:", kinds)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("&Create")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel("A book is one file, opened in a window of its own. Its kind is chosen once.", self)
        )
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def kind(self) -> BookKind:
        return next(book for book, radio in self.radios.items() if radio.isChecked())

    def set_kind(self, book: BookKind) -> None:
        self.radios[book].setChecked(True)

    def path(self) -> Path:
        return _with_suffix(Path(self.path_edit.text().strip()).expanduser())

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(self, "New Book", self.path_edit.text(), BOOK_FILTER)
        if chosen:
            self.path_edit.setText(chosen)

    def problem(self) -> str | None:
        """Why the book cannot be made where the dialog says, or None."""
        if not self.path_edit.text().strip():
            return "choose a file for the new book"
        path = self.path()
        if path.exists():
            return f"{path.name} already exists; a new book needs a new file"
        if not path.parent.is_dir():
            return f"there is no folder {path.parent}"
        return None

    def accept(self) -> None:
        problem = self.problem()
        self.error.set_problem(problem)
        if problem is None:
            super().accept()


def _with_suffix(path: Path) -> Path:
    return path if path.suffix else path.with_suffix(".db")


def _free_name(folder: Path) -> Path:
    """``book.db`` in ``folder``, or ``book-2.db`` and on when that is taken."""
    candidate, number = folder / "book.db", 2
    while candidate.exists():
        candidate = folder / f"book-{number}.db"
        number += 1
    return candidate
