"""A server book's backup from the desktop side: the whole-book JSON export, read back before it
counts, and its restore, an import into an empty book. The server itself (its pages, its roles)
is backed up by its administrator with ``pg_dump``; this is the book as LeadTemp sees it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from leadtemp.errors import DatabaseError, ValidationError
from leadtemp.exporting.json_export import export_json
from leadtemp.importing.jsonfile import JsonImportSummary, import_json, read_back
from leadtemp.server_address import ServerAddress
from leadtemp.service import LeadService
from leadtemp.store import whole_book

#: What to say beside every server backup: LeadTemp's copy is the book, not the server.
PG_DUMP_NOTE = "the server itself is backed up by its administrator with pg_dump"
_STAMP = "%Y%m%dT%H%M%SZ"


@dataclass(frozen=True)
class ServerBackup:
    book: str
    path: Path
    counts: dict[str, int]


def backup_target(address: ServerAddress, target: Path | None, now: datetime) -> Path:
    """Where the backup goes: ``target`` (a new file, or a folder for a dated name in it), else a
    dated name in the current folder; an existing file is never replaced."""
    folder = Path.cwd() if target is None else target.expanduser()
    if target is None or folder.is_dir():
        return folder / f"{address.database}-{now.astimezone(UTC).strftime(_STAMP)}.json"
    if folder.exists():
        raise ValidationError(f"{folder} already exists; choose a new file name")
    if not folder.parent.is_dir():
        raise ValidationError(f"folder {folder.parent} does not exist")
    return folder


def backup_server_book(location: Path, target: Path | None = None) -> ServerBackup:
    """Export the book at ``location`` to a new file, then read every row of it back; the file
    counts only if it holds as many rows per table as the export wrote (else it is removed)."""
    address = ServerAddress.parse(str(location))
    service = LeadService.open(location, create=False)
    try:
        path = backup_target(address, target, service.now())
        if path.exists():
            raise ValidationError(f"{path} already exists; choose a new file name")
        written: dict[str, int] = {}
        export_json(service, path, written)
        try:
            read = read_back(service.store, path)
        except Exception:
            path.unlink(missing_ok=True)
            raise
        if read != written:
            path.unlink(missing_ok=True)
            raise DatabaseError(f"the backup of {address} did not read back whole; nothing was kept")
    finally:
        service.close()
    return ServerBackup(str(address), path, written)


def restore_server_book(location: Path, source: Path) -> JsonImportSummary:
    """Import the export at ``source`` into the server book at ``location``, which must be empty
    (a book with anything in it is refused before a row is read)."""
    address = ServerAddress.parse(str(location))
    service = LeadService.open(location, create=False)
    try:
        present = {table: count for table, count in whole_book.row_counts(service.store).items() if count}
        if present:
            what = ", ".join(f"{count} {table.replace('_', ' ')}" for table, count in present.items())
            raise ValidationError(
                f"{address} is not empty ({what}); restore into an empty book (`leadtemp server init URI`)"
            )
        return import_json(service, source)
    finally:
        service.close()
