"""Core benchmark: board, one logged interaction and a full rebuild, each against a baseline.

Absolute times depend on the machine, so every figure is a ratio to a plain SQLite operation timed
in the same process on the same database, with repetitions interleaved and medians compared.
Run with ``python -m bench.core_bench`` (``make bench``; ``--both`` for both target sizes, or
``--contacts``/``--interactions``); exits non-zero when a target is missed.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.generate import generate_database
from leadtemp.rescoring import rebuild_states
from leadtemp.scoring.rules import DEFAULT_HALF_LIVES, Rules
from leadtemp.service import LeadService

GROUP_BY_COUNT = "SELECT contact_id, count(*) FROM interactions GROUP BY contact_id"
READ_LOG = "SELECT contact_id, kind, occurred_at FROM interactions"


@dataclass(frozen=True)
class Figure:
    name: str
    baseline_label: str
    baseline: float
    measured: float
    target: float

    @property
    def ratio(self) -> float:
        return self.measured / self.baseline

    @property
    def passed(self) -> bool:
        return self.ratio <= self.target


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def compare(
    baseline: Callable[[], object],
    measured: Callable[[], object],
    repeat: int,
    warmup: int = 1,
) -> tuple[float, float]:
    """Median seconds of each, alternating the two so drift hits both alike."""
    for _ in range(warmup):
        baseline()
        measured()
    base_times: list[float] = []
    measured_times: list[float] = []
    gc.collect()
    for _ in range(repeat):
        base_times.append(_timed(baseline))
        measured_times.append(_timed(measured))
    return statistics.median(base_times), statistics.median(measured_times)


def bench_board(service: LeadService, repeat: int) -> Figure:
    conn = service.store.conn
    base, measured = compare(
        lambda: conn.execute(GROUP_BY_COUNT).fetchall(),
        service.board,
        repeat,
    )
    return Figure("(a) whole board as of now", "GROUP BY count", base, measured, 5.0)


def bench_log(service: LeadService, repeat: int, rng: random.Random) -> Figure:
    conn = service.store.conn
    conn.execute(
        "CREATE TABLE IF NOT EXISTS bench_insert (id INTEGER PRIMARY KEY, contact_id INTEGER NOT NULL, "
        "kind TEXT NOT NULL, occurred_at INTEGER NOT NULL, note TEXT NOT NULL DEFAULT '', "
        "created_at INTEGER NOT NULL)"
    )
    conn.execute(
        "CREATE INDEX IF NOT EXISTS bench_insert_by_contact ON bench_insert (contact_id, occurred_at)"
    )
    conn.execute("CREATE INDEX IF NOT EXISTS bench_insert_by_time ON bench_insert (occurred_at)")
    ids = service.store.contact_ids()
    kinds = [kind.name for kind in service.kinds()]

    def bare_insert() -> None:
        at = time.time()
        conn.execute("BEGIN")
        conn.execute(
            "INSERT INTO bench_insert (contact_id, kind, occurred_at, note, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (rng.choice(ids), rng.choice(kinds), at, "", at),
        )
        conn.execute("COMMIT")

    def log_one() -> None:
        service.log_interaction(rng.choice(ids), rng.choice(kinds))

    base, measured = compare(bare_insert, log_one, repeat, warmup=10)
    return Figure("(b) log one interaction", "INSERT + COMMIT", base, measured, 25.0)


def bench_rebuild(service: LeadService, repeat: int) -> Figure:
    conn = service.store.conn
    store = service.store
    variants = [
        Rules(half_lives={**DEFAULT_HALF_LIVES, "explicit_interest": float(days)})
        for days in (10, 12, 16, 18)
    ]
    turn = iter(range(10**9))

    def rebuild() -> None:
        rules = variants[next(turn) % len(variants)]
        with store.transaction():
            rebuild_states(store, rules)

    base, measured = compare(lambda: conn.execute(READ_LOG).fetchall(), rebuild, repeat)
    return Figure("(c) full rebuild after a rules change", "read whole log", base, measured, 2.0)


def report(figures: Sequence[Figure]) -> str:
    lines = [
        f"{'benchmark':<40} {'baseline':<16} {'base ms':>9} {'ms':>9} {'ratio':>7} {'target':>7}  result",
    ]
    for f in figures:
        lines.append(
            f"{f.name:<40} {f.baseline_label:<16} {f.baseline * 1000:>9.2f} {f.measured * 1000:>9.2f} "
            f"{f.ratio:>6.2f}x {f.target:>6.0f}x  {'PASS' if f.passed else 'MISS'}"
        )
    return "\n".join(lines)


#: The sizes the targets hold at: a freelancer's book, and a purchased list after a year of work.
SIZES = ((10_000, 500_000), (100_000, 2_000_000))


def run(contacts: int, interactions: int, seed: int, repeat: int, writes: int) -> list[Figure]:
    """The three figures on a generated book of this size."""
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="leadtemp-bench-") as folder:
        started = time.perf_counter()
        path = generate_database(Path(folder) / "bench.db", contacts, interactions, seed)
        print(
            f"database: {contacts:,} contacts, {interactions:,} interactions "
            f"(ready in {time.perf_counter() - started:.1f}s)"
        )
        service = LeadService.open(path)
        try:
            return [
                bench_board(service, repeat),
                bench_log(service, writes, rng),
                bench_rebuild(service, repeat),
            ]
        finally:
            service.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.core_bench", description=__doc__)
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--interactions", type=int, default=500_000)
    parser.add_argument(
        "--both", action="store_true", help="both target sizes, 10,000/500,000 and 100,000/2,000,000"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=11, help="repetitions of the board and rebuild")
    parser.add_argument("--writes", type=int, default=300, help="repetitions of the single write")
    args = parser.parse_args(argv)
    passed = True
    for contacts, interactions in SIZES if args.both else ((args.contacts, args.interactions),):
        figures = run(contacts, interactions, args.seed, args.repeat, args.writes)
        print(report(figures))
        passed = passed and all(f.passed for f in figures)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
