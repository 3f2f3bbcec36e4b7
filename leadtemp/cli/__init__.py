"""The ``leadtemp`` command line: the whole lead book without the GUI, on the same service API."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Sequence

from leadtemp import __version__
from leadtemp.cli.agenda import AGENDA_COMMANDS, AGENDA_READING_COMMANDS, add_agenda_commands, run_agenda
from leadtemp.cli.args import CliError
from leadtemp.cli.book import open_book
from leadtemp.cli.books import (
    BOOK_COMMANDS,
    FILE_COMMANDS,
    add_book_commands,
    book_reads_only,
    run_book,
    run_file_command,
)
from leadtemp.cli.capture import (
    CAPTURE_COMMANDS,
    RULES_FILE_COMMAND,
    add_capture_commands,
    capture_reads_only,
    run_capture,
    run_capture_rules,
)
from leadtemp.cli.companies import (
    COMPANY_COMMANDS,
    add_company_commands,
    company_reads_only,
    run_company_command,
)
from leadtemp.cli.contacts import add_contact_commands, run_contact_command
from leadtemp.cli.io import IO_COMMANDS, add_io_commands, run_io
from leadtemp.cli.maintenance import add_maintenance_commands, is_maintenance, run_maintenance
from leadtemp.cli.qualify import QUALIFY_COMMAND, add_qualify_command, qualify_reads_only, run_qualify
from leadtemp.cli.report import REPORT_COMMAND, add_report_command, run_report
from leadtemp.cli.rules import RULES_COMMAND, add_rules_commands, rules_reads_only, run_rules
from leadtemp.cli.server import (
    SERVER_COMMANDS,
    add_server_commands,
    add_server_options,
    book_location,
    run_server,
)
from leadtemp.cli.team import (
    ACTOR_COMMAND,
    actor_reads_only,
    add_actor_command,
    add_actor_option,
    run_actor,
    use_actor,
)
from leadtemp.errors import LeadTempError
from leadtemp.service import LeadService
from leadtemp.store.faults import database_error


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise CliError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="leadtemp", description="Which leads to call now: hot, warm and cold.")
    parser.add_argument(
        "--db",
        metavar="PATH",
        help="database file or postgresql://user@host/database (default: $LEADTEMP_DB or the data folder)",
    )
    add_server_options(parser)
    add_actor_option(parser)
    parser.add_argument("--version", action="version", version=f"leadtemp {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True
    add_contact_commands(commands)
    add_maintenance_commands(commands)
    add_io_commands(commands)
    add_rules_commands(commands)
    add_report_command(commands)
    add_agenda_commands(commands)
    add_capture_commands(commands)
    add_company_commands(commands)
    add_qualify_command(commands)
    add_book_commands(commands)
    add_server_commands(commands)
    add_actor_command(commands)
    return parser


#: Commands that only read the book: they never create one, and work on a read-only file.
READING_COMMANDS = frozenset(
    {"board", "show", "kinds", "export", "imports", "closed", REPORT_COMMAND, *AGENDA_READING_COMMANDS}
)


def reads_only(args: argparse.Namespace) -> bool:
    """Whether this command leaves the book as it is (a checklist without ticks, a dry run)."""
    if args.command == "checklist":
        return args.tick is None and args.untick is None
    if args.command == "import":
        return bool(args.dry_run)
    if args.command == RULES_COMMAND:
        return rules_reads_only(args)
    if args.command == "kinds":
        return args.kinds_action is None
    if args.command in CAPTURE_COMMANDS:
        return capture_reads_only(args)
    if args.command in COMPANY_COMMANDS:
        return company_reads_only(args)
    if args.command == QUALIFY_COMMAND:
        return qualify_reads_only(args)
    if args.command in BOOK_COMMANDS:
        return book_reads_only(args)
    if args.command == ACTOR_COMMAND:
        return actor_reads_only(args)
    return args.command in READING_COMMANDS


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except CliError as error:
        print(f"leadtemp: error: {error}", file=sys.stderr)
        return 2
    if is_maintenance(args):
        return run_maintenance(args)
    if args.command == RULES_FILE_COMMAND:
        return run_capture_rules(args)
    if args.command in FILE_COMMANDS:
        return run_file_command(args)
    if args.command in SERVER_COMMANDS:
        return run_server(args)
    try:
        book = open_book(book_location(args.db, args), args.command, reads_only(args))
    except LeadTempError as error:
        print(f"leadtemp: error: {error}", file=sys.stderr)
        return 1
    code = 1
    try:
        use_actor(args, book.service)
        code = _run_reporting(args, book.service)
    finally:
        book.close(kept=code == 0)
    return code


def run(args: argparse.Namespace, service: LeadService) -> int:
    if args.command in IO_COMMANDS:
        return run_io(args, service)
    if args.command == RULES_COMMAND:
        return run_rules(args, service)
    if args.command == REPORT_COMMAND:
        return run_report(args, service)
    if args.command in AGENDA_COMMANDS:
        return run_agenda(args, service)
    if args.command in CAPTURE_COMMANDS:
        return run_capture(args, service)
    if args.command in COMPANY_COMMANDS:
        return run_company_command(args, service)
    if args.command == QUALIFY_COMMAND:
        return run_qualify(args, service)
    if args.command in BOOK_COMMANDS:
        return run_book(args, service)
    if args.command == ACTOR_COMMAND:
        return run_actor(args, service)
    return run_contact_command(args, service)


def _run_reporting(args: argparse.Namespace, service: LeadService) -> int:
    try:
        return run(args, service)
    except CliError as error:
        print(f"leadtemp: error: {error}", file=sys.stderr)
        return 2
    except LeadTempError as error:
        print(f"leadtemp: error: {error}", file=sys.stderr)
        return 1
    except sqlite3.DatabaseError as error:
        print(f"leadtemp: error: {database_error(service.path, error)}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 1
