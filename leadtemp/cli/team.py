"""Working with others on one book from the command line: whose name a command's writes carry
(``--as NAME``, ``LEADTEMP_ACTOR``, ``leadtemp actor``) and who did what in ``show --json``."""

from __future__ import annotations

import argparse
import json
from typing import Any

from leadtemp import clock
from leadtemp.actors import ACTOR_ENV, clean_actor
from leadtemp.cli.args import CliError
from leadtemp.errors import ValidationError
from leadtemp.service import ContactDetail, LeadService

ACTOR_COMMAND = "actor"


def _actor_name(text: str) -> str:
    try:
        return clean_actor(text)
    except ValidationError as error:
        raise CliError(str(error)) from None


def add_actor_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--as",
        dest="actor",
        metavar="NAME",
        type=_actor_name,
        help=f"record the changes under NAME (default: ${ACTOR_ENV}, `leadtemp actor`, your login)",
    )


def add_actor_command(commands: Any) -> None:
    actor = commands.add_parser(
        ACTOR_COMMAND, help="the name your changes are recorded under; give one to set it for this book"
    )
    actor.add_argument("name", nargs="?", type=_actor_name, help="the name to record your changes under")
    actor.add_argument("--clear", action="store_true", help="back to your login name")
    actor.add_argument("--json", action="store_true")


def actor_reads_only(args: argparse.Namespace) -> bool:
    return args.name is None and not args.clear


def run_actor(args: argparse.Namespace, service: LeadService) -> int:
    if args.name is not None and args.clear:
        raise CliError("give a name or --clear, not both")
    if args.name is not None or args.clear:
        service.set_actor_name(None if args.clear else args.name)
    if args.json:
        print(json.dumps({"actor": service.actor}, ensure_ascii=False))
    else:
        print(service.actor)
    return 0


def use_actor(args: argparse.Namespace, service: LeadService) -> None:
    """The name given with ``--as`` for this run."""
    if getattr(args, "actor", None):
        service.act_as(args.actor)


def changes_json(detail: ContactDetail) -> dict[str, Any]:
    """``show --json``'s row version and who did what to the lead, oldest first."""
    return {
        "version": detail.version,
        "changes": [
            {
                "version": change.version,
                "actor": change.actor,
                "action": change.action,
                "summary": change.summary,
                "changed_at": clock.format_iso(change.changed_at),
            }
            for change in detail.changes
        ],
    }
