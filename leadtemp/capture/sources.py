"""One entry for every capture file: the reader is chosen by what the file holds, not its name.

Each reader yields :class:`~leadtemp.capture.events.Observation` or
:class:`~leadtemp.capture.events.Skipped` values; a file no reader knows is refused with a
one-line :class:`~leadtemp.errors.ValidationError` before anything is read.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from leadtemp.capture.events import Observation, Skipped
from leadtemp.capture.mail import files as mail_files
from leadtemp.capture.options import CaptureOptions
from leadtemp.errors import ValidationError

__all__ = ["CaptureOptions", "read_capture_source", "source_kind"]

_SNIFF = 4096


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
    if mail_files.looks_like_mbox(head):
        return "mbox"
    if mail_files.looks_like_message(head):
        return "eml"
    raise ValidationError(
        f"{path.name} is not a file capture reads (an mbox, a Maildir folder or an .eml message)"
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
    raise ValidationError(f"{path.name}: no reader for {kind}")
