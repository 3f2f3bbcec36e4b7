"""Passwords in the operating system's keychain through ``keyring``, never in a book or a file:
the mailbox's for capture, a server's for a shared book. Each is kept under a service name of its
own, with the account it opens as the entry's user name."""

from __future__ import annotations


class KeychainUnavailable(Exception):
    """There is no keychain on this system; the reason, in one line."""


def stored(service: str, account: str) -> str | None:
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(service, account)
    except KeyringError as error:
        raise KeychainUnavailable(_reason(error)) from None


def store(service: str, account: str, password: str) -> None:
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(service, account, password)
    except KeyringError as error:
        raise KeychainUnavailable(_reason(error)) from None


def forget(service: str, account: str) -> bool:
    """Remove the kept password; False when there was none."""
    import keyring
    from keyring.errors import KeyringError, PasswordDeleteError

    try:
        keyring.delete_password(service, account)
    except PasswordDeleteError:
        return False
    except KeyringError as error:
        raise KeychainUnavailable(_reason(error)) from None
    return True


def _reason(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
