"""``leadtemp capture --imap URL``: a mailbox read over IMAP as one capture batch.

The capture command asks :func:`mailbox_capture` for the preview and the step that keeps it (the
batch and the folders' new UID marks in one transaction); a dry run previews and keeps neither.
The password comes from ``--password-env VAR``, else the keychain; asked for once in a terminal,
it is kept in the keychain after the server accepted it. ``--forget-password`` takes it out of the
keychain again (a changed password: the next capture asks for the new one), and reads nothing.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable
from pathlib import Path

from leadtemp.capture.commit import CapturePreview, CaptureReport
from leadtemp.capture.imap.address import MailboxAddress, parse_mailbox_url
from leadtemp.capture.imap.check import check_mailbox, commit_mail_check
from leadtemp.capture.imap.errors import LoginRefused, MailboxError
from leadtemp.capture.imap.secrets import forget_password, password_from_env, store_password, stored_password
from leadtemp.capture.options import CaptureOptions
from leadtemp.service import LeadService


def add_imap_arguments(parser: argparse.ArgumentParser) -> None:
    """``--imap``, ``--ca`` and ``--password-env`` on the capture command."""
    parser.add_argument(
        "--imap",
        metavar="URL",
        help="read a mailbox: imaps://USER@HOST[:PORT]/FOLDER[,FOLDER] (its Sent folder is read too)",
    )
    parser.add_argument(
        "--ca",
        metavar="FILE",
        type=Path,
        help="trust this certificate authority (PEM) instead of the system's",
    )
    parser.add_argument(
        "--password-env",
        metavar="VAR",
        help="the mailbox's (app) password is in this environment variable, not the keychain",
    )
    parser.add_argument(
        "--forget-password",
        action="store_true",
        help="remove the mailbox's password from the keychain and read nothing (the next capture asks "
        "for it; how far the folders were read is kept)",
    )


def refuse_stray_imap_options(args: argparse.Namespace) -> None:
    """``--ca``, ``--password-env`` and ``--forget-password`` mean nothing without ``--imap``."""
    flags = (("--ca", args.ca), ("--password-env", args.password_env))
    for flag, value in (*flags, ("--forget-password", args.forget_password or None)):
        if value is not None and not args.imap:
            raise MailboxError(f"{flag} goes with --imap URL")
    if args.forget_password and (args.path or args.password_env or args.dry_run):
        raise MailboxError("--forget-password only forgets; it goes with --imap URL alone")


def forget_mailbox_password(args: argparse.Namespace) -> int:
    """``capture --imap URL --forget-password``: the keychain's password for the mailbox removed."""
    address = parse_mailbox_url(args.imap)
    forgotten = forget_password(address)
    if args.json:
        print(json.dumps({"account": address.account, "forgotten": forgotten}))
    elif forgotten:
        print(f"forgot the password of {address.account}; the next capture asks for it")
    else:
        print(f"no password of {address.account} was in the keychain")
    return 0


def mailbox_capture(
    args: argparse.Namespace, service: LeadService, options: CaptureOptions
) -> tuple[CapturePreview, Callable[[], CaptureReport]]:
    """The preview of the mailbox's new mail, and the step that keeps it with the folders' marks."""
    address = parse_mailbox_url(args.imap)
    password, ask_keychain = _password(address, args.password_env)
    try:
        check = check_mailbox(service, address, password, options, ca_file=args.ca)
    except LoginRefused as error:
        if ask_keychain or args.password_env:
            raise
        raise LoginRefused(
            f"{error}; that password came from the keychain: run `leadtemp capture --imap {address.url} "
            "--forget-password`, then capture again to enter the new one"
        ) from None
    if ask_keychain:
        store_password(address, password)

    def keep() -> CaptureReport:
        return commit_mail_check(service, check)

    return check.preview, keep


def _password(address: MailboxAddress, variable: str | None) -> tuple[str, bool]:
    """The password and whether it still has to go into the keychain (once the server took it)."""
    if variable:
        return password_from_env(variable), False
    stored = stored_password(address)
    if stored:
        return stored, False
    if not sys.stdin.isatty():
        raise MailboxError(
            f"no password for {address.account} in the keychain: run the command once in a terminal "
            "to enter it, or pass --password-env VAR"
        )
    entered = getpass.getpass(f"App password for {address.user} on {address.host}: ")
    if not entered:
        raise MailboxError("no password entered; nothing was read")
    return entered, True
