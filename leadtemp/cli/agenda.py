"""The agenda's commands: today, next steps, snoozes, the lead list and reopening a closed lead."""

from __future__ import annotations

import argparse
import json
from typing import Any

from leadtemp import clock
from leadtemp.agenda.entries import AgendaEntry, only_qualified
from leadtemp.agenda.listing import LIST_SORTS
from leadtemp.book_kinds import shows_qualification
from leadtemp.cli.args import CliError, instant, local_day, positive_id
from leadtemp.exporting.ics_export import export_steps_ics
from leadtemp.model import Card
from leadtemp.service import LeadService

AGENDA_COMMANDS = frozenset({"today", "next", "snooze", "list", "reopen"})
#: The agenda's commands that only read the book (``today --ics`` writes a calendar file, not the book).
AGENDA_READING_COMMANDS = frozenset({"today", "list"})

_contact_id = positive_id("contact id")


def add_agenda_commands(commands: Any) -> None:
    today = commands.add_parser("today", help="what to do now: waiting, due, follow-ups, nurture")
    today.add_argument("--json", action="store_true")
    today.add_argument("--as-of", type=instant, default=None, help="a time or a day (ISO 8601)")
    today.add_argument("--ics", metavar="FILE", default=None, help="also write the next steps as iCalendar")
    today.add_argument("--force", action="store_true", help="let --ics replace an existing file")
    today.add_argument("--qualified", action="store_true", help="only qualified leads (the same order)")

    step = commands.add_parser("next", help="set a lead's next step with its due day, or mark it done")
    step.add_argument("contact_id", type=_contact_id)
    step.add_argument("text", nargs="?", default=None)
    step.add_argument("--due", type=local_day, default=None, help="the day it is due (2026-12-03)")
    step.add_argument("--done", action="store_true", help="the step is done")
    step.add_argument("--clear", action="store_true", help="drop the step without doing it")

    snooze = commands.add_parser("snooze", help="keep a lead off Today until a day")
    snooze.add_argument("contact_id", type=_contact_id)
    snooze.add_argument("--until", type=local_day, default=None, help="the day it comes back (2026-12-03)")
    snooze.add_argument("--clear", action="store_true", help="bring it back now")

    listing = commands.add_parser("list", help="every open lead (or the closed ones) as a list")
    listing.add_argument("--closed", action="store_true", help="won, lost and archived leads")
    listing.add_argument("--sort", choices=LIST_SORTS, default="score")
    listing.add_argument("--source", default=None, help="only the leads from this source")
    listing.add_argument("--json", action="store_true")

    reopen = commands.add_parser("reopen", help="put a won, lost or archived lead back on the board")
    reopen.add_argument("contact_id", type=_contact_id)


def run_agenda(args: argparse.Namespace, service: LeadService) -> int:
    command = args.command
    if command == "today":
        _today(service, args)
    elif command == "next":
        _next(service, args)
    elif command == "snooze":
        if args.clear == (args.until is not None):
            raise CliError("give either --until DATE or --clear")
        change = (
            service.unsnooze(args.contact_id) if args.clear else service.snooze(args.contact_id, args.until)
        )
        print(change.describe())
    elif command == "list":
        _list(service, args)
    elif command == "reopen":
        print(service.reopen(args.contact_id).describe())
    return 0


def _next(service: LeadService, args: argparse.Namespace) -> None:
    finishing = args.done or args.clear
    if args.done and args.clear:
        raise CliError("give --done or --clear, not both")
    if finishing and (args.text is not None or args.due is not None):
        raise CliError(f"--{'done' if args.done else 'clear'} takes no text or --due")
    if finishing:
        drop = service.complete_next_step if args.done else service.clear_next_step
        print(drop(args.contact_id).describe())
        return
    if args.text is None or args.due is None:
        raise CliError('give the step and its day: next ID "call about the proposal" --due 2026-12-03')
    print(service.set_next_step(args.contact_id, args.text, args.due).describe())


def _today(service: LeadService, args: argparse.Namespace) -> None:
    entries = service.today(args.as_of)
    if args.qualified:
        entries = only_qualified(entries)
    if args.ics is not None:
        export_steps_ics(
            service.path, args.ics, service.scheduled_steps(), service.now(), overwrite=args.force
        )
    if args.json:
        _print_json([entry_json(entry) for entry in entries])
        return
    if not entries:
        print("Nothing to do now.")
    section = None
    kind, words = service.rules.book, service.words
    for entry in entries:
        if entry.section is not section:
            section = entry.section
            print(_HEADINGS[section.value])
        step = f"; next step: {entry.next_step}" if entry.next_step else ""
        checklist = f"; checklist: {entry.checklist_step}" if entry.checklist_step else ""
        stage = f", {words.stage(entry.stage)}" if shows_qualification(kind, entry.stage, False) else ""
        where = f"{entry.company or '-'}, {entry.temperature.value}{stage}"
        print(f"  #{entry.contact_id:<5} {entry.name}  ({where})")
        print(f"         {entry.reason}{step}{checklist}")


_HEADINGS = {
    "waiting": "Waiting for an answer",
    "due": "Next steps due",
    "follow_up": "Follow-ups",
    "nurture": "Nurture",
}


def entry_json(entry: AgendaEntry) -> dict[str, Any]:
    """One entry as ``today --json`` prints it."""
    return {
        "id": entry.contact_id,
        "name": entry.name,
        "company": entry.company,
        "section": entry.section.value,
        "reason": entry.reason,
        "since": clock.format_iso(entry.since),
        "due": entry.due.isoformat() if entry.due else None,
        "next_step": entry.next_step,
        "checklist_step": entry.checklist_step,
        "temperature": entry.temperature.value,
        "waiting_minutes": entry.waiting_minutes,
        "stage": entry.stage.value,
    }


def _list(service: LeadService, args: argparse.Namespace) -> None:
    leads = service.lead_list(closed=args.closed, sort=args.sort, source=args.source)
    steps = {step.contact_id: step for step, _ in service.scheduled_steps()}
    if args.json:
        _print_json([_list_json(card, source, steps.get(card.contact_id)) for card, source in leads])
        return
    for card, source in leads:
        step = steps.get(card.contact_id)
        touch = clock.format_iso(card.last_touch_at) or "never"
        status = card.closed_label or card.temperature.value
        line = f"#{card.contact_id:<5} {card.score:>3} {status:<8} {card.name}  ({card.company or '-'})"
        extra = [f"last touch {touch}"]
        if step is not None:
            extra.append(f"next: {step.text} ({step.due.isoformat()})")
        if source:
            extra.append(f"source {source}")
        print(f"{line}  {'; '.join(extra)}")


def _list_json(card: Card, source: str, step: Any) -> dict[str, Any]:
    return {
        "id": card.contact_id,
        "name": card.name,
        "company": card.company,
        "email": card.email,
        "temperature": card.temperature.value,
        "score": card.score,
        "last_touch": clock.format_iso(card.last_touch_at),
        "waiting_since": clock.format_iso(card.waiting_since),
        "next_step": step.text if step is not None else None,
        "due": step.due.isoformat() if step is not None else None,
        "source": source,
        "closed": card.closed_label,
        "stage": card.stage.value,
    }


def _print_json(value: Any) -> None:
    print(json.dumps(value, indent=2, ensure_ascii=False))
