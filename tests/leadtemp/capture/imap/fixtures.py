"""Fixtures for the mailbox tests (here and the window's): a real dovecot on 127.0.0.1 per test
(skipped, with the reason, where dovecot is not installed) and an in-process keychain, so no test
touches the user's own. A conftest imports them by name."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

from leadtemp.capture.imap.address import MailboxAddress
from tests.leadtemp.capture.imap.dovecot import USER, Dovecot, missing
from tests.unprivileged import unprivileged_user

MESSAGES = Path(__file__).parent / "messages"


def message(name: str) -> bytes:
    return (MESSAGES / name).read_bytes()


class MemoryKeyring(KeyringBackend):
    """A keychain that lives as long as the test."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        from keyring.errors import PasswordDeleteError

        if self.entries.pop((service, username), None) is None:
            raise PasswordDeleteError("no such password")


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def dovecot() -> Iterator[Dovecot]:
    """A running server whose INBOX holds the fixture's four messages and Sent the user's own."""
    reason = missing()
    if reason is not None:
        pytest.skip(reason)
    owner = unprivileged_user()
    if owner is None:
        pytest.skip("running as root and cannot create the mailbox's user leadtemp-test (no useradd)")
    root = Path(tempfile.mkdtemp(prefix="leadtemp-imap-"))
    server = Dovecot(root, owner)
    for name in (
        "inbox-reply.eml",
        "inbox-quote-request.eml",
        "inbox-newsletter.eml",
        "inbox-attachment.eml",
    ):
        server.deliver(message(name), "INBOX")
    server.deliver(message("sent-outreach.eml"), "Sent", seen=True)
    server.start()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def mailbox(dovecot: Dovecot) -> MailboxAddress:
    """The fixture server's INBOX, as a user would name it."""
    return MailboxAddress(USER, "localhost", dovecot.port, ("INBOX",))
