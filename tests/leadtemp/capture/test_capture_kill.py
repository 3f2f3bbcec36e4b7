"""SIGKILL in the middle of writing a capture leaves no half batch: the book is whole, holds
nothing of the capture (not even the --me addresses it was to remember), and the next capture
logs everything."""

from __future__ import annotations

import os
import signal
import sqlite3
import sys
from contextlib import closing
from pathlib import Path

import pytest

from leadtemp import integrity
from leadtemp.cli import main
from leadtemp.service import LeadService
from tests.leadtemp.capture.sample_paths import ME, TAKEOUT
from tests.reliability.helpers import Child

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
CHILD = Path(__file__).with_name("_capture_child.py")


def _rows(db: Path) -> dict[str, int]:
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        return {
            table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("contacts", "interactions", "capture_batches", "capture_keys", "contact_addresses")
        }


@pytest.mark.parametrize("after", [1, 5, 8])
def test_sigkill_mid_capture_leaves_no_half_batch(tmp_path: Path, after: int) -> None:
    db = tmp_path / "leads.db"
    book = LeadService.open(db)
    book.add_contact("Dana Lee", email="dana.lee@acme.example")
    book.close()
    before = _rows(db)

    with Child(str(CHILD), str(db), str(TAKEOUT), str(after)) as child:
        assert child.next_line() == "writing", child.stderr()
        os.kill(child.process.pid, signal.SIGKILL)
        child.rest()
        assert child.process.returncode == -signal.SIGKILL

    report = integrity.check(db)
    assert report.ok, report.problems
    assert _rows(db) == before
    again = LeadService.open(db)
    try:
        assert again.my_addresses() == [] and again.captures() == []
    finally:
        again.close()
    assert main(["--db", str(db), "capture", str(TAKEOUT), *(f"--me={address}" for address in ME)]) == 0
    assert _rows(db)["interactions"] == 8
