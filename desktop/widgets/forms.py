"""Form helpers: a field with its inline error underneath, as one cell of a QFormLayout."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget


def stacked(*widgets: QWidget) -> QWidget:
    """Stack an editor over its error (and hint) labels; the label's mnemonic focuses the editor."""
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    for widget in widgets:
        column.addWidget(widget)
    box.setFocusProxy(widgets[0])
    return box
