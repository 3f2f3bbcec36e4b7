"""The mailbox password: in the operating system's keychain through ``keyring`` (never in the book
or a file), or read from an environment variable where there is no keychain."""

from __future__ import annotations

import os

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
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(KEYCHAIN_SERVICE, address.account)
    except KeyringError as error:
        raise MailboxError(_NO_KEYCHAIN.format(reason=_reason(error))) from None


def store_password(address: MailboxAddress, password: str) -> None:
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(KEYCHAIN_SERVICE, address.account, password)
    except KeyringError as error:
        raise MailboxError(_NO_KEYCHAIN.format(reason=_reason(error))) from None


def forget_password(address: MailboxAddress) -> bool:
    """Remove the kept password; False when there was none."""
    import keyring
    from keyring.errors import KeyringError, PasswordDeleteError

    try:
        keyring.delete_password(KEYCHAIN_SERVICE, address.account)
    except PasswordDeleteError:
        return False
    except KeyringError as error:
        raise MailboxError(_NO_KEYCHAIN.format(reason=_reason(error))) from None
    return True


def _reason(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
