"""The Today list through the service: every section, the cadence reset, snoozes, next steps, order."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from leadtemp.agenda.entries import AgendaEntry, Section
from leadtemp.errors import NotFoundError, ValidationError
from leadtemp.model import Temperature
from leadtemp.service import Change, LeadService
from tests.conftest import FakeClock

#: The seeds' warm behaviours: repeat visits, a download, a webinar.
WARM_SIGNALS = ("website_visit", "website_visit", "content_download", "webinar_attended")


def added(service: LeadService, clock: FakeClock, name: str, days_ago: float, *kinds: str) -> int:
    """A lead that came into the book ``days_ago`` (and the minutes its log takes) with ``kinds``
    logged a minute apart."""
    start = clock.current
    clock.current = start - timedelta(days=days_ago, minutes=len(kinds) + 1)
    contact_id = service.add_contact(name, company=f"{name} Ltd").contact_id
    for kind in kinds:
        clock.advance(minutes=1)
        service.log_interaction(contact_id, kind)
    clock.current = start
    return contact_id


def sections(service: LeadService) -> dict[int, Section]:
    return {entry.contact_id: entry.section for entry in service.today()}


def entry(service: LeadService, contact_id: int) -> AgendaEntry:
    (found,) = [e for e in service.today() if e.contact_id == contact_id]
    return found


def test_a_hot_lead_waits_for_an_answer_until_outreach_is_logged(
    service: LeadService, clock: FakeClock
) -> None:
    dana = added(service, clock, "Dana", 0)
    signal_at = clock.current - timedelta(minutes=7)
    service.log_interaction(dana, "pricing_request", signal_at)

    waiting = entry(service, dana)
    assert waiting.section is Section.WAITING
    assert waiting.since == signal_at
    assert waiting.waiting_minutes == 7
    assert waiting.reason == "waiting 7 min for an answer to a buying signal"
    assert waiting.temperature is Temperature.HOT
    assert waiting.checklist_step == "Respond within minutes"

    service.log_interaction(dana, "email_sent")
    assert dana not in sections(service)


def test_a_warm_lead_untouched_for_its_cadence_is_due_a_follow_up(
    service: LeadService, clock: FakeClock
) -> None:
    sam = added(service, clock, "Sam", 8, *WARM_SIGNALS, "email_sent")
    assert service.card(sam).temperature is Temperature.WARM

    follow_up = entry(service, sam)
    assert follow_up.section is Section.FOLLOW_UP
    assert follow_up.reason == "no touch for 8 days (warm: every 7 days)"
    assert follow_up.since is not None and follow_up.due is None


def test_a_warm_lead_touched_within_its_cadence_is_not_due(service: LeadService, clock: FakeClock) -> None:
    sam = added(service, clock, "Sam", 6, *WARM_SIGNALS, "email_sent")
    assert sam not in sections(service)
    clock.advance(days=1, minutes=10)
    assert sections(service)[sam] is Section.FOLLOW_UP


@pytest.mark.parametrize("touch", ["email_sent", "call_made", "email_reply"])
def test_outreach_or_a_reply_resets_the_cadence(service: LeadService, clock: FakeClock, touch: str) -> None:
    sam = added(service, clock, "Sam", 10, *WARM_SIGNALS)
    assert sections(service)[sam] is Section.FOLLOW_UP

    service.log_interaction(sam, touch)

    assert sam not in sections(service)
    clock.advance(days=7, minutes=1)
    assert sections(service)[sam] is Section.FOLLOW_UP


def test_a_signal_that_is_no_touch_leaves_the_follow_up(service: LeadService, clock: FakeClock) -> None:
    sam = added(service, clock, "Sam", 10, *WARM_SIGNALS)
    service.log_interaction(sam, "email_open")
    assert sections(service)[sam] is Section.FOLLOW_UP


def test_a_cold_lead_is_due_its_nurture_step_after_a_month(service: LeadService, clock: FakeClock) -> None:
    cold = added(service, clock, "Cole", 29)
    assert cold not in sections(service)
    clock.advance(days=1, minutes=1)
    nurture = entry(service, cold)
    assert nurture.section is Section.NURTURE
    assert nurture.reason == "never touched, added 30 days ago (cold: every 30 days)"
    assert nurture.checklist_step == service.card(cold).next_step


def test_a_hot_lead_answered_yesterday_is_due_its_daily_follow_up(
    service: LeadService, clock: FakeClock
) -> None:
    hot = added(service, clock, "Hana", 2, "pricing_request", "email_sent")
    found = entry(service, hot)
    assert (found.section, found.temperature) == (Section.FOLLOW_UP, Temperature.HOT)


def test_a_next_step_is_due_on_its_day_and_pauses_the_cadence(service: LeadService, clock: FakeClock) -> None:
    sam = added(service, clock, "Sam", 10, *WARM_SIGNALS)
    tomorrow = date(2026, 3, 3)

    service.set_next_step(sam, "  send the case study ", tomorrow)

    assert sam not in sections(service)
    step = service.next_step(sam)
    assert step is not None and (step.text, step.due) == ("send the case study", tomorrow)
    clock.advance(days=1)
    due = entry(service, sam)
    assert (due.section, due.due, due.next_step, due.since) == (
        Section.DUE,
        tomorrow,
        "send the case study",
        None,
    )
    assert due.reason == "next step due today"
    clock.advance(days=2)
    assert entry(service, sam).reason == "next step overdue by 2 days"


def test_a_done_step_lets_the_cadence_count_again(service: LeadService, clock: FakeClock) -> None:
    sam = added(service, clock, "Sam", 10, *WARM_SIGNALS)
    service.set_next_step(sam, "call", date(2026, 3, 9))

    change = service.complete_next_step(sam)

    assert (change.action, change.contact_id) == ("next step done", sam)
    assert service.next_step(sam) is None
    assert sections(service)[sam] is Section.FOLLOW_UP


def test_a_snoozed_lead_leaves_today_until_its_day(service: LeadService, clock: FakeClock) -> None:
    sam = added(service, clock, "Sam", 10, *WARM_SIGNALS)
    service.snooze(sam, date(2026, 3, 5))

    assert sam not in sections(service)
    assert service.snoozed(sam) is not None
    clock.advance(days=3)
    assert sections(service)[sam] is Section.FOLLOW_UP
    assert service.snoozed(sam) is None


def test_a_buying_signal_brings_a_snoozed_lead_back_at_once(service: LeadService, clock: FakeClock) -> None:
    sam = added(service, clock, "Sam", 10, *WARM_SIGNALS)
    service.snooze(sam, date(2026, 3, 20))
    clock.advance(hours=1)
    service.log_interaction(sam, "webinar_attended")
    assert sam not in sections(service)

    service.log_interaction(sam, "demo_booked")

    assert sections(service)[sam] is Section.WAITING


def test_a_buying_signal_from_before_the_snooze_does_not_end_it(
    service: LeadService, clock: FakeClock
) -> None:
    hana = added(service, clock, "Hana", 0, "pricing_request")
    assert sections(service)[hana] is Section.WAITING
    clock.advance(minutes=1)
    service.snooze(hana, date(2026, 3, 3))
    assert hana not in sections(service)


def test_unsnooze_puts_the_lead_back(service: LeadService, clock: FakeClock) -> None:
    sam = added(service, clock, "Sam", 10, *WARM_SIGNALS)
    service.snooze(sam, date(2026, 3, 20))
    service.unsnooze(sam)
    assert sections(service)[sam] is Section.FOLLOW_UP
    with pytest.raises(ValidationError, match="is not snoozed"):
        service.unsnooze(sam)


def test_entries_come_in_the_seeds_priority_order(service: LeadService, clock: FakeClock) -> None:
    cold = added(service, clock, "Cole", 40)
    older_warm = added(service, clock, "Wade", 20, *WARM_SIGNALS)
    warm = added(service, clock, "Walt", 9, *WARM_SIGNALS)
    hot_answered = added(service, clock, "Hank", 3, "pricing_request", "email_sent")
    due = added(service, clock, "Dora", 1)
    service.set_next_step(due, "send the proposal", date(2026, 3, 1))
    due_today = added(service, clock, "Dave", 1)
    service.set_next_step(due_today, "call", date(2026, 3, 2))
    late_wait = added(service, clock, "Lena", 0)
    service.log_interaction(late_wait, "pricing_request", clock.current - timedelta(minutes=3))
    long_wait = added(service, clock, "Liam", 0)
    service.log_interaction(long_wait, "proposal_request", clock.current - timedelta(hours=2))

    order = [(e.contact_id, e.section) for e in service.today()]

    assert order == [
        (long_wait, Section.WAITING),
        (late_wait, Section.WAITING),
        (due, Section.DUE),
        (due_today, Section.DUE),
        (hot_answered, Section.FOLLOW_UP),
        (older_warm, Section.FOLLOW_UP),
        (warm, Section.FOLLOW_UP),
        (cold, Section.NURTURE),
    ]


def test_closed_leads_are_not_on_today(service: LeadService, clock: FakeClock) -> None:
    won = added(service, clock, "Win", 40)
    archived = added(service, clock, "Arch", 40)
    service.set_outcome(won, "won")
    service.archive_contact(archived)
    assert sections(service) == {}


def test_as_of_reads_the_list_of_another_moment(service: LeadService, clock: FakeClock) -> None:
    sam = added(service, clock, "Sam", 3, *WARM_SIGNALS, "email_sent")
    assert sam not in sections(service)
    later = [e.contact_id for e in service.today(clock.current + timedelta(days=5))]
    assert later == [sam]


def test_each_agenda_write_is_a_change_event(service: LeadService, clock: FakeClock) -> None:
    sam = added(service, clock, "Sam", 10, *WARM_SIGNALS)
    seen: list[str] = []
    service.subscribe(lambda event: seen.append(event.action) if isinstance(event, Change) else None)

    service.set_next_step(sam, "call", date(2026, 3, 4))
    service.clear_next_step(sam)
    service.snooze(sam, date(2026, 3, 4))
    service.unsnooze(sam)
    service.set_next_step(sam, "call", date(2026, 3, 4))
    service.complete_next_step(sam)

    assert seen == [
        "next step set",
        "next step cleared",
        "snoozed",
        "unsnoozed",
        "next step set",
        "next step done",
    ]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s, i: s.set_next_step(i, "   ", date(2026, 3, 4)), "needs a text"),
        (lambda s, i: s.set_next_step(i, "x" * 501, date(2026, 3, 4)), "at most 500"),
        (lambda s, i: s.snooze(i, date(2026, 3, 2)), "a day after today"),
        (lambda s, i: s.complete_next_step(i), "has no next step"),
        (lambda s, i: s.clear_next_step(i), "has no next step"),
    ],
)
def test_bad_agenda_input_is_refused_and_writes_nothing(
    service: LeadService, clock: FakeClock, call: object, message: str
) -> None:
    sam = added(service, clock, "Sam", 10, *WARM_SIGNALS)
    before = service.store.conn.execute("SELECT count(*) FROM next_steps").fetchone()[0]
    with pytest.raises(ValidationError, match=message):
        call(service, sam)  # type: ignore[operator]
    assert service.store.conn.execute("SELECT count(*) FROM next_steps").fetchone()[0] == before
    assert service.store.conn.execute("SELECT count(*) FROM snoozes").fetchone()[0] == 0


def test_an_unknown_lead_is_named(service: LeadService) -> None:
    with pytest.raises(NotFoundError):
        service.set_next_step(99, "call", date(2026, 3, 4))
    with pytest.raises(NotFoundError):
        service.snooze(99, date(2026, 3, 4))
