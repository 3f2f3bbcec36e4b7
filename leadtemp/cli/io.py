"""``leadtemp import / export / undo-import / imports``: contact files in and out from the shell.

Every failure is a :class:`LeadTempError` with a one-line message, raised before anything is
written or after the transaction rolled back, so a bad file never leaves half an import.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from leadtemp import clock
from leadtemp.cli.args import positive_id
from leadtemp.errors import ValidationError
from leadtemp.exporting import EXPORT_FORMATS, export_csv, export_json, export_vcard, format_for_path
from leadtemp.exporting.targets import ExportTargetExists, check_export_target
from leadtemp.importing.commit import ImportSummary, commit_import, import_batches, undo_import
from leadtemp.importing.jsonfile import import_json
from leadtemp.importing.preview import ImportPreview, merge_report, preview_file
from leadtemp.importing.read import PRESET_NAMES, ColumnMappingError, detect_format
from leadtemp.importing.read.presets import TARGETS
from leadtemp.model import LEAD_SOURCES
from leadtemp.service import LeadService

IO_COMMANDS = frozenset({"import", "export", "undo-import", "imports"})
IMPORT_FORMATS = ("auto", "csv", "vcard", "json")


def _mapping_entry(text: str) -> tuple[str, str]:
    column, sep, target = text.rpartition("=")
    column, target = column.strip(), target.strip().lower()
    if not sep or not column:
        raise argparse.ArgumentTypeError(f"--map wants COLUMN=FIELD, not {text!r}")
    if target not in TARGETS:
        raise argparse.ArgumentTypeError(
            f"unknown field {target!r} in --map; use one of {', '.join(TARGETS)}"
        )
    return column, target


def lead_source(text: str) -> str:
    """A seed lead source however it is spelled (``social-media``), else the text as given."""
    wanted = " ".join(text.replace("-", " ").replace("_", " ").split()).casefold()
    for known in LEAD_SOURCES:
        if known == wanted:
            return known
    return text.strip()


def add_io_commands(commands: Any) -> None:
    """Add the file commands to the main parser's sub-parsers."""
    load = commands.add_parser("import", help="import contacts from a CSV, vCard or LeadTemp JSON file")
    load.add_argument("file")
    load.add_argument("--format", choices=IMPORT_FORMATS, default="auto")
    load.add_argument("--preset", choices=PRESET_NAMES, default=None, help="the app that wrote a CSV")
    load.add_argument(
        "--map",
        metavar="COLUMN=FIELD",
        type=_mapping_entry,
        action="append",
        default=None,
        help=f"map a CSV column to a field ({', '.join(TARGETS)}); repeat once per column",
    )
    load.add_argument(
        "--source",
        type=lead_source,
        default="",
        help=f"lead source for the whole batch ({', '.join(LEAD_SOURCES)}, or your own)",
    )
    load.add_argument("--dry-run", action="store_true", help="show what would happen, write nothing")
    load.add_argument("--json", action="store_true")

    save = commands.add_parser("export", help="export contacts to CSV, vCard 4.0 or JSON")
    save.add_argument("file")
    save.add_argument("--format", choices=EXPORT_FORMATS, default=None, help="default: from the extension")
    save.add_argument(
        "--contact",
        metavar="ID",
        type=positive_id("contact id"),
        action="append",
        default=None,
        help="vCard only: export just this contact (repeatable)",
    )
    save.add_argument("--force", action="store_true", help="replace the file if it exists")

    undo = commands.add_parser("undo-import", help="undo a whole import (see `leadtemp imports`)")
    undo.add_argument("batch_id", type=positive_id("import id"))

    listing = commands.add_parser("imports", help="list past imports")
    listing.add_argument("--json", action="store_true")


def run_io(args: argparse.Namespace, service: LeadService) -> int:
    if args.command == "import":
        return _import(args, service)
    if args.command == "export":
        return _export(args, service)
    if args.command == "undo-import":
        print(undo_import(service, args.batch_id).describe())
        return 0
    return _list_imports(args, service)


def _import(args: argparse.Namespace, service: LeadService) -> int:
    chosen = detect_format(args.file) if args.format == "auto" else args.format
    if chosen == "json":
        if args.map or args.preset:
            raise ValidationError("--map and --preset apply to CSV files, not to a JSON export")
        restored = import_json(service, args.file, dry_run=args.dry_run)
        if args.json:
            _print_json({**restored.counts, "settings": restored.settings, "dry_run": args.dry_run})
        else:
            print(restored.describe())
        return 0
    mapping = dict(args.map) if args.map else None
    if chosen == "vcard" and (mapping or args.preset):
        raise ValidationError("--map and --preset apply to CSV files, not to vCards")
    try:
        preview = preview_file(service, args.file, chosen, args.preset, mapping)
    except ColumnMappingError as error:
        raise ValidationError(f"{error} Use --map COLUMN=name (and COLUMN=email ...).") from None
    summary = None if args.dry_run else commit_import(service, preview, source=args.source)
    _report(preview, summary, args.json)
    return 0


def _report(preview: ImportPreview, summary: ImportSummary | None, as_json: bool) -> None:
    counts = summary.counts if summary is not None else preview.counts()
    invalid = [
        {"row": row.row_number, "name": row.name, "reason": row.reason} for row in preview.invalid_rows
    ]
    merges = merge_report(preview)
    if as_json:
        _print_json(
            {
                **counts.as_dict(),
                "batch_id": summary.batch_id if summary else None,
                "dry_run": summary is None,
                "file": preview.file_name,
                "format": preview.format,
                "preset": preview.preset,
                "invalid_rows": invalid,
                **merges,
            }
        )
        return
    prefix = "would import: " if summary is None else ""
    batch = f" (import #{summary.batch_id})" if summary is not None and summary.batch_id is not None else ""
    print(f"{prefix}{counts.describe()}{batch}")
    by_rule = ", ".join(f"{count} by {rule}" for rule, count in merges["merged_by"].items() if count)
    if by_rule:
        print(f"  duplicates found: {by_rule}")
    for row in invalid:
        print(f"  row {row['row']}: {row['reason']}")
    for entry in merges["possible_duplicate_rows"]:
        print(f"  row {entry['row']}: imported, possible duplicate: {entry['reason']}")


def _export(args: argparse.Namespace, service: LeadService) -> int:
    try:
        check_export_target(service.path, args.file, overwrite=args.force)
    except ExportTargetExists as error:
        raise ValidationError(f"{error}; use --force to replace it") from None
    chosen = args.format or format_for_path(args.file)
    if chosen is None:
        raise ValidationError(
            f"cannot tell the format from {Path(args.file).name!r}; use --format csv, vcard or json"
        )
    if args.contact and chosen != "vcard":
        raise ValidationError("--contact selects contacts for a vCard export only")
    if chosen == "csv":
        count = export_csv(service, args.file)
    elif chosen == "vcard":
        count = export_vcard(service, args.file, args.contact)
    else:
        count = export_json(service, args.file)
    print(f"exported {count} contacts to {args.file}")
    return 0


def _list_imports(args: argparse.Namespace, service: LeadService) -> int:
    batches = import_batches(service)
    if args.json:
        _print_json(
            [
                {
                    "id": b.id,
                    "file": b.file_name,
                    "format": b.format,
                    "preset": b.preset,
                    "source": b.source,
                    "created_at": clock.format_iso(b.created_at),
                    "undone_at": clock.format_iso(b.undone_at),
                    "summary": b.summary,
                }
                for b in batches
            ]
        )
        return 0
    for b in batches:
        counts = ", ".join(
            f"{k.replace('_', ' ')} {b.summary[k]}"
            for k in ("new", "updated", "skipped", "invalid", "possible_duplicates")
            if k in b.summary
        )
        undone = f"  [undone {clock.format_iso(b.undone_at)}]" if b.undone_at else ""
        kind = f"{b.format}/{b.preset}" if b.preset else b.format
        source = f"  source: {b.source}" if b.source else ""
        print(
            f"#{b.id:<4} {clock.format_iso(b.created_at)}  {b.file_name} ({kind})  {counts}{source}{undone}"
        )
    return 0


def _print_json(value: Any) -> None:
    print(json.dumps(value, indent=2, ensure_ascii=False))
