"""E-mail addresses as one person: the forms of an address that reach the same mailbox match.

Case never matters; ``dana+leads@example.com`` is ``dana@example.com`` (plus-addressing);
at Gmail ``d.a.n.a@googlemail.com`` is ``dana@gmail.com`` (Gmail ignores dots).
"""

from __future__ import annotations

import re
from email.utils import getaddresses

_GMAIL = frozenset({"gmail.com", "googlemail.com"})
_PLAUSIBLE = re.compile(r"^[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+\.[^@\s<>()\[\],;:\".]+$")


def clean_address(text: str) -> str:
    """The address as stored: trimmed and lower-cased, or "" when it is no e-mail address."""
    address = text.strip().strip("<>").strip().lower()
    return address if _PLAUSIBLE.match(address) else ""


def match_key(address: str) -> str:
    """The key two addresses of one mailbox share ("" for no address)."""
    cleaned = clean_address(address)
    if not cleaned:
        return ""
    local, _, domain = cleaned.rpartition("@")
    local = local.split("+", 1)[0] or local
    if domain in _GMAIL:
        local, domain = local.replace(".", ""), "gmail.com"
    return f"{local}@{domain}"


def parse_addresses(values: list[str]) -> list[tuple[str, str]]:
    """(display name, cleaned address) of each address in header values, invalid ones left out."""
    found: list[tuple[str, str]] = []
    for name, address in getaddresses(values):
        cleaned = clean_address(address)
        if cleaned:
            found.append((name.strip(), cleaned))
    return found
