"""The mailbox password: in the operating system's keychain (``leadtemp.keychain``; never in the
book or a file), or read from an environment variable where there is no keychain."""

from __future__ import annotations

import os

from leadtemp import keychain
from leadtemp.capture.imap.address import MailboxAddress
from leadtemp.capture.imap.errors import MailboxError

#: The keychain entry's service name; the account (``user@host:port``) is its user name.
KEYCHAIN_SERVICE = "LeadTemp mailbox"
_NO_KEYCHAIN = (
    "no keychain to keep the password in on this system ({reason}); pass it with --password-env VAR"
)


def password_from_env(variable: str) -> str:
    value = os.environ.get(variable)
    if not value:
        raise MailboxError(f"--password-env {variable}: the environment variable is not set or empty")
    return value


def stored_password(address: MailboxAddress) -> str | None:
    """The password kept for this account, or None when there is none yet."""
    try:
        return keychain.stored(KEYCHAIN_SERVICE, address.account)
    except keychain.KeychainUnavailable as error:
        raise MailboxError(_NO_KEYCHAIN.format(reason=error)) from None


def store_password(address: MailboxAddress, password: str) -> None:
    try:
        keychain.store(KEYCHAIN_SERVICE, address.account, password)
    except keychain.KeychainUnavailable as error:
        raise MailboxError(_NO_KEYCHAIN.format(reason=error)) from None


def forget_password(address: MailboxAddress) -> bool:
    """Remove the kept password; False when there was none."""
    try:
        return keychain.forget(KEYCHAIN_SERVICE, address.account)
    except keychain.KeychainUnavailable as error:
        raise MailboxError(_NO_KEYCHAIN.format(reason=error)) from None
