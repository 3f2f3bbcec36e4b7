"""Two LeadTemp processes on one database: WAL plus a write lock taken up front, no lost writes.

Both processes log at the same time; every write must succeed (waiting for the other rather than
failing), every acknowledged id must be in the file, and when both write to the same contact its
score cache must still agree with its log.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from leadtemp import integrity
from leadtemp.service import LeadService
from tests.conftest import FakeClock
from tests.reliability.helpers import HERE, Child

LOGGER = HERE / "_logger.py"
PER_PROCESS = 150


@pytest.mark.parametrize("same_contact", [True, False], ids=["same-contact", "two-contacts"])
def test_two_processes_writing_at_once_lose_nothing(
    db_path: Path, clock: FakeClock, same_contact: bool
) -> None:
    service = LeadService.open(db_path, now=clock)
    first = service.add_contact("Shared").contact_id
    second = first if same_contact else service.add_contact("Other").contact_id
    service.close()
    with (
        Child(str(LOGGER), str(db_path), str(first), str(PER_PROCESS), "a") as a,
        Child(str(LOGGER), str(db_path), str(second), str(PER_PROCESS), "b") as b,
    ):
        for child in (a, b):
            assert child.next_line() == "ready", child.stderr()
        for child in (a, b):
            assert child.process.stdin is not None
            child.process.stdin.write("go\n")
            child.process.stdin.flush()
        acked: set[int] = set()
        for child in (a, b):
            lines = child.rest()
            assert child.process.returncode == 0, child.stderr()
            acked |= {int(line.split()[1]) for line in lines}
    assert len(acked) == 2 * PER_PROCESS
    report = integrity.check(db_path)
    assert report.ok, report.problems
    service = LeadService.open(db_path, now=clock)
    stored = {i.id for cid in {first, second} for i in service.interactions(cid)}
    notes = {i.note for cid in {first, second} for i in service.interactions(cid)}
    service.close()
    assert stored == acked
    assert notes == {f"{tag} {n}" for tag in "ab" for n in range(PER_PROCESS)}


def test_a_second_service_sees_the_first_ones_writes(db_path: Path, clock: FakeClock) -> None:
    """Two windows in one process: no stale reads of contacts or the log."""
    one = LeadService.open(db_path, now=clock)
    two = LeadService.open(db_path, now=clock)
    contact_id = one.add_contact("Seen by both").contact_id
    one.log_interaction(contact_id, "pricing_request")
    assert two.card(contact_id).score == one.card(contact_id).score
    two.log_interaction(contact_id, "demo_booked")
    assert [i.kind for i in one.interactions(contact_id)] == ["demo_booked", "pricing_request"]
    one.close()
    two.close()
