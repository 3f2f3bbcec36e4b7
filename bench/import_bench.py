"""Import benchmark: a 10,000-row CSV through the whole importer, as a ratio to the least work
that could load the same file (the csv module plus one executemany into the same table).

The measured side is what File > Import does: read and decode, detect the header and preset,
validate every row, look for duplicates (e-mail, phone, name + company, in the book and in the
file), back the database up and write one recorded batch. Each repetition gets fresh, already
opened database files (opening is not timed on either side); the two sides alternate, the first
round is a warm-up, and medians are compared. Run with ``python -m bench.import_bench``;
exits non-zero when the target is missed.
"""

from __future__ import annotations

import argparse
import csv
import functools
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from leadtemp import clock
from leadtemp.importing import parse_file
from leadtemp.importing.importer import commit_import, preview_file, preview_import
from leadtemp.service import LeadService
from leadtemp.store import connect

TARGET = 4.0
HEADER = ("First Name", "Last Name", "Email", "Phone", "Company", "Job Title", "Notes")
FIRST = [
    "Ada",
    "Alan",
    "Ana",
    "Ben",
    "Carla",
    "Chen",
    "Dana",
    "Diego",
    "Elena",
    "Emma",
    "Farah",
    "Felix",
    "Grace",
    "Hana",
    "Ivan",
    "Jana",
    "Jonas",
    "Kai",
    "Lars",
    "Lea",
    "Liam",
    "Maya",
    "Mia",
    "Nils",
    "Noah",
    "Olga",
    "Omar",
    "Paula",
    "Priya",
    "Rafael",
    "Rosa",
    "Sam",
    "Sara",
    "Tariq",
    "Tom",
    "Uma",
    "Vera",
    "Wei",
    "Yara",
    "Yusuf",
    "Zoe",
    "Zoë",
    "Sören",
    "Björn",
    "Inés",
    "José",
    "Anaïs",
]
LAST = [
    "Lee",
    "Ortiz",
    "Silva",
    "Smith",
    "Müller",
    "Schmidt",
    "Rossi",
    "Garcia",
    "Kim",
    "Nguyen",
    "Patel",
    "Cohen",
    "Novak",
    "Dubois",
    "Jensen",
    "Costa",
    "Moreau",
    "Weber",
    "Fischer",
    "Wagner",
    "Becker",
    "Hoffmann",
    "Schulz",
    "Koch",
    "Richter",
    "Klein",
    "Wolf",
    "Neumann",
    "Schwarz",
    "Braun",
    "Zimmermann",
    "Hartmann",
    "Krüger",
    "Lange",
    "Werner",
    "Lehmann",
    "Köhler",
    "Walter",
    "Mayer",
    "Huber",
    "Kaiser",
    "Fuchs",
    "Peters",
    "Lang",
    "Scholz",
    "Möller",
    "Weiß",
    "Jung",
    "Hahn",
    "Keller",
    "Vogel",
    "Roth",
    "Beck",
    "Lorenz",
    "Baumann",
    "Franke",
    "Albrecht",
    "Ludwig",
    "Winter",
]
ROLES = ("CEO", "CTO", "Head of Sales", "Marketing Manager", "Procurement", "Founder", "Engineer", "")
SUFFIXES = ("GmbH", "Ltd", "Inc.", "SA", "", "", "")


def generate_csv(path: Path, rows: int = 10_000, seed: int = 7) -> None:
    """A contact list as spreadsheets and CRMs export it: unique addresses, some phones and notes."""
    rng = random.Random(seed)
    companies = [
        f"{rng.choice(LAST)} {rng.choice(('Labs', 'Group', 'Media', 'Systems', 'Partners'))}"
        for _ in range(2000)
    ]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for number in range(rows):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            company = rng.choice(companies)
            domain = company.lower().replace(" ", "-").replace("ü", "ue").replace("ö", "oe")
            phone = ""
            if rng.random() < 0.6:
                digits = f"{rng.randrange(200, 999)}{rng.randrange(100, 999)}{number:04d}"
                phone = rng.choice(("+1 {}-{}-{}", "({}) {} {}", "+49 {} {} {}")).format(
                    digits[:3], digits[3:6], digits[6:]
                )
            notes = "Met at the trade fair; wants a call back" if rng.random() < 0.2 else ""
            writer.writerow(
                (
                    first,
                    last,
                    f"{first.lower()}.{last.lower()}.{number}@{domain}.example",
                    phone,
                    f"{company} {rng.choice(SUFFIXES)}".strip(),
                    rng.choice(ROLES),
                    notes,
                )
            )


def baseline(csv_path: Path, conn: sqlite3.Connection) -> None:
    """The csv module and a plain executemany into the same contacts table."""
    with csv_path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))[1:]
    at = clock.to_timestamp(clock.now())
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO contacts (name, email, phone, company, role, notes, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(f"{r[0]} {r[1]}", r[2], r[3], r[4], r[5], r[6], at, at) for r in rows],
    )
    conn.execute("COMMIT")


def full_import(csv_path: Path, service: LeadService) -> int:
    """What File > Import does once the user has pressed Import, on an open database."""
    summary = commit_import(service, preview_file(service, csv_path), source="purchased list")
    return summary.counts.new


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def breakdown(csv_path: Path, folder: Path, runs: int) -> dict[str, float]:
    """Where the time goes: each stage on its own, medians of ``runs`` (informational; the
    stages run back to back here, so they need not add up to the measured import)."""
    stages: dict[str, list[float]] = {"parse": [], "validate + duplicates": [], "backup + write": []}
    for run in range(runs):
        service = LeadService.open(folder / f"breakdown-{run}.db")
        try:
            start = time.perf_counter()
            parsed = parse_file(csv_path)
            parsed_at = time.perf_counter()
            preview = preview_import(service, parsed, file_name=csv_path.name)
            previewed_at = time.perf_counter()
            commit_import(service, preview, source="purchased list")
            committed_at = time.perf_counter()
        finally:
            service.close()
        stages["parse"].append(parsed_at - start)
        stages["validate + duplicates"].append(previewed_at - parsed_at)
        stages["backup + write"].append(committed_at - previewed_at)
    return {label: statistics.median(times) for label, times in stages.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="leadtemp-import-bench-") as tmp:
        folder = Path(tmp)
        csv_path = folder / "contacts.csv"
        generate_csv(csv_path, args.rows)
        base_times: list[float] = []
        import_times: list[float] = []
        imported = 0
        for run in range(args.repeat + 1):
            conn = connect(folder / f"base-{run}.db")
            service = LeadService.open(folder / f"import-{run}.db")
            try:
                base_time = _timed(functools.partial(baseline, csv_path, conn))
                start = time.perf_counter()
                imported = full_import(csv_path, service)
                import_time = time.perf_counter() - start
            finally:
                conn.close()
                service.close()
            if run:
                base_times.append(base_time)
                import_times.append(import_time)
        parts = breakdown(csv_path, folder, max(1, args.repeat))
    base, measured = statistics.median(base_times), statistics.median(import_times)
    ratio = measured / base
    print(f"import of a {args.rows:,}-row CSV ({imported:,} new contacts)")
    print(f"  baseline (csv module + executemany): {base * 1000:8.1f} ms")
    print(f"  LeadTemp import (preview + commit):  {measured * 1000:8.1f} ms")
    for label, seconds in parts.items():
        print(f"    {label:<24} {seconds * 1000:8.1f} ms  ({seconds / base:4.1f}x baseline)")
    verdict = "ok" if ratio <= TARGET else "MISSED"
    print(f"  ratio {ratio:.1f}x (target <= {TARGET:g}x): {verdict}")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
