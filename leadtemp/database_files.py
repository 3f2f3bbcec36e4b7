"""The one module allowed to touch database files with anything but SQLite, and the rule it keeps.

On POSIX, closing any descriptor of a file drops every lock this process holds on it, those of
its live SQLite connections included. Another process then believes it is the last user and
checkpoints and deletes the WAL while this one still writes to it (sqlite.org, "How To Corrupt
An SQLite Database File", 2.2). So a database file, its -wal/-shm/-journal and a backup being
written are only ever opened by SQLite: this module creates them empty, before SQLite's first
connection, and tells them apart by ``os.stat`` identity, which opens nothing. Everything else
(headers, syncing, copying) goes through a connection.
"""

from __future__ import annotations

import os
import threading
from collections import Counter
from pathlib import Path

SIDE_SUFFIXES = ("-wal", "-shm", "-journal")

_lock = threading.Lock()
_held: Counter[Path] = Counter()


def create_private(path: Path) -> None:
    """A new empty file readable by the user only, for SQLite to open next; never one that exists."""
    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))


def hold(path: Path) -> None:
    """This process has a connection open on ``path`` until the matching :func:`release`."""
    with _lock:
        _held[Path(os.path.abspath(path))] += 1


def release(path: Path) -> None:
    key = Path(os.path.abspath(path))
    with _lock:
        _held[key] -= 1
        if _held[key] <= 0:
            del _held[key]


def open_database_of(path: str | os.PathLike[str]) -> Path | None:
    """The database this process has open that ``path`` is, or is a side file of (-wal, -shm,
    -journal), compared by device and inode so another name for the same file is caught too."""
    try:
        target = os.stat(path)
    except (OSError, ValueError):
        return None
    with _lock:
        databases = list(_held)
    for database in databases:
        for name in (database.name, *(database.name + suffix for suffix in SIDE_SUFFIXES)):
            try:
                info = os.stat(database.with_name(name))
            except OSError:
                continue
            if (info.st_dev, info.st_ino) == (target.st_dev, target.st_ino):
                return database
    return None


def is_read_only(path: Path) -> bool:
    """Whether SQLite could not write this book: the file, or the folder its -wal goes in."""
    return not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK | os.X_OK)


def writable_at(path: Path | str) -> bool:
    """Whether the book at ``path`` can be written now: SQLite needs the file and its folder
    (for the ``-wal``) writable, or for a new book the nearest folder that exists (the missing
    ones are made). Asks the file system only, and loads nothing of the store (a window asks
    before its first frame)."""
    if str(path) == ":memory:":
        return True
    where = Path(path).expanduser().absolute()
    if where.exists():
        return not is_read_only(where)
    folder = where.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return os.access(folder, os.W_OK | os.X_OK)
