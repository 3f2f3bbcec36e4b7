"""``leadtemp qualify``: what is known of a lead's budget, authority, need and timeline."""

from __future__ import annotations

import argparse
import json
from typing import Any

from leadtemp import clock
from leadtemp.cli.args import CliError, local_day, positive_id
from leadtemp.model import Card
from leadtemp.qualification.answers import CRITERIA, Answer, Qualification
from leadtemp.service import LeadService

QUALIFY_COMMAND = "qualify"

_contact_id = positive_id("contact id")


def add_qualify_command(commands: Any) -> None:
    qualify = commands.add_parser(
        QUALIFY_COMMAND, help="set a lead's budget, authority, need and timeline (BANT)"
    )
    qualify.add_argument("contact_id", type=_contact_id)
    for criterion in CRITERIA[:3]:
        qualify.add_argument(f"--{criterion}", metavar="yes|no|unknown", default=None)
    when = "unknown, no, a day (2026-09-30) or a quarter (2026-Q3, Q3)"
    qualify.add_argument("--timeline", metavar="WHEN", default=None, help=when)
    for criterion in CRITERIA:
        said = f"what was said of the {criterion}"
        qualify.add_argument(f"--note-{criterion}", metavar="TEXT", default=None, help=said)
    learned = "the day it was learned (default today)"
    qualify.add_argument("--learned", type=local_day, default=None, help=learned)
    qualify.add_argument("--json", action="store_true")


def qualify_reads_only(args: argparse.Namespace) -> bool:
    """``qualify ID`` with nothing to set shows the answers."""
    return not _values(args) and not _notes(args)


def run_qualify(args: argparse.Namespace, service: LeadService) -> int:
    values, notes = _values(args), _notes(args)
    if not values and not notes:
        if args.learned is not None:
            raise CliError("--learned needs an answer or a note to date")
        card = service.card(args.contact_id)
    else:
        card = service.qualify(args.contact_id, values, notes, learned_on=args.learned).card or service.card(
            args.contact_id
        )
    qualification = service.qualification(args.contact_id)
    if args.json:
        print(json.dumps(qualification_json(qualification, card), indent=2, ensure_ascii=False))
        return 0
    print(f"#{card.contact_id} {card.name}: {service.words.stage(card.stage)} ({card.temperature.value})")
    for answer in qualification.answers:
        learned = f" (learned {clock.format_iso(answer.learned_at)})" if answer.learned_at else ""
        note = f": {answer.note}" if answer.note else ""
        print(f"  {answer.label}{note}{learned}")
    return 0


def qualification_json(qualification: Qualification, card: Card) -> dict[str, Any]:
    """``{"stage", "lacks", "budget": {"answer", "note", "learned_at"}, ...}``, as ``show --json``
    and ``qualify --json`` print it."""
    return {
        "stage": card.stage.value,
        "lacks": list(card.lacks),
        **{answer.criterion: answer_json(answer) for answer in qualification.answers},
    }


def answer_json(answer: Answer) -> dict[str, Any]:
    ends = answer.timeline_ends
    found: dict[str, Any] = {
        "answer": answer.value,
        "note": answer.note,
        "learned_at": clock.format_iso(answer.learned_at),
    }
    if answer.criterion == "timeline":
        found["ends"] = ends.isoformat() if ends else None
    return found


def _values(args: argparse.Namespace) -> dict[str, str]:
    return {name: getattr(args, name) for name in CRITERIA if getattr(args, name) is not None}


def _notes(args: argparse.Namespace) -> dict[str, str]:
    notes = {name: getattr(args, f"note_{name}") for name in CRITERIA}
    return {name: note for name, note in notes.items() if note is not None}
