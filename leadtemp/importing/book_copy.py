"""A whole book moved between a SQLite file and a PostgreSQL server, either way: the whole-book
JSON export written to a private temporary file and imported into the empty destination, then
checked (the rows of every table, the settings, ``check``) before the copy counts as made."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from leadtemp import integrity
from leadtemp.errors import DatabaseError, ValidationError
from leadtemp.exporting.json_export import export_json
from leadtemp.importing.jsonfile import import_json
from leadtemp.service import LeadService
from leadtemp.store import whole_book


@dataclass(frozen=True)
class CopiedBook:
    source: str
    destination: str
    counts: dict[str, int]
    settings: int


def copy_book(source: Path, destination: Path) -> CopiedBook:
    """Copy the book at ``source`` into a new or empty book at ``destination``; a destination
    that holds anything is refused before a row is read, and one this copy made is left empty
    (a server's) or removed (a file) when the copy fails its check."""
    if str(source) == str(destination):
        raise ValidationError("the source and the destination are the same book")
    created_file = not destination.exists() and not _is_server(destination)
    origin = LeadService.open(source, create=False)
    try:
        target = LeadService.open(destination)
        try:
            _refuse_non_empty(target)
            folder = Path(tempfile.mkdtemp(prefix="leadtemp-copy-"))
            try:
                transfer = folder / "book.json"
                export_json(origin, transfer)
                import_json(target, transfer)
            finally:
                shutil.rmtree(folder, ignore_errors=True)
            counts = _verified(origin, target)
            settings = len(whole_book.settings(target.store))
        finally:
            target.close()
    except BaseException:
        if created_file:
            for suffix in ("", "-wal", "-shm"):
                destination.with_name(destination.name + suffix).unlink(missing_ok=True)
        raise
    finally:
        origin.close()
    report = integrity.check(destination)
    if not report.ok:
        raise DatabaseError(f"the copy at {report.path} fails its check: {'; '.join(report.problems)}")
    return CopiedBook(_shown(source), str(report.path), counts, settings)


def _refuse_non_empty(target: LeadService) -> None:
    present = {table: count for table, count in whole_book.row_counts(target.store).items() if count}
    if present:
        what = ", ".join(f"{count} {table.replace('_', ' ')}" for table, count in present.items())
        raise ValidationError(f"{_shown(target.path)} is not empty ({what}); copy into a new or empty book")


def _verified(origin: LeadService, target: LeadService) -> dict[str, int]:
    """The rows per table, the same on both sides (or a :class:`DatabaseError` saying where not)."""
    before, after = whole_book.row_counts(origin.store), whole_book.row_counts(target.store)
    for table, count in before.items():
        if after.get(table) != count:
            raise DatabaseError(
                f"the copy is incomplete: {table} has {after.get(table)} rows, the source {count}"
            )
    if whole_book.settings(origin.store) != whole_book.settings(target.store):
        raise DatabaseError("the copy is incomplete: its settings differ from the source's")
    return before


def _is_server(path: Path) -> bool:
    from leadtemp.server_address import is_server_address

    return is_server_address(path)


def _shown(path: Path) -> str:
    if _is_server(path):
        from leadtemp.server_address import ServerAddress

        return str(ServerAddress.parse(str(path)))
    return str(path)
