"""E-mail addresses as one person: the forms of an address that reach the same mailbox match.

Case never matters; ``dana+leads@example.com`` is ``dana@example.com`` (plus-addressing);
at Gmail ``d.a.n.a@googlemail.com`` is ``dana@gmail.com`` (Gmail ignores dots). A LinkedIn
profile is an address too (``linkedin.com/in/<name>``, however the link was written).
"""

from __future__ import annotations

import functools
import re
from email.utils import getaddresses

from leadtemp.linkedin import normalise_linkedin

_GMAIL = frozenset({"gmail.com", "googlemail.com"})
_NEEDS_FULL_PARSER = re.compile(r"[()]|:[^;]*;")
_ADDRESS = re.compile(
    r'(?:"(?P<quoted>(?:[^"\\]|\\.)*)"|(?P<name>[^<>",;]*?))\s*<(?P<address>[^<>]*)>'
    r'|(?P<bare>[^\s<>,;"]+@[^\s<>,;"]+)'
)
_PLAUSIBLE = re.compile(r"^[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+\.[^@\s<>()\[\],;:\".]+$")


@functools.lru_cache(maxsize=8192)
def clean_address(text: str) -> str:
    """The address as stored: trimmed and lower-cased, or "" when it is no e-mail address
    (worked out once for each text)."""
    address = text.strip().strip("<>").strip().lower()
    return address if _PLAUSIBLE.match(address) else ""


@functools.lru_cache(maxsize=8192)
def match_key(address: str) -> str:
    """The key two addresses of one mailbox (or one LinkedIn profile) share ("" for no address).
    A lead's address comes with each of their messages and facts: each is worked out once."""
    cleaned = clean_address(address)
    if not cleaned:
        return normalise_linkedin(address)
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
