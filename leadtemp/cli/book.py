"""Which book a command runs on: only a command that writes may create one, and keeps it only
when it succeeds; a book the user cannot write to is opened read-only, for reading commands."""

from __future__ import annotations

import contextlib
import sys
from dataclasses import dataclass
from pathlib import Path

from leadtemp.cli.maintenance import daily_backup_or_warn
from leadtemp.database_files import SIDE_SUFFIXES
from leadtemp.errors import DatabaseError
from leadtemp.paths import DB_ENV_VAR
from leadtemp.server_address import is_server_address
from leadtemp.service import LeadService
from leadtemp.store.database import is_read_only


@dataclass
class OpenBook:
    service: LeadService
    #: The file and the folders this command created, deepest folder last; empty for a book
    #: that was there before.
    created: tuple[Path, ...] = ()

    def close(self, *, kept: bool) -> None:
        """Close the book; one this command created is removed again unless ``kept``."""
        self.service.close()
        if not self.created:
            return
        book, *folders = self.created
        if kept:
            print(f"leadtemp: created a new book at {book}", file=sys.stderr)
            return
        for path in (book, *(book.with_name(book.name + suffix) for suffix in SIDE_SUFFIXES)):
            with contextlib.suppress(OSError):
                path.unlink()
        for folder in reversed(folders):
            with contextlib.suppress(OSError):
                folder.rmdir()


def open_book(path: Path, command: str, reading: bool) -> OpenBook:
    """The book at ``path`` for ``command``, or a :class:`DatabaseError` saying why not.

    A reading command on a missing book is refused (a mistyped ``--db`` must not make an
    empty one), except a dry-run import, which previews against an empty book in memory.
    """
    if is_server_address(path):
        # Its schema is made by `leadtemp server init`; its backups are its administrator's.
        return OpenBook(LeadService.open(path, create=False))
    if not path.exists():
        if reading and command == "import":
            return OpenBook(LeadService.open(":memory:"))
        if reading:
            raise DatabaseError(
                f"no LeadTemp book at {path} (check --db or {DB_ENV_VAR}); nothing was created"
            )
        missing = _missing_folders(path.parent)
        service = LeadService.open(path)
        return OpenBook(service, (path, *missing))
    read_only = path.is_file() and is_read_only(path)
    if read_only and not reading:
        raise DatabaseError(f"{path} is read-only: `{command}` would change it; nothing was changed")
    service = LeadService.open(path, create=False, read_only=read_only)
    if not read_only:
        daily_backup_or_warn(service.path)
    return OpenBook(service)


def _missing_folders(folder: Path) -> list[Path]:
    """The folders ``folder`` needs that do not exist yet, outermost first."""
    missing: list[Path] = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    return missing[::-1]
