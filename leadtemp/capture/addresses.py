"""E-mail addresses as one person: the forms of an address that reach the same mailbox match.

Case never matters; ``dana+leads@example.com`` is ``dana@example.com`` (plus-addressing);
at Gmail ``d.a.n.a@googlemail.com`` is ``dana@gmail.com`` (Gmail ignores dots).
"""

from __future__ import annotations

import re
from email.utils import getaddresses

_GMAIL = frozenset({"gmail.com", "googlemail.com"})
_NEEDS_FULL_PARSER = re.compile(r"[()]|:[^;]*;")
_ADDRESS = re.compile(
    r'(?:"(?P<quoted>(?:[^"\\]|\\.)*)"|(?P<name>[^<>",;]*?))\s*<(?P<address>[^<>]*)>'
    r'|(?P<bare>[^\s<>,;"]+@[^\s<>,;"]+)'
)
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
    """(display name, cleaned address) of each address in header values, invalid ones left out.

    Plain lists (``Name <a@b>``, ``"Last, First" <a@b>``, ``a@b``) are read by one pattern; a value
    with comments or groups goes to the email package's full parser, which is many times slower."""
    found: list[tuple[str, str]] = []
    for value in values:
        if _NEEDS_FULL_PARSER.search(value):
            pairs = getaddresses([value])
        else:
            pairs = [
                (
                    _unquoted(match["quoted"]) if match["quoted"] is not None else match["name"] or "",
                    match["address"] or match["bare"] or "",
                )
                for match in _ADDRESS.finditer(value)
            ]
        for name, address in pairs:
            cleaned = clean_address(address)
            if cleaned:
                found.append((name.strip(), cleaned))
    return found


def _unquoted(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)
