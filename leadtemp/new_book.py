"""A new book of a chosen kind, at a path that holds nothing yet: what ``leadtemp new-book`` and
File > New Book… make."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from leadtemp import clock
from leadtemp.book_kinds import BookKind
from leadtemp.database_files import SIDE_SUFFIXES
from leadtemp.errors import ValidationError
from leadtemp.service import LeadService


def create_book(path: Path | str, book: BookKind, now: Callable[[], datetime] = clock.now) -> Path:
    """Write an empty book of kind ``book`` at ``path``; a path that exists (or a folder that does
    not) is refused with a message and nothing is written."""
    target = Path(path).expanduser()
    if target.exists() or any(target.with_name(target.name + s).exists() for s in SIDE_SUFFIXES):
        raise ValidationError(f"{target} already exists; a new book needs a new file")
    if not target.parent.is_dir():
        raise ValidationError(f"there is no folder {target.parent}; nothing was created")
    service = LeadService.open(target, now=now)
    try:
        service.begin_as(book)
    except BaseException:
        service.close()
        for leftover in (target, *(target.with_name(target.name + s) for s in SIDE_SUFFIXES)):
            with contextlib.suppress(OSError):
                leftover.unlink()
        raise
    service.close()
    return target
