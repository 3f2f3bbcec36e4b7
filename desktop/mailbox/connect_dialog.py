"""File > Connect Mailbox…: the server, the account, the folders, the (app) password for the
keychain, how often to check and from which day mail is read; refuses an address it cannot use
before closing."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.mailbox.connection import MailboxConnection as MailboxConnection
from desktop.widgets.field_error import FieldError
from desktop.widgets.forms import stacked
from leadtemp import clock
from leadtemp.capture.imap.address import IMAPS_PORT, parse_mailbox_url
from leadtemp.errors import ValidationError

#: How far back a new mailbox is read unless the user says otherwise: a quarter's leads, not years.
DEFAULT_SINCE_DAYS = 90
#: The earliest day the date field offers; choosing it reads all of the mailbox's mail.
_ALL_MAIL = QDate(1990, 1, 1)


class ConnectMailboxDialog(QDialog):
    def __init__(self, current: MailboxConnection | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connect-mailbox")
        self.setWindowTitle("Connect Mailbox")
        self.connection: MailboxConnection | None = None
        self.host = QLineEdit(placeholderText="imap.example.com")
        self.host.setObjectName("mailbox-host")
        self.port = QSpinBox(minimum=1, maximum=65535, value=IMAPS_PORT)
        self.port.setObjectName("mailbox-port")
        self.user = QLineEdit(placeholderText="you@example.com")
        self.user.setObjectName("mailbox-user")
        self.folders = QLineEdit("INBOX")
        self.folders.setObjectName("mailbox-folders")
        self.folders.setToolTip("Folders to read, separated by commas; the Sent folder is always read too")
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.password.setObjectName("mailbox-password")
        self.password.setPlaceholderText("an app password; kept in the system keychain")
        self.ca_file = QLineEdit(placeholderText="the system's own")
        self.ca_file.setObjectName("mailbox-ca")
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._choose_ca)
        self.every = QSpinBox(minimum=0, maximum=24 * 60, value=0, suffix=" min")
        self.every.setObjectName("mailbox-every")
        self.every.setSpecialValueText("only when I ask")
        self.since = QDateEdit()
        self.since.setCalendarPopup(True)
        self.since.setDisplayFormat("yyyy-MM-dd")
        self.since.setObjectName("mailbox-since")
        self.since.setMinimumDate(_ALL_MAIL)
        self.since.setSpecialValueText("all of it")
        self.since.setDate(_qdate(clock.local_date(clock.now()) - timedelta(days=DEFAULT_SINCE_DAYS)))
        self.since.setToolTip(
            "Mail sent before this day is never read (the earliest day reads all of the mailbox)"
        )
        self.error = FieldError("mailbox")
        if current is not None:
            self._fill(current)

        ca_row = QHBoxLayout()
        ca_row.setContentsMargins(0, 0, 0, 0)
        ca_row.addWidget(self.ca_file)
        ca_row.addWidget(browse)
        ca_box = QWidget()
        ca_box.setLayout(ca_row)
        form = QFormLayout()
        form.addRow("&Server:", self.host)
        form.addRow("&Port:", self.port)
        form.addRow("&User:", self.user)
        form.addRow("&Folders:", self.folders)
        form.addRow("P&assword:", self.password)
        form.addRow("&Certificate authority:", ca_box)
        form.addRow("Check &every:", self.every)
        form.addRow("Read mail &since:", self.since)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Connect")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        hint = QLabel(
            "IMAP over TLS only. Microsoft 365 and Outlook.com need OAuth, which is not supported yet."
        )
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(stacked(hint, self.error))
        layout.addWidget(buttons)

    def _fill(self, current: MailboxConnection) -> None:
        self.host.setText(current.address.host)
        self.port.setValue(current.address.port)
        self.user.setText(current.address.user)
        self.folders.setText(", ".join(current.address.folders))
        self.every.setValue(current.every_minutes or 0)
        self.ca_file.setText(str(current.ca_file or ""))
        self.since.setDate(_qdate(current.since) if current.since else _ALL_MAIL)
        self.password.setPlaceholderText("kept in the keychain; type a new one to replace it")

    def _choose_ca(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, "Certificate authority", "", "PEM files (*.pem *.crt)")
        if chosen:
            self.ca_file.setText(chosen)

    def accept(self) -> None:
        try:
            self.connection = self._read()
        except ValidationError as error:
            self.error.set_problem(str(error))
            return
        self.error.set_problem(None)
        super().accept()

    def _read(self) -> MailboxConnection:
        host, user = self.host.text().strip(), self.user.text().strip()
        if not host:
            raise ValidationError("the server is missing")
        if not user:
            raise ValidationError("the user is missing")
        folders = ",".join(name.strip() for name in self.folders.text().split(",") if name.strip())
        address = parse_mailbox_url(f"imaps://{user}@{host}:{self.port.value()}/{folders}")
        if address.refusing_app_passwords():
            raise ValidationError(
                f"only OAuth sign-in works with {host}, which LeadTemp does not support yet"
            )
        ca_text = self.ca_file.text().strip()
        ca = Path(ca_text).expanduser() if ca_text else None
        if ca is not None and not ca.is_file():
            raise ValidationError(f"no certificate file at {ca}")
        every = self.every.value() or None
        chosen = self.since.date()
        since = None if chosen == self.since.minimumDate() else _day(chosen)
        return MailboxConnection(address, self.password.text(), every, ca, since)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _day(chosen: QDate) -> date:
    return date(chosen.year(), chosen.month(), chosen.day())
