"""``leadtemp capture / captures / undo-capture / capture-rules``: mail files logged from the shell.

The whole source is read and matched before anything is written, and the batch is written in one
transaction, so a bad file, Ctrl+C or a crash leaves nothing half-captured.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from leadtemp import clock
from leadtemp.book_kinds import Words
from leadtemp.capture.activity_presets import FIELDS as ACTIVITY_FIELDS
from leadtemp.capture.activity_presets import PRESET_NAMES as ACTIVITY_PRESETS
from leadtemp.capture.addresses import clean_address
from leadtemp.capture.commit import CapturePreview, CaptureReport, describe_counts
from leadtemp.capture.mail.signals import SignalRules, load_rules, user_rules_path
from leadtemp.capture.sources import MAIL_KINDS, CaptureOptions, read_capture_source, source_kind
from leadtemp.cli.args import positive_id
from leadtemp.cli.imap import (
    add_imap_arguments,
    forget_mailbox_password,
    mailbox_capture,
    refuse_stray_imap_options,
)
from leadtemp.errors import LeadTempError, ValidationError
from leadtemp.linkedin import normalise_linkedin
from leadtemp.service import LeadService
from leadtemp.store.captures import CaptureBatch

CAPTURE_COMMANDS = frozenset(
    {"capture", "captures", "undo-capture", "ignore-sender", "unignore-sender", "ignored-senders"}
)
#: What a captured mail's note keeps (``--notes``, remembered).
NOTES = ("lines", "subjects")
RULES_FILE_COMMAND = "capture-rules"


def add_capture_commands(commands: Any) -> None:
    """Add the capture sub-commands to the main parser's sub-parsers."""
    capture = commands.add_parser(
        "capture",
        help="log what happened in mail files (mbox, Maildir, .eml), calendars (.ics), newsletter "
        "activity CSVs and LinkedIn's messages.csv as interactions",
    )
    capture.add_argument(
        "path", metavar="PATH", nargs="?", help="an mbox, a Maildir folder, an .eml, an .ics or a CSV export"
    )
    add_imap_arguments(capture)
    capture.add_argument(
        "--me",
        metavar="ADDRESS",
        action="append",
        default=None,
        help="one of your own addresses (repeat per address; remembered for the next capture)",
    )
    capture.add_argument("--since", metavar="DATE", default=None, help="read nothing older (ISO 8601)")
    capture.add_argument(
        "--preset",
        choices=ACTIVITY_PRESETS,
        default=None,
        help="the newsletter tool that wrote an activity CSV (detected from its header when unambiguous)",
    )
    capture.add_argument(
        "--map",
        metavar="COLUMN=FIELD",
        action="append",
        default=None,
        help=f"read a CSV column as {', '.join(ACTIVITY_FIELDS)} or a kind (as its time); once per column",
    )
    capture.add_argument(
        "--notes",
        choices=NOTES,
        default=None,
        help="notes keep the subject and the first lines of the lead's words, or subjects only (remembered)",
    )
    capture.add_argument("--dry-run", action="store_true", help="show what would be logged, write nothing")
    capture.add_argument("--json", action="store_true")
    listing = commands.add_parser("captures", help="list past captures")
    listing.add_argument("--json", action="store_true")
    undo = commands.add_parser("undo-capture", help="undo a whole capture (see `leadtemp captures`)")
    undo.add_argument("batch_id", type=positive_id("capture id"))
    ignore = commands.add_parser("ignore-sender", help="capture always skips mail from this address")
    ignore.add_argument("address")
    unignore = commands.add_parser("unignore-sender", help="take an address off the ignore list")
    unignore.add_argument("address")
    ignored = commands.add_parser("ignored-senders", help="the addresses capture always skips")
    ignored.add_argument("--json", action="store_true")
    rules = commands.add_parser(RULES_FILE_COMMAND, help="the phrases that make mail a buying signal")
    rules.add_argument("--json", action="store_true")


def capture_reads_only(args: argparse.Namespace) -> bool:
    if args.command == "capture":
        return bool(args.dry_run or args.forget_password)
    return args.command in ("captures", "ignored-senders")


def run_capture(args: argparse.Namespace, service: LeadService) -> int:
    if args.command == "capture":
        return _capture(args, service)
    if args.command == "undo-capture":
        print(service.undo_capture(args.batch_id).describe(service.words))
        return 0
    if args.command in ("ignore-sender", "unignore-sender"):
        return _ignore(args, service)
    if args.command == "ignored-senders":
        return _list_ignored(args, service)
    return _list_captures(args, service)


def _ignore(args: argparse.Namespace, service: LeadService) -> int:
    if args.command == "ignore-sender":
        added = service.ignore_sender(args.address)
        print(f"capture ignores {clean_address(args.address)}" + ("" if added else " (it did already)"))
        return 0
    if not service.unignore_sender(args.address):
        raise ValidationError(f"{clean_address(args.address)} is not on the ignore list")
    print(f"capture no longer ignores {clean_address(args.address)}")
    return 0


def _list_ignored(args: argparse.Namespace, service: LeadService) -> int:
    addresses = service.ignored_senders()
    if args.json:
        _print_json(addresses)
    else:
        print("\n".join(addresses) if addresses else "no ignored senders")
    return 0


def run_capture_rules(args: argparse.Namespace) -> int:
    """Print the phrase rules in force; needs no book."""
    try:
        rules = load_rules()
    except LeadTempError as error:
        print(f"leadtemp: error: {error}", file=sys.stderr)
        return 1
    try:
        _print_rules(rules, as_json=args.json)
    except BrokenPipeError:
        return 1
    return 0


def _print_rules(rules: SignalRules, *, as_json: bool) -> None:
    if as_json:
        _print_json({**rules.to_json(), "user_file": str(user_rules_path())})
        return
    print(f"# {rules.path}")
    if rules.path != user_rules_path():
        print(f"# copy it to {user_rules_path()} and edit it there to change these rules")
    for rule in rules.rules:
        print(f"{rule.kind} ({rule.label}): {', '.join(rule.phrases)}")


def _capture(args: argparse.Namespace, service: LeadService) -> int:
    refuse_stray_imap_options(args)
    if args.forget_password:
        return forget_mailbox_password(args)
    if args.path and args.imap:
        raise ValidationError("give a mail file or --imap URL, not both")
    if not args.path and not args.imap:
        raise ValidationError("give the mail file or Maildir folder to capture, or --imap URL")
    path = Path(args.path).expanduser() if args.path else None
    since = _since(args.since)
    kind = source_kind(path) if path is not None else None
    given = _my_addresses([value for value in args.me or [] if not normalise_linkedin(value)])
    profiles = [normalise_linkedin(value) for value in args.me or [] if normalise_linkedin(value)]
    me = list(dict.fromkeys([*service.my_addresses(), *given]))
    if not me and (kind is None or kind in MAIL_KINDS):
        raise ValidationError(
            "say which addresses are yours with --me ADDRESS (once per address; remembered), "
            "so capture knows what you sent; nothing was captured"
        )
    subjects_only = service.capture_subjects_only() if args.notes is None else args.notes == "subjects"
    options = CaptureOptions(
        me=(*me, *profiles),
        since=since,
        preset=args.preset,
        mapping=_mapping(args.map or []),
        subjects_only=subjects_only,
        now=service.now(),
    )
    if path is None:
        preview, keep = mailbox_capture(args, service, options)
    else:
        preview = service.preview_capture(read_capture_source(path, options), label=path.name)
        keep = partial(service.commit_capture, preview)
    if args.dry_run:
        _report_preview(preview, args.json, service.words)
        return 0
    with service.transaction():
        if given:
            service.set_my_addresses(me)
        if args.notes is not None:
            service.set_capture_subjects_only(subjects_only)
        report = keep()
    _report(report, preview, args.json, service.words)
    return 0


def _since(text: str | None) -> datetime | None:
    return None if text is None else clock.parse_datetime(text)


def _mapping(pairs: list[str]) -> dict[str, str]:
    """``--map COLUMN=FIELD`` once per column, as {column: field}."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        column, equals, target = pair.rpartition("=")
        if not equals or not column.strip() or not target.strip():
            raise ValidationError(f"--map {pair!r}: write COLUMN=FIELD, e.g. --map 'Email Address=email'")
        if column.strip() in mapping:
            raise ValidationError(f"--map names the column {column.strip()!r} twice")
        mapping[column.strip()] = target.strip()
    return mapping


def _my_addresses(addresses: list[str]) -> list[str]:
    cleaned = []
    for address in addresses:
        value = clean_address(address)
        if not value:
            raise ValidationError(f"--me {address!r} is not an e-mail address")
        cleaned.append(value)
    return cleaned


def _lines_json(preview: CapturePreview) -> list[dict[str, Any]]:
    return [
        {
            "lead_id": line.contact_id,
            "lead": line.lead_name,
            "new_lead": line.proposed is not None,
            "email": line.proposed.address if line.proposed else None,
            "kind": line.kind,
            "occurred_at": clock.format_iso(line.occurred_at),
            "note": line.note,
            "evidence": line.evidence,
            "duplicate": line.duplicate,
        }
        for line in preview.lines
    ]


def _report_preview(preview: CapturePreview, as_json: bool, words: Words) -> None:
    proposed = preview.proposed
    if as_json:
        _print_json(
            {
                "batch_id": None,
                "dry_run": True,
                "file": preview.label,
                "logged": preview.kind_counts(),
                "logged_total": sum(preview.kind_counts().values()),
                "leads_proposed": [{"name": lead.name, "email": lead.address} for lead in proposed],
                "leads_created": [],
                "skipped": preview.skipped_counts(),
                "moved": [],
                "lines": _lines_json(preview),
            }
        )
        return
    text = describe_counts(
        preview.kind_counts(), len(proposed), preview.skipped_counts(), created=False, words=words
    )
    print(f"{preview.label}: would have {text}; nothing was written (dry run)")
    for lead in proposed:
        print(f"  new {words.lead}: {lead.name} <{lead.address}>")


def _report(report: CaptureReport, preview: CapturePreview, as_json: bool, words: Words) -> None:
    if as_json:
        _print_json(
            {
                "batch_id": report.batch_id,
                "dry_run": False,
                "file": report.label,
                "logged": report.logged,
                "logged_total": report.logged_total,
                "leads_proposed": [{"name": lead.name, "email": lead.address} for lead in preview.proposed],
                "leads_created": [{"id": contact_id, "name": name} for contact_id, name in report.created],
                "skipped": report.skipped,
                "moved": list(report.moved),
                "lines": _lines_json(preview),
            }
        )
        return
    print(f"{report.label}: {report.describe(words)}")
    for contact_id, name in report.created:
        print(f"  new {words.lead} #{contact_id}: {name}")
    for moved in report.moved:
        print(f"  {moved}")
    if report.batch_id is not None:
        print(f"undo it with `leadtemp undo-capture {report.batch_id}`")


def _list_captures(args: argparse.Namespace, service: LeadService) -> int:
    batches = service.captures()
    if args.json:
        _print_json([_batch_json(batch) for batch in batches])
        return 0
    if not batches:
        print("no captures yet")
    for batch in batches:
        summary = batch.summary
        text = describe_counts(
            dict(summary.get("logged", {})),
            int(summary.get("leads_created", 0)),
            dict(summary.get("skipped", {})),
            created=True,
            words=service.words,
        )
        undone = f" (undone {clock.format_iso(batch.undone_at)})" if batch.undone_at else ""
        print(f"#{batch.id} {clock.format_iso(batch.created_at)} {batch.label}: {text}{undone}")
    return 0


def _batch_json(batch: CaptureBatch) -> dict[str, Any]:
    return {
        "id": batch.id,
        "label": batch.label,
        "created_at": clock.format_iso(batch.created_at),
        "undone_at": clock.format_iso(batch.undone_at),
        "logged": batch.summary.get("logged", {}),
        "leads_created": batch.summary.get("leads_created", 0),
        "skipped": batch.summary.get("skipped", {}),
    }


def _print_json(data: Any) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False))
