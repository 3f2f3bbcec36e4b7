"""Settings > Ignored senders: the addresses capture always skips, to add to or take off.

The editor holds a copy of the list; the window reads it on the worker queue when the tab is first
shown, and writes what changed there when the settings are saved.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QListWidget, QPushButton, QVBoxLayout, QWidget

from leadtemp.capture.addresses import clean_address


class IgnoredSendersEditor(QWidget):
    #: Shown for the first time: the list should be read now (not before anyone looks at it).
    wanted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ignored-senders")
        self._loaded: list[str] | None = None
        self._asked = False
        self._senders: list[str] = []
        self.list = QListWidget(self)
        self.list.setObjectName("ignored-senders-list")
        self.list.setAccessibleName("Senders capture always ignores")
        self.address_edit = QLineEdit(self)
        self.address_edit.setObjectName("ignored-sender-address")
        self.address_edit.setPlaceholderText("newsletter@example.com")
        self.address_edit.returnPressed.connect(self.add)
        self.add_button = QPushButton("A&dd", self)
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add)
        self.remove_button = QPushButton("&Stop ignoring", self)
        self.remove_button.setAutoDefault(False)
        self.remove_button.clicked.connect(self.remove_selected)
        self.problem = QLabel(self)
        self.problem.setObjectName("ignored-sender-problem")
        self.problem.setHidden(True)
        row = QHBoxLayout()
        row.addWidget(self.address_edit, 1)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.list, 1)
        column.addLayout(row)
        column.addWidget(self.problem)
        self.set_senders(None)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._loaded is None and not self._asked:
            self._asked = True
            self.wanted.emit()

    def set_senders(self, senders: list[str] | None) -> None:
        """The list as stored (None while it is being read)."""
        self._loaded = None if senders is None else list(senders)
        self._senders = list(senders or [])
        self._show()

    def senders(self) -> list[str]:
        return list(self._senders)

    def changes(self) -> tuple[list[str], list[str]]:
        """(added, removed) since the list was read; nothing before it was."""
        if self._loaded is None:
            return [], []
        added = [address for address in self._senders if address not in self._loaded]
        removed = [address for address in self._loaded if address not in self._senders]
        return added, removed

    def add(self) -> None:
        address = clean_address(self.address_edit.text())
        if not address:
            self._say(f"{self.address_edit.text().strip()!r} is not an e-mail address")
            return
        self._say("")
        if address not in self._senders:
            self._senders.append(address)
            self._senders.sort()
        self.address_edit.clear()
        self._show()

    def remove_selected(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self._senders):
            del self._senders[row]
            self._show()

    def _say(self, problem: str) -> None:
        self.problem.setText(problem)
        self.problem.setHidden(not problem)

    def _show(self) -> None:
        self.list.clear()
        self.list.addItems(self._senders)
        ready = self._loaded is not None
        for widget in (self.address_edit, self.add_button, self.remove_button):
            widget.setEnabled(ready)
        if not ready:
            self.list.addItem("Reading the list…")
