"""Reading contact files (vCard, CSV) into drafts for the import preview.

Nothing here touches the database or the service: parsers return :class:`ParseResult` and the
caller decides what to store.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from leadtemp.bulk import collection_paused
from leadtemp.importing.read.csvfile import parse_csv
from leadtemp.importing.read.draft import ContactDraft, ParseProblem, ParseResult
from leadtemp.importing.read.errors import ColumnMappingError, ImportCancelled, ImportFileError
from leadtemp.importing.read.own_csv import OWN_PRESET, own_export_mapping_of, restore_neutralised
from leadtemp.importing.read.presets import PRESET_NAMES, PRESETS, detect_preset, guess_mapping
from leadtemp.importing.read.sniff import (
    DEFAULT_LIMIT_BYTES,
    detect_format,
    detect_format_bytes,
    display_name,
    read_bytes,
    read_text,
)
from leadtemp.importing.read.vcard import parse_vcard

__all__ = [
    "DEFAULT_LIMIT_BYTES",
    "PRESETS",
    "PRESET_NAMES",
    "ColumnMappingError",
    "ContactDraft",
    "ImportCancelled",
    "ImportFileError",
    "ParseProblem",
    "ParseResult",
    "detect_format",
    "detect_preset",
    "guess_mapping",
    "parse_csv",
    "parse_file",
    "parse_vcard",
    "read_text",
]

FORMATS = ("auto", "csv", "vcard", "json")


def parse_file(
    path: str | os.PathLike[str],
    format: str = "auto",
    preset: str | None = None,
    mapping: dict[str, str] | None = None,
    *,
    unknown_to_notes: bool = True,
    limit_bytes: int = DEFAULT_LIMIT_BYTES,
    cancel: Callable[[], bool] | None = None,
) -> ParseResult:
    """Read a contact file of any supported format; the file is read only once.

    ``format="auto"`` looks at the content (``BEGIN:VCARD``, a leading ``{``) before the
    file name.  Raises :class:`ImportFileError` for files that cannot be imported, and
    :class:`ImportCancelled` when ``cancel()`` says to stop reading a long vCard file.
    """
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
    data = read_bytes(path, limit_bytes)
    source = os.fspath(path)
    chosen = detect_format_bytes(data, source) if format == "auto" else format
    if chosen == "json":
        raise ImportFileError(
            f"{display_name(path)} is a JSON backup; JSON backups are imported with the JSON importer."
        )
    # A draft per row or card, none of them cyclic: the collector would only walk them over and over.
    with collection_paused():
        if chosen == "vcard":
            return parse_vcard(data, limit_bytes=limit_bytes, source_name=source, cancel=cancel)
        # LeadTemp's own export maps itself, and its cells lose the quotes put in front of
        # formula-like text, whatever mapping or preset was chosen.
        own = own_export_mapping_of(data)
        chosen_nothing = mapping is None and preset is None
        result = parse_csv(
            data,
            mapping=own if chosen_nothing else mapping,
            preset=preset,
            unknown_to_notes=unknown_to_notes,
            limit_bytes=limit_bytes,
            source_name=source,
        )
        if own is not None:
            result.drafts = [restore_neutralised(draft) for draft in result.drafts]
            if chosen_nothing:
                result.preset = OWN_PRESET
        return result
