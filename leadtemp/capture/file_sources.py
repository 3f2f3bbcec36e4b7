"""The capture files that are no mail: calendars (.ics), activity CSVs and LinkedIn's messages.csv,
recognised by their first bytes and read whole (they are small exports, within the import limit)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from leadtemp import clock
from leadtemp.capture.activity import read_activity
from leadtemp.capture.calendar import read_calendar
from leadtemp.capture.errors import CaptureFileError
from leadtemp.capture.events import Observation, Skipped
from leadtemp.capture.linkedin_messages import is_linkedin_messages, read_linkedin_messages
from leadtemp.capture.options import CaptureOptions
from leadtemp.importing.read.errors import ImportFileError
from leadtemp.importing.read.sniff import read_bytes

#: What :func:`read_file_source` reads: a calendar, LinkedIn's messages, any other CSV export.
KINDS = ("ics", "linkedin", "csv")
_CALENDAR = re.compile(rb"^\s*BEGIN:VCALENDAR", re.IGNORECASE)
_CELLS = re.compile(r"[,;\t]")


def looks_like_calendar(head: bytes) -> bool:
    return bool(_CALENDAR.match(head.removeprefix(b"\xef\xbb\xbf")))


def table_kind(head: bytes) -> str:
    """``linkedin`` for LinkedIn's messages export, ``csv`` for any other table, "" for no table."""
    columns = first_cells(head)
    if len(columns) < 2:
        return ""
    return "linkedin" if is_linkedin_messages(columns) else "csv"


def first_cells(head: bytes) -> list[str]:
    """The cells of the first line that has any (a rough split, enough to recognise a header)."""
    text = head.removeprefix(b"\xef\xbb\xbf").decode("utf-8", errors="replace")
    first = next((line for line in text.splitlines() if line.strip()), "")
    return [cell.strip().strip('"') for cell in _CELLS.split(first)]


def read_file_source(kind: str, path: Path, options: CaptureOptions) -> Iterator[Observation | Skipped]:
    """Every observation in a calendar or CSV export at ``path``."""
    try:
        data = read_bytes(path)
    except ImportFileError as error:
        raise CaptureFileError(str(error)) from None
    if kind == "ics":
        return read_calendar(
            data,
            me=options.me,
            now=options.now or clock.now(),
            since=options.since,
            zone=options.zone,
            name=path.name,
        )
    if kind == "linkedin":
        return read_linkedin_messages(data, me=options.me, since=options.since, name=path.name)
    return read_activity(
        data,
        preset=options.preset,
        mapping=options.mapping,
        since=options.since,
        zone=options.zone,
        name=path.name,
    )
