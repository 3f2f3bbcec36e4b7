"""A LinkedIn profile address: how it is recognised, normalised and stored, and how one is found
on a line of its own in a contact's notes (where imports kept them before contacts had a field)."""

from __future__ import annotations

import re
from urllib.parse import unquote

_PROFILE = re.compile(r"(?:https?:)?/*(?:[^/\s.]+\.){0,2}linkedin\.com(/in/[^/?#\s]+|/pub/[^?#\s]+)")
#: A line that is a profile address, alone or after a short label ("LinkedIn: ...", "URL: ..."; a
#: scheme's colon is no label, so a sentence ending in an address is not such a line).
_PROFILE_LINE = re.compile(r"(?:[^:\n]{1,40}:(?!//)[ \t]*)?(\S*linkedin\.com/\S+)[ \t]*")


def normalise_linkedin(value: str) -> str:
    """``linkedin.com/in/<name>`` for a LinkedIn profile address however it was written (scheme,
    ``www.`` or a country's sub-domain, query, trailing slash, case, percent-escapes); "" for
    anything else."""
    text = value.strip()
    if "%" in text:
        text = unquote(text)
    match = _PROFILE.match(text.casefold())
    if match is None:
        return ""
    return "linkedin.com" + match.group(1).rstrip("/")


def linkedin_url(value: str) -> str:
    """The address a LinkedIn profile is stored under (``https://www.linkedin.com/in/<name>``),
    or ``value`` as it is when it is not one."""
    key = normalise_linkedin(value)
    return f"https://www.{key}" if key else value.strip()


def linkedin_problem(value: str) -> str | None:
    """Why a contact's LinkedIn field cannot hold ``value`` (empty is fine)."""
    if value.strip() and not normalise_linkedin(value):
        return f"{value.strip()!r} is not a LinkedIn profile address (https://www.linkedin.com/in/...)"
    return None


def profile_from_notes(notes: str) -> tuple[str, str]:
    """The first LinkedIn profile the notes name on a line of its own, as stored, and the notes
    without the lines naming it; ``("", notes)`` when they name none."""
    if "linkedin" not in notes.casefold():
        return "", notes
    found = ""
    kept: list[str] = []
    for line in notes.split("\n"):
        match = _PROFILE_LINE.fullmatch(line)
        key = normalise_linkedin(match.group(1)) if match else ""
        if key and (not found or key == found):
            found = key
            continue
        kept.append(line)
    if not found:
        return "", notes
    return f"https://www.{found}", "\n".join(kept).strip()
