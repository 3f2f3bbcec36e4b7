"""Whole-book JSON benchmark: export and import of a 10,000-lead book, time and peak memory.

Each side runs in its own forked process so its peak resident set (``ru_maxrss``) is its own.
The baseline is the least work that could do the same in memory: every table read with one
query and written with one ``json.dumps`` (export), and the file read with ``json.loads`` and
put back with one ``executemany`` per table (import). LeadTemp's side is ``export_json`` and
``import_json`` (checks every row, rebuilds the score caches, one transaction). Memory is
also reported above a floor: a process that only opened the book. Run with
``python -m bench.json_bench`` (``--contacts``, ``--interactions``); exits non-zero when
LeadTemp's peak memory grows with the book (above the floor by more than a tenth of the file).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.generate import generate_database
from leadtemp.exporting.json_export import FORMAT_NAME, FORMAT_VERSION, export_json
from leadtemp.importing.jsonfile import import_json
from leadtemp.service import LeadService
from leadtemp.store import connect
from leadtemp.store.whole_book import TABLES, table_columns

MEMORY_SHARE_TARGET = 0.1


def _in_child(action: Callable[[], object]) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of ``action`` run in a fresh forked process."""
    context = multiprocessing.get_context("fork")
    results = context.Queue()

    def child() -> None:
        start = time.perf_counter()
        action()
        elapsed = time.perf_counter() - start
        results.put((elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))

    process = context.Process(target=child)
    process.start()
    outcome: tuple[float, float] = results.get()
    process.join()
    return outcome


def _open_only(book: Path) -> None:
    LeadService.open(book).close()


def _baseline_export(book: Path, target: Path) -> None:
    conn = connect(book)
    try:
        document: dict[str, Any] = {"format": FORMAT_NAME, "version": FORMAT_VERSION}
        for table in TABLES:
            columns = table_columns(conn, table)
            rows = conn.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY rowid").fetchall()
            document[table] = [dict(zip(columns, row, strict=True)) for row in rows]
        settings = conn.execute("SELECT key, value FROM settings").fetchall()
        document["settings"] = {key: json.loads(value) for key, value in settings}
        target.write_bytes(json.dumps(document, ensure_ascii=False).encode())
    finally:
        conn.close()


def _baseline_import(source: Path, book: Path) -> None:
    document = json.loads(source.read_bytes())
    conn = connect(book)
    try:
        conn.execute("BEGIN")
        for table in TABLES:
            rows = document.get(table, [])
            if rows:
                columns = list(rows[0])
                marks = ", ".join("?" for _ in columns)
                conn.executemany(
                    f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
                    [tuple(row[c] for c in columns) for row in rows],
                )
        conn.execute("COMMIT")
    finally:
        conn.close()


def _export(book: Path, target: Path) -> None:
    service = LeadService.open(book)
    try:
        export_json(service, target)
    finally:
        service.close()


def _import(source: Path, book: Path) -> None:
    service = LeadService.open(book)
    try:
        import_json(service, source)
    finally:
        service.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--interactions", type=int, default=500_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="leadtemp-json-bench-") as tmp:
        folder = Path(tmp)
        book = generate_database(folder / "book.db", args.contacts, args.interactions, 1)
        _, floor = _in_child(lambda: _open_only(book))
        base_export = _in_child(lambda: _baseline_export(book, folder / "baseline.json"))
        export = _in_child(lambda: _export(book, folder / "book.json"))
        size = (folder / "book.json").stat().st_size / 1e6
        base_import = _in_child(lambda: _baseline_import(folder / "baseline.json", folder / "base.db"))
        restored = _in_child(lambda: _import(folder / "book.json", folder / "restored.db"))
        check = LeadService.open(folder / "restored.db")
        try:
            contacts = len(check.contacts(include_archived=True))
        finally:
            check.close()
    print(
        f"whole-book JSON of {args.contacts:,} leads and {args.interactions:,} interactions "
        f"({size:.1f} MB file, {contacts:,} contacts back)"
    )
    print(f"  floor (open the book): {floor:7.1f} MB peak RSS")
    worst = 0.0
    for label, (base_seconds, base_rss), (seconds, rss) in (
        ("export", base_export, export),
        ("import", base_import, restored),
    ):
        print(f"  {label} baseline (all in memory): {base_seconds:6.2f} s  {base_rss:7.1f} MB peak RSS")
        print(
            f"  {label} LeadTemp (streamed):      {seconds:6.2f} s  {rss:7.1f} MB peak RSS  "
            f"({seconds / base_seconds:.1f}x time, {rss / base_rss:.2f}x memory of baseline; "
            f"{rss - floor:+.1f} MB over the floor)"
        )
        worst = max(worst, (rss - floor) / size)
    verdict = "ok" if worst <= MEMORY_SHARE_TARGET and contacts == args.contacts else "MISSED"
    print(f"  memory above the floor: at most {worst:.1%} of the file (target <= 10%): {verdict}")
    return 0 if verdict == "ok" else 1


if __name__ == "__main__":
    sys.exit(main())
