"""What an import preview says about each row of a file: new, duplicate of whom, or invalid,
and what may be done with it. Nothing here reads or writes the database."""

from __future__ import annotations

import enum
import operator
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields
from typing import overload

IMPORT = "import"
UPDATE = "update"
REPLACE = "replace"
SKIP = "skip"
ACTIONS: tuple[str, ...] = (IMPORT, UPDATE, REPLACE, SKIP)
ACTION_LABELS = {
    IMPORT: "import",
    UPDATE: "update (fill empty fields)",
    REPLACE: "update (replace fields)",
    SKIP: "skip",
}

#: Fields an update may fill when empty; a replace may also rename.
FILLABLE: tuple[str, ...] = ("email", "phone", "company", "role", "industry", "notes", "linkedin")
REPLACEABLE: tuple[str, ...] = ("name", *FILLABLE)
#: A row's fields, in the order the preview keeps them as columns.
FIELDS: tuple[str, ...] = ("name", "email", "phone", "company", "role", "industry", "notes", "linkedin")

_RULE_WORDS = {
    "email": "same e-mail address",
    "linkedin": "same LinkedIn profile",
    "name+phone": "same name and phone",
    "name+company": "same name and company",
    "name": "same name",
}

_INVALID_ACTIONS = (SKIP,)
_NEW_ACTIONS = (IMPORT, SKIP)
_DUPLICATE_ACTIONS = (UPDATE, REPLACE, SKIP, IMPORT)
_POSSIBLE_ACTIONS = (IMPORT, UPDATE, REPLACE, SKIP)


class RowStatus(enum.StrEnum):
    NEW = "new"
    DUPLICATE = "duplicate"
    #: The same name as someone, but an e-mail address or LinkedIn profile that says otherwise:
    #: imported unless the user decides it is the same person.
    POSSIBLE = "possible duplicate"
    INVALID = "invalid"


def actions_for(status: RowStatus) -> tuple[str, ...]:
    """What a row of this status may be set to, its usual choice first."""
    if status is RowStatus.INVALID:
        return _INVALID_ACTIONS
    if status is RowStatus.NEW:
        return _NEW_ACTIONS
    if status is RowStatus.POSSIBLE:
        return _POSSIBLE_ACTIONS
    return _DUPLICATE_ACTIONS


@dataclass(frozen=True)
class DuplicateOf:
    """What a row duplicates: an existing contact, or an earlier row of the same file."""

    rule: str
    name: str
    contact_id: int | None = None
    row: int | None = None
    row_number: int | None = None
    differs: str = ""
    """For a possible duplicate, what says it may be someone else ("e-mail address")."""

    def reason(self) -> str:
        """Why: ``"same e-mail address as #12 Dana Lee"``, ``"same name and phone as row 3
        Dana Lee"``; for a possible duplicate, what differs too."""
        why = _RULE_WORDS.get(self.rule, self.rule)
        whom = f"#{self.contact_id}" if self.contact_id is not None else f"row {self.row_number}"
        said = f"{why} as {whom} {self.name}"
        return f"{said}, but a different {self.differs}" if self.differs else said

    def describe(self) -> str:
        if self.differs:
            return f"possible duplicate: {self.reason()}"
        return f"duplicate: {self.reason()}"


@dataclass(frozen=True)
class PreviewRow:
    index: int
    row_number: int
    name: str
    fields: dict[str, str]
    status: RowStatus
    default_action: str = SKIP
    duplicate_of: DuplicateOf | None = None
    reason: str = ""
    warnings: tuple[str, ...] = ()
    existing: dict[str, str] | None = None

    @property
    def actions(self) -> tuple[str, ...]:
        return actions_for(self.status)

    def changes(self, action: str | None = None) -> dict[str, str]:
        """Fields the action would change, judged against the matched values at preview time."""
        chosen = action or self.default_action
        if self.existing is None or chosen not in (UPDATE, REPLACE):
            return {}
        return merge_fields(self.existing, self.fields, chosen)

    def describe(self) -> str:
        if self.status is RowStatus.INVALID:
            return f"invalid: {self.reason}"
        if self.duplicate_of is not None:
            return self.duplicate_of.describe()
        return "new"


_ROW_FIELDS = (
    "index",
    "row_number",
    "name",
    "fields",
    "status",
    "default_action",
    "duplicate_of",
    "reason",
    "warnings",
    "existing",
)


def _row_factory() -> Callable[[int, int, str, dict[str, str], tuple[str, ...]], PreviewRow]:
    """A new row's ``PreviewRow``, made for every simply new row a view or a loop asks for.

    A frozen dataclass sets its fields one ``object.__setattr__`` call at a time, most of what a
    row costs; this gives the row the same attributes in one go. Should ``PreviewRow`` gain a
    field, a post-init step or slots, the real constructor is used.
    """
    if (
        tuple(f.name for f in fields(PreviewRow)) != _ROW_FIELDS
        or hasattr(PreviewRow, "__post_init__")
        or hasattr(PreviewRow, "__slots__")
    ):
        return lambda index, row_number, name, values, warnings: PreviewRow(
            index, row_number, name, values, RowStatus.NEW, IMPORT, warnings=warnings
        )
    new, set_attribute, status = object.__new__, object.__setattr__, RowStatus.NEW

    def make(
        index: int, row_number: int, name: str, values: dict[str, str], warnings: tuple[str, ...]
    ) -> PreviewRow:
        row = new(PreviewRow)
        set_attribute(
            row,
            "__dict__",
            {
                "index": index,
                "row_number": row_number,
                "name": name,
                "fields": values,
                "status": status,
                "default_action": IMPORT,
                "duplicate_of": None,
                "reason": "",
                "warnings": warnings,
                "existing": None,
            },
        )
        return row

    return make


new_row = _row_factory()


def merge_fields(current: Mapping[str, str], incoming: Mapping[str, str], action: str) -> dict[str, str]:
    """Fields to change: an update fills empty ones, a replace overwrites with non-empty ones."""
    if action == REPLACE:
        return {f: incoming[f] for f in REPLACEABLE if incoming.get(f) and incoming[f] != current.get(f)}
    return {f: incoming[f] for f in FILLABLE if incoming.get(f) and not current.get(f)}


class PreviewRows(Sequence[PreviewRow]):
    """Every row of a preview, in file order.

    Nearly every row of a contact list is simply new: valid, matching nobody, nothing to warn
    about. Those rows are kept as the columns of their cleaned fields and become ``PreviewRow``
    objects only when asked for, so the preview of a large file holds a few lists instead of an
    object and a dict per line, and a view shows the rows it draws. Every other row (duplicate,
    invalid, or with warnings) is kept as made, in ``kept``.
    """

    def __init__(
        self,
        columns: Sequence[list[str]],
        row_numbers: Sequence[int],
        sources: Sequence[int],
        kept: dict[int, PreviewRow],
    ) -> None:
        if len(columns) != len(FIELDS):
            raise ValueError(f"expected {len(FIELDS)} columns ({', '.join(FIELDS)}), got {len(columns)}")
        #: One list per field of ``FIELDS``, indexed by a row's place in the parsed table.
        self.columns: tuple[list[str], ...] = tuple(columns)
        self._row_numbers = row_numbers
        #: Each row's place in the columns (what it holds for a kept row does not matter).
        self._sources = sources
        #: The rows that are not simply new, by index.
        self.kept = kept

    def __len__(self) -> int:
        return len(self._sources)

    @overload
    def __getitem__(self, index: int) -> PreviewRow: ...

    @overload
    def __getitem__(self, index: slice) -> list[PreviewRow]: ...

    def __getitem__(self, index: int | slice) -> PreviewRow | list[PreviewRow]:
        count = len(self._sources)
        if isinstance(index, slice):
            return [self[position] for position in range(*index.indices(count))]
        position = index + count if index < 0 else index
        if not 0 <= position < count:
            raise IndexError(f"no row {index} in a preview of {count} rows")
        row = self.kept.get(position)
        return row if row is not None else self._plain(position)

    def __iter__(self) -> Iterator[PreviewRow]:
        kept, plain = self.kept, self._plain
        for position in range(len(self._sources)):
            row = kept.get(position)
            yield row if row is not None else plain(position)

    def __eq__(self, other: object) -> bool:
        """Equal to the same rows in a list, a tuple or another preview's rows."""
        if not isinstance(other, PreviewRows | list | tuple):
            return NotImplemented
        return len(self) == len(other) and all(map(operator.eq, self, other))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<PreviewRows: {len(self)} rows, {len(self.kept)} not simply new>"

    def sources(self, start: int, stop: int) -> Sequence[int]:
        """``source`` of the rows from ``start`` up to ``stop``."""
        return self._sources[start:stop]

    def fields_at(self, source: int) -> dict[str, str]:
        """The fields at one place of the columns, as a new dict."""
        return dict(zip(FIELDS, [column[source] for column in self.columns], strict=True))

    def _plain(self, index: int) -> PreviewRow:
        source = self._sources[index]
        values = self.fields_at(source)
        return new_row(index, self._row_numbers[source], values["name"], values, ())
