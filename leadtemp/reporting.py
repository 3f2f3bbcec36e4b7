"""A book's report as of a moment: each lead's log and outcomes from the store, replayed by the
scorer, summed up by ``leadtemp.reports``."""

from __future__ import annotations

from dataclasses import replace

from leadtemp.bulk import collection_paused
from leadtemp.clock import to_timestamp
from leadtemp.model import Contact, Outcome
from leadtemp.reports.calibration import calibration_of
from leadtemp.reports.forecast import assumptions_from, forecast_of
from leadtemp.reports.journey import Journey, Replayer
from leadtemp.reports.report import SECONDS_PER_WEEK, Report, build_report, week_ends
from leadtemp.reports.signals import signals_of
from leadtemp.scoring.decay import Scorer, compute_fit
from leadtemp.store.history import coded_logs_until, outcomes_until, report_contacts
from leadtemp.store.store import Store

#: Without ``--since`` the weekly funnel shows this many weeks.
DEFAULT_FUNNEL_WEEKS = 12


def book_report(
    store: Store,
    scorer: Scorer,
    *,
    since: float | None,
    as_of: float,
    qualified: frozenset[int] = frozenset(),
) -> Report:
    """``qualified``: the leads qualified by ``as_of``. The forecast is about the leads open and
    on the board at ``as_of``, at the temperature the replay finds them in then."""
    rules = scorer.rules
    contacts = {contact.id: contact for contact in report_contacts(store, as_of)}
    # The last checkpoint is the report's end, where the forecast reads each open lead's temperature.
    weeks = week_ends(
        since if since is not None else as_of - DEFAULT_FUNNEL_WEEKS * SECONDS_PER_WEEK, as_of
    ) or (as_of,)
    with collection_paused():
        journeys = journeys_of(store, scorer, contacts, as_of, since, weeks)
    changes = [
        change
        for change in store.rules_history()
        if since is None or to_timestamp(change.changed_at) >= since
    ]
    notes = ["judged under the rules in force today"]
    notes += [f"the rules changed on {change.changed_at:%Y-%m-%d} ({change.action})" for change in changes]
    sources = {contact_id: contact.source for contact_id, contact in contacts.items()}
    report = build_report(
        journeys, sources, since=since, as_of=as_of, weeks=weeks, notes=tuple(notes), qualified=qualified
    )
    signals, closed = signals_of(journeys, rules)
    leads = [
        (journey.contact_id, contacts[journey.contact_id].name, temperature)
        for journey in journeys
        if journey.outcome is Outcome.OPEN
        and not journey.archived
        and journey.at_checkpoints
        and (temperature := journey.at_checkpoints[-1]) is not None
    ]
    forecast = forecast_of(
        ((cid, temperature) for cid, _, temperature in leads),
        assumptions_from(report.conversion, report.time_to_close),
    )
    return replace(
        report,
        signals=signals,
        closed_deals=closed,
        calibration=calibration_of(journeys, rules.warm_min, rules.hot_min),
        forecast=forecast,
        names={cid: name for cid, name, _ in leads},
    )


def journeys_of(
    store: Store,
    scorer: Scorer,
    contacts: dict[int, Contact],
    as_of: float,
    since: float | None,
    weeks: tuple[float, ...],
) -> list[Journey]:
    """Each lead's journey from its log up to ``as_of``, less those closed before ``since`` (an
    open lead's without its highest score and kinds: the report reads those of closed deals only);
    with the cycle collector paused, as the replay builds a tuple per interaction and frees none."""
    rules = scorer.rules
    outcomes = outcomes_until(store, as_of)
    replayer = Replayer(scorer, store.logged_kinds())
    logs = dict(coded_logs_until(store, as_of, replayer.kind_codes(), replayer.beyond))
    journeys: list[Journey] = []
    for contact_id, contact in contacts.items():
        start = to_timestamp(contact.created_at) if contact.created_at is not None else as_of
        journey = replayer.replay_coded(
            contact_id,
            compute_fit(contact, rules),
            logs.get(contact_id, []),
            outcomes.get(contact_id, []),
            start,
            () if contact.archived else weeks,
            closed_details=True,
        )
        if contact.archived and journey.outcome is Outcome.OPEN:
            journey = replace(journey, archived=True)
        if since is not None and journey.closed_at is not None and journey.closed_at < since:
            continue
        journeys.append(journey)
    return journeys
