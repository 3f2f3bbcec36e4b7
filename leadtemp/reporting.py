"""A book's report as of a moment: each lead's log and outcomes from the store, replayed by the
scorer, summed up by ``leadtemp.reports``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import NamedTuple

from leadtemp.bulk import collection_paused
from leadtemp.clock import from_timestamp, to_timestamp
from leadtemp.model import Contact, Outcome
from leadtemp.reports.calibration import calibration_of
from leadtemp.reports.forecast import assumptions_from, forecast_of
from leadtemp.reports.journey import Journey, Replayer
from leadtemp.reports.report import SECONDS_PER_WEEK, Report, build_report, week_ends
from leadtemp.reports.signals import signals_of
from leadtemp.scoring.decay import Scorer, compute_fit
from leadtemp.store.history import coded_logs_until, contact_rows_until, outcomes_until
from leadtemp.store.store import Store

#: Without ``--since`` the weekly funnel shows this many weeks.
DEFAULT_FUNNEL_WEEKS = 12


class Lead(NamedTuple):
    """What a report needs of a contact besides its log and outcomes."""

    name: str
    source: str
    fit: int
    #: When it was created (its history starts then, or at its first interaction if earlier).
    created: float
    archived: bool


def leads_until(store: Store, scorer: Scorer, as_of: float) -> dict[int, Lead]:
    """Every contact created by ``as_of`` (archived too), by id; each fit worked out once per
    distinct profile (hand-set fit, role, industry, size), as most leads share one with others."""
    fits: dict[tuple[int | None, str, str, int | None], int] = {}
    leads: dict[int, Lead] = {}
    for contact_id, name, source, archived, created, fit, role, industry, size in contact_rows_until(
        store, as_of
    ):
        profile = (fit, role, industry, size)
        value = fits.get(profile)
        if value is None:
            contact = Contact(contact_id, name, role=role, industry=industry, company_size=size, fit=fit)
            value = fits[profile] = compute_fit(contact, scorer.rules)
        # Through a datetime, as everywhere a contact's creation is read: to the microsecond.
        leads[contact_id] = Lead(name, source, value, to_timestamp(from_timestamp(created)), bool(archived))
    return leads


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
    leads = leads_until(store, scorer, as_of)
    # The last checkpoint is the report's end, where the forecast reads each open lead's temperature.
    weeks = week_ends(
        since if since is not None else as_of - DEFAULT_FUNNEL_WEEKS * SECONDS_PER_WEEK, as_of
    ) or (as_of,)
    with collection_paused():
        journeys = journeys_of(store, scorer, leads, as_of, since, weeks)
    changes = [
        change
        for change in store.rules_history()
        if since is None or to_timestamp(change.changed_at) >= since
    ]
    notes = ["judged under the rules in force today"]
    notes += [f"the rules changed on {change.changed_at:%Y-%m-%d} ({change.action})" for change in changes]
    sources = {contact_id: lead.source for contact_id, lead in leads.items()}
    report = build_report(
        journeys, sources, since=since, as_of=as_of, weeks=weeks, notes=tuple(notes), qualified=qualified
    )
    signals, closed = signals_of(journeys, rules)
    open_leads = [
        (journey.contact_id, leads[journey.contact_id].name, temperature)
        for journey in journeys
        if journey.outcome is Outcome.OPEN
        and not journey.archived
        and journey.at_checkpoints
        and (temperature := journey.at_checkpoints[-1]) is not None
    ]
    forecast = forecast_of(
        ((cid, temperature) for cid, _, temperature in open_leads),
        assumptions_from(report.conversion, report.time_to_close),
    )
    return replace(
        report,
        signals=signals,
        closed_deals=closed,
        calibration=calibration_of(journeys, rules.warm_min, rules.hot_min),
        forecast=forecast,
        names={cid: name for cid, name, _ in open_leads},
    )


def journeys_of(
    store: Store,
    scorer: Scorer,
    leads: Mapping[int, Lead],
    as_of: float,
    since: float | None,
    weeks: tuple[float, ...],
) -> list[Journey]:
    """Each lead's journey from its log up to ``as_of``, less those closed before ``since`` (an
    open lead's without its highest score and kinds: the report reads those of closed deals only);
    with the cycle collector paused, as the replay builds a tuple per interaction and frees none."""
    outcomes = outcomes_until(store, as_of)
    replayer = Replayer(scorer, store.logged_kinds())
    logs = dict(coded_logs_until(store, as_of, replayer.kind_codes(), replayer.beyond))
    journeys: list[Journey] = []
    for contact_id, lead in leads.items():
        journey = replayer.replay_coded(
            contact_id,
            lead.fit,
            logs.get(contact_id, []),
            outcomes.get(contact_id, []),
            lead.created,
            () if lead.archived else weeks,
            closed_details=True,
        )
        if lead.archived and journey.outcome is Outcome.OPEN:
            journey = replace(journey, archived=True)
        if since is not None and journey.closed_at is not None and journey.closed_at < since:
            continue
        journeys.append(journey)
    return journeys
