"""From a preview and the user's choices to what the commit writes: the contacts to create (simply
new rows as whole columns, the others field by field) and the rows merged into existing ones.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from dataclasses import dataclass, field

from leadtemp.errors import ValidationError
from leadtemp.importing.preview import ImportPreview, notable_rows
from leadtemp.importing.preview_rows import (
    FIELDS,
    IMPORT,
    SKIP,
    PreviewRows,
    RowStatus,
    merge_fields,
)
from leadtemp.validation import (
    MAX_TEXT,
    clean_text,
)


@dataclass
class ImportPlan:
    #: The contacts to create: for a row that is simply new, its place in ``columns`` (the
    #: preview's, in the order of ``FIELDS``); for any other, -1 and its fields in ``own``.
    new: list[int] = field(default_factory=list)
    own: dict[int, dict[str, str]] = field(default_factory=dict)
    columns: tuple[list[str], ...] = ()
    merged: int = 0
    updates: dict[int, list[tuple[int, str, dict[str, str]]]] = field(default_factory=dict)
    skipped: int = 0
    invalid: int = 0
    possible: int = 0

    def add(self, values: dict[str, str]) -> None:
        """A contact with fields of its own (kept as given: copied before any change)."""
        self.own[len(self.new)] = values
        self.new.append(-1)

    def fields(self, slot: int) -> dict[str, str]:
        values = self.own.get(slot)
        if values is not None:
            return values
        place = self.new[slot]
        return dict(zip(FIELDS, [column[place] for column in self.columns], strict=True))

    def written(self) -> list[list[str]]:
        """The new contacts' fields, one list per field of ``FIELDS``."""
        count = len(self.new)
        if self.columns and self.columns[0]:
            written = [list(map(column.__getitem__, self.new)) for column in self.columns]
        else:
            written = [[""] * count for _ in FIELDS]
        for slot, values in self.own.items():
            for column, name in zip(written, FIELDS, strict=True):
                column[slot] = values[name]
        return written


class _Slots:
    """The slot of ``ImportPlan.new`` each row went to, if it creates a contact or merges into one
    being created: runs of simply new rows as ranges, other rows one by one."""

    def __init__(self) -> None:
        self._one: dict[int, int] = {}
        self._starts: list[int] = []
        self._runs: list[tuple[int, int, int]] = []

    def add_run(self, start: int, stop: int, first_slot: int) -> None:
        """Rows ``start`` up to ``stop`` went to consecutive slots from ``first_slot``."""
        self._starts.append(start)
        self._runs.append((start, stop, first_slot))

    def __setitem__(self, row: int, slot: int) -> None:
        self._one[row] = slot

    def get(self, row: int) -> int | None:
        slot = self._one.get(row)
        if slot is not None:
            return slot
        at = bisect.bisect_right(self._starts, row) - 1
        if at < 0:
            return None
        start, stop, first_slot = self._runs[at]
        return first_slot + row - start if row < stop else None


def clean_source(source: str) -> str:
    value = clean_text(source or "")
    if len(value) > MAX_TEXT:
        raise ValidationError(f"lead source is longer than {MAX_TEXT} characters")
    return value


def make_plan(preview: ImportPreview, decisions: Mapping[int, str] | None) -> ImportPlan:
    """Decide, without touching the database, which rows create, update or skip what."""
    rows = preview.rows
    for index in decisions or {}:
        if not 0 <= index < len(rows):
            raise ValidationError(f"no row {index} in the preview")
    table = rows if isinstance(rows, PreviewRows) else None
    plan = ImportPlan(columns=table.columns if table is not None else ())
    new = plan.new
    copied: set[int] = set()
    slots = _Slots()
    # Where each row that went nowhere in ``new`` went: an existing contact, or nowhere.
    resolved: dict[int, tuple[str, int] | None] = {}
    chosen = decisions or {}
    fresh = RowStatus.NEW
    start = 0
    for position in [*notable_rows(rows, chosen), len(rows)]:
        if start < position and table is not None:
            # Rows that are simply new, imported as they are: most of them.
            slots.add_run(start, position, len(new))
            new.extend(table.sources(start, position))
        start = position + 1
        if position == len(rows):
            break
        row = rows[position]
        if (
            row.status is fresh
            and row.default_action == IMPORT
            and row.index == position
            and position not in chosen
        ):
            slots[position] = len(new)
            plan.add(row.fields)
            continue
        # preview.action, inlined for the common case; it raises for a disallowed action.
        action = chosen.get(row.index, row.default_action) if chosen else row.default_action
        if row.index != position or action not in row.actions:
            action = preview.action(row.index, decisions)
        if row.status is RowStatus.INVALID:
            plan.invalid += 1
            continue
        duplicate = row.duplicate_of
        target: tuple[str, int] | None = None
        if duplicate is not None:
            if duplicate.contact_id is not None:
                target = ("contact", duplicate.contact_id)
            else:
                earlier = duplicate.row if duplicate.row is not None else -1
                slot = slots.get(earlier)
                target = ("new", slot) if slot is not None else resolved.get(earlier)
        if action == IMPORT:
            slots[row.index] = len(new)
            plan.add(row.fields)
            plan.possible += row.status is RowStatus.POSSIBLE
            continue
        if target is not None and target[0] == "new":
            slots[row.index] = target[1]
        else:
            resolved[row.index] = target
        if action == SKIP or target is None:
            plan.skipped += 1
        elif target[0] == "new":
            slot = target[1]
            merged = plan.fields(slot)
            changes = merge_fields(merged, row.fields, action)
            if slot not in copied:
                merged = plan.own[slot] = dict(merged)
                copied.add(slot)
            merged.update(changes)
            plan.merged += 1
        else:
            plan.updates.setdefault(target[1], []).append((row.index, action, row.fields))
    return plan
