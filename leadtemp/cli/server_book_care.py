"""``leadtemp --db postgresql://... backup [PATH]`` and ``restore FILE``: a server book's
whole-book JSON export, read back before it counts, and its import into an empty book."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from leadtemp.errors import ValidationError
from leadtemp.importing.server_backup import PG_DUMP_NOTE, backup_server_book, restore_server_book

SERVER_BOOK_COMMANDS = frozenset({"backup", "restore"})


def backup_place(args: argparse.Namespace) -> str | None:
    """``backup PATH`` or ``backup --to PATH`` (not both)."""
    if args.place and args.to and args.place != args.to:
        raise ValidationError("give the backup's place once: `backup PATH` or `backup --to PATH`")
    place: str | None = args.place or args.to
    return place


def run_server_book_care(args: argparse.Namespace, location: Path) -> int:
    if args.command == "backup":
        place = backup_place(args)
        made = backup_server_book(location, Path(place) if place else None)
        if args.json:
            shown = {"book": made.book, "path": str(made.path), "counts": made.counts, "verified": True}
            print(json.dumps(shown | {"note": PG_DUMP_NOTE}, indent=2))
        else:
            rows = ", ".join(f"{count} {table}" for table, count in made.counts.items() if count)
            print(f"backed up {made.book} to {made.path} ({rows or 'an empty book'}); read back whole")
            print(f"note: this is the book's export; {PG_DUMP_NOTE}")
        return 0
    restored = restore_server_book(location, Path(args.target).expanduser())
    if args.json:
        print(json.dumps({"counts": restored.counts, "settings": restored.settings}, indent=2))
    else:
        print(restored.describe())
    return 0
