"""Text shown and searched the same everywhere.

What a search matches: text folded so case and accents never hide a lead ("chloe" finds Chloé);
the board's search box and ``LeadService.search`` both match through here, so they agree. And a
file's size as people read it, for the command line and the window alike.
"""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Case-folded with accents and other combining marks dropped (compatibility forms too)."""
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    # No ASCII character combines, so only the others need looking up.
    return "".join([ch for ch in decomposed if ch < "\x80" or not unicodedata.combining(ch)])


def haystack(name: str, company: str, email: str) -> str:
    """The folded text a lead is searched in: its name, company and email, one per line."""
    return fold(f"{name}\n{company}\n{email}")


def terms(text: str) -> tuple[str, ...]:
    """Every word must match somewhere, so "dana acme" finds Dana Lee at Acme."""
    return tuple(fold(text).split())


def matches(folded_haystack: str, wanted: tuple[str, ...]) -> bool:
    return all(term in folded_haystack for term in wanted)


def with_article(label: str) -> str:
    """``a pricing request``, ``an email sent``: a kind's label inside a sentence."""
    text = label[:1].lower() + label[1:]
    return f"{'an' if text[:1] in 'aeiou' else 'a'} {text}"


def human_size(size: int) -> str:
    """``size`` bytes in the largest unit that keeps the number below 1024 (one decimal)."""
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{size} bytes" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} bytes"
