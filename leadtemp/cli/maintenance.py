"""``leadtemp backup / restore / check / backups``: file-level care of the database.

These commands work on the file itself and never go through :class:`LeadService`, so they run
on a database that cannot be opened (``check`` only reads it, even when it is damaged).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from leadtemp import clock, integrity
from leadtemp.cli.server import book_location
from leadtemp.cli.server_book_care import SERVER_BOOK_COMMANDS, backup_place, run_server_book_care
from leadtemp.errors import DatabaseError, LeadTempError
from leadtemp.server_address import is_server_address
from leadtemp.store import backup
from leadtemp.text import human_size

MAINTENANCE_COMMANDS = frozenset({"backup", "restore", "check", "backups"})


def add_maintenance_commands(commands: Any) -> None:
    """Add the maintenance sub-commands to the main parser's sub-parsers."""
    make = commands.add_parser("backup", help="write a verified backup (default: the backups folder)")
    make.add_argument("place", metavar="PATH", nargs="?", default=None, help="the same as --to")
    make.add_argument("--to", metavar="PATH", default=None, help="a new file, or a folder to put it in")
    make.add_argument("--json", action="store_true")
    restore = commands.add_parser(
        "restore", help="put a backup file in place (the current file is kept); a server book: import one"
    )
    restore.add_argument("target", metavar="BACKUP", help="the backup file to restore")
    restore.add_argument("--json", action="store_true")
    check = commands.add_parser("check", help="check the database; exits non-zero on any problem")
    check.add_argument("--json", action="store_true")
    listing = commands.add_parser("backups", help="list the backups, newest first")
    listing.add_argument("--json", action="store_true")


def is_maintenance(args: argparse.Namespace) -> bool:
    """Whether to run on the file itself, without the service."""
    return args.command in MAINTENANCE_COMMANDS


def run_maintenance(args: argparse.Namespace) -> int:
    try:
        path = book_location(args.db, args)
        if is_server_address(path) and args.command in SERVER_BOOK_COMMANDS:
            return run_server_book_care(args, path)
        if is_server_address(path) and args.command != "check":
            raise DatabaseError(
                f"`{args.command}` works on a file; a book on a server is backed up by its administrator "
                "(pg_dump), and `leadtemp --db URI backup [PATH]` writes its whole-book JSON export"
            )
        if args.command == "backup":
            place = backup_place(args)
            target = backup.backup_to(path, place) if place else backup.create_backup(path)
            print(json.dumps({"path": str(target)}, indent=2) if args.json else target)
        elif args.command == "restore":
            kept = backup.restore_backup(path, args.target)
            if args.json:
                shown = {"restored": str(path), "from": args.target, "kept": str(kept) if kept else None}
                print(json.dumps(shown, indent=2))
            else:
                print(f"restored {path} from {args.target}")
                if kept is not None:
                    print(f"the previous file was kept as {kept}")
        elif args.command == "check":
            return _check(path, args.json)
        elif args.command == "backups":
            _list(path, args.json)
    except LeadTempError as error:
        print(f"leadtemp: error: {error}", file=sys.stderr)
        return 1
    return 0


def daily_backup_or_warn(path: Path) -> Path | None:
    """The start-up backup; a failure is reported but does not stop the command."""
    try:
        return backup.daily_backup(path)
    except LeadTempError as error:
        print(f"leadtemp: warning: no daily backup: {error}", file=sys.stderr)
        return None


def _check(path: Path, as_json: bool) -> int:
    report = integrity.check(path)
    if as_json:
        print(
            json.dumps(
                {
                    "path": str(report.path),
                    "ok": report.ok,
                    "problems": list(report.problems),
                    "notes": list(report.notes),
                    "schema_version": report.schema_version,
                    "counts": report.counts,
                },
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        print("\n".join(report.lines()))
    return 0 if report.ok else 1


def _list(path: Path, as_json: bool) -> None:
    backups = backup.list_backups(path)
    if as_json:
        rows = [
            {
                "path": str(info.path),
                "created": clock.format_iso(info.created),
                "reason": info.reason,
                "size": info.size,
                "damaged": info.damaged,
            }
            for info in backups
        ]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if not backups:
        print(f"no backups yet in {backup.backups_dir(path)}")
    for info in backups:
        when = info.created.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        print(f"{when}  {human_size(info.size):>9}  {info.reason:<15} {info.path}")
