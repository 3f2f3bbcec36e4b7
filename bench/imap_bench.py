"""IMAP benchmark: 1,000 new messages captured from a real dovecot on loopback (the tests' throwaway
server, ``tests/leadtemp/capture/imap/dovecot.py``) as a ratio to the least work that reads the same
mail: ``imaplib`` fetching every message's headers and text (``BODY.PEEK[HEADER] BODY.PEEK[TEXT]``,
200 at a time) over the same TLS connection kind.

The measured side is what ``leadtemp capture --imap`` does after parsing its arguments: log in,
list the folders (the Sent folder found by its flag), select each read-only, search past its mark,
fetch headers, structure and text parts in chunks, classify every message, preview the batch
against the book's leads and commit it with the folders' marks. Each repetition captures into a
fresh book (so all 1,000 are new); the two sides alternate, the first round is a warm-up, and the
medians are compared. Run with ``python -m bench.imap_bench [--messages 1000]`` as root or a user
dovecot runs as; exits non-zero when the target is missed.
"""

from __future__ import annotations

import argparse
import cProfile
import imaplib
import pstats
import random
import shutil
import ssl
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from functools import partial
from pathlib import Path

from leadtemp.capture.imap.address import MailboxAddress
from leadtemp.capture.imap.check import check_mailbox, commit_mail_check
from leadtemp.capture.imap.fetch import fetch_messages, plan_folder
from leadtemp.capture.imap.session import folders_to_read, open_session
from leadtemp.capture.options import CaptureOptions
from leadtemp.service import LeadService
from tests.leadtemp.capture.imap.dovecot import PASSWORD, USER, Dovecot, missing
from tests.unprivileged import unprivileged_user

TARGET = 3.0
CHUNK = 200
LEADS = 200
_START = datetime(2026, 2, 1, 9, 0, tzinfo=UTC)
_PHRASES = (
    "Thanks for the call yesterday, it was useful.",
    "Could you send us a quote for the redesign?",
    "We would like to start in April if that works for you.",
    "I read your case study and have a few questions about the process.",
    "Our budget for this is around 10,000 euros.",
    "Can we book a call next week to go through the proposal?",
)


def messages(count: int, seed: int = 7) -> list[tuple[str, bytes]]:
    """``count`` realistic messages (folder, bytes): leads' replies and inquiries, some multipart,
    newsletters, and the user's own mail in Sent."""
    rng = random.Random(seed)
    made: list[tuple[str, bytes]] = []
    for number in range(count):
        when = format_datetime(_START + timedelta(minutes=37 * number))
        lead = rng.randrange(LEADS * 2)  # half of them are not in the book yet
        person = f"Lead {lead} <lead{lead}@client{lead % 50}.example>"
        words = " ".join(rng.sample(_PHRASES, 3))
        roll = rng.random()
        if roll < 0.15:
            folder, sender, to, extra = "Sent", f"Dana Lee <{USER}>", person, ""
        elif roll < 0.25:
            folder, sender, to = "INBOX", "Design Weekly <news@designweekly.example>", USER
            extra = "List-Unsubscribe: <mailto:unsubscribe@designweekly.example>\r\nPrecedence: bulk\r\n"
        else:
            folder, sender, to, extra = "INBOX", person, USER, ""
        head = (
            f"From: {sender}\r\nTo: {to}\r\nSubject: Re: Project {lead}\r\nDate: {when}\r\n"
            f"Message-ID: <bench-{number}@mail.example>\r\n{extra}MIME-Version: 1.0\r\n"
        )
        body = f"Hi,\r\n\r\n{words}\r\n\r\nBest,\r\n{sender.split(' <')[0]}\r\n"
        if rng.random() < 0.3:
            message = (
                head + 'Content-Type: multipart/alternative; boundary="b"\r\n\r\n--b\r\n'
                "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body + "--b\r\n"
                "Content-Type: text/html; charset=utf-8\r\n\r\n<p>"
                + body.replace("\r\n", "<br>")
                + "</p>\r\n--b--\r\n"
            )
        else:
            message = head + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body
        made.append((folder, message.encode()))
    return made


def baseline(server: Dovecot) -> int:
    """imaplib: log in, then every folder's headers and text, 200 messages per FETCH."""
    context = ssl.create_default_context(cafile=str(server.certificate))
    client = imaplib.IMAP4_SSL("localhost", server.port, ssl_context=context)
    client.login(USER, PASSWORD)
    fetched = 0
    for folder in ("Sent", "INBOX"):
        client.select(folder, readonly=True)
        _, data = client.uid("SEARCH", "ALL")
        uids = data[0].split()
        for start in range(0, len(uids), CHUNK):
            _, rows = client.uid(
                "FETCH",
                b",".join(uids[start : start + CHUNK]).decode(),
                "(BODY.PEEK[HEADER] BODY.PEEK[TEXT])",
            )
            fetched += sum(1 for row in rows if isinstance(row, tuple)) // 2
    client.logout()
    return fetched


def read_only(server: Dovecot) -> int:
    """The IMAP half alone: log in, plan every folder, fetch and rebuild the messages, classify none."""
    address = MailboxAddress(USER, "localhost", server.port, ("INBOX",))
    read = 0
    with open_session(address, PASSWORD, ca_file=server.certificate) as client:
        for folder in folders_to_read(client, address):
            plan = plan_folder(client, folder, None)
            client.select_folder(folder, readonly=True)
            read += sum(1 for _ in fetch_messages(client, plan.uids))
    return read


def capture(server: Dovecot, book: Path) -> int:
    """What ``leadtemp capture --imap`` does: check the mailbox, then keep the batch."""
    service = LeadService.open(book)
    try:
        address = MailboxAddress(USER, "localhost", server.port, ("INBOX",))
        options = CaptureOptions(me=tuple(service.my_addresses()))
        check = check_mailbox(service, address, PASSWORD, options, ca_file=server.certificate)
        commit_mail_check(service, check)
        return check.fetched_total
    finally:
        service.close()


def fresh_book(folder: Path, number: int) -> Path:
    path = folder / f"book-{number}.db"
    service = LeadService.open(path)
    try:
        service.set_my_addresses([USER])
        with service.transaction():
            for lead in range(LEADS):
                service.add_contact(f"Lead {lead}", email=f"lead{lead}@client{lead % 50}.example")
    finally:
        service.close()
    return path


def profile(run: Callable[[], object], top: int) -> None:
    """Run once under cProfile (the main thread: the reading thread shows in ``read_only``)."""
    profiler = cProfile.Profile()
    profiler.enable()
    run()
    profiler.disable()
    pstats.Stats(profiler).sort_stats("tottime").print_stats(top)
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(top)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--profile", type=int, metavar="N", default=0, help="print cProfile's top N of one capture and stop"
    )
    args = parser.parse_args(argv)
    reason = missing()
    owner = unprivileged_user()
    if reason or owner is None:
        print(f"cannot run: {reason or 'no user for the mailbox'}", file=sys.stderr)
        return 2
    root = Path(tempfile.mkdtemp(prefix="leadtemp-imap-bench-"))
    books = Path(tempfile.mkdtemp(prefix="leadtemp-imap-books-"))
    server = Dovecot(root, owner)
    try:
        for folder, message in messages(args.messages):
            server.deliver(message, folder)
        server.start()
        if args.profile:
            capture(server, fresh_book(books, 0))  # a warm-up
            profile(partial(capture, server, fresh_book(books, 1)), args.profile)
            return 0
        base: list[float] = []
        ours: list[float] = []
        reading: list[float] = []
        for number in range(args.rounds + 1):
            book = fresh_book(books, number)
            started = time.perf_counter()
            read = baseline(server)
            base_time = time.perf_counter() - started
            started = time.perf_counter()
            captured = capture(server, book)
            our_time = time.perf_counter() - started
            started = time.perf_counter()
            rebuilt = read_only(server)
            read_time = time.perf_counter() - started
            if {read, captured, rebuilt} != {args.messages}:
                raise RuntimeError(f"read {read}, captured {captured}, rebuilt {rebuilt} of {args.messages}")
            if number:  # the first round warms the server's index and caches up
                base.append(base_time)
                ours.append(our_time)
                reading.append(read_time)
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)
        shutil.rmtree(books, ignore_errors=True)
    base_ms, our_ms, read_ms = (statistics.median(times) * 1000 for times in (base, ours, reading))
    ratio = our_ms / base_ms
    print(
        f"{args.messages} new messages: capture {our_ms:.0f} ms, imaplib headers + text {base_ms:.0f} ms: "
        f"{ratio:.2f}x (target <= {TARGET:g}x)"
    )
    print(
        f"  reading the mailbox alone (TLS, folders, UIDs, headers and text parts, messages rebuilt): "
        f"{read_ms:.0f} ms, {read_ms / base_ms:.2f}x; the rest is classifying, matching and committing"
    )
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
