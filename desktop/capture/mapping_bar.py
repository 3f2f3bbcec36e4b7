"""The columns of a CSV export LeadTemp has no preset for: which holds the address, what happened
(a column of activities, or one kind for every row) and when. The window's ``--map``."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QPushButton, QWidget

from leadtemp.importing.read.presets import normalize_header
from leadtemp.scoring.catalogue import Catalogue

_ADDRESS_WORDS = ("email", "e mail", "mail", "address")
_WHAT_WORDS = ("activity", "event", "action", "status", "type")
_TIME_WORDS = ("date", "time", "created", "timestamp", "at")


def _guess(columns: list[str], words: tuple[str, ...]) -> int:
    for index, column in enumerate(columns):
        key = normalize_header(column)
        if any(word in key.split() or key.startswith(word) for word in words):
            return index
    return 0


class MappingBar(QWidget):
    #: {column: field} as ``--map`` takes it, once the user asks to read again.
    chosen = Signal(dict)

    def __init__(self, catalogue: Catalogue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("capture-mapping")
        self._catalogue = catalogue
        self.address_combo = QComboBox(self)
        self.address_combo.setObjectName("capture-mapping-address")
        self.what_combo = QComboBox(self)
        self.what_combo.setObjectName("capture-mapping-what")
        self.time_combo = QComboBox(self)
        self.time_combo.setObjectName("capture-mapping-time")
        self.read_button = QPushButton("Read with these &columns", self)
        self.read_button.setAutoDefault(False)
        self.read_button.clicked.connect(lambda: self.chosen.emit(self.mapping()))
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("E-mail &address:", self.address_combo)
        form.addRow("&What happened:", self.what_combo)
        form.addRow("Wh&en:", self.time_combo)
        row = QHBoxLayout()
        row.addWidget(self.read_button)
        row.addStretch(1)
        form.addRow("", row)

    def set_columns(self, columns: list[str]) -> None:
        for combo in (self.address_combo, self.what_combo, self.time_combo):
            combo.clear()
        for column in columns:
            self.address_combo.addItem(column, column)
            self.time_combo.addItem(column, column)
            self.what_combo.addItem(f"The column “{column}”", ("activity", column))
        for kind in self._catalogue:
            self.what_combo.addItem(f"Every row: {kind.label}", ("kind", kind.name))
        self.address_combo.setCurrentIndex(_guess(columns, _ADDRESS_WORDS))
        self.time_combo.setCurrentIndex(_guess(columns, _TIME_WORDS))
        self.what_combo.setCurrentIndex(_guess(columns, _WHAT_WORDS))

    def mapping(self) -> dict[str, str]:
        address, time = str(self.address_combo.currentData()), str(self.time_combo.currentData())
        what, value = self.what_combo.currentData()
        if what == "kind":
            return {address: "email", time: str(value)}
        return {address: "email", str(value): "activity", time: "time"}
