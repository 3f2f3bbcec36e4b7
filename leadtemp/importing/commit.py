"""An import written in one transaction, recorded as a batch that can be undone as a whole.

The commit re-reads the contacts it updates inside its transaction, so a contact edited between
preview and commit is merged with its current values.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from leadtemp import clock
from leadtemp.bulk import collection_paused
from leadtemp.errors import ValidationError
from leadtemp.importing.plan import ImportPlan, clean_source, make_plan
from leadtemp.importing.preview import ImportCounts, ImportPreview, Progress
from leadtemp.importing.preview_rows import (
    FIELDS,
    REPLACEABLE,
    merge_fields,
)
from leadtemp.importing.read.errors import ImportCancelled
from leadtemp.importing.read.own_csv import OWN_PRESET, identity, own_columns
from leadtemp.service import LeadService
from leadtemp.store import batches
from leadtemp.store.batches import ImportBatch
from leadtemp.store.store import Store

CHUNK = 500


@dataclass(frozen=True)
class ImportSummary:
    batch_id: int | None
    counts: ImportCounts
    cancelled: bool = False
    created: tuple[int, ...] = ()
    updated: tuple[int, ...] = ()

    def describe(self) -> str:
        if self.cancelled:
            return "import cancelled; nothing was imported"
        batch = f" (import #{self.batch_id})" if self.batch_id is not None else ""
        return self.counts.describe() + batch


@dataclass(frozen=True)
class UndoSummary:
    batch_id: int
    file_name: str
    removed: int
    restored: int
    kept_edits: int

    def describe(self) -> str:
        text = (
            f"undid import #{self.batch_id} ({self.file_name}): removed {self.removed} contacts, "
            f"restored {self.restored}"
        )
        if self.kept_edits:
            text += f", kept {self.kept_edits} fields edited since the import"
        return text


def commit_import(
    service: LeadService,
    preview: ImportPreview,
    decisions: Mapping[int, str] | None = None,
    *,
    source: str = "",
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
) -> ImportSummary:
    """Apply the preview in one transaction recorded as an import batch, then tell listeners.

    ``decisions`` maps row indexes to actions; other rows keep their default. ``cancel`` is
    polled between chunks; when it returns true everything is rolled back.
    """
    lead_source = clean_source(source)
    with collection_paused():
        plan = make_plan(preview, decisions)
    if not plan.new and not plan.updates:
        counts = ImportCounts(0, 0, plan.skipped, plan.invalid, plan.possible)
        return ImportSummary(None, counts)
    if cancel is not None and cancel():
        return ImportSummary(None, ImportCounts(), cancelled=True)
    backup = getattr(service, "backup_before", None)
    if callable(backup):
        backup(f"import of {preview.file_name}")
    try:
        with collection_paused():
            summary = _write(service, preview, plan, lead_source, progress, cancel)
    except ImportCancelled:
        return ImportSummary(None, ImportCounts(), cancelled=True)
    service.reload(f"imported {preview.file_name}")
    return summary


def _write(
    service: LeadService,
    preview: ImportPreview,
    plan: ImportPlan,
    source: str,
    progress: Progress | None,
    cancel: Callable[[], bool] | None,
) -> ImportSummary:
    store = service.store
    at = clock.to_timestamp(service.now())
    fingerprint = service.rules.fingerprint()
    total = len(plan.new) + len(plan.updates)
    done = 0

    def step(count: int) -> None:
        nonlocal done
        done += count
        if cancel is not None and cancel():
            raise ImportCancelled("import cancelled")
        if progress is not None and count:
            progress(done, total)

    with store.transaction():
        batch_id = batches.insert_batch(store, preview.file_name, preview.format, preview.preset, source, at)
        updated, unchanged, changed_ids = _apply_updates(store, batch_id, plan, source, at, step)
        first_id = batches.next_contact_id(store)
        created = tuple(range(first_id, first_id + len(plan.new)))
        constants = (source, batch_id, preview.file_name, at, at)
        written = plan.written()
        for start in range(0, len(plan.new), CHUNK):
            stop = min(start + CHUNK, len(plan.new))
            batches.insert_contacts(
                store,
                _NEW_CONTACT_COLUMNS,
                _parameters(
                    range(first_id + start, first_id + stop), [c[start:stop] for c in written], constants
                ),
                first_id + start,
                first_id + stop - 1,
                fingerprint,
            )
            step(stop - start)
        if preview.preset == OWN_PRESET and preview.path and _restore_own(store, preview.path, created):
            store.date_undated_outcomes()
        counts = ImportCounts(
            new=len(plan.new),
            updated=updated,
            skipped=plan.skipped + unchanged + plan.merged,
            invalid=plan.invalid,
            possible=plan.possible,
        )
        batches.set_summary(
            store,
            batch_id,
            {**counts.as_dict(), "rows": len(preview.rows), "encoding": preview.encoding},
        )
        step(0)
    return ImportSummary(batch_id, counts, created=created, updated=changed_ids)


#: What each contact an import creates is given: its id, its fields, then the batch's constants.
_NEW_CONTACT_COLUMNS = ("id", *FIELDS, "source", "batch_id", "source_file", "created_at", "updated_at")


def _parameters(
    ids: range, columns: list[list[str]], constants: tuple[Any, ...]
) -> Iterable[tuple[Any, ...]]:
    """Each new contact's id, fields and the batch's constants, as ``INSERT`` parameters:
    zipped from whole columns, so no Python code runs per row."""
    return zip(ids, *columns, *([value] * len(ids) for value in constants), strict=True)


def _restore_own(store: Store, path: str, created: Sequence[int]) -> int:
    """Give each contact an import of the own export created the fit, company size, source,
    outcome and archived flag of its row (matched by name and e-mail, as the import cleaned
    them). Returns how many contacts were given something."""
    if not created:
        return 0
    wanted = own_columns(path)
    if not wanted:
        return 0
    given = 0
    ids = set(created)
    for contact_id, name, email in batches.names_and_emails(store, min(ids), max(ids)):
        restored = wanted.get(identity(name, email)) if contact_id in ids else None
        if restored:
            batches.set_values(store, contact_id, restored, None)
            given += 1
    return given


def _apply_updates(
    store: Store,
    batch_id: int,
    plan: ImportPlan,
    source: str,
    at: float,
    step: Callable[[int], None],
) -> tuple[int, int, tuple[int, ...]]:
    """Merge rows into existing contacts, recording what each contact looked like before."""
    changed_ids: list[int] = []
    changed_rows = unchanged_rows = 0
    columns = (*REPLACEABLE, "source")
    for count, (contact_id, row_updates) in enumerate(plan.updates.items(), start=1):
        row = batches.values_of(store, contact_id, columns)
        if row is None:
            unchanged_rows += len(row_updates)
            continue
        original = dict(zip(columns, row, strict=True))
        current = dict(original)
        for _, action, values in row_updates:
            changes = merge_fields(current, values, action)
            if changes:
                changed_rows += 1
                current.update(changes)
                if source and not current["source"]:
                    current["source"] = source
            else:
                unchanged_rows += 1
        changed = {key: value for key, value in current.items() if value != original[key]}
        if changed:
            before = {key: original[key] for key in changed}
            batches.record_update(store, batch_id, contact_id, before, changed)
            batches.set_values(store, contact_id, changed, at)
            changed_ids.append(contact_id)
        if count % CHUNK == 0:
            step(CHUNK)
    step(len(plan.updates) % CHUNK)
    return changed_rows, unchanged_rows, tuple(changed_ids)


def undo_import(service: LeadService, batch_id: int) -> UndoSummary:
    """Remove the contacts an import created (with their log) and restore what it changed.

    A field edited by hand since the import keeps the newer value.
    """
    store = service.store
    with store.transaction():
        batch = batches.get_batch(store, batch_id)
        if batch.undone_at is not None:
            raise ValidationError(
                f"import #{batch_id} ({batch.file_name}) was already undone on "
                f"{clock.format_iso(batch.undone_at)}"
            )
        restored = kept = 0
        for update in batches.recorded_updates(store, batch_id):
            row = batches.values_of(store, update.contact_id, tuple(update.after))
            if row is None:
                continue
            current = dict(zip(update.after, row, strict=True))
            back = {
                k: update.before[k] for k, v in update.after.items() if current[k] == v and k in update.before
            }
            kept += len(update.after) - len(back)
            if back:
                batches.set_values(store, update.contact_id, back, clock.to_timestamp(service.now()))
                restored += 1
        created = batches.created_contact_ids(store, batch_id)
        batches.delete_created(store, batch_id)
        batches.mark_undone(store, batch_id, clock.to_timestamp(service.now()))
    service.reload(f"undid import of {batch.file_name}")
    return UndoSummary(batch_id, batch.file_name, len(created), restored, kept)


def import_batches(service: LeadService) -> list[ImportBatch]:
    return batches.list_batches(service.store)


def contact_origin(service: LeadService, contact_id: int) -> ImportBatch | None:
    """The import that created a contact, if it came from a file."""
    batch_id = batches.batch_of(service.store, contact_id)
    return None if batch_id is None else batches.get_batch(service.store, batch_id)


def summary_json(summary: ImportSummary) -> dict[str, Any]:
    return {**summary.counts.as_dict(), "batch_id": summary.batch_id, "cancelled": summary.cancelled}
