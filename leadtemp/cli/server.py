"""``leadtemp server init / password`` and ``leadtemp copy``: a shared book on a PostgreSQL
server, and moving a whole book between a file and a server; the options that say how to reach
one (``--ca``, ``--no-verify``, ``--password-env``)."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path
from typing import Any

from leadtemp.book_kinds import BookKind, book_kind
from leadtemp.errors import DatabaseError, LeadTempError
from leadtemp.importing.book_copy import copy_book
from leadtemp.paths import resolve_db_path
from leadtemp.server_address import ServerAddress, as_path, is_server_address
from leadtemp.service import LeadService
from leadtemp.store.server import keychain
from leadtemp.store.server.database import password_env

SERVER_COMMANDS = frozenset({"server", "copy"})


def add_server_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--ca", metavar="FILE", help="the CA certificate a server's is checked against")
    parser.add_argument(
        "--no-verify",
        action="store_true",
        help="do not check the server's certificate (still encrypted; warns)",
    )
    parser.add_argument(
        "--password-env", metavar="VAR", help="read a server's password from this environment variable"
    )


def add_server_commands(commands: Any) -> None:
    server = commands.add_parser("server", help="a shared book on a PostgreSQL server")
    actions = server.add_subparsers(dest="server_action", metavar="ACTION")
    actions.required = True
    init = actions.add_parser("init", help="create a book's schema in an empty database")
    init.add_argument("uri", metavar="URI", help="postgresql://user@host[:port]/database")
    init.add_argument(
        "--kind", choices=[kind.value for kind in BookKind], default="sales", help="what the book follows"
    )
    init.add_argument("--json", action="store_true")
    grant = actions.add_parser(
        "grant", help="let a server role (made by its administrator) use the --db book"
    )
    grant.add_argument("role", metavar="ROLE")
    grant.add_argument("--read-only", action="store_true", help="reading only: no change to the book")
    password = actions.add_parser("password", help="keep the password for URI in the keychain")
    password.add_argument("uri", metavar="URI")
    password.add_argument("--forget", action="store_true", help="remove the kept password")
    copy = commands.add_parser("copy", help="copy a whole book between a file and a server, verified")
    copy.add_argument("source", metavar="SRC", help="a LeadTemp file or postgresql:// address")
    copy.add_argument("destination", metavar="DST", help="a new file, or an empty book on a server")
    copy.add_argument("--json", action="store_true")


def book_location(value: str | None, args: argparse.Namespace) -> Path:
    """The book ``value`` names (``--db``'s rules), with ``--ca`` and ``--no-verify`` applied to a
    server's address and ``--password-env`` read."""
    path = resolve_db_path(value)
    if not is_server_address(path):
        return path
    address = ServerAddress.parse(str(path))
    if args.ca:
        ca = Path(args.ca).expanduser()
        if not ca.is_file():
            raise DatabaseError(f"--ca {args.ca}: no such file")
        address = address.with_options(sslrootcert=str(ca.resolve()))
    if args.no_verify:
        address = address.with_options(sslmode="require")
    if args.password_env:
        password_env(args.password_env)
    return as_path(address)


def run_server(args: argparse.Namespace) -> int:
    try:
        if args.command == "copy":
            return _copy(args)
        if args.server_action == "init":
            return _init(args)
        if args.server_action == "grant":
            return _grant(args)
        return _password(args)
    except LeadTempError as error:
        print(f"leadtemp: error: {error}", file=sys.stderr)
        return 1


def _server_address(value: str, args: argparse.Namespace) -> Path:
    if not is_server_address(value):
        raise DatabaseError(f"{value} is not a server address (postgresql://user@host[:port]/database)")
    return book_location(value, args)


def _init(args: argparse.Namespace) -> int:
    location = _server_address(args.uri, args)
    service = LeadService.open(location)
    try:
        if service.store.get_setting("rules") is None and not any(service.store.counts().values()):
            service.begin_as(book_kind(args.kind))
        kind = service.rules.book.value
        version = service.store.schema_version()
    finally:
        service.close()
    address = str(ServerAddress.parse(str(location)))
    if args.json:
        print(json.dumps({"book": address, "schema_version": version, "kind": kind}, indent=2))
    else:
        print(f"{address}: a {kind} book at schema {version}")
    return 0


def _grant(args: argparse.Namespace) -> int:
    if not args.db:
        raise DatabaseError("say which book: leadtemp --db postgresql://user@host/database server grant ROLE")
    location = _server_address(args.db, args)
    service = LeadService.open(location, create=False)
    try:
        service.grant(args.role, read_only=args.read_only)
    finally:
        service.close()
    what = "read" if args.read_only else "read and change"
    print(f"{args.role} may {what} {ServerAddress.parse(str(location))}")
    return 0


def _password(args: argparse.Namespace) -> int:
    address = ServerAddress.parse(str(_server_address(args.uri, args)))
    if args.forget:
        forgotten = keychain.forget_password(address)
        print(f"forgot the password for {address}" if forgotten else f"no password kept for {address}")
        return 0
    password = getpass.getpass(f"password for {address}: ") if sys.stdin.isatty() else sys.stdin.readline()
    password = password.rstrip("\n")
    if not password:
        raise DatabaseError("no password given; nothing was kept")
    keychain.keep_password(address, password)
    print(f"kept the password for {address} in the keychain")
    return 0


def _copy(args: argparse.Namespace) -> int:
    copied = copy_book(book_location(args.source, args), book_location(args.destination, args))
    if args.json:
        print(
            json.dumps(
                {
                    "source": copied.source,
                    "destination": copied.destination,
                    "counts": copied.counts,
                    "settings": copied.settings,
                    "checked": True,
                },
                indent=2,
            )
        )
    else:
        rows = ", ".join(f"{count} {table}" for table, count in copied.counts.items() if count)
        print(f"copied {copied.source} to {copied.destination} ({rows or 'an empty book'}); checked")
    return 0
