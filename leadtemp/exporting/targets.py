"""Where an export may be written: never over the book itself or its backups.

A file is compared with the database, its SQLite side files and the backups folder by path
and by identity (``stat``: same device and inode, so links and other spellings count), never
by opening it: closing any descriptor of the database would drop this process's SQLite locks.
"""

from __future__ import annotations

import os
from pathlib import Path

from leadtemp.database_files import SIDE_SUFFIXES
from leadtemp.errors import ValidationError
from leadtemp.store.backup import backups_dir


class ExportTargetExists(ValidationError):
    """The export would replace a file the user did not say may be replaced."""


def check_export_target(
    db_path: str | os.PathLike[str], target: str | os.PathLike[str], *, overwrite: bool = False
) -> Path:
    """The target as a path, or a :class:`ValidationError` saying why an export may not go there.

    Refused always: the database, its ``-wal``/``-shm``/``-journal`` and anything in its backups
    folder. Refused unless ``overwrite``: any other existing file (:class:`ExportTargetExists`,
    so a window can ask and try again).
    """
    path = Path(target).expanduser()
    if str(db_path) != ":memory:":
        database = Path(db_path).expanduser()
        for protected in (database, *(database.with_name(database.name + s) for s in SIDE_SUFFIXES)):
            if _same(path, protected):
                what = "the database" if protected == database else f"the database's {protected.name}"
                raise ValidationError(f"{path} is {what}; export to another file")
        folder = backups_dir(database)
        if _same(path.parent, folder) or _same(path, folder):
            raise ValidationError(f"{path} is in the backups folder {folder}; export to another folder")
    if path.is_dir():
        raise ValidationError(f"{path} is a folder; give a file name")
    if not overwrite and (path.exists() or path.is_symlink()):
        raise ExportTargetExists(f"{path} already exists")
    return path


def _same(first: Path, second: Path) -> bool:
    """Whether two paths name one file: by identity when both exist, else by absolute path."""
    try:
        return os.path.samefile(first, second)
    except OSError:
        return _absolute(first) == _absolute(second)


def _absolute(path: Path) -> Path:
    return Path(os.path.abspath(path.parent.resolve() / path.name))
