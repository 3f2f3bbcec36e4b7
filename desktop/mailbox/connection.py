"""What Connect Mailbox… was given, apart from the dialog: the mailbox checks hold one from the
window's start, before any dialog (and its widgets) is loaded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from leadtemp.capture.imap.address import MailboxAddress


@dataclass(frozen=True)
class MailboxConnection:
    """What the dialog was given: the password goes to the keychain, never to the book."""

    address: MailboxAddress
    password: str
    every_minutes: int | None
    ca_file: Path | None
    #: No mail sent before this day (in the user's time zone) is read; None reads all of it.
    since: date | None = None
