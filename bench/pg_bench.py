"""A shared book on PostgreSQL: the board, one logged interaction, and five writers at once.

A throwaway server (``tests.pg_server``) on 127.0.0.1 gets a generated book copied in (``leadtemp
copy``'s path); every figure is a ratio to a bare operation on the same server in the same run:
the whole board against a ``GROUP BY contact_id`` count scan (target 5x), one logged interaction
against a bare ``INSERT`` + ``COMMIT`` (target 25x). Then ``--writers`` desktops log
``--per-writer`` interactions each at once: none may be lost or refused, and every board agrees
with a fresh fold of the log (``leadtemp check``) afterwards. Last, a window on the book follows
a colleague's changes (``bench.live_bench``): median < 100 ms from a commit to its board.
Run with ``python -m bench.pg_bench`` (``--contacts``/``--interactions`` for another size).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from bench.core_bench import Figure, bench_board, compare, report
from bench.generate import generate_database
from bench.live_bench import report_live
from leadtemp import integrity
from leadtemp.importing.book_copy import copy_book
from leadtemp.service import LeadService
from tests.pg_server import PostgresServer, missing


def bench_log(service: LeadService, repeat: int, rng: random.Random) -> Figure:
    """One logged interaction (the whole action: its transaction, the day rank, the score state)
    against a bare insert of the same row into a table of the same shape, each committed."""
    # The server's own connection under the store's, for a baseline with nothing of LeadTemp's.
    conn = service.store.conn.raw  # type: ignore[attr-defined]
    conn.execute(
        "CREATE TABLE IF NOT EXISTS bench_insert (id bigserial PRIMARY KEY, contact_id bigint NOT NULL, "
        "kind text NOT NULL, occurred_at double precision NOT NULL, note text NOT NULL DEFAULT '', "
        "created_at double precision NOT NULL)"
    )
    conn.execute(
        "CREATE INDEX IF NOT EXISTS bench_insert_by_contact ON bench_insert (contact_id, occurred_at)"
    )
    ids = service.store.contact_ids()
    kinds = [kind.name for kind in service.kinds()]

    def bare_insert() -> None:
        at = time.time()
        conn.execute("BEGIN")
        conn.execute(
            "INSERT INTO bench_insert (contact_id, kind, occurred_at, note, created_at) "
            "VALUES (%s, %s, %s, %s, %s)",
            (rng.choice(ids), rng.choice(kinds), at, "", at),
        )
        conn.execute("COMMIT")

    def log_one() -> None:
        service.log_interaction(rng.choice(ids), rng.choice(kinds))

    base, measured = compare(bare_insert, log_one, repeat, warmup=10)
    return Figure("(b) log one interaction", "INSERT + COMMIT", base, measured, 25.0)


def load(book: str, writers: int, per_writer: int, rng: random.Random) -> tuple[int, int, float, bool]:
    """``writers`` services logging at once: (interactions added, errors, seconds, check passed)."""
    first = LeadService.open(book)
    ids = first.store.contact_ids()
    before = first.store.counts()["interactions"]
    first.close()
    errors: list[BaseException] = []
    picks = [[rng.choice(ids) for _ in range(per_writer)] for _ in range(writers)]

    def write(number: int) -> None:
        service = LeadService.open(book)
        try:
            for step, contact_id in enumerate(picks[number]):
                service.log_interaction(contact_id, "email_open", note=f"writer {number} step {step}")
        except BaseException as error:
            errors.append(error)
        finally:
            service.close()

    threads = [threading.Thread(target=write, args=(number,)) for number in range(writers)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    after = LeadService.open(book)
    added = after.store.counts()["interactions"] - before
    after.close()
    return added, len(errors), seconds, integrity.check(book).ok


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pg_bench", description=__doc__)
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--interactions", type=int, default=500_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=11, help="repetitions of the board")
    parser.add_argument("--writes", type=int, default=300, help="repetitions of the single write")
    parser.add_argument("--writers", type=int, default=5)
    parser.add_argument("--per-writer", type=int, default=1000)
    parser.add_argument("--live-repeat", type=int, default=31, help="colleague's changes the window follows")
    args = parser.parse_args(argv)
    reason = missing()
    if reason is not None:
        print(f"pg_bench: {reason}", file=sys.stderr)
        return 2
    rng = random.Random(args.seed)
    server = PostgresServer()
    server.start()
    try:
        book = server.uri(server.new_database())
        with tempfile.TemporaryDirectory(prefix="leadtemp-pg-bench-") as folder:
            started = time.perf_counter()
            source = generate_database(Path(folder) / "bench.db", args.contacts, args.interactions, args.seed)
            copy_book(source, Path(book))
        print(
            f"server book: {args.contacts:,} contacts, {args.interactions:,} interactions "
            f"(generated and copied in {time.perf_counter() - started:.1f}s)"
        )
        service = LeadService.open(book)
        try:
            figures = [bench_board(service, args.repeat), bench_log(service, args.writes, rng)]
        finally:
            service.close()
        print(report(figures))
        expected = args.writers * args.per_writer
        added, errors, seconds, checked = load(book, args.writers, args.per_writer, rng)
        print(
            f"(c) {args.writers} writers x {args.per_writer:,} interactions at once: {added:,} of "
            f"{expected:,} kept, {errors} errors, {expected / seconds:,.0f} writes/s, "
            f"check {'passed' if checked else 'FAILED'}"
        )
        live = report_live(book, args.live_repeat)
        passed = all(f.passed for f in figures) and added == expected and errors == 0 and checked and live
    finally:
        server.stop()
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
