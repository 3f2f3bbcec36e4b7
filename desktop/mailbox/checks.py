"""Check Mail: the connected mailbox read on the window's worker queue (the status bar shows its
progress), by hand or every few minutes; what it found goes to the review page when the window has
one, else it is kept at once and summed up in a notice.

The password never passes through the book: the dialog's goes to the keychain on the worker once
the server accepted it, and each check reads it from there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.mailbox.connection import MailboxConnection
from desktop.workers import Progress, Workers
from leadtemp.capture.imap.address import parse_mailbox_url
from leadtemp.errors import ValidationError

if TYPE_CHECKING:
    from leadtemp.capture.commit import CaptureReport
    from leadtemp.capture.imap.check import MailCheck
    from leadtemp.service import LeadService

CHECK_LABEL = "Checking mail…"
KEEP_LABEL = "Logging mail…"
#: Shows a check's preview and calls back with the lines to keep (None: all of them), or drops it.
Review = Callable[["MailCheck", Callable[[list[int] | None], None]], None]


class MailboxChecks(QObject):
    """The window's connected mailbox and its checks; ``notify`` shows a one-line notice and
    ``show_error`` a message the user must see (a check they asked for)."""

    configured = Signal()
    checked = Signal(object)  # the CaptureReport kept, or None when nothing was new

    def __init__(
        self,
        workers: Workers,
        notify: Callable[[str], object],
        show_error: Callable[[Exception], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._workers = workers
        self._notify = notify
        self._show_error = show_error
        self.connection: MailboxConnection | None = None
        self.review: Review | None = None
        self.checking = False
        #: Bumped by ``stop``: a check still under way then keeps nothing (the book may be another).
        self._generation = 0
        self.timer = QTimer(self)
        self.timer.timeout.connect(lambda: self.check(asked=False))

    def load(self) -> None:
        """Read the book's connected mailbox (on the worker) and start its timer."""
        self._workers.run("", lambda service, _progress: service.connected_mailbox(), self._loaded)

    def _loaded(self, stored: dict[str, Any] | None) -> None:
        if not stored or not isinstance(stored.get("url"), str):
            return
        try:
            address = parse_mailbox_url(stored["url"])
        except ValidationError:
            return
        ca = stored.get("ca_file")
        every = stored.get("every_minutes")
        self._configure(
            MailboxConnection(
                address,
                "",
                every if isinstance(every, int) else None,
                Path(ca) if ca else None,
                _day(stored.get("since")),
            )
        )

    def connect_mailbox(self, connection: MailboxConnection) -> None:
        """Keep the connection in the book, then check it at once (which keeps the password)."""
        address = connection.address

        def save(service: LeadService, _progress: Progress) -> None:
            service.connect_mailbox(
                address.url,
                every_minutes=connection.every_minutes,
                ca_file=str(connection.ca_file) if connection.ca_file else None,
                since=connection.since,
            )

        def saved(_result: object) -> None:
            self._configure(connection)
            self.check(asked=True)

        self._workers.write("", save, saved, self._show_error)

    def forget(self) -> None:
        """Forget the mailbox: its address and how far it was read in the book, its password in the
        keychain (on the worker); timed checks stop."""
        connection = self.connection
        if connection is None:
            return
        address = connection.address

        def forget(service: LeadService, _progress: Progress) -> None:
            from leadtemp.capture.imap.secrets import forget_password

            service.disconnect_mailbox(address.account)
            forget_password(address)

        def forgotten(_result: object) -> None:
            self.timer.stop()
            self.connection = None
            self._generation += 1
            self.configured.emit()
            self._notify(f"Disconnected from {address.user}'s mailbox; its password left the keychain")

        self._workers.write("", forget, forgotten, self._show_error)

    def _configure(self, connection: MailboxConnection) -> None:
        self.connection = connection
        self.timer.stop()
        if connection.every_minutes:
            self.timer.start(connection.every_minutes * 60_000)
        self.configured.emit()

    def stop(self) -> None:
        """No more timed checks (the window closes, or lets go of the book); ``load`` starts again."""
        self.timer.stop()
        self.connection = None
        self.checking = False
        self._generation += 1

    def check(self, *, asked: bool = True) -> bool:
        """Queue a check; False when there is no mailbox or one is running already."""
        connection = self.connection
        if connection is None or self.checking:
            return False
        self.checking = True
        typed = connection.password
        generation = self._generation

        def read(service: LeadService, progress: Progress) -> MailCheck:
            return _check(service, connection, typed, progress)

        def checked(found: MailCheck) -> None:
            if generation == self._generation:
                self._checked(found)

        def failed(error: Exception) -> None:
            if generation != self._generation:
                return
            self.checking = False
            if asked:
                self._show_error(error)
            else:
                self._notify(f"Mail was not checked: {error}")

        self._workers.run(CHECK_LABEL, read, checked, failed)
        return True

    def _checked(self, found: MailCheck) -> None:
        if self.connection is not None and self.connection.password:
            # In the keychain now: the check that just logged in put it there.
            self.connection = replace(self.connection, password="")
        if not found.preview.lines and not found.preview.skipped and found.fetched_total == 0:
            self.checking = False
            self._notify(f"No new mail in {found.address.user}'s mailbox")
            self.checked.emit(None)
            return
        if self.review is not None:
            self.review(found, lambda accepted: self._keep(found, accepted))
        else:
            self._keep(found, None)

    def reviewed(self) -> None:
        """The window's review of a check is over (kept as an undo step, or dropped): the next
        check may start; a dropped check's mail is offered again, since its marks did not move."""
        self.checking = False

    def _keep(self, found: MailCheck, accepted: list[int] | None) -> None:
        def keep(service: LeadService, _progress: Progress) -> CaptureReport:
            from leadtemp.capture.imap.check import commit_mail_check

            return commit_mail_check(service, found, accepted)

        def kept(report: CaptureReport) -> None:
            self.checking = False
            self._notify(f"Mail from {found.address.user}: {report.describe()}")
            self.checked.emit(report)

        def failed(error: Exception) -> None:
            self.checking = False
            self._show_error(error)

        self._workers.write(KEEP_LABEL, keep, kept, failed)


def _check(service: LeadService, connection: MailboxConnection, typed: str, progress: Progress) -> MailCheck:
    """On the worker: the password (typed, or from the keychain), the check, and the typed password
    kept in the keychain once the server accepted it."""
    from leadtemp import clock
    from leadtemp.capture.imap.check import check_mailbox
    from leadtemp.capture.imap.errors import MailboxError
    from leadtemp.capture.imap.secrets import store_password, stored_password
    from leadtemp.capture.options import CaptureOptions

    address = connection.address
    password = typed or stored_password(address)
    if not password:
        raise MailboxError(
            f"no password for {address.account} in the keychain: enter it in File > Connect Mailbox…"
        )
    options = CaptureOptions(
        me=tuple(service.my_addresses()),
        since=clock.day_start(connection.since) if connection.since else None,
        subjects_only=service.capture_subjects_only(),
    )
    found = check_mailbox(service, address, password, options, ca_file=connection.ca_file, progress=progress)
    if typed:
        store_password(address, typed)
    return found


def _day(stored: object) -> date | None:
    """The stored ``since`` day (ISO 8601), None when absent or unreadable."""
    if not isinstance(stored, str):
        return None
    try:
        return date.fromisoformat(stored)
    except ValueError:
        return None
