"""SIGKILL at random points during imports and during a burst of logged interactions.

After every kill the file must pass ``integrity.check`` (integrity_check, foreign_key_check, and
score caches that agree with the log), every import batch must be whole or absent, and every
interaction or batch the writer acknowledged (printed after its commit) must be there. The same
file is reused across kills, so each writer also starts by recovering from the previous kill.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import sys
import time
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from leadtemp import integrity
from leadtemp.store.database import open_read_only
from tests.reliability.helpers import HERE, Child

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

WRITER = HERE / "_writer.py"


@dataclass
class Tally:
    mode: str
    kills: int = 0
    inside_transaction: int = 0
    corruptions: list[str] = field(default_factory=list)
    torn_batches: int = 0
    rows_lost: int = 0
    acked_batches: dict[int, int] = field(default_factory=dict)
    acked_interactions: set[int] = field(default_factory=set)

    def record(self, line: str) -> None:
        word, *rest = line.split()
        if word == "batch":
            self.acked_batches[int(rest[0])] = int(rest[1])
        elif word == "ack":
            self.acked_interactions.add(int(rest[0]))

    def summary(self) -> str:
        return (
            f"kill test ({self.mode}): {self.kills} kills, {self.inside_transaction} inside a "
            f"transaction, {len(self.corruptions)} corruptions, {self.torn_batches} torn batches, "
            f"{self.rows_lost} acknowledged rows lost (acknowledged: {len(self.acked_batches)} batches, "
            f"{len(self.acked_interactions)} interactions)"
        )


def _kill_once(db: Path, tally: Tally, rng: random.Random) -> None:
    with Child(str(WRITER), str(db), tally.mode, str(rng.randrange(1 << 30))) as child:
        last = ""
        delay = rng.uniform(0, 0.3)
        if rng.random() >= 0.1:
            assert child.next_line() == "ready", child.stderr()
            last = _read_some(child, tally, rng)
            if tally.mode != "import":
                delay = rng.uniform(0, 0.01 if tally.mode == "burst" else 0.06)
        time.sleep(delay)
        os.kill(child.process.pid, signal.SIGKILL)
        for line in child.rest():
            if line != "ready":
                tally.record(line)
                last = line
        assert child.process.returncode == -signal.SIGKILL, child.stderr()
    tally.kills += 1
    if last.startswith("begin"):
        tally.inside_transaction += 1


def _read_some(child: Child, tally: Tally, rng: random.Random) -> str:
    """Let the writer get a random way in; a real import is followed to the start of a commit."""
    wanted = rng.randint(0, 60) if tally.mode == "burst" else rng.randint(0, 4)
    last = ""
    while wanted > 0 or (tally.mode == "real-import" and not last.startswith("begin")):
        line = child.next_line()
        if line is None:
            break
        tally.record(line)
        last = line
        wanted -= 1
    return last


def _verify(db: Path, tally: Tally) -> None:
    report = integrity.check(db)
    if not report.ok:
        tally.corruptions.extend(report.problems)
    with closing(open_read_only(db)) as conn:
        if tally.mode != "burst":
            _verify_batches(conn, tally)
        else:
            present = {row[0] for row in conn.execute("SELECT id FROM interactions")}
            tally.rows_lost = len(tally.acked_interactions - present)


def _verify_batches(conn: sqlite3.Connection, tally: Tally) -> None:
    rows = conn.execute(
        "SELECT b.id, b.summary, "
        "(SELECT count(*) FROM contacts c WHERE c.batch_id = b.id), "
        "(SELECT count(*) FROM interactions i JOIN contacts c ON c.id = i.contact_id "
        " WHERE c.batch_id = b.id) "
        "FROM import_batches b"
    ).fetchall()
    present: dict[int, int] = {}
    torn = 0
    for batch_id, summary, contacts, interactions in rows:
        recorded = json.loads(summary)
        expected = recorded.get("expected", recorded.get("new"))
        logged = 2 * contacts if tally.mode == "import" else 0
        if expected != contacts or interactions != logged:
            torn += 1
        present[batch_id] = contacts
    tally.torn_batches = torn
    tally.rows_lost = sum(
        size - present.get(batch_id, 0)
        for batch_id, size in tally.acked_batches.items()
        if present.get(batch_id, 0) < size
    )


@pytest.mark.slow
@pytest.mark.parametrize(("mode", "kills"), [("import", 25), ("real-import", 15), ("burst", 25)])
def test_sigkill_never_corrupts_or_loses_acknowledged_writes(tmp_path: Path, mode: str, kills: int) -> None:
    db = tmp_path / "leads.db"
    rng = random.Random(f"kill-{mode}")
    tally = Tally(mode)
    kills = int(os.environ.get("LEADTEMP_KILLS", kills))
    for _ in range(kills):
        _kill_once(db, tally, rng)
        _verify(db, tally)
        assert not tally.corruptions, tally.corruptions
        assert tally.torn_batches == 0
        assert tally.rows_lost == 0
    print(tally.summary())
    assert tally.kills == kills
    assert tally.acked_batches or tally.acked_interactions, "the writer never got to commit anything"
    assert tally.inside_transaction > 0, "no kill landed inside a transaction"


def test_the_checks_catch_a_torn_batch_and_a_lost_acknowledgement(tmp_path: Path) -> None:
    """The verification above is not vacuous: half a batch and a missing id are both reported."""
    db = tmp_path / "torn.db"
    from leadtemp.service import LeadService

    service = LeadService.open(db)
    with service.store.transaction() as conn:
        conn.execute(
            "INSERT INTO import_batches (id, file_name, format, created_at, summary) "
            "VALUES (1, 'x.csv', 'csv', 0, '{\"expected\": 3}')"
        )
        contact_id = service.add_contact("Only one of three").contact_id
        conn.execute("UPDATE contacts SET batch_id = 1 WHERE id = ?", (contact_id,))
    service.close()
    batches = Tally("import", acked_batches={1: 3, 2: 5})
    _verify(db, batches)
    assert batches.torn_batches == 1
    assert batches.rows_lost == 2 + 5
    interactions = Tally("burst", acked_interactions={41})
    _verify(db, interactions)
    assert interactions.rows_lost == 1
