"""The commands on contacts: add, edit, log, board, show, pins, checklists, outcomes, merges."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from leadtemp import clock
from leadtemp.book_kinds import BookKind, shows_qualification, words_for
from leadtemp.cli.args import MAX_STORED_INT, CliError, positive_id
from leadtemp.cli.qualify import qualification_json
from leadtemp.cli.rules import add_kind_actions, run_kind_action
from leadtemp.cli.team import changes_json
from leadtemp.companies.seniority import Seniority
from leadtemp.errors import ValidationError
from leadtemp.model import BREAKDOWN_KEYS, Card, Category, Outcome, Temperature
from leadtemp.service import ContactDetail, LeadService


def _fit(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"fit must be a whole number from 0 to 10, not {text!r}") from None
    if not 0 <= value <= 10:
        raise argparse.ArgumentTypeError(f"fit must be from 0 to 10, not {value}")
    return value


_contact_id = positive_id("contact id")
_interaction_id = positive_id("interaction id")


def _when(text: str) -> datetime:
    try:
        return clock.parse_datetime(text)
    except ValidationError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _size(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"company size must be a whole number, not {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("company size must not be negative")
    if value > MAX_STORED_INT:
        raise argparse.ArgumentTypeError(f"company size must be at most {MAX_STORED_INT}, not {value}")
    return value


def add_contact_commands(commands: Any) -> None:
    add = commands.add_parser("add-contact", help="add a contact and print its id")
    add.add_argument("name")
    for option in ("email", "linkedin", "phone", "company", "role", "industry", "source", "notes"):
        add.add_argument(f"--{option}", default=None)
    add.add_argument("--company-size", type=_size, default=None)
    add.add_argument("--fit", type=_fit, default=None, help="demographic fit 0-10 (default: computed)")
    add.add_argument("--json", action="store_true")

    edit = commands.add_parser("edit-contact", help="change a contact's fields")
    edit.add_argument("contact_id", type=_contact_id)
    edit.add_argument("--name", default=None)
    for option in ("email", "linkedin", "phone", "company", "role", "industry", "source", "notes"):
        edit.add_argument(f"--{option}", default=None)
    edit.add_argument("--company-size", type=_size, default=None)
    edit.add_argument("--fit", type=_fit, default=None)

    log = commands.add_parser("log", help="log an interaction and re-score the contact")
    log.add_argument("contact_id", type=_contact_id)
    log.add_argument("kind")
    log.add_argument("--at", type=_when, default=None, help="when (ISO-8601, default now)")
    log.add_argument("--note", default="")
    log.add_argument("--json", action="store_true")

    board = commands.add_parser("board", help="the cold / warm / hot board")
    board.add_argument("--json", action="store_true")
    board.add_argument("--as-of", type=_when, default=None)

    show = commands.add_parser("show", help="a contact with its score explained")
    show.add_argument("contact_id", type=_contact_id)
    show.add_argument("--json", action="store_true")
    show.add_argument("--as-of", type=_when, default=None)

    pin = commands.add_parser("pin", help="pin a temperature by hand")
    pin.add_argument("contact_id", type=_contact_id)
    pin.add_argument("temperature", choices=[t.value for t in Temperature])
    pin.add_argument("--until", type=_when, default=None, help="pin expiry (ISO-8601)")

    unpin = commands.add_parser("unpin", help="go back to the computed temperature")
    unpin.add_argument("contact_id", type=_contact_id)

    kinds = commands.add_parser("kinds", help="the interaction kinds and their points")
    kinds.add_argument("--json", action="store_true")
    add_kind_actions(kinds)

    checklist = commands.add_parser("checklist", help="the nurture checklist for a contact")
    checklist.add_argument("contact_id", type=_contact_id)
    checklist.add_argument("--tick", metavar="ITEM", default=None, help="step id or number to tick")
    checklist.add_argument("--untick", metavar="ITEM", default=None)
    checklist.add_argument("--json", action="store_true")

    archive = commands.add_parser("archive", help="archive (soft delete)")
    archive.add_argument("contact_id", type=_contact_id)
    unarchive = commands.add_parser("unarchive", help="bring a contact back from the archive")
    unarchive.add_argument("contact_id", type=_contact_id)
    purge = commands.add_parser("purge", help="delete an archived contact for good")
    purge.add_argument("contact_id", type=_contact_id)

    outcome = commands.add_parser("outcome", help="mark a lead won, lost or open")
    outcome.add_argument("contact_id", type=_contact_id)
    outcome.add_argument("outcome", choices=["open", "won", "lost"])
    outcome.add_argument("--on", type=_when, default=None, help="when it was won or lost (default: now)")

    merge = commands.add_parser("merge", help="fold a duplicate contact into the one kept")
    merge.add_argument("keep_id", metavar="KEEP", type=_contact_id)
    merge.add_argument("other_id", metavar="OTHER", type=_contact_id)
    merge.add_argument("--json", action="store_true")

    closed = commands.add_parser("closed", help="won, lost and archived leads, latest first")
    closed.add_argument("--json", action="store_true")

    delete = commands.add_parser("delete-interaction", help="remove a logged interaction")
    delete.add_argument("interaction_id", type=_interaction_id)

    refresh = commands.add_parser("refresh", help="report leads whose temperature moved by itself")
    refresh.add_argument("--json", action="store_true")


def _card_json(card: Card) -> dict[str, Any]:
    return {
        "id": card.contact_id,
        "name": card.name,
        "company": card.company,
        "email": card.email,
        "score": card.score,
        "temperature": card.temperature.value,
        "computed_temperature": card.computed_temperature.value,
        "pinned": card.pinned,
        "trend": card.trend,
        "trend_delta": card.trend_delta,
        "last_touch": clock.format_iso(card.last_touch_at),
        "days_since_touch": card.days_since_touch,
        "next_step": card.next_step,
        "waiting_since": clock.format_iso(card.waiting_since),
        "response_priority": card.response_priority,
        "stage": card.stage.value,
        "lacks": list(card.lacks),
    }


def _detail_json(detail: ContactDetail, seniority: Seniority | None, seniority_set: bool) -> dict[str, Any]:
    contact, company = detail.contact, detail.company
    return {
        "id": contact.id,
        "name": contact.name,
        "email": contact.email,
        "linkedin": contact.linkedin,
        "phone": contact.phone,
        "company": contact.company,
        "company_record": (
            None if company is None else {"id": company.id, "name": company.name, "domain": company.domain}
        ),
        "role": contact.role,
        "seniority": None if seniority is None else seniority.value,
        "seniority_set": seniority_set,
        "industry": contact.industry,
        "company_size": contact.company_size,
        "source": contact.source,
        "fit": detail.fit,
        "fit_set_by_hand": contact.fit is not None,
        "notes": contact.notes,
        "outcome": contact.outcome.value,
        "outcome_at": clock.format_iso(detail.outcome_at),
        "outcome_history": [
            {
                "outcome": change.outcome.value,
                "changed_at": clock.format_iso(change.changed_at),
                "actor": change.actor,
            }
            for change in detail.outcome_history
        ],
        "archived": contact.archived,
        "score": detail.result.score,
        "temperature": detail.card.temperature.value,
        "computed_temperature": detail.card.computed_temperature.value,
        "pinned": detail.card.pinned,
        "pin_expires": clock.format_iso(detail.pin.expires_at) if detail.pin else None,
        "response_priority": None if _is_closed(detail) else detail.card.response_priority,
        "breakdown": {key: detail.result.breakdown[key] for key in BREAKDOWN_KEYS},
        "temperature_rule": detail.result.rule,
        "temperature_reason": detail.result.reason,
        "trend": detail.card.trend,
        "score_trend_start": detail.trend_score,
        "days_since_touch": detail.card.days_since_touch,
        "waiting_since": clock.format_iso(detail.card.waiting_since),
        "contributions": [
            {
                "interaction_id": c.interaction_id,
                "kind": c.kind,
                "category": c.category.value,
                "occurred_at": clock.format_iso(c.occurred_at),
                "base_points": c.base_points,
                "points": c.points,
            }
            for c in detail.result.contributions
        ],
        "adjustments": [
            {"key": a.key, "points": a.points, "reason": a.reason} for a in detail.result.adjustments
        ],
        "interactions": [
            {
                "id": i.id,
                "kind": i.kind,
                "occurred_at": clock.format_iso(i.occurred_at),
                "note": i.note,
                "actor": i.actor,
            }
            for i in detail.interactions
        ],
        "checklist": [{"id": e.item.id, "text": e.item.text, "done": e.done} for e in detail.checklist],
        "cools_on": detail.cools_on.isoformat() if detail.cools_on else None,
        "next_step": (
            {"text": detail.next_step.text, "due": detail.next_step.due.isoformat()}
            if detail.next_step
            else None
        ),
        "snoozed_until": detail.snooze.until.isoformat() if detail.snooze else None,
        "qualification": qualification_json(detail.qualification, detail.card),
        **changes_json(detail),
    }


def _is_closed(detail: ContactDetail) -> bool:
    """A won or lost lead has no response priority."""
    return detail.contact.outcome is not Outcome.OPEN


def _print_json(value: Any) -> None:
    print(json.dumps(value, indent=2, ensure_ascii=False))


def _print_board(service: LeadService, args: argparse.Namespace) -> None:
    board = service.board(args.as_of)
    if args.json:
        _print_json({t.value: [_card_json(c) for c in board.column(t)] for t in Temperature})
        return
    for temperature in (Temperature.HOT, Temperature.WARM, Temperature.COLD):
        cards = board.column(temperature)
        print(f"{temperature.label} ({len(cards)}) - response priority: {temperature.response_priority}")
        for card in cards:
            pin = f" [pinned; computed {card.computed_temperature.value}]" if card.pinned else ""
            arrow = {1: "^", 0: "-", -1: "v"}[card.trend]
            touch = "never" if card.days_since_touch is None else f"{card.days_since_touch}d ago"
            print(f"  #{card.contact_id:<5} {card.score:>3} {arrow} {card.name}  ({card.company or '-'})")
            print(f"         last touch {touch}{pin}; next: {card.next_step or 'all steps done'}")
        print()


def _print_detail(detail: ContactDetail, kind: BookKind) -> None:
    words = words_for(kind)
    contact, card = detail.contact, detail.card
    print(f"#{contact.id} {contact.name}" + (f" - {contact.role}" if contact.role else ""))
    for label, value in (
        ("Company", contact.company),
        ("Email", contact.email),
        ("LinkedIn", contact.linkedin),
        ("Phone", contact.phone),
    ):
        if value:
            print(f"  {label}: {value}")
    pinned = f" (pinned; computed {card.computed_temperature.value})" if card.pinned else ""
    if _is_closed(detail):
        when = f" on {clock.format_iso(detail.outcome_at)}" if detail.outcome_at else ""
        print(
            f"  Score {detail.result.score}: {contact.outcome.value}{when} "
            f"(the score says {card.temperature.value})"
        )
    else:
        print(
            f"  Score {detail.result.score}: {card.temperature.value}{pinned}, "
            f"priority {card.response_priority}"
        )
    answers = detail.qualification.answers
    if shows_qualification(kind, card.stage, detail.qualification.answered):
        listed = ", ".join(f"{a.criterion} {a.value}" for a in answers)
        print(f"  Stage: {words.stage(card.stage)} ({listed})")
    print("  Breakdown: " + ", ".join(f"{k} {detail.result.breakdown[k]}" for k in BREAKDOWN_KEYS))
    print(f"  Why: {detail.result.reason}")
    if detail.result.contributions:
        print("  Contributions:")
        for c in detail.result.contributions:
            print(
                f"    {clock.format_iso(c.occurred_at)}  {c.kind:<24} {c.points:+7.2f} (of {c.base_points:g})"
            )
    for a in detail.result.adjustments:
        print(f"    {'':20}  {a.key:<24} {a.points:+7.2f} ({a.reason})")
    print(f"  Checklist ({card.temperature.value}):")
    for index, entry in enumerate(detail.checklist, 1):
        print(f"    {index}. [{'x' if entry.done else ' '}] {entry.item.text}  ({entry.item.id})")


def _contact_fields(args: argparse.Namespace) -> dict[str, Any]:
    names = (
        "email",
        "linkedin",
        "phone",
        "company",
        "role",
        "industry",
        "source",
        "notes",
        "company_size",
        "fit",
    )
    return {name: getattr(args, name) for name in names if getattr(args, name, None) is not None}


def run_contact_command(args: argparse.Namespace, service: LeadService) -> int:
    """Run one of the commands on contacts, their log, pins and checklists."""
    command = args.command
    if command == "add-contact":
        change = service.add_contact(args.name, **_contact_fields(args))
        if args.json:
            _print_json({"id": change.contact_id, "score": change.score})
        else:
            print(change.contact_id)
    elif command == "edit-contact":
        fields = _contact_fields(args)
        if args.name is not None:
            fields["name"] = args.name
        if not fields:
            raise CliError("nothing to change: give at least one option such as --email")
        service.edit_contact(args.contact_id, **fields)
    elif command == "log":
        change = service.log_interaction(args.contact_id, args.kind, args.at, args.note)
        if args.json:
            _print_json(
                {
                    "interaction_id": change.interaction_id,
                    "score": change.score,
                    "temperature": change.new_temperature.value if change.new_temperature else None,
                    "reason": change.reason,
                }
            )
        else:
            print(change.describe() if change.temperature_changed else f"{change.name}: score {change.score}")
    elif command == "board":
        _print_board(service, args)
    elif command == "show":
        detail = service.detail(args.contact_id, args.as_of)
        if args.json:
            _print_json(_detail_json(detail, *service.seniority(args.contact_id)))
        else:
            _print_detail(detail, service.rules.book)
    elif command == "pin":
        print(service.pin(args.contact_id, args.temperature, args.until).describe())
    elif command == "unpin":
        print(service.unpin(args.contact_id).describe())
    elif command == "kinds" and args.kinds_action is not None:
        return run_kind_action(args, service)
    elif command == "kinds":
        _print_kinds(service, args.json)
    elif command == "checklist":
        if args.tick:
            service.tick(args.contact_id, args.tick, True)
        if args.untick:
            service.tick(args.contact_id, args.untick, False)
        card = service.card(args.contact_id)
        entries = service.checklist(args.contact_id)
        if args.json:
            _print_json(
                {
                    "temperature": card.temperature.value,
                    "items": [{"id": e.item.id, "text": e.item.text, "done": e.done} for e in entries],
                }
            )
        else:
            print(f"{card.name} - {card.temperature.value} checklist")
            for index, entry in enumerate(entries, 1):
                print(f"  {index}. [{'x' if entry.done else ' '}] {entry.item.text}  ({entry.item.id})")
    elif command in ("archive", "unarchive", "purge"):
        action: Callable[[int], Any] = {
            "archive": service.archive_contact,
            "unarchive": service.restore_contact,
            "purge": service.purge_contact,
        }[command]
        print(action(args.contact_id).describe())
    elif command == "outcome":
        print(service.set_outcome(args.contact_id, args.outcome, on=args.on).describe())
    elif command == "merge":
        _merge(service, args)
    elif command == "closed":
        _print_closed(service, args.json)
    elif command == "delete-interaction":
        print(service.delete_interaction(args.interaction_id).describe())
    elif command == "refresh":
        changes = service.refresh()
        if args.json:
            _print_json([{"id": c.contact_id, "name": c.name, "reason": c.reason} for c in changes])
        else:
            for change in changes:
                print(change.describe())
    return 0


def _merge(service: LeadService, args: argparse.Namespace) -> None:
    """A merge made here has no undo, so a backup comes first."""
    other = service.contact(args.other_id)
    moved = len(service.interactions(other.id))
    change = service.merge_contacts(args.keep_id, args.other_id, backup_first=True).change
    if args.json:
        _print_json(
            {
                "id": change.contact_id,
                "merged_id": other.id,
                "merged_name": other.name,
                "interactions_moved": moved,
                "score": change.score,
                "temperature": change.new_temperature.value if change.new_temperature else None,
            }
        )
    else:
        print(change.describe())


def _print_closed(service: LeadService, as_json: bool) -> None:
    leads = service.closed_leads()
    if as_json:
        _print_json(
            [
                {
                    "id": lead.contact.id,
                    "name": lead.contact.name,
                    "company": lead.contact.company,
                    "email": lead.contact.email,
                    "outcome": lead.contact.outcome.value,
                    "outcome_at": clock.format_iso(lead.outcome_at),
                    "archived": lead.contact.archived,
                }
                for lead in leads
            ]
        )
        return
    for lead in leads:
        contact = lead.contact
        status = [] if contact.outcome is Outcome.OPEN else [contact.outcome.value]
        if lead.outcome_at is not None:
            status.append(f"on {clock.format_iso(lead.outcome_at)}")
        if contact.archived:
            status.append("archived")
        print(f"#{contact.id:<5} {contact.name}  ({contact.company or '-'})  {' '.join(status)}")


def _print_kinds(service: LeadService, as_json: bool) -> None:
    kinds = service.kinds()
    if as_json:
        _print_json(
            [
                {"name": k.name, "label": k.label, "category": k.category.value, "points": k.points}
                for k in kinds
            ]
        )
        return
    points = {k.name: f"{'-' if k.category is Category.NEGATIVE else ''}{k.points:g}" for k in kinds}
    name_width = max((len(k.name) for k in kinds), default=0)
    points_width = max((len(text) for text in points.values()), default=0)
    for category in Category:
        members = [k for k in kinds if k.category is category]
        if members:
            print(category.value)
            for kind in members:
                print(f"  {kind.name:<{name_width}}  {points[kind.name]:>{points_width}}  {kind.label}")
