"""Today benchmark: ``LeadService.today`` on a large book against the whole board in the same process.

Today scores every open lead the way the board does, then reads each lead's latest touch (through
the log's index on kinds), the next steps and the snoozes and sorts what is due; the target is at
most 2x the whole board's time (``LeadService.board``), medians of interleaved runs. A share of
the leads gets a next step and a few a snooze, as a user's book would have.

    python -m bench.agenda_bench [--contacts 100000] [--interactions 1000000] [--repeat 7]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

from bench.core_bench import Figure, compare, report
from bench.generate import generate_database
from leadtemp import clock
from leadtemp.service import LeadService
from leadtemp.store.agenda import AgendaStore

TARGET_RATIO = 2.0
STEP_SHARE = 0.05
SNOOZE_SHARE = 0.01


def plan_agenda(service: LeadService, seed: int) -> tuple[int, int]:
    """Give a share of the leads a next step (due within two weeks either side of today) and a few a
    snooze; return how many of each."""
    rng = random.Random(seed)
    today = clock.local_date(service.now())
    ids = service.store.contact_ids()
    at = clock.to_timestamp(service.now())
    stepped = rng.sample(ids, int(len(ids) * STEP_SHARE))
    snoozed = rng.sample(ids, int(len(ids) * SNOOZE_SHARE))
    rows = AgendaStore(service.store.conn)
    with service.store.transaction():
        for contact_id in stepped:
            due = today + timedelta(days=rng.randint(-14, 14))
            rows.set_next_step(contact_id, "follow up on the proposal", due.isoformat(), at)
        for contact_id in snoozed:
            rows.set_snooze(contact_id, (today + timedelta(days=rng.randint(1, 30))).isoformat(), at)
    return len(stepped), len(snoozed)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.agenda_bench", description=__doc__)
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--interactions", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="leadtemp-bench-") as folder:
        started = time.perf_counter()
        path = generate_database(Path(folder) / "bench.db", args.contacts, args.interactions, args.seed)
        service = LeadService.open(path)
        try:
            steps, snoozes = plan_agenda(service, args.seed)
            print(
                f"database: {args.contacts:,} contacts, {args.interactions:,} interactions, {steps:,} next "
                f"steps, {snoozes:,} snoozes (ready in {time.perf_counter() - started:.1f}s); "
                f"today lists {len(service.today()):,} leads"
            )
            base, measured = compare(service.board, service.today, args.repeat)
            figure = Figure("today on every open lead", "whole board", base, measured, TARGET_RATIO)
        finally:
            service.close()
    print(report([figure]))
    return 0 if figure.passed else 1


if __name__ == "__main__":
    sys.exit(main())
