"""File > Open Shared Book…: a book on a PostgreSQL server, by host, port, database and user.

The password goes to the operating system's keychain once the book has opened with it, never to
a file or the settings; the certificate is checked against the system's CAs or a chosen CA file
unless the user turns that off (then a warning says what it means). The book is tried off the UI
thread; a failure is one line in the dialog, which stays open to correct it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
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

from desktop.widgets.field_error import FieldError
from desktop.workers import Workers
from leadtemp.server_address import UNVERIFIED, ServerAddress, as_path

DEFAULT_PORT = 5432
UNVERIFIED_WARNING = (
    "The connection stays encrypted, but the server's certificate is not checked: anyone on the "
    "network in between could pose as the server and read the book."
)


class OpenSharedBookDialog(QDialog):
    """``book()`` once accepted: the address to open (never holding the password)."""

    def __init__(self, workers: Workers, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("open-shared-book-dialog")
        self.setWindowTitle("Open Shared Book")
        self._workers = workers
        self._book: Path | None = None
        #: Closed (cancelled) while a try was still out: its answer is dropped.
        self._closed = False
        self.finished.connect(self._close_down)
        self.host = self._line("host", "Host")
        self.port = QSpinBox(self)
        self.port.setObjectName("shared-book-port")
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.database = self._line("database", "Database")
        self.user = self._line("user", "User")
        self.password = self._line("password", "Password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("kept in the system keychain")
        self.ca_file = self._line("ca", "CA certificate file")
        self.ca_file.setPlaceholderText("the system's certificate authorities")
        browse = QPushButton("&Browse…", self)
        browse.setAutoDefault(False)
        browse.clicked.connect(self._browse)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_file, 1)
        ca_row.addWidget(browse)
        self.no_verify = QCheckBox("&Don't verify the certificate", self)
        self.no_verify.setObjectName("shared-book-no-verify")
        self.warning = QLabel(UNVERIFIED_WARNING, self)
        self.warning.setObjectName("shared-book-unverified-warning")
        self.warning.setWordWrap(True)
        self.warning.setHidden(True)
        self.no_verify.toggled.connect(self._verification_changed)
        self.error = FieldError("shared-book", self)
        form = QFormLayout()
        form.addRow("&Host:", self.host)
        form.addRow("P&ort:", self.port)
        form.addRow("D&atabase:", self.database)
        form.addRow("&User:", self.user)
        form.addRow("&Password:", self.password)
        form.addRow("&CA file:", ca_row)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.no_verify)
        layout.addWidget(self.warning)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def _line(self, name: str, label: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(f"shared-book-{name}")
        edit.setAccessibleName(label)
        return edit

    def _close_down(self, _result: int) -> None:
        self._closed = True

    def book(self) -> Path | None:
        return self._book

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, "CA certificate", "", "Certificates (*.pem *.crt *.cer);;All files (*)"
        )
        if chosen:
            self.ca_file.setText(chosen)

    def _verification_changed(self, off: bool) -> None:
        self.warning.setVisible(off)
        self.ca_file.setEnabled(not off)

    def address(self) -> ServerAddress:
        """The address the fields give, or a ``ValueError`` with the one line to show."""
        host, database, user = (edit.text().strip() for edit in (self.host, self.database, self.user))
        if not host or not database or not user:
            raise ValueError("Give the host, the database and the user")
        port = self.port.value()
        options: dict[str, str] = {}
        ca = self.ca_file.text().strip()
        if self.no_verify.isChecked():
            options["sslmode"] = UNVERIFIED
        elif ca:
            where = Path(ca).expanduser()
            if not where.is_file():
                raise ValueError(f"No CA certificate file at {ca}")
            options["sslrootcert"] = str(where.resolve())
        return ServerAddress(user, host, database, None if port == DEFAULT_PORT else port, options)

    def accept(self) -> None:
        """Try the book off the UI thread; close once it opens, else say why and stay open."""
        try:
            address = self.address()
        except ValueError as problem:
            self.error.set_problem(str(problem))
            return
        book = as_path(address)
        password = self.password.text() or None
        self.error.set_problem(None)
        self.buttons.setEnabled(False)

        def opened(_none: object) -> None:
            if self._closed:
                return
            self.buttons.setEnabled(True)
            self._book = book
            super(OpenSharedBookDialog, self).accept()

        def refused(error: Exception) -> None:
            if self._closed:
                return
            self.buttons.setEnabled(True)
            self.error.set_problem(str(error))

        def attempt(_progress: object) -> None:
            from leadtemp.service import LeadService

            LeadService.try_server_book(book, password)

        self._workers.run_on_files(f"Connecting to {address.host}…", attempt, opened, refused)
