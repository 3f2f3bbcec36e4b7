"""A server book's password: ``--password-env VAR`` or ``PGPASSWORD`` for this run, else the one
kept in the keychain for its account, else none (a server that trusts the user needs none)."""

from __future__ import annotations

import os

from leadtemp import keychain
from leadtemp.errors import DatabaseError
from leadtemp.server_address import ServerAddress

KEYCHAIN_SERVICE = "LeadTemp server"


def password_for(address: ServerAddress) -> str | None:
    if os.environ.get("PGPASSWORD"):
        return None  # libpq reads it itself
    try:
        return keychain.stored(KEYCHAIN_SERVICE, address.account)
    except keychain.KeychainUnavailable:
        return None


def keep_password(address: ServerAddress, password: str) -> None:
    try:
        keychain.store(KEYCHAIN_SERVICE, address.account, password)
    except keychain.KeychainUnavailable as error:
        raise DatabaseError(
            f"no keychain to keep the password in on this system ({error}); pass it with --password-env VAR"
        ) from None


def forget_password(address: ServerAddress) -> bool:
    try:
        return keychain.forget(KEYCHAIN_SERVICE, address.account)
    except keychain.KeychainUnavailable as error:
        raise DatabaseError(f"no keychain on this system ({error})") from None
