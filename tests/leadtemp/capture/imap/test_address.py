"""A mailbox address: the user may be an e-mail address, the port and folders are optional, and
what cannot be used (plain imap, a password in the address, a bad port) is refused in one line."""

from __future__ import annotations

import pytest

from leadtemp.capture.imap.address import MailboxAddress, parse_mailbox_url
from leadtemp.errors import ValidationError


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("imaps://dana@imap.example.com", MailboxAddress("dana", "imap.example.com", 993, ("INBOX",))),
        (
            "imaps://dana@example.com@imap.example.com:1993/INBOX,Clients",
            MailboxAddress("dana@example.com", "imap.example.com", 1993, ("INBOX", "Clients")),
        ),
        (
            "imaps://dana%40example.com@imap.example.com/Clients%2C%20old,Archive",
            MailboxAddress("dana@example.com", "imap.example.com", 993, ("Clients, old", "Archive")),
        ),
        ("imaps://dana@[::1]:9993/", MailboxAddress("dana", "::1", 9993, ("INBOX",))),
    ],
)
def test_an_address_names_user_host_port_and_folders(url: str, expected: MailboxAddress) -> None:
    assert parse_mailbox_url(url) == expected


def test_the_account_and_url_name_the_mailbox_without_a_password() -> None:
    address = parse_mailbox_url("imaps://dana@example.com@imap.example.com/INBOX")
    assert address.account == "dana@example.com@imap.example.com:993"
    assert address.url == "imaps://dana@example.com@imap.example.com/INBOX"
    assert parse_mailbox_url(address.url) == address


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("imap://dana@host/INBOX", "imap://dana@host/INBOX: plain imap:// is not supported; use imaps://"),
        ("https://host", "https://host: not a mailbox address; expected imaps://USER@HOST[:PORT]/FOLDER"),
        ("imaps://host/INBOX", "imaps://host/INBOX: the user is missing"),
        ("imaps://dana@/INBOX", "imaps://dana@/INBOX: the host is missing"),
        ("imaps://dana@host:0/INBOX", "imaps://dana@host:0/INBOX: the port must be a number from 1 to 65535"),
        ("imaps://dana@host:imap/INBOX", "imaps://dana@host:imap/INBOX: the port must be a number"),
        ("imaps://dana:hunter2@host/INBOX", "a password does not belong in the mailbox address"),
    ],
)
def test_an_address_that_cannot_be_used_is_refused(url: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_mailbox_url(url)
    assert str(caught.value).startswith(message)
    assert "hunter2" not in str(caught.value)
