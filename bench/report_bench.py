"""Report benchmark: ``leadtemp report`` against the core benchmark's full rebuild, in one process.

On the generated book (10,000 leads, 500,000 interactions) with 2,000 closed deals (won and lost,
dated), the report replays every lead's history once; the target is at most 3x a full rebuild of
the score states after a rules change (``bench.core_bench``'s figure (c)).

    python -m bench.report_bench [--contacts N] [--interactions N] [--closed N] [--repeat N]
                                 [--profile N]

``--profile N`` then profiles one more report and prints its N costliest functions (by their
own time and with what they call): where the report's time goes, not part of the figure.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench.core_bench import Figure, compare, report
from bench.generate import generate_database
from leadtemp import clock
from leadtemp.model import Outcome
from leadtemp.rescoring import rebuild_states
from leadtemp.scoring.rules import DEFAULT_HALF_LIVES, Rules
from leadtemp.service import LeadService

TARGET = 3.0


def close_deals(service: LeadService, closed: int, rng: random.Random) -> None:
    """Mark ``closed`` leads won (one in five) or lost, each dated some days before now."""
    store = service.store
    now = clock.to_timestamp(service.now())
    ids = rng.sample(store.contact_ids(), closed)
    with store.transaction():
        for number, contact_id in enumerate(ids):
            outcome = Outcome.WON if number % 5 == 0 else Outcome.LOST
            at = now - rng.uniform(1, 300) * 86400
            store.update_contact(contact_id, {"outcome": outcome.value}, at)
            store.record_outcome(contact_id, outcome, at)


def bench_report(service: LeadService, repeat: int) -> Figure:
    store = service.store
    variants = [
        Rules(half_lives={**DEFAULT_HALF_LIVES, "explicit_interest": float(days)})
        for days in (10, 12, 16, 18)
    ]
    turn = iter(range(10**9))

    def rebuild() -> None:
        with store.transaction():
            rebuild_states(store, variants[next(turn) % len(variants)])

    base, measured = compare(rebuild, service.report, repeat)
    return Figure("leadtemp report (replays every lead)", "full rebuild", base, measured, TARGET)


def profile_report(service: LeadService, top: int) -> None:
    """One report under cProfile: its ``top`` functions by own time, then by time with callees."""
    profiler = cProfile.Profile()
    profiler.runcall(service.report)
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.report_bench", description=__doc__)
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--interactions", type=int, default=500_000)
    parser.add_argument("--closed", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", type=int, default=0, metavar="N")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="leadtemp-bench-") as folder:
        started = time.perf_counter()
        path = generate_database(Path(folder) / "bench.db", args.contacts, args.interactions, args.seed)
        service = LeadService.open(path)
        try:
            close_deals(service, min(args.closed, args.contacts), random.Random(args.seed))
            print(
                f"database: {args.contacts:,} contacts, {args.interactions:,} interactions, "
                f"{args.closed:,} closed (ready in {time.perf_counter() - started:.1f}s)"
            )
            figure = bench_report(service, args.repeat)
            if args.profile:
                profile_report(service, args.profile)
        finally:
            service.close()
    print(report([figure]))
    return 0 if figure.passed else 1


if __name__ == "__main__":
    sys.exit(main())
