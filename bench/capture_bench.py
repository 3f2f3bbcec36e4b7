"""Capture benchmark: a generated mbox (``bench.mail_generate``: a freelancer's Takeout-like
mailbox) captured into a book of 300 leads, as a ratio to the least work that reads the same
mailbox: iterating it with ``mailbox`` and reading each message's headers and text part.

The measured side is what ``leadtemp capture`` does after opening the book: sniff the file, a
first pass for the user's own messages, parse and classify every message (reply parser, phrase
rules, contact forms), match every observation to a lead, and write one batch in one
transaction. Each repetition gets a fresh book; the two sides alternate, the first round is a
warm-up, and medians are compared (target: at most 5x).

Peak memory is the maximum RSS of a child process that does nothing but one capture, at two
mailbox sizes, and at the larger message count with a 1 MB attachment on every tenth message:
memory follows the facts logged, not the mailbox's bytes. Run with
``python -m bench.capture_bench [--messages 10000]``; exits non-zero when the time target is missed.
"""

from __future__ import annotations

import argparse
import mailbox
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.mail_generate import ME, lead_addresses, write_mbox
from leadtemp.capture.sources import CaptureOptions, read_capture_source
from leadtemp.service import LeadService

TARGET = 5.0
LEADS = 300
_WANTED = ("From", "To", "Cc", "Subject", "Date", "Message-ID")


def baseline(path: Path) -> int:
    """Iterate the mailbox reading every message's headers and its text part."""
    box = mailbox.mbox(path, create=False)
    seen = 0
    try:
        for message in box:
            seen += sum(len(str(message.get(name, ""))) for name in _WANTED)
            for part in message.walk():
                if part.get_content_maintype() == "text" and part.get_content_disposition() != "attachment":
                    payload = part.get_payload(decode=True)
                    seen += len(payload) if isinstance(payload, bytes) else 0
                    break
    finally:
        box.close()
    return seen


def fresh_book(folder: Path) -> LeadService:
    service = LeadService.open(folder / f"book-{time.monotonic_ns()}.db")
    with service.transaction():
        for name, address in lead_addresses(LEADS):
            service.add_contact(name, email=address)
    return service


def capture(service: LeadService, path: Path) -> int:
    items = read_capture_source(path, CaptureOptions(me=(ME,)))
    report = service.commit_capture(service.preview_capture(items, label=path.name))
    return report.logged_total


def _time(function: object, *args: object) -> float:
    started = time.perf_counter()
    function(*args)  # type: ignore[operator]
    return time.perf_counter() - started


def measure_time(path: Path, folder: Path, rounds: int) -> tuple[float, float, int]:
    base_times, capture_times = [], []
    logged = 0
    for round_number in range(rounds + 1):
        service = fresh_book(folder)
        try:
            base = _time(baseline, path)
            started = time.perf_counter()
            logged = capture(service, path)
            took = time.perf_counter() - started
        finally:
            service.close()
        if round_number:
            base_times.append(base)
            capture_times.append(took)
    return statistics.median(base_times), statistics.median(capture_times), logged


def peak_memory(path: Path, folder: Path) -> float:
    """MB of the maximum RSS of a child that opens a book and captures ``path`` once."""
    book = folder / f"memory-{time.monotonic_ns()}.db"
    service = LeadService.open(book)
    with service.transaction():
        for name, address in lead_addresses(LEADS):
            service.add_contact(name, email=address)
    service.close()
    output = subprocess.run(
        [sys.executable, "-m", "bench.capture_bench", "--child", str(book), str(path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return float(output.strip()) / 1024


def _child(book: Path, path: Path) -> None:
    service = LeadService.open(book)
    capture(service, path)
    service.close()
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--child", nargs=2, metavar=("BOOK", "MBOX"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(Path(args.child[0]), Path(args.child[1]))
        return 0
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        path = write_mbox(folder / "mail.mbox", args.messages)
        base, took, logged = measure_time(path, folder, args.rounds)
        ratio = took / base
        size = path.stat().st_size / 1e6
        print(
            f"capture of {args.messages} messages ({size:.1f} MB, {logged} facts logged): {took:.2f} s "
            f"vs {base:.2f} s reading them with mailbox: {ratio:.2f}x (target <= {TARGET:g}x)"
        )
        small = write_mbox(folder / "small.mbox", args.messages // 5)
        big = write_mbox(folder / "heavy.mbox", args.messages, attachment_every=10)
        for label, mbox in (
            (f"{args.messages // 5} messages", small),
            (f"{args.messages} messages", path),
            (f"{args.messages} messages + attachments", big),
        ):
            peak = peak_memory(mbox, folder)
            print(f"peak memory, {label} ({mbox.stat().st_size / 1e6:.0f} MB): {peak:.0f} MB")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
