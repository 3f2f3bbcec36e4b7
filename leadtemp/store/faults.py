"""Turning SQLite's terse failures (full disk, read-only file, lock) into messages a user can act on."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from leadtemp.errors import DatabaseError


def is_fault(error: BaseException) -> bool:
    """Environmental failures worth a friendly message; constraint and API misuse errors are not."""
    if isinstance(error, (sqlite3.IntegrityError, sqlite3.ProgrammingError, sqlite3.InterfaceError)):
        return False
    return isinstance(error, sqlite3.DatabaseError)


def database_error(path: Path | str, error: sqlite3.Error) -> DatabaseError:
    """A one-line message naming the file, the problem and what to do; nothing was saved."""
    text = str(error).lower()
    if "full" in text:
        message = f"cannot save to {path}: the disk is full; free some space and try again"
    elif "readonly" in text or "read-only" in text:
        message = f"cannot save to {path}: the file or its folder is read-only; make it writable, then retry"
    elif "locked" in text or "busy" in text:
        message = (
            f"{path} is busy: another program or LeadTemp window is writing to it; try again in a moment"
        )
    elif "disk i/o" in text:
        message = f"cannot save to {path}: disk I/O error (is the drive still connected?); try again"
    elif "malformed" in text or "not a database" in text:
        message = f"{path} is damaged ({error}); run `leadtemp check` and restore a backup"
    else:
        message = f"database error on {path}: {error}"
    return DatabaseError(message + "; nothing was changed")


def translated(path: Path | str, error: sqlite3.Error) -> Exception:
    """What to raise for ``error``: a :func:`database_error` for an environmental fault, the error
    itself for a bug (a constraint or API misuse), which must not pass for a full disk."""
    return database_error(path, error) if is_fault(error) else error
