"""Settings > Capture: your own addresses (they tell mail you sent from mail you received) and the
senders capture always skips, to add to or take off.

The editor holds a copy of both; the window reads them on the worker queue when the tab is first
shown, and writes what changed there when the settings are saved.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from leadtemp.capture.addresses import clean_address


def split_addresses(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").replace("\n", ",").split(",") if part.strip()]


class CaptureSettingsEditor(QWidget):
    #: Shown for the first time: the settings should be read now (not before anyone looks at them).
    wanted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("capture-settings")
        self._loaded: tuple[list[str], list[str]] | None = None
        self._asked = False
        self._senders: list[str] = []
        self.addresses_edit = QLineEdit(self)
        self.addresses_edit.setObjectName("my-addresses")
        self.addresses_edit.setPlaceholderText("you@example.com, you@gmail.com")
        self.addresses_edit.setToolTip(
            "Your own addresses, separated by commas: mail from them is mail you sent"
        )
        self.addresses_edit.textChanged.connect(self._check_addresses)
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
        self.problem.setObjectName("capture-settings-problem")
        self.problem.setHidden(True)
        form = QFormLayout()
        form.addRow("Your &addresses:", self.addresses_edit)
        row = QHBoxLayout()
        row.addWidget(self.address_edit, 1)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(form)
        column.addWidget(QLabel("Always ignore mail, events and rows from:", self))
        column.addWidget(self.list, 1)
        column.addLayout(row)
        column.addWidget(self.problem)
        self.set_settings(None)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._loaded is None and not self._asked:
            self._asked = True
            self.wanted.emit()

    def set_settings(self, settings: tuple[list[str], list[str]] | None) -> None:
        """(your addresses, ignored senders) as stored; None while they are being read."""
        self._loaded = None if settings is None else (list(settings[0]), list(settings[1]))
        self._senders = list(settings[1]) if settings else []
        self.addresses_edit.setText(", ".join(settings[0]) if settings else "")
        self._show()

    def senders(self) -> list[str]:
        return list(self._senders)

    def my_addresses(self) -> list[str]:
        return split_addresses(self.addresses_edit.text())

    def changes(self) -> tuple[list[str] | None, list[str], list[str]]:
        """(your addresses when they changed, else None; senders added; senders taken off), all
        empty before the settings were read."""
        if self._loaded is None:
            return None, [], []
        mine, ignored = self._loaded
        addresses = self.my_addresses()
        added = [address for address in self._senders if address not in ignored]
        removed = [address for address in ignored if address not in self._senders]
        return (addresses if addresses != mine else None), added, removed

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

    def _check_addresses(self) -> None:
        bad = [part for part in self.my_addresses() if not clean_address(part)]
        self._say(f"{bad[0]!r} is not an e-mail address" if bad else "")

    def _say(self, problem: str) -> None:
        self.problem.setText(problem)
        self.problem.setHidden(not problem)

    def _show(self) -> None:
        self.list.clear()
        self.list.addItems(self._senders)
        ready = self._loaded is not None
        for widget in (self.addresses_edit, self.address_edit, self.add_button, self.remove_button):
            widget.setEnabled(ready)
        if not ready:
            self.list.addItem("Reading the list…")
