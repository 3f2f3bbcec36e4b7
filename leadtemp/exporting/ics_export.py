"""The leads' next steps as an iCalendar file, so they show in the user's calendar.

Each step is an all-day event on its due day (a day on the user's calendar, as it was set), with
a stable UID per lead so a calendar that subscribes to the file updates the event rather than
adding another when the step moves.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path

import icalendar

from leadtemp import __version__
from leadtemp.agenda.entries import NextStep
from leadtemp.exporting.targets import check_export_target
from leadtemp.fileio import atomic_write_bytes
from leadtemp.model import Contact


def calendar_of_steps(steps: Sequence[tuple[NextStep, Contact]], stamp: datetime) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//LeadTemp//LeadTemp {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "LeadTemp follow-ups")
    for step, contact in steps:
        event = icalendar.Event()
        event.add("uid", f"next-step-{contact.id}@leadtemp")
        event.add("dtstamp", stamp)
        event.add("dtstart", step.due)
        event.add("dtend", step.due + timedelta(days=1))
        event.add("summary", f"{contact.name}: {step.text}")
        details = [part for part in (contact.company, contact.email, contact.phone) if part]
        event.add("description", "\n".join([f"LeadTemp lead #{contact.id}", *details]))
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar


def export_steps_ics(
    db_path: str | os.PathLike[str],
    target: str | os.PathLike[str],
    steps: Sequence[tuple[NextStep, Contact]],
    stamp: datetime,
    *,
    overwrite: bool = False,
) -> Path:
    """Write ``steps`` to ``target`` (never the book's own files; an existing file only with
    ``overwrite``), all at once: a failed write leaves no half file."""
    path = check_export_target(db_path, target, overwrite=overwrite)
    return atomic_write_bytes(path, calendar_of_steps(steps, stamp).to_ical())
