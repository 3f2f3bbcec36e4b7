"""Books of a kind: ``new-book`` and ``demo`` write a new file, ``book`` says what the open one
is, ``role-profile`` sets the role a recruiting book hires for."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from leadtemp.book_kinds import BookKind, book_kind
from leadtemp.demo import create_demo_database
from leadtemp.errors import LeadTempError, ValidationError
from leadtemp.new_book import create_book
from leadtemp.scoring.rules import Rules
from leadtemp.service import LeadService

NEW_BOOK_COMMAND = "new-book"
DEMO_COMMAND = "demo"
#: Commands that write a new file at the path they are given, whatever ``--db`` says.
FILE_COMMANDS = frozenset({NEW_BOOK_COMMAND, DEMO_COMMAND})
BOOK_COMMAND = "book"
ROLE_PROFILE_COMMAND = "role-profile"
BOOK_COMMANDS = frozenset({BOOK_COMMAND, ROLE_PROFILE_COMMAND})


def _kind(text: str) -> BookKind:
    try:
        return book_kind(text)
    except ValidationError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def add_book_commands(commands: Any) -> None:
    for name, summary in (
        (NEW_BOOK_COMMAND, "create an empty book of a kind at PATH"),
        (DEMO_COMMAND, "create a demo book with realistic leads (or candidates) at PATH"),
    ):
        command = commands.add_parser(name, help=summary)
        command.add_argument("path", metavar="PATH", help="the new book's file (must not exist)")
        command.add_argument(
            "--kind", type=_kind, default=BookKind.SALES, help="sales (default) or recruiting"
        )
        command.add_argument("--json", action="store_true")
    book = commands.add_parser(BOOK_COMMAND, help="which kind of book this is, and its role profile")
    book.add_argument("--json", action="store_true")
    role = commands.add_parser(
        ROLE_PROFILE_COMMAND, help="the role a recruiting book hires for: its fit is each candidate's match"
    )
    role.add_argument("--title", default=None, help="the role's title, e.g. 'Senior Python developer'")
    role.add_argument(
        "--skills",
        default=None,
        help="required skills or criteria, comma-separated (\"\" clears them), e.g. 'python, django'",
    )
    role.add_argument("--json", action="store_true")


def book_reads_only(args: argparse.Namespace) -> bool:
    return args.command == BOOK_COMMAND or (args.title is None and args.skills is None)


def run_file_command(args: argparse.Namespace) -> int:
    """``new-book`` and ``demo``: a new file, never over an existing one."""
    path = Path(args.path).expanduser()
    try:
        if args.command == DEMO_COMMAND:
            if path.exists():
                raise ValidationError(f"{path} already exists; the demo only writes new files")
            if not path.parent.is_dir():
                raise ValidationError(f"there is no folder {path.parent}; nothing was created")
            create_demo_database(path, book=args.kind)
        else:
            create_book(path, args.kind)
    except LeadTempError as error:
        print(f"leadtemp: error: {error}", file=sys.stderr)
        return 1
    if args.json:
        _print_json({"path": str(path.resolve()), "kind": args.kind.value})
    else:
        what = "demo book" if args.command == DEMO_COMMAND else "book"
        print(f"created a {args.kind.value} {what} at {path}")
    return 0


def run_book(args: argparse.Namespace, service: LeadService) -> int:
    if args.command == ROLE_PROFILE_COMMAND and not book_reads_only(args):
        profile = service.rules.role_profile
        title = profile.title if args.title is None else args.title
        skills = profile.skills if args.skills is None else tuple(args.skills.split(","))
        reset = service.set_role_profile(title, skills)
        if not args.json:
            moved = len(reset.changes)
            print(f"role profile set; {moved} candidate{'s' if moved != 1 else ''} changed temperature")
    rules = service.rules
    if args.json:
        _print_json(book_json(service.path, rules))
        return 0
    print(f"{service.path}: a {rules.book.value} book")
    if rules.book is BookKind.RECRUITING:
        profile = rules.role_profile
        print(f"  role: {profile.title or '(no title)'}")
        required = ", ".join(profile.skills) if profile.skills else "(none yet: every fit is the default)"
        print(f"  required: {required}")
    return 0


def book_json(path: Path, rules: Rules) -> dict[str, Any]:
    profile = rules.role_profile
    return {
        "path": str(path.resolve()),
        "kind": rules.book.value,
        "role_profile": {"title": profile.title, "skills": list(profile.skills)}
        if rules.book is BookKind.RECRUITING
        else None,
    }


def _print_json(value: Any) -> None:
    print(json.dumps(value, indent=2, ensure_ascii=False))
