"""One entry for every capture file: the reader is chosen by what the file holds, not its name.

Each reader yields :class:`~leadtemp.capture.events.Observation` or
:class:`~leadtemp.capture.events.Skipped` values; a file no reader knows is refused with a
one-line :class:`~leadtemp.errors.ValidationError` before anything is read.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from leadtemp.capture import file_sources
from leadtemp.capture.events import Observation, Skipped
from leadtemp.capture.mail import files as mail_files
from leadtemp.capture.options import CaptureOptions
from leadtemp.errors import ValidationError

__all__ = ["CaptureOptions", "known_export", "read_capture_source", "source_kind"]

_SNIFF = 4096
#: Sources whose direction only the user's own addresses can tell.
MAIL_KINDS = frozenset({"mbox", "maildir", "eml"})


def source_kind(path: Path) -> str:
    """``mbox``, ``maildir`` or ``eml`` (and the kinds other readers add), judged by content."""
    if path.is_dir():
        if mail_files.is_maildir(path):
            return "maildir"
        raise ValidationError(f"{path} is a folder but no Maildir (it has no cur/ and new/)")
    if not path.is_file():
        raise ValidationError(f"no such file: {path}")
    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF)
    except OSError as error:
        raise ValidationError(f"cannot read {path}: {error.strerror or error}") from None
    if not head.strip():
        raise ValidationError(f"{path} is empty")
    if file_sources.looks_like_calendar(head):
        return "ics"
    if mail_files.looks_like_mbox(head):
        return "mbox"
    if mail_files.looks_like_message(head):
        return "eml"
    table = file_sources.table_kind(head)
    if table:
        return table
    raise ValidationError(
        f"{path.name} is not a file capture reads (an mbox, a Maildir folder, an .eml message, "
        "an .ics calendar or a CSV export)"
    )


def read_capture_source(path: Path, options: CaptureOptions) -> Iterator[Observation | Skipped]:
    """Every observation in the file or folder at ``path``."""
    kind = source_kind(path)
    if kind == "mbox":
        return mail_files.read_mbox(path, options)
    if kind == "maildir":
        return mail_files.read_maildir(path, options)
    if kind == "eml":
        return mail_files.read_eml(path, options)
    if kind in file_sources.KINDS:
        return file_sources.read_file_source(kind, path, options)
    raise ValidationError(f"{path.name}: no reader for {kind}")


def known_export(path: Path) -> bool:
    """Whether ``path`` is plainly a capture source rather than a contact list: mail, a calendar,
    LinkedIn's messages or a newsletter tool's activity export recognised by its header (any other
    CSV is a contact list until told otherwise)."""
    from leadtemp.capture.activity_presets import detect_preset

    try:
        kind = source_kind(path)
    except ValidationError:
        return False
    if kind != "csv":
        return True
    try:
        with path.open("rb") as handle:
            head = handle.read(8192)
    except OSError:
        return False
    return detect_preset(file_sources.first_cells(head)) is not None
