"""Plain data produced by the parsers, before anything is stored or de-duplicated."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, fields

_SPACE_RE = re.compile(r"\s+")
_HAS_SPACE_RE = re.compile(r"\s")
_ANGLE_RE = re.compile(r"^(.*)<\s*([^<>\s]+@[^<>\s]+)\s*>\s*$")


@dataclass(frozen=True)
class ContactDraft:
    """One contact as read from a file; cleaning beyond trimming happens elsewhere."""

    name: str
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    company: str = ""
    role: str = ""
    industry: str = ""
    notes: str = ""
    source_file: str = ""
    preset: str = ""
    row_number: int = 0
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def email(self) -> str:
        """The first e-mail address, or an empty string."""
        return self.emails[0] if self.emails else ""

    @property
    def phone(self) -> str:
        """The first phone number, or an empty string."""
        return self.phones[0] if self.phones else ""


_DRAFT_FIELDS = (
    "name",
    "emails",
    "phones",
    "company",
    "role",
    "industry",
    "notes",
    "source_file",
    "preset",
    "row_number",
    "extra",
)


def _draft_factory() -> Callable[..., ContactDraft]:
    """``ContactDraft(...)`` for a parser's row loop, taking all eleven values in order.

    A frozen dataclass sets its fields one ``object.__setattr__`` call at a time, most of what a
    draft costs; this gives the new draft the same attributes in one go. Should ``ContactDraft``
    gain a field, a post-init step or slots, the real constructor is used.
    """
    if (
        tuple(f.name for f in fields(ContactDraft)) != _DRAFT_FIELDS
        or hasattr(ContactDraft, "__post_init__")
        or hasattr(ContactDraft, "__slots__")
    ):
        return ContactDraft
    new, set_attribute = object.__new__, object.__setattr__

    def make(
        name: str,
        emails: list[str],
        phones: list[str],
        company: str,
        role: str,
        industry: str,
        notes: str,
        source_file: str,
        preset: str,
        row_number: int,
        extra: dict[str, str],
    ) -> ContactDraft:
        draft = new(ContactDraft)
        set_attribute(
            draft,
            "__dict__",
            {
                "name": name,
                "emails": emails,
                "phones": phones,
                "company": company,
                "role": role,
                "industry": industry,
                "notes": notes,
                "source_file": source_file,
                "preset": preset,
                "row_number": row_number,
                "extra": extra,
            },
        )
        return draft

    return make


new_draft = _draft_factory()


@dataclass(frozen=True)
class ParseProblem:
    """A row or card that could not become a contact; ``row_number`` is 1-based."""

    row_number: int
    reason: str


@dataclass
class ParseResult:
    """Everything one file yielded, plus how it was read (shown in the import preview)."""

    drafts: list[ContactDraft]
    problems: list[ParseProblem]
    format: str
    preset: str
    encoding: str
    columns: list[str]


def clean_name(value: str) -> str:
    """Strip and collapse runs of whitespace, so names compare and display sanely."""
    if value.isprintable() and "  " not in value:
        # The only whitespace printable text can hold is the plain space: nothing to collapse.
        return value.strip()
    return _SPACE_RE.sub(" ", value).strip()


def looks_like_email(value: str) -> bool:
    """Cheap shape check: something@something with no spaces (validation is elsewhere)."""
    local, at, domain = value.rpartition("@")
    return bool(at and local and domain) and _HAS_SPACE_RE.search(value) is None


def split_email(value: str) -> tuple[str, str]:
    """Return ``(address, display_name)`` for ``"Jo <jo@x.org>"``, ``mailto:`` or bare forms."""
    text = value.strip()
    display = ""
    match = _ANGLE_RE.match(text) if "<" in text else None
    if match:
        display = clean_name(match.group(1).strip().strip('"'))
        text = match.group(2)
    if text[:7].lower() == "mailto:":
        text = text[7:].strip()
    return text, display


def unique(values: list[str], *, fold_case: bool = False) -> list[str]:
    """Drop empty and repeated values, keeping the first spelling and the order."""
    if len(values) == 1:
        text = values[0].strip()
        return [text] if text else []
    seen: set[str] = set()
    out: list[str] = []
    for value in values:
        text = value.strip()
        key = text.lower() if fold_case else text
        if text and key not in seen:
            seen.add(key)
            out.append(text)
    return out
