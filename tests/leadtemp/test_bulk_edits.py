"""Bulk edits of many leads: each one transaction, every lead's Change, and an undo that puts every
lead back as it was."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest

from leadtemp.bulk_edits import BulkEdit
from leadtemp.errors import NotFoundError, ValidationError
from leadtemp.model import Outcome, Temperature
from leadtemp.service import Change, LeadService
from leadtemp.store.facets import LeadFacets
from tests.conftest import FakeClock
from tests.leadtemp.test_service import WARM, Injected, everything, lead

pytestmark = pytest.mark.both_backends

BULK: dict[str, tuple[str, Callable[[LeadService, list[int]], BulkEdit]]] = {
    "pin": ("set_pin", lambda s, ids: s.pin_many(ids, "hot")),
    "archive": ("update_contact", lambda s, ids: s.archive_many(ids)),
    "source": ("update_contact", lambda s, ids: s.set_source_many(ids, "trade show")),
    "lost": ("record_outcome", lambda s, ids: s.set_outcome_many(ids, "lost")),
    "reopen": ("update_contact", lambda s, ids: s.reopen_many(ids)),
}


def three(service: LeadService, clock: FakeClock) -> list[int]:
    return [
        lead(service, clock, "Ada", WARM, source="website"),
        lead(service, clock, "Ben", ("website_visit",), source="referral"),
        lead(service, clock, "Cy", ("pricing_request",)),
    ]


@pytest.mark.parametrize("action", sorted(BULK))
def test_a_bulk_edit_that_fails_on_its_last_lead_writes_nothing(
    service: LeadService, clock: FakeClock, monkeypatch: pytest.MonkeyPatch, action: str
) -> None:
    ids = three(service, clock)
    if action == "reopen":
        service.archive_many(ids)
    heard: list[object] = []
    service.subscribe(heard.append)
    method, run = BULK[action]
    before = everything(service)
    original = getattr(service.store, method)
    calls: list[int] = []

    def fail_on_third(*args: object, **kwargs: object) -> object:
        calls.append(1)
        result = original(*args, **kwargs)
        if len(calls) == 3:
            raise Injected(method)
        return result

    monkeypatch.setattr(service.store, method, fail_on_third)
    with pytest.raises(Injected):
        run(service, ids)
    assert len(calls) == 3
    assert everything(service) == before
    assert heard == []


@pytest.mark.parametrize("action", sorted(BULK))
def test_a_bulk_edit_reports_every_lead_and_its_undo_restores_them_all(
    service: LeadService, clock: FakeClock, action: str
) -> None:
    ids = three(service, clock)
    service.pin(ids[1], "cold", clock.current + timedelta(days=3))
    service.set_outcome(ids[2], "won")
    before = everything(service)
    heard: list[object] = []
    service.subscribe(heard.append)
    _method, run = BULK[action]
    edit = run(service, ids)
    assert [change.contact_id for change in edit.changes] == ids
    assert heard == list(edit.changes)
    assert everything(service) != before
    undone = service.restore_many(edit.undo)
    assert [change.contact_id for change in undone.changes] == ids
    after = everything(service)
    # The outcome history keeps the dated back-and-forth; everything else is as it was.
    history = after.pop("outcome_changes")
    expected = dict(before)
    old_history = expected.pop("outcome_changes")
    updated_at = [row[1] for row in service.store.conn.execute("PRAGMA table_info(contacts)")].index(
        "updated_at"
    )
    strip = lambda rows: [row[:updated_at] + row[updated_at + 1 :] for row in rows]  # noqa: E731
    assert strip(after["contacts"]) == strip(expected["contacts"])
    assert {k: v for k, v in after.items() if k != "contacts"} == {
        k: v for k, v in expected.items() if k != "contacts"
    }
    assert history[: len(old_history)] == old_history


def test_what_each_bulk_edit_does(service: LeadService, clock: FakeClock) -> None:
    ids = three(service, clock)
    pinned = service.pin_many(ids[:2], Temperature.HOT)
    assert all(change.card is not None and change.card.pinned for change in pinned.changes)
    assert {service.card(cid).temperature for cid in ids[:2]} == {Temperature.HOT}
    service.set_source_many(ids, "  trade show ")
    assert {service.contact(cid).source for cid in ids} == {"trade show"}
    lost = service.set_outcome_many([ids[0]], Outcome.LOST)
    assert lost.changes[0].card is None and lost.changes[0].closed_card is not None
    assert service.contact(ids[0]).outcome is Outcome.LOST
    archived = service.archive_many(ids[1:])
    assert all(change.card is None for change in archived.changes)
    assert {card.contact_id for card in service.board().all_cards()} == set()
    assert archived.describe() == "2 leads: archived"
    reopened = service.reopen_many(ids)
    assert all(change.card is not None for change in reopened.changes)
    assert {(service.contact(cid).outcome, service.contact(cid).archived) for cid in ids} == {
        (Outcome.OPEN, False)
    }


def test_a_pin_that_expired_meanwhile_is_not_put_back(service: LeadService, clock: FakeClock) -> None:
    contact_id = lead(service, clock, "Ada", WARM)
    service.pin(contact_id, "cold", clock.current + timedelta(hours=1))
    edit = service.pin_many([contact_id], "hot")
    clock.advance(hours=2)
    service.restore_many(edit.undo)
    assert service.get_pin(contact_id) is None


def test_bad_bulk_input_is_refused_and_writes_nothing(service: LeadService, clock: FakeClock) -> None:
    ids = three(service, clock)
    before = everything(service)
    for attempt in (
        lambda: service.pin_many([], "hot"),
        lambda: service.pin_many(ids, "lukewarm"),
        lambda: service.set_outcome_many(ids, "maybe"),
        lambda: service.set_source_many(ids, "x" * 10_000),
        lambda: service.archive_many(["1"]),  # type: ignore[list-item]
    ):
        with pytest.raises(ValidationError):
            attempt()
    with pytest.raises(NotFoundError):
        service.archive_many([*ids, max(ids) + 1])
    assert everything(service) == before


def test_each_lead_counts_once(service: LeadService, clock: FakeClock) -> None:
    ids = three(service, clock)
    edit = service.archive_many([ids[0], ids[0], ids[1]])
    assert [change.contact_id for change in edit.changes] == ids[:2]
    assert all(isinstance(change, Change) for change in edit.changes)


def test_facets_say_each_leads_source_and_import(service: LeadService, clock: FakeClock) -> None:
    ids = three(service, clock)
    facets = service.facets()
    assert [facets[cid].source for cid in ids] == ["website", "referral", ""]
    assert {facets[cid].batch_id for cid in ids} == {None}
    assert {(facets[cid].step, facets[cid].due) for cid in ids} == {("", None)}
    service.set_next_step(ids[1], "call about the proposal", date(2026, 3, 5))
    assert service.facets([ids[1]]) == {
        ids[1]: LeadFacets("referral", None, "call about the proposal", date(2026, 3, 5))
    }
