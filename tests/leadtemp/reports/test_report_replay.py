"""The report's replay of a whole book (the log read by kind number, each day's repeats ranked by
the database, judgements skipped where nothing can rise) finds what scoring each lead afresh at
every moment of its history finds."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leadtemp import clock
from leadtemp.model import Outcome, Temperature
from leadtemp.reporting import journeys_of, leads_until
from leadtemp.reports.journey import Journey, replay
from leadtemp.reports.report import SECONDS_PER_WEEK, week_ends
from leadtemp.scoring.decay import Scorer, compute_fit
from leadtemp.scoring.rules import Rules
from leadtemp.scoring.state import row_sums, state_from_log, state_to_row
from leadtemp.service import LeadService
from tests.conftest import FakeClock

START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
DAY = 86400
RANK = {Temperature.COLD: 0, Temperature.WARM: 1, Temperature.HOT: 2}
#: Kinds of every category, several with a daily limit, so same-day repeats and negatives occur.
KINDS = [
    "email_open",
    "website_visit",
    "pricing_page_visit",
    "webinar_attended",
    "referral",
    "pricing_request",
    "demo_booked",
    "email_sent",
    "call_made",
    "email_bounced",
    "not_interested",
]
#: (kind, day, second of the day, note), in the order logged: not time order, so backdated
#: interactions rank among the earlier ones of their day.
interactions = st.lists(
    st.tuples(
        st.sampled_from(KINDS),
        st.integers(min_value=0, max_value=120),
        st.integers(min_value=0, max_value=DAY - 1),
    ),
    max_size=30,
)
leads = st.lists(
    st.tuples(
        interactions,
        st.integers(min_value=0, max_value=10),
        st.one_of(st.none(), st.tuples(st.sampled_from([Outcome.WON, Outcome.LOST]), st.integers(1, 130))),
    ),
    min_size=1,
    max_size=4,
)
RULES = [Rules(), Rules(hysteresis_points=0, warm_min=20, hot_min=40), Rules(warm_signal_points=20)]


def _expected(
    contact_id: int,
    fit: int,
    logged: list[tuple[str, float]],
    closed: tuple[Outcome, float] | None,
    start: float,
    weeks: tuple[float, ...],
    scorer: Scorer,
) -> Journey:
    """The journey judged the straightforward way: the lead's state folded afresh from its log up
    to each interaction (in time order, the same second in the order logged) and each checkpoint."""
    rules = scorer.rules
    ordered = [entry for _, entry in sorted(enumerate(logged), key=lambda item: (item[1][1], item[0]))]
    end = closed[1] if closed is not None else float("inf")
    history = [entry for entry in ordered if entry[1] <= end]
    born = min([start, *(at for _, at in ordered[:1])])
    highest, first = Temperature.COLD, {Temperature.COLD: born}
    peak = scorer.judge.verdict(fit, born, row_sums(state_to_row(state_from_log([], rules))))[0]
    for index, (_, at) in enumerate(history):
        state = state_from_log(history[: index + 1], rules)
        score, _, temperature, _ = scorer.judge.verdict(fit, at, row_sums(state_to_row(state)))
        peak = max(peak, score)
        for step in Temperature:
            if RANK[step] <= RANK[temperature] and step not in first:
                first[step] = at
        if RANK[temperature] > RANK[highest]:
            highest = temperature
    catalogue = rules.catalogue
    signal = next((i for i, (kind, _) in enumerate(history) if catalogue.get(kind).is_buying_signal), None)
    buying = history[signal][1] if signal is not None else None
    answered = None
    if signal is not None:
        answered = next((at for kind, at in history[signal + 1 :] if catalogue.get(kind).is_outreach), None)
    marks = tuple(
        None
        if moment < born or (closed is not None and moment >= closed[1])
        else scorer.judge.verdict(
            fit, moment, row_sums(state_to_row(state_from_log([e for e in history if e[1] <= moment], rules)))
        )[2]
        for moment in weeks
    )
    return Journey(
        contact_id,
        highest,
        first,
        closed[0] if closed is not None else Outcome.OPEN,
        closed[1] if closed is not None else None,
        buying,
        answered,
        marks,
        frozenset(kind for kind, _ in history) if closed is not None else frozenset(),
        peak if closed is not None else None,
    )


@settings(max_examples=40, deadline=None)
@given(book=leads, rules=st.sampled_from(RULES))
def test_the_reports_replay_of_a_book_equals_scoring_every_moment_afresh(
    book: list[tuple[list[tuple[str, int, int]], int, tuple[Outcome, int] | None]], rules: Rules
) -> None:
    scorer = Scorer(rules)
    now = START.timestamp() + 140 * DAY
    with tempfile.TemporaryDirectory() as folder:
        service = LeadService.open(Path(folder) / "book.db", now=lambda: clock.from_timestamp(now))
        try:
            store = service.store
            start = START.timestamp()
            expected: list[Journey] = []
            with store.transaction():
                for number, (logged, fit, closed) in enumerate(book):
                    contact_id = store.insert_contact({"name": f"Lead {number}", "fit": fit}, start)
                    log = [(kind, float(start + day * DAY + second)) for kind, day, second in logged]
                    for position, (kind, at) in enumerate(log):
                        store.insert_interaction(contact_id, kind, at, str(position), start)
                    outcome = None
                    if closed is not None:
                        outcome = (closed[0], float(start + closed[1] * DAY))
                        store.update_contact(contact_id, {"outcome": closed[0].value}, outcome[1])
                        store.record_outcome(contact_id, closed[0], outcome[1])
                    weeks = week_ends(now - 12 * SECONDS_PER_WEEK, now)
                    expected.append(_expected(contact_id, fit, log, outcome, start, weeks, scorer))
            journeys = journeys_of(store, scorer, leads_until(store, scorer, now), now, None, weeks)
        finally:
            service.close()
    assert journeys == expected


@pytest.mark.both_backends
def test_either_database_hands_the_replay_the_log_it_holds(service: LeadService, clock: FakeClock) -> None:
    """Opens repeated within a day (one counts), a backdated visit and a pricing request: the
    journey read from the database by kind number equals the replay of the lead's log by name."""
    contact_id = service.add_contact("Repeats").contact_id
    start = clock()
    clock.advance(days=30)
    times = [start + timedelta(days=1, hours=hour) for hour in (1, 2, 3)]
    for when in times:
        service.log_interaction(contact_id, "email_open", when)
    service.log_interaction(contact_id, "pricing_request", start + timedelta(days=2))
    service.log_interaction(contact_id, "website_visit", start + timedelta(days=1))
    service.log_interaction(contact_id, "email_sent", start + timedelta(days=2, minutes=4))
    store, scorer = service.store, service.scorer
    now = clock().timestamp()
    contacts = {contact.id: contact for contact in store.contacts(include_archived=True)}
    weeks = week_ends(now - 12 * SECONDS_PER_WEEK, now)
    [journey] = journeys_of(store, scorer, leads_until(store, scorer, now), now, None, weeks)
    log = [
        (i.kind, i.occurred_at.timestamp())
        for i in sorted(service.interactions(contact_id), key=lambda i: (i.occurred_at, i.id))
    ]
    created = contacts[contact_id].created_at
    assert created is not None
    fit = compute_fit(contacts[contact_id], service.rules)
    expected = replay(contact_id, fit, log, [], scorer, created.timestamp(), weeks)
    assert journey == replace(expected, kinds=frozenset(), peak_score=None)
    assert journey.highest is Temperature.HOT
    assert journey.answered_at is not None and journey.first_buying_signal is not None
    assert journey.answered_at - journey.first_buying_signal == 240


def test_the_log_is_read_naming_the_kinds_the_book_logs_most_first(
    service: LeadService, clock: FakeClock
) -> None:
    """A book of visits and calls: SQLite is asked about those two kinds before any other, and
    each row still gets its own kind's code."""
    from leadtemp.store.history import coded_logs_until

    contact_id = service.add_contact("Busy").contact_id
    start = clock()
    clock.advance(days=10)
    for day in range(5):
        service.log_interaction(contact_id, "website_visit", start + timedelta(days=day))
        service.log_interaction(contact_id, "call_made", start + timedelta(days=day, hours=1))
    service.log_interaction(contact_id, "pricing_request", start + timedelta(days=6))
    kind_codes = [
        ("pricing_request", 0, 0),
        ("email_open", 1, 1),
        ("call_made", 2, 0),
        ("website_visit", 3, 1),
    ]
    conn = service.store.conn
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    try:
        logs = dict(coded_logs_until(service.store, clock().timestamp(), kind_codes, 4))
    finally:
        conn.set_trace_callback(None)
    named = statements[-1].split("CASE kind ", 1)[1]
    first_two = named.index("THEN 2 ") < named.index("THEN 0 ") and named.index("THEN 3 ") < named.index(
        "THEN 0 "
    )
    assert first_two and named.index("THEN 0 ") < named.index("THEN 1 ")
    assert [code for _, code, _ in logs[contact_id]] == [3, 2] * 5 + [0]


@pytest.mark.both_backends
def test_a_lead_hot_early_keeps_its_checkpoints_and_answer_and_a_won_one_its_peak(
    service: LeadService, clock: FakeClock
) -> None:
    """Two leads hot from a pricing request on their first day, answered only after that, then a
    "not interested", visits and a burst of signals that scores higher than the first day; one
    stays open into the report's last weeks, the other is won. Past the moment an open lead is
    hot the replay only keeps its sums and response clock, a closed one is still judged: every
    checkpoint, the answer, and the won lead's highest score (reached after it was hot) and kinds
    are what scoring afresh at every moment finds."""
    scorer, store = service.scorer, service.store
    start = clock()
    ids = [service.add_contact(name).contact_id for name in ("Open", "Won")]
    clock.advance(days=140)
    events = [
        ("pricing_request", 0, 600),
        ("email_sent", 3, 0),
        ("not_interested", 40, 0),
        ("website_visit", 41, 0),
        ("website_visit", 90, 0),
        ("demo_booked", 100, 0),
        ("proposal_request", 100, 60),
        ("webinar_attended", 100, 120),
        ("pricing_page_visit", 100, 180),
        ("email_reply", 100, 240),
        ("email_open", 120, 0),
    ]
    books: dict[int, tuple[list[tuple[str, float]], tuple[Outcome, float] | None]] = {}
    for contact_id in ids:
        log = [(kind, start + timedelta(days=day, seconds=second)) for kind, day, second in events]
        for kind, at in log:
            service.log_interaction(contact_id, kind, at)
        books[contact_id] = ([(kind, at.timestamp()) for kind, at in log], None)
    won_at = start + timedelta(days=110)
    service.set_outcome(ids[1], Outcome.WON, on=won_at)
    books[ids[1]] = (books[ids[1]][0], (Outcome.WON, won_at.timestamp()))
    now = clock().timestamp()
    contacts = {contact.id: contact for contact in store.contacts(include_archived=True)}
    weeks = week_ends(now - 12 * SECONDS_PER_WEEK, now)
    journeys = journeys_of(store, scorer, leads_until(store, scorer, now), now, None, weeks)
    expected = [
        _expected(
            contact_id,
            compute_fit(contacts[contact_id], service.rules),
            log,
            closed,
            start.timestamp(),
            weeks,
            scorer,
        )
        for contact_id, (log, closed) in books.items()
    ]
    assert journeys == expected
    opened, won = journeys
    assert opened.highest is Temperature.HOT and won.highest is Temperature.HOT
    assert opened.answered_at == books[opened.contact_id][0][1][1]
    assert len(set(opened.at_checkpoints)) > 1
    assert won.peak_score is not None and won.peak_score > service.rules.hot_min
