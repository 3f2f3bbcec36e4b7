"""Plain data produced by the parsers, before anything is stored or de-duplicated."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any

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
    linkedin: str = ""
    """A LinkedIn profile address as the file wrote it."""
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
    "linkedin",
    "source_file",
    "preset",
    "row_number",
    "extra",
)


def _draft_factory() -> Callable[..., ContactDraft]:
    """``ContactDraft(...)`` for a parser's row loop, taking all twelve values in order.

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
        linkedin: str,
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
                "linkedin": linkedin,
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


@dataclass(frozen=True)
class DraftTable:
    """Drafts held as columns, one list per field: how a CSV file's ordinary rows are read, so
    that an import can check and match whole columns without first making an object per row."""

    names: list[str]
    emails: list[list[str]]
    phones: list[list[str]]
    companies: list[str]
    roles: list[str]
    industries: list[str]
    notes: list[str]
    linkedin: list[str]
    row_numbers: list[int]
    extras: list[dict[str, str]]
    source_file: str = ""
    preset: str = ""
    originals: list[ContactDraft] | None = None
    """The drafts the table was made from, if it was made from drafts."""

    @classmethod
    def of(cls, drafts: list[ContactDraft]) -> DraftTable:
        """Drafts made one by one (vCard cards, CSV rows read on their own) as columns."""
        return cls(
            [draft.name for draft in drafts],
            [draft.emails for draft in drafts],
            [draft.phones for draft in drafts],
            [draft.company for draft in drafts],
            [draft.role for draft in drafts],
            [draft.industry for draft in drafts],
            [draft.notes for draft in drafts],
            [draft.linkedin for draft in drafts],
            [draft.row_number for draft in drafts],
            [draft.extra for draft in drafts],
            originals=drafts,
        )

    @classmethod
    def joined(cls, tables: list[DraftTable]) -> DraftTable:
        """One table of the rows of ``tables`` in order (a file read a chunk at a time)."""
        if len(tables) == 1:
            return tables[0]
        first = tables[0]

        def column(values: Callable[[DraftTable], list[Any]]) -> list[Any]:
            return list(itertools.chain.from_iterable(map(values, tables)))

        return cls(
            column(lambda table: table.names),
            column(lambda table: table.emails),
            column(lambda table: table.phones),
            column(lambda table: table.companies),
            column(lambda table: table.roles),
            column(lambda table: table.industries),
            column(lambda table: table.notes),
            column(lambda table: table.linkedin),
            column(lambda table: table.row_numbers),
            column(lambda table: table.extras),
            first.source_file,
            first.preset,
        )

    def __len__(self) -> int:
        return len(self.names)

    def draft(self, row: int) -> ContactDraft:
        if self.originals is not None:
            return self.originals[row]
        return new_draft(
            self.names[row],
            self.emails[row],
            self.phones[row],
            self.companies[row],
            self.roles[row],
            self.industries[row],
            self.notes[row],
            self.linkedin[row],
            self.source_file,
            self.preset,
            self.row_numbers[row],
            self.extras[row],
        )

    def drafts(self) -> list[ContactDraft]:
        if self.originals is not None:
            return list(self.originals)
        count = len(self)
        return list(
            map(
                new_draft,
                self.names,
                self.emails,
                self.phones,
                self.companies,
                self.roles,
                self.industries,
                self.notes,
                self.linkedin,
                [self.source_file] * count,
                [self.preset] * count,
                self.row_numbers,
                self.extras,
            )
        )


class ParseResult:
    """Everything one file yielded, plus how it was read (shown in the import preview).

    A parser may hand over its drafts as a :class:`DraftTable`; they become a list of
    :class:`ContactDraft` the first time anyone asks for ``drafts``, and from then on that list
    is what the result holds.
    """

    def __init__(
        self,
        drafts: list[ContactDraft] | DraftTable,
        problems: list[ParseProblem],
        format: str,
        preset: str,
        encoding: str,
        columns: list[str],
    ) -> None:
        self._drafts = drafts if isinstance(drafts, list) else None
        self._table = drafts if isinstance(drafts, DraftTable) else None
        self.problems = problems
        self.format = format
        self.preset = preset
        self.encoding = encoding
        self.columns = columns

    @property
    def drafts(self) -> list[ContactDraft]:
        if self._drafts is None:
            self._drafts = self._table.drafts() if self._table is not None else []
            self._table = None
        return self._drafts

    @drafts.setter
    def drafts(self, drafts: list[ContactDraft]) -> None:
        self._drafts, self._table = drafts, None

    @property
    def table(self) -> DraftTable | None:
        """The drafts as columns, while no one has asked for them as a list."""
        return self._table

    @property
    def count(self) -> int:
        """How many drafts there are, without making them."""
        return len(self._table) if self._table is not None else len(self.drafts)

    def first(self, count: int) -> list[ContactDraft]:
        """The first ``count`` drafts, making only those (a preview of a large file)."""
        if self._table is not None:
            return [self._table.draft(row) for row in range(min(count, len(self._table)))]
        return self.drafts[:count]

    def __repr__(self) -> str:
        return (
            f"ParseResult({self.count} drafts, {len(self.problems)} problems, format={self.format!r}, "
            f"preset={self.preset!r}, encoding={self.encoding!r}, columns={self.columns!r})"
        )


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
