"""File > Notifications…: whether the app announces hot leads, its quiet hours, and whether
closing the window keeps it running in the tray (only offered where there is a tray)."""

from __future__ import annotations

from datetime import time

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.notify.preferences import NotificationPreferences

_DEFAULT_QUIET = (time(21, 0), time(7, 0))


class NotificationSettingsDialog(QDialog):
    def __init__(
        self, current: NotificationPreferences, tray_available: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("notification-settings")
        self.setWindowTitle("Notifications")
        self.enabled = QCheckBox("Notify me when a lead turns hot or a hot lead has waited 5 minutes", self)
        self.enabled.setChecked(current.enabled)
        self.quiet = QCheckBox("Quiet hours", self)
        self.quiet.setChecked(current.quiet_from is not None and current.quiet_until is not None)
        start, end = (current.quiet_from or _DEFAULT_QUIET[0], current.quiet_until or _DEFAULT_QUIET[1])
        self.quiet_from = QTimeEdit(QTime(start.hour, start.minute), self)
        self.quiet_until = QTimeEdit(QTime(end.hour, end.minute), self)
        for edit in (self.quiet_from, self.quiet_until):
            edit.setDisplayFormat("HH:mm")
        self.keep_in_tray = QCheckBox("Keep LeadTemp running in the tray when the window closes", self)
        self.keep_in_tray.setChecked(current.keep_in_tray and tray_available)
        self.keep_in_tray.setEnabled(tray_available)
        if not tray_available:
            self.keep_in_tray.setToolTip("This desktop has no system tray")

        hours = QHBoxLayout()
        hours.addWidget(self.quiet_from)
        hours.addWidget(QLabel("to", self))
        hours.addWidget(self.quiet_until)
        hours.addStretch(1)
        form = QFormLayout()
        form.addRow(self.quiet, hours)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.enabled)
        layout.addLayout(form)
        note = QLabel(
            "Nothing is announced during quiet hours; the tray still counts the waiting leads.", self
        )
        note.setWordWrap(True)
        note.setEnabled(False)
        layout.addWidget(note)
        layout.addWidget(self.keep_in_tray)
        layout.addWidget(buttons)
        self.quiet.toggled.connect(self._update)
        self.enabled.toggled.connect(self._update)
        self._update()

    def _update(self) -> None:
        on = self.enabled.isChecked()
        self.quiet.setEnabled(on)
        for edit in (self.quiet_from, self.quiet_until):
            edit.setEnabled(on and self.quiet.isChecked())

    def preferences(self) -> NotificationPreferences:
        quiet = self.quiet.isChecked()
        start, end = self.quiet_from.time(), self.quiet_until.time()
        return NotificationPreferences(
            enabled=self.enabled.isChecked(),
            quiet_from=time(start.hour(), start.minute()) if quiet else None,
            quiet_until=time(end.hour(), end.minute()) if quiet else None,
            keep_in_tray=self.keep_in_tray.isEnabled() and self.keep_in_tray.isChecked(),
        )
