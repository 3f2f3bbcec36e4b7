"""The service API: one transaction per write, change events, pins, checklists, the board."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from leadtemp.errors import DatabaseError, NotFoundError, ValidationError
from leadtemp.model import Outcome, Temperature
from leadtemp.scoring.rules import DEFAULT_HALF_LIVES, IdealClientProfile, Rules
from leadtemp.service import BoardReset, Change, LeadService, user_error
from leadtemp.store import backup
from tests.conftest import FakeClock

WARM = ("referral", "webinar_attended", "website_visit", "content_download", "email_reply")


class Injected(Exception):
    """A failure in the middle of a write."""


def lead(
    service: LeadService, clock: FakeClock, name: str, kinds: tuple[str, ...] = (), **fields: Any
) -> int:
    """A contact with ``kinds`` logged an hour apart, the last one an hour ago."""
    contact_id = service.add_contact(name, **fields).contact_id
    for offset, kind in enumerate(reversed(kinds)):
        service.log_interaction(contact_id, kind, clock.current - timedelta(hours=offset + 1))
    return contact_id


def everything(service: LeadService) -> dict[str, list[tuple[Any, ...]]]:
    conn = service.store.conn
    return {
        table: conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
        for table in (
            "contacts",
            "interactions",
            "pins",
            "checklist_progress",
            "settings",
            "score_state",
            "outcome_changes",
            "contact_merges",
        )
    }


def fail_after(monkeypatch: pytest.MonkeyPatch, service: LeadService, method: str) -> None:
    """Let the store method do its write, then fail before the action finishes."""
    original = getattr(service.store, method)

    def write_then_fail(*args: Any, **kwargs: Any) -> Any:
        original(*args, **kwargs)
        raise Injected(method)

    monkeypatch.setattr(service.store, method, write_then_fail)


# One transaction per write -------------------------------------------------------------------

FASTER = Rules(half_lives={**DEFAULT_HALF_LIVES, "engagement": 9})
ACTIONS: dict[str, tuple[str, Callable[[LeadService, int, int], object]]] = {
    "add contact": ("insert_contact", lambda s, c, i: s.add_contact("New Person")),
    "edit contact": ("update_contact", lambda s, c, i: s.edit_contact(c, company="Other")),
    "archive": ("update_contact", lambda s, c, i: s.archive_contact(c)),
    "outcome": ("update_contact", lambda s, c, i: s.set_outcome(c, "won")),
    "outcome (history)": ("record_outcome", lambda s, c, i: s.set_outcome(c, "won")),
    "log interaction": ("insert_interaction", lambda s, c, i: s.log_interaction(c, "pricing_request")),
    "log interaction (state)": ("put_state_values", lambda s, c, i: s.log_interaction(c, "pricing_request")),
    "delete interaction": ("delete_interaction", lambda s, c, i: s.delete_interaction(i)),
    "pin": ("set_pin", lambda s, c, i: s.pin(c, "hot")),
    "unpin": ("delete_pin", lambda s, c, i: s.unpin(c)),
    "tick": ("set_progress", lambda s, c, i: s.tick(c, "2")),
    "purge": ("purge_contact", lambda s, c, i: (s.archive_contact(c), s.purge_contact(c))),
    "settings": ("put_state_rows", lambda s, c, i: s.update_settings(FASTER)),
    "refresh": ("set_last_temperature", lambda s, c, i: s.refresh(s.now() + timedelta(days=400))),
    "merge": ("record_merge", lambda s, c, i: s.merge_contacts(c, c + 1)),
}  # fmt: skip


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_a_write_that_fails_half_way_leaves_nothing_behind(
    service: LeadService, clock: FakeClock, monkeypatch: pytest.MonkeyPatch, action: str
) -> None:
    contact_id = lead(service, clock, "Dana", (*WARM, "pricing_request"))
    service.pin(contact_id, "warm", clock.current + timedelta(days=1))
    interaction_id = service.interactions(contact_id)[0].id
    heard: list[object] = []
    service.subscribe(heard.append)
    method, run = ACTIONS[action]
    if action == "purge":
        service.archive_contact(contact_id)
        heard.clear()
        run = lambda s, c, i: s.purge_contact(c)  # noqa: E731
    if action == "merge":
        twin = lead(service, clock, "Dana", ("email_reply",))
        service.tick(twin, "1")
        heard.clear()
    before = everything(service)
    fail_after(monkeypatch, service, method)
    with pytest.raises(Injected):
        run(service, contact_id, interaction_id)
    assert everything(service) == before
    assert heard == []
    monkeypatch.undo()
    # The service still works afterwards, from the same (unchanged) data.
    assert service.card(contact_id).contact_id == contact_id


def test_bad_input_is_refused_before_anything_is_written(service: LeadService, clock: FakeClock) -> None:
    contact_id = lead(service, clock, "Dana", WARM)
    before = everything(service)
    attempts: list[Callable[[], object]] = [
        lambda: service.add_contact("   "),
        lambda: service.add_contact("Dana", fit=11),
        lambda: service.add_contact("Dana", email="not-an-email"),
        lambda: service.edit_contact(contact_id, name=""),
        lambda: service.log_interaction(contact_id, "carrier_pigeon"),
        lambda: service.log_interaction(contact_id, "website_visit", note="x" * 20_000),
        lambda: service.pin(contact_id, "lukewarm"),
        lambda: service.pin(contact_id, "hot", clock.current - timedelta(days=1)),
        lambda: service.tick(contact_id, "no_such_step"),
        lambda: service.set_outcome(contact_id, "maybe"),
        lambda: service.purge_contact(contact_id),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError):
            attempt()
    for attempt in (
        lambda: service.log_interaction(contact_id + 1, "website_visit"),
        lambda: service.edit_contact(contact_id + 1, company="X"),
        lambda: service.pin(contact_id + 1, "hot"),
        lambda: service.delete_interaction(10_000),
    ):
        with pytest.raises(NotFoundError):
            attempt()
    assert everything(service) == before


# Change events -------------------------------------------------------------------------------


def test_a_write_returns_and_emits_what_changed(service: LeadService, clock: FakeClock) -> None:
    contact_id = lead(service, clock, "Dana Lee", WARM)
    assert service.card(contact_id).temperature is Temperature.WARM
    heard: list[Change | BoardReset] = []
    unsubscribe = service.subscribe(heard.append)
    change = service.log_interaction(contact_id, "pricing_request")
    assert heard == [change]
    assert change.temperature_changed
    assert (change.old_temperature, change.new_temperature) == (Temperature.WARM, Temperature.HOT)
    assert change.cause == "pricing_request"
    assert change.reason == "warm -> hot: pricing_request"
    assert change.describe() == "Dana Lee: warm -> hot, pricing request"
    assert change.card is not None and change.card.score == change.score
    assert change.old_score is not None and change.score is not None and change.score > change.old_score
    assert change.interaction_id == service.interactions(contact_id)[0].id
    unsubscribe()
    quiet = service.log_interaction(contact_id, "email_open")
    assert heard == [change]
    assert not quiet.temperature_changed
    assert quiet.reason == "email_open"


def test_adding_a_contact_reports_its_card(service: LeadService) -> None:
    change = service.add_contact("Dana", fit=8)
    assert change.action == "added"
    assert change.card is not None
    assert change.card.score == 8
    assert change.new_temperature is Temperature.COLD
    assert change.old_temperature is None


def test_logging_rescores_only_that_contact(service: LeadService, clock: FakeClock) -> None:
    ids = [lead(service, clock, f"Lead {n}", WARM) for n in range(5)]
    states = "SELECT * FROM score_state WHERE contact_id != ? ORDER BY contact_id"
    others_before = service.store.conn.execute(states, (ids[2],)).fetchall()
    statements: list[str] = []
    service.store.conn.set_trace_callback(statements.append)
    try:
        service.log_interaction(ids[2], "demo_booked")
    finally:
        service.store.conn.set_trace_callback(None)
    assert service.store.conn.execute(states, (ids[2],)).fetchall() == others_before
    reads_of_log = [s for s in statements if "FROM interactions" in s]
    assert reads_of_log and all(f"contact_id = {ids[2]}" in s for s in reads_of_log)
    writes = [s for s in statements if s.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert all(str(ids[2]) in s for s in writes)


# Pins ----------------------------------------------------------------------------------------


def test_a_pin_overrides_the_computed_temperature_and_both_stay_visible(
    service: LeadService, clock: FakeClock
) -> None:
    contact_id = lead(service, clock, "Dana", ("website_visit",))
    change = service.pin(contact_id, "hot")
    assert change.reason == "cold -> hot: pinned hot"
    card = service.card(contact_id)
    assert (card.temperature, card.computed_temperature, card.pinned) == (
        Temperature.HOT,
        Temperature.COLD,
        True,
    )
    assert card in service.board().hot
    assert service.unpin(contact_id).new_temperature is Temperature.COLD
    assert not service.card(contact_id).pinned


def test_a_pin_expires(service: LeadService, clock: FakeClock) -> None:
    contact_id = lead(service, clock, "Dana", ("website_visit",))
    service.pin(contact_id, "hot", clock.current + timedelta(days=2))
    clock.advance(days=1)
    assert service.card(contact_id).pinned
    clock.advance(days=2)
    card = service.card(contact_id)
    assert not card.pinned and card.temperature is Temperature.COLD
    moved = service.refresh()
    assert [(c.contact_id, c.old_temperature, c.new_temperature) for c in moved] == [
        (contact_id, Temperature.HOT, Temperature.COLD)
    ]
    assert moved[0].reason == "hot -> cold: pin expired"
    assert moved[0].describe() == "Dana: hot -> cold, pin expired"


# Checklists ----------------------------------------------------------------------------------


def test_the_checklist_follows_the_temperature(service: LeadService, clock: FakeClock) -> None:
    contact_id = lead(service, clock, "Dana")
    cold = service.checklist(contact_id)
    assert [e.item.id for e in cold] == [i.id for i in service.templates[Temperature.COLD]]
    service.tick(contact_id, "research")
    assert service.card(contact_id).next_step == service.templates[Temperature.COLD][1].text
    for kind in (*WARM, "pricing_request"):
        service.log_interaction(contact_id, kind)
    hot = service.checklist(contact_id)
    assert [e.item.id for e in hot] == [i.id for i in service.templates[Temperature.HOT]]
    assert not any(e.done for e in hot)
    service.tick(contact_id, "1")
    assert service.checklist(contact_id)[0].done
    # Cooling down brings back the cold checklist, started afresh: its tick was another stay's (the
    # referral keeps the lead warm for a year).
    clock.advance(days=400)
    again = service.checklist(contact_id)
    assert [e.item.id for e in again] == [i.id for i in service.templates[Temperature.COLD]]
    assert not any(e.done for e in again)


def test_ticks_belong_to_one_stay_at_a_temperature(service: LeadService, clock: FakeClock) -> None:
    contact_id = lead(service, clock, "Dana", (*WARM, "pricing_request"))
    service.tick(contact_id, "respond_now")
    assert service.checklist(contact_id)[0].done
    clock.advance(days=60)
    assert service.card(contact_id).temperature is not Temperature.HOT
    # Nothing looked at the lead while it cooled; it is hot again after new requests.
    service.log_interaction(contact_id, "pricing_request")
    service.log_interaction(contact_id, "proposal_request")
    assert service.card(contact_id).temperature is Temperature.HOT
    assert not service.checklist(contact_id)[0].done
    assert service.card(contact_id).next_step == "Respond within minutes"
    assert service.board().hot[0].next_step == "Respond within minutes"
    # This stay's own ticks count.
    service.tick(contact_id, "respond_now")
    assert service.checklist(contact_id)[0].done


def test_ticks_of_an_earlier_stay_do_not_show_before_anything_writes(
    service: LeadService, clock: FakeClock
) -> None:
    contact_id = lead(service, clock, "Dana", WARM)
    assert service.card(contact_id).temperature is Temperature.WARM
    service.tick(contact_id, "personal_follow_up")
    service.log_interaction(contact_id, "pricing_request")
    assert service.card(contact_id).temperature is Temperature.HOT
    # The lead cools back to warm by itself; no refresh or write has seen it yet.
    clock.advance(days=20)
    card = service.card(contact_id)
    assert card.temperature is Temperature.WARM
    assert not service.checklist(contact_id)[0].done
    assert card.next_step == service.board().warm[0].next_step == service.templates[Temperature.WARM][0].text


def test_unticking(service: LeadService) -> None:
    contact_id = service.add_contact("Dana").contact_id
    service.tick(contact_id, "research")
    change = service.tick(contact_id, "research", done=False)
    assert change.cause == "unticked research"
    assert not service.checklist(contact_id)[0].done


# Archive, restore, purge, outcomes -----------------------------------------------------------


def test_archive_restore_and_purge(service: LeadService, clock: FakeClock, db_path: Path) -> None:
    contact_id = lead(service, clock, "Dana", WARM)
    other = lead(service, clock, "Ari", WARM)
    archived = service.archive_contact(contact_id)
    assert archived.card is None
    assert contact_id not in {c.contact_id for c in service.board().all_cards()}
    assert service.restore_contact(contact_id).card is not None
    assert contact_id in {c.contact_id for c in service.board().all_cards()}
    with pytest.raises(ValidationError):
        service.purge_contact(contact_id)
    service.archive_contact(contact_id)
    purged = service.purge_contact(contact_id)
    assert purged.action == "purged" and purged.card is None
    with pytest.raises(NotFoundError):
        service.contact(contact_id)
    assert {i.contact_id for i in service.store.interactions_for(other)} == {other}
    assert service.store.counts()["interactions"] == len(WARM)
    assert backup.list_backups(db_path), "a purge is preceded by a backup"


def test_won_and_lost_leads_leave_the_board(service: LeadService, clock: FakeClock) -> None:
    contact_id = lead(service, clock, "Dana", WARM)
    assert service.set_outcome(contact_id, Outcome.WON).card is None
    assert service.board().all_cards() == []
    assert [c.contact_id for c in service.board(include_closed=True).all_cards()] == [contact_id]
    assert service.set_outcome(contact_id, "open").card is not None


# Interactions --------------------------------------------------------------------------------


def test_outcomes_are_dated_with_their_history(service: LeadService, clock: FakeClock) -> None:
    contact_id = lead(service, clock, "Dana", ("pricing_request",))
    assert service.detail(contact_id).outcome_history == ()
    service.set_outcome(contact_id, "won")
    won_at = clock.current
    clock.advance(days=3)
    service.set_outcome(contact_id, "won")  # already won: nothing new happened
    service.set_outcome(contact_id, Outcome.OPEN)
    detail = service.detail(contact_id)
    assert [(c.outcome, c.changed_at) for c in detail.outcome_history] == [
        (Outcome.WON, won_at),
        (Outcome.OPEN, clock.current),
    ]
    assert detail.outcome_at == clock.current


def test_deleting_an_interaction_and_putting_it_back(service: LeadService, clock: FakeClock) -> None:
    contact_id = lead(service, clock, "Dana", (*WARM, "pricing_request"))
    hot = service.card(contact_id)
    assert hot.temperature is Temperature.HOT
    newest = service.interactions(contact_id)[0]
    deleted = service.delete_interaction(newest.id)
    assert deleted.removed_interaction == newest
    assert deleted.reason == "hot -> warm: pricing_request removed"
    assert service.card(contact_id).score < hot.score
    restored = service.restore_interaction(newest)
    assert restored.interaction_id == newest.id
    assert service.interactions(contact_id)[0] == newest
    assert service.card(contact_id) == hot


def test_backdated_interactions_count_from_when_they_happened(service: LeadService, clock: FakeClock) -> None:
    fresh = lead(service, clock, "Fresh")
    old = lead(service, clock, "Old")
    service.log_interaction(fresh, "pricing_request")
    service.log_interaction(old, "pricing_request", clock.current - timedelta(days=28))
    assert service.card(old).score < service.card(fresh).score
    assert service.card(old).days_since_touch == 28


# Board, refresh, staleness, response clock ----------------------------------------------------


def test_the_board_is_sorted_by_score_then_latest_touch(service: LeadService, clock: FakeClock) -> None:
    high = lead(service, clock, "High", ("email_open",))
    older = lead(service, clock, "Tie older", ("social_follow",))
    clock.advance(minutes=5)
    newer = lead(service, clock, "Tie newer", ("social_follow",))
    low = lead(service, clock, "Low", ("email_sent",))
    never = lead(service, clock, "Never touched")
    board = service.board()
    assert [c.contact_id for c in board.cold] == [high, newer, older, low, never]
    scores = [c.score for c in board.cold]
    assert scores[1] == scores[2] and scores == sorted(scores, reverse=True)


def test_refresh_reports_leads_whose_signals_faded(service: LeadService, clock: FakeClock) -> None:
    hot = lead(service, clock, "Dana", (*WARM, "pricing_request"))
    cold = lead(service, clock, "Ari", ("website_visit",))
    assert service.refresh() == []
    clock.advance(days=30)
    moved = service.refresh()
    assert [c.contact_id for c in moved] == [hot]
    assert moved[0].old_temperature is Temperature.HOT
    assert moved[0].new_temperature is not Temperature.HOT
    assert moved[0].reason.endswith("signals faded")
    assert service.refresh() == []
    assert service.card(cold).temperature is Temperature.COLD


def test_staleness_resets_on_any_interaction(service: LeadService, clock: FakeClock) -> None:
    contact_id = lead(service, clock, "Dana")
    assert service.card(contact_id).days_since_touch is None
    for kind in ("website_visit", "email_sent", "not_interested", "meeting_held"):
        clock.advance(days=10)
        assert service.card(contact_id).days_since_touch in (None, 10)
        service.log_interaction(contact_id, kind)
        card = service.card(contact_id)
        assert card.days_since_touch == 0
        assert card.last_touch_at == clock.current


def test_the_response_clock_runs_until_outreach(service: LeadService, clock: FakeClock) -> None:
    contact_id = lead(service, clock, "Dana", WARM)
    service.log_interaction(contact_id, "demo_booked")
    signal = clock.current
    clock.advance(minutes=20)
    card = service.card(contact_id)
    assert card.temperature is Temperature.HOT and card.response_priority == "Immediate"
    assert card.waiting_since == signal
    service.log_interaction(contact_id, "call_made")
    assert service.card(contact_id).waiting_since is None
    clock.advance(hours=2)
    service.log_interaction(contact_id, "budget_discussion")
    assert service.card(contact_id).waiting_since == clock.current


def test_an_old_buying_signal_on_a_pinned_hot_lead_starts_no_response_clock(
    service: LeadService, clock: FakeClock
) -> None:
    old = service.add_contact("Old Inquiry").contact_id
    service.log_interaction(old, "inquiry", datetime(1999, 3, 1, 12, tzinfo=UTC))
    recent = service.add_contact("Recent Inquiry").contact_id
    ten_days = clock.current - timedelta(days=10)
    service.log_interaction(recent, "inquiry", ten_days)
    for contact_id in (old, recent):
        service.pin(contact_id, "hot")
    board = {card.contact_id: card for card in service.board().all_cards()}
    for read in (board, {old: service.card(old), recent: service.card(recent)}):
        assert read[old].temperature is Temperature.HOT and read[old].waiting_since is None
        assert read[recent].waiting_since == ten_days
    with service.store.transaction():
        # Stale cached states: the cards are worked out from the log instead, with the same rule.
        service.store.conn.execute("UPDATE score_state SET fingerprint = 'other rules'")
    assert service.card(old).waiting_since is None
    assert service.card(recent).waiting_since == ten_days


def test_warm_and_cold_leads_have_no_response_clock(service: LeadService, clock: FakeClock) -> None:
    contact_id = lead(service, clock, "Dana", ("inquiry",))
    card = service.card(contact_id)
    assert card.temperature is not Temperature.HOT
    assert card.waiting_since is None


def test_search_matches_name_company_and_email(service: LeadService) -> None:
    dana = service.add_contact("Dana Lee", company="Acme", email="dana@acme.example").contact_id
    service.add_contact("Ari Novak", company="Northwind")
    assert [c.contact_id for c in service.search("acme")] == [dana]
    assert [c.contact_id for c in service.search("LEE")] == [dana]
    assert service.search("nobody") == []


def test_detail_explains_the_card(service: LeadService, clock: FakeClock) -> None:
    contact_id = lead(service, clock, "Dana", (*WARM, "not_interested"))
    detail = service.detail(contact_id)
    assert detail.result.score == detail.card.score
    assert sum(detail.result.breakdown.values()) == detail.result.score
    assert {c.kind for c in detail.result.contributions} == {*WARM, "not_interested"}
    # The trend reads activity: the points of this fortnight's signals (a "not interested" is none).
    assert detail.card.trend_delta == round(sum(service.catalogue.get(kind).points for kind in WARM))
    assert detail.card.trend == 1


# Settings ------------------------------------------------------------------------------------


def test_new_thresholds_rescore_and_report_moves(
    service: LeadService, clock: FakeClock, db_path: Path
) -> None:
    contact_id = lead(service, clock, "Dana", WARM)
    assert service.card(contact_id).temperature is Temperature.WARM
    heard: list[object] = []
    service.subscribe(heard.append)
    reset = service.update_settings(Rules(warm_min=10, hot_min=30))
    assert heard == [reset]
    assert [(c.contact_id, c.new_temperature) for c in reset.changes] == [(contact_id, Temperature.HOT)]
    reopened = LeadService.open(db_path, now=clock)
    try:
        assert reopened.card(contact_id).temperature is Temperature.HOT
    finally:
        reopened.close()


def test_new_half_lives_rebuild_the_running_state(service: LeadService, clock: FakeClock) -> None:
    contact_id = lead(service, clock, "Dana", WARM)
    clock.advance(days=20)
    before = service.card(contact_id).score
    service.update_settings(Rules(half_lives={**DEFAULT_HALF_LIVES, "engagement": 5, "behavioral": 5}))
    assert service.store.stale_state_ids(service.rules.fingerprint()) == []
    assert service.card(contact_id).score < before
    assert service.card(contact_id).score == service.score(contact_id).score


def test_the_ideal_client_profile_sets_fit_unless_set_by_hand(service: LeadService) -> None:
    match = service.add_contact("Match", industry="software", role="CEO", company_size=20).contact_id
    hand = service.add_contact("Hand", industry="software", role="CEO", company_size=20, fit=1).contact_id
    service.update_settings(
        Rules(icp=IdealClientProfile(industries=("software",), roles=("CEO",), company_size_min=5))
    )
    assert service.card(match).score == 10
    assert service.card(hand).score == 1


def test_a_second_process_sees_the_writes(service: LeadService, clock: FakeClock, db_path: Path) -> None:
    contact_id = lead(service, clock, "Dana", WARM)
    other = LeadService.open(db_path, now=clock)
    try:
        other.log_interaction(contact_id, "pricing_request")
    finally:
        other.close()
    assert service.card(contact_id).temperature is Temperature.HOT
    assert (
        sqlite3.connect(db_path).execute("SELECT count(*) FROM interactions").fetchone()[0] == len(WARM) + 1
    )


def test_cards_whose_state_is_stale_are_scored_from_the_log(service: LeadService, clock: FakeClock) -> None:
    fresh = lead(service, clock, "Fresh", (*WARM, "demo_booked"))
    stale = lead(service, clock, "Stale", (*WARM, "demo_booked"))
    pinned = lead(service, clock, "Pinned", WARM)
    service.tick(stale, "respond_now")
    service.pin(pinned, "cold", clock.current + timedelta(days=3))
    expected = {contact_id: service.card(contact_id) for contact_id in (fresh, stale, pinned)}
    assert expected[stale].waiting_since is not None and expected[pinned].pinned
    with service.store.transaction():
        service.store.conn.execute(
            "UPDATE score_state SET fingerprint = 'other rules', explicit_interest = 0 WHERE contact_id != ?",
            (fresh,),
        )
    board = service.board()
    assert {c.contact_id: c for c in board.all_cards()} == expected
    assert [c.contact_id for c in board.hot] == [fresh, stale]  # same score and touch: by name
    assert service.card(stale) == expected[stale]
    # Logging onto a stale state folds the log again rather than building on it.
    service.log_interaction(stale, "email_open")
    assert service.card(stale).score == service.score(stale).score


# Merging two contacts ------------------------------------------------------------------------


def test_merging_folds_the_duplicate_into_the_kept_contact(service: LeadService, clock: FakeClock) -> None:
    keep = lead(service, clock, "Dana Lee", ("website_visit",), email="dana@acme.com", company="Acme")
    other = lead(
        service,
        clock,
        "Dana Lee",
        (*WARM, "pricing_request"),
        email="dana.lee@gmail.com",
        phone="+44 20 7946 0000",
        role="CTO",
        notes="met at the expo",
    )
    service.tick(other, "respond_now")
    service.pin(other, "hot")
    before = service.interactions(keep) + service.interactions(other)
    events: list[Change | BoardReset] = []
    service.subscribe(events.append)
    merge = service.merge_contacts(keep, other)
    assert [(e.contact_id, e.card is None) for e in events if isinstance(e, Change)] == [
        (other, True),
        (keep, False),
    ]
    with pytest.raises(NotFoundError):
        service.contact(other)
    contact = service.contact(keep)
    assert (contact.email, contact.phone, contact.role, contact.company) == (
        "dana@acme.com",
        "+44 20 7946 0000",
        "CTO",
        "Acme",
    )
    assert "Email: dana.lee@gmail.com" in contact.notes and "met at the expo" in contact.notes
    assert sorted(i.id for i in service.interactions(keep)) == sorted(i.id for i in before)
    detail = service.detail(keep)
    assert [m.describe() for m in detail.merges] == [f"merged with #{other} Dana Lee"]
    assert detail.pin is not None and detail.pin.temperature is Temperature.HOT
    assert detail.card.temperature is Temperature.HOT and detail.checklist[0].done
    # The card re-derives from the merged log, exactly as a fresh fold of it.
    assert merge.change.score == detail.result.score
    assert [c.contact_id for c in service.board().all_cards()] == [keep]
    assert service.store.stale_state_ids(service.rules.fingerprint()) == []


def test_undoing_a_merge_gives_back_both_contacts_as_they_were(
    service: LeadService, clock: FakeClock
) -> None:
    keep = lead(service, clock, "Dana Lee", ("website_visit",), email="dana@acme.com")
    other = lead(
        service, clock, "D. Lee", ("pricing_request",), email="dana.lee@gmail.com", phone="+1 415 555 0100"
    )
    service.set_outcome(other, "won")
    service.set_outcome(other, "open")
    service.tick(keep, "research")
    service.pin(keep, "warm")
    third = lead(service, clock, "Dana L.", ("email_open",))
    service.merge_contacts(other, third)
    clock.advance(minutes=5)
    before = everything(service)
    board = service.board()
    merge = service.merge_contacts(keep, other)
    assert service.detail(keep).merges[-1].merged_name == "D. Lee"
    events: list[Change | BoardReset] = []
    service.subscribe(events.append)
    service.unmerge(merge.undo)
    assert everything(service) == before
    assert service.board() == board
    assert [m.merged_id for m in service.detail(other).merges] == [third]
    assert [(e.contact_id, e.card is not None) for e in events if isinstance(e, Change)] == [
        (other, True),
        (keep, True),
    ]


def test_merging_refuses_bad_pairs_and_writes_nothing(service: LeadService, clock: FakeClock) -> None:
    keep = lead(service, clock, "Dana")
    before = everything(service)
    with pytest.raises(ValidationError, match="itself"):
        service.merge_contacts(keep, keep)
    with pytest.raises(NotFoundError):
        service.merge_contacts(keep, 99)
    assert everything(service) == before


# Closed leads ---------------------------------------------------------------------------------


def test_a_board_can_show_closed_leads_marked(service: LeadService, clock: FakeClock) -> None:
    won = lead(service, clock, "Dana", ("website_visit",))
    gone = lead(service, clock, "Ari", ("email_open",))
    still = lead(service, clock, "Sam")
    change = service.set_outcome(won, "won")
    assert change.card is None and change.closed_card is not None
    assert change.closed_card.outcome is Outcome.WON and change.closed_card.closed
    change = service.archive_contact(gone)
    assert change.card is None and change.closed_card is not None and change.closed_card.archived
    assert [c.contact_id for c in service.board().all_cards()] == [still]
    cards = {c.contact_id: c for c in service.board(include_closed=True, include_archived=True).all_cards()}
    assert set(cards) == {won, gone, still}
    assert (cards[won].outcome, cards[won].archived) == (Outcome.WON, False)
    assert (cards[gone].outcome, cards[gone].archived) == (Outcome.OPEN, True)
    assert not cards[still].closed
    assert cards[won] == service.set_outcome(won, "won").closed_card


def test_reopening_puts_a_lead_back_on_the_board_in_one_step(service: LeadService, clock: FakeClock) -> None:
    contact_id = lead(service, clock, "Dana", ("website_visit",))
    service.set_outcome(contact_id, "lost")
    service.archive_contact(contact_id)
    clock.advance(days=2)
    change = service.reopen(contact_id)
    assert change.card is not None and not change.card.closed
    contact = service.contact(contact_id)
    assert (contact.outcome, contact.archived) == (Outcome.OPEN, False)
    assert [(c.outcome, c.changed_at) for c in service.detail(contact_id).outcome_history][-1] == (
        Outcome.OPEN,
        clock.current,
    )
    assert [c.contact_id for c in service.board().all_cards()] == [contact_id]
    service.set_status(contact_id, Outcome.LOST, archived=True)
    contact = service.contact(contact_id)
    assert (contact.outcome, contact.archived) == (Outcome.LOST, True)


def test_undoing_an_import_keeps_a_contact_another_was_merged_into(
    service: LeadService, clock: FakeClock, tmp_path: Path
) -> None:
    from leadtemp.importing.commit import commit_import, undo_import
    from leadtemp.importing.preview import preview_file

    mine = lead(service, clock, "Dana Lee", ("pricing_request",), email="dana@acme.com")
    csv_path = tmp_path / "list.csv"
    csv_path.write_text("name,email\nDana Lee,dana.lee@gmail.com\n")
    commit_import(service, preview_file(service, csv_path), source="trade show")
    imported = max(c.id for c in service.contacts())
    service.merge_contacts(imported, mine)
    batch_id = service.store.conn.execute("SELECT max(id) FROM import_batches").fetchone()[0]
    undo_import(service, batch_id)
    assert service.contact(imported).email == "dana.lee@gmail.com"
    assert [i.kind for i in service.interactions(imported)] == ["pricing_request"]


def test_a_merge_takes_the_others_linkedin_profile_or_keeps_a_different_one_in_the_notes(
    service: LeadService,
) -> None:
    keep = service.add_contact("Dana Lee").contact_id
    other = service.add_contact("Dana Lee", linkedin="linkedin.com/in/dana-lee").contact_id
    service.merge_contacts(keep, other)
    assert service.contact(keep).linkedin == "https://www.linkedin.com/in/dana-lee"
    third = service.add_contact("Dana Lee", linkedin="linkedin.com/in/dana-lee-2").contact_id
    service.merge_contacts(keep, third)
    contact = service.contact(keep)
    assert contact.linkedin == "https://www.linkedin.com/in/dana-lee"
    assert "LinkedIn: https://www.linkedin.com/in/dana-lee-2" in contact.notes.splitlines()


def test_a_transaction_spanning_two_calls_keeps_both_or_neither(
    service: LeadService, clock: FakeClock
) -> None:
    before = everything(service)
    with pytest.raises(ValidationError), service.transaction():
        contact_id = service.add_contact("Dana Lee").contact_id
        service.log_interaction(contact_id, "no_such_kind", clock.current)
    assert everything(service) == before

    with service.transaction():
        contact_id = service.add_contact("Dana Lee").contact_id
        service.log_interaction(contact_id, "pricing_request", clock.current)
    assert [entry.kind for entry in service.interactions(contact_id)] == ["pricing_request"]


def test_data_version_moves_on_another_connections_commit_only(service: LeadService) -> None:
    seen = service.data_version()
    assert seen is not None
    service.add_contact("Own write")
    assert service.data_version() == seen
    with sqlite3.connect(service.path) as other:
        other.execute("UPDATE contacts SET notes = 'from outside'")
    other.close()
    assert service.data_version() not in (None, seen)


def test_user_error_names_the_file_for_a_full_disk_and_keeps_a_bug_as_it_is(db_path: Path) -> None:
    full = user_error(db_path, sqlite3.OperationalError("database or disk is full"))
    assert isinstance(full, DatabaseError)
    assert str(db_path) in str(full) and "disk is full" in str(full)
    bug = sqlite3.IntegrityError("UNIQUE constraint failed")
    assert user_error(db_path, bug) is bug
    other = KeyError("x")
    assert user_error(db_path, other) is other
