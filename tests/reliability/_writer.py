"""A writer the kill tests start and SIGKILL: it prints a line after every commit it made.

``import`` mode writes batches of contacts (each with two logged interactions, each at a company
of its own, so no colleague joining a conversation logs a third) in one
transaction per batch; ``real-import`` runs the real importer (backup first, then one
transaction) on generated CSV files; ``burst`` mode logs one interaction per transaction.
Usage: ``python _writer.py DB import|real-import|burst SEED``.
"""

from __future__ import annotations

import json
import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from leadtemp.scoring.state import ScoreState, state_values
from leadtemp.service import LeadService

KINDS = ("website_visit", "email_reply", "pricing_request", "webinar_attended", "not_interested")
START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def import_batches(service: LeadService, rng: random.Random) -> None:
    store = service.store
    while True:
        size = rng.randint(20, 80)
        say(f"begin {size}")
        with store.transaction() as conn:
            batch_id = int(
                conn.execute(
                    "INSERT INTO import_batches (file_name, format, preset, source, created_at) "
                    "VALUES ('kill.csv', 'csv', '', 'kill test', ?)",
                    (START.timestamp(),),
                ).lastrowid
                or 0
            )
            for index in range(size):
                contact_id = store.insert_contact(
                    {"name": f"Lead {batch_id}-{index}", "email": f"lead@l{batch_id}-{index}.example"},
                    START.timestamp(),
                )
                conn.execute("UPDATE contacts SET batch_id = ? WHERE id = ?", (batch_id, contact_id))
                store.put_state_values(
                    contact_id, state_values(ScoreState(fingerprint=service.rules.fingerprint()))
                )
                for entry in range(2):
                    when = START + timedelta(hours=rng.randint(0, 2000))
                    service.log_interaction(contact_id, rng.choice(KINDS), when, f"entry {entry}")
            conn.execute(
                "UPDATE import_batches SET summary = ? WHERE id = ?",
                (json.dumps({"expected": size}), batch_id),
            )
        say(f"batch {batch_id} {size}")


def real_imports(service: LeadService, rng: random.Random) -> None:
    from leadtemp.importing.commit import commit_import
    from leadtemp.importing.preview import preview_file

    folder = Path(service.path).parent
    while True:
        tag = rng.randrange(1 << 40)
        rows = [
            f"Lead {tag}-{index},lead{tag}.{index}@example.com,Acme {index}"
            for index in range(rng.randint(300, 1500))
        ]
        csv = folder / f"import-{tag}.csv"
        csv.write_text("Name,Email,Company\n" + "\n".join(rows) + "\n", encoding="utf-8")
        preview = preview_file(service, csv)
        say(f"begin {len(rows)}")
        summary = commit_import(service, preview)
        csv.unlink()
        say(f"batch {summary.batch_id} {summary.counts.new}")


def burst(service: LeadService, rng: random.Random) -> None:
    ids = service.store.contact_ids()
    while len(ids) < 5:
        ids.append(service.add_contact(f"Burst {len(ids)}").contact_id)
    number = 0
    while True:
        number += 1
        say("begin")
        when = START + timedelta(hours=rng.randint(0, 2000))
        change = service.log_interaction(rng.choice(ids), rng.choice(KINDS), when, note=f"burst {number}")
        say(f"ack {change.interaction_id}")


def main() -> None:
    path, mode, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
    service = LeadService.open(path)
    say("ready")
    run = {"import": import_batches, "real-import": real_imports, "burst": burst}[mode]
    run(service, random.Random(seed))


if __name__ == "__main__":
    main()
