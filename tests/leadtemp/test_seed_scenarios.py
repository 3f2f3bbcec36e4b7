"""Lead histories taken from the seeds' definitions of cold, warm and hot leads.

``../shared/seeds/lead-temperature-guide.txt``: cold leads have had no (meaningful) interaction;
warm leads have visited the website several times, downloaded content, subscribed to the
newsletter, engaged on social media, attended a webinar or event, or were referred; hot leads
request pricing, book demos, ask about implementation, discuss budget or express urgency, after
such engagement ("multiple engagements"). Hot leads run on a 2-4 week cycle, so the same buying
signals months later no longer make a lead hot; a "not interested" cools a lead.

The default fit (nothing known about the contact) is used unless a scenario says otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import pytest

from leadtemp.model import Temperature
from leadtemp.service import LeadService
from tests.conftest import FakeClock

History = Sequence[tuple[str, float]]

#: Journeys the guide describes as warm, each a mix of its warm behaviours over the last weeks.
WARM_JOURNEYS: dict[str, History] = {
    "return visitor who downloads and subscribes": [
        ("website_visit", 20),
        ("website_visit", 12),
        ("website_visit", 6),
        ("content_download", 6),
        ("newsletter_signup", 5),
        ("email_open", 4),
        ("email_click", 4),
        ("email_open", 1),
    ],
    "social follower who reads the newsletter": [
        ("social_follow", 25),
        ("social_engagement", 18),
        ("social_engagement", 9),
        ("website_visit", 9),
        ("newsletter_signup", 9),
        ("social_engagement", 2),
        ("email_open", 2),
    ],
    "webinar attendee": [
        ("website_visit", 16),
        ("content_download", 16),
        ("webinar_attended", 10),
        ("email_open", 8),
        ("website_visit", 3),
    ],
    "referral": [
        ("referral", 14),
        ("website_visit", 13),
        ("email_reply", 12),
        ("website_visit", 5),
    ],
    "met at an event": [
        ("event_attended", 21),
        ("email_open", 19),
        ("website_visit", 19),
        ("content_download", 7),
        ("website_visit", 3),
    ],
}

#: What the guide calls clear purchase intent (hot leads' buying signals).
BUYING_SIGNALS = (
    "pricing_request",
    "demo_booked",
    "proposal_request",
    "implementation_question",
    "budget_discussion",
    "urgency_expressed",
    "contact_form",
)


def lead(service: LeadService, clock: FakeClock, history: History, **fields: object) -> int:
    """A contact whose log is ``history`` as (kind, days ago) pairs."""
    contact_id = service.add_contact("Dana Lee", **fields).contact_id
    for kind, days_ago in history:
        service.log_interaction(contact_id, kind, clock.current - timedelta(days=days_ago))
    return contact_id


def temperature(service: LeadService, contact_id: int) -> Temperature:
    card = service.card(contact_id)
    assert card.temperature is card.computed_temperature
    return card.temperature


@pytest.mark.parametrize("fit", [None, 0, 10])
def test_a_lead_with_no_interaction_is_cold_whatever_the_fit(
    service: LeadService, clock: FakeClock, fit: int | None
) -> None:
    contact_id = lead(service, clock, [], fit=fit)
    assert temperature(service, contact_id) is Temperature.COLD


def test_a_single_touch_does_not_make_a_lead_warm(service: LeadService, clock: FakeClock) -> None:
    """A single visit is not "visited your website multiple times"; one open or follow is not yet
    "engaged with your content" (a download is: see the warm signals below)."""
    for kind in ("website_visit", "email_open", "social_follow"):
        contact_id = lead(service, clock, [(kind, 1)])
        assert temperature(service, contact_id) is Temperature.COLD, kind


@pytest.mark.parametrize("journey", sorted(WARM_JOURNEYS))
def test_warm_behaviours_make_a_lead_warm(service: LeadService, clock: FakeClock, journey: str) -> None:
    contact_id = lead(service, clock, WARM_JOURNEYS[journey])
    assert temperature(service, contact_id) is Temperature.WARM


@pytest.mark.parametrize("signal", BUYING_SIGNALS)
@pytest.mark.parametrize("journey", ["return visitor who downloads and subscribes", "referral"])
def test_a_buying_signal_after_engagement_makes_a_lead_hot(
    service: LeadService, clock: FakeClock, signal: str, journey: str
) -> None:
    contact_id = lead(service, clock, [*WARM_JOURNEYS[journey], (signal, 0.5)])
    assert temperature(service, contact_id) is Temperature.HOT


@pytest.mark.parametrize("signal", ["inquiry", "stakeholder_joined", "competitor_comparison"])
def test_two_supporting_buying_signals_after_engagement_make_a_lead_hot(
    service: LeadService, clock: FakeClock, signal: str
) -> None:
    history = [*WARM_JOURNEYS["webinar attendee"], ("inquiry", 3), (signal, 1)]
    contact_id = lead(service, clock, history)
    assert temperature(service, contact_id) is Temperature.HOT


def test_an_engaged_warm_lead_is_warm_before_its_buying_signal_and_hot_after(
    service: LeadService, clock: FakeClock
) -> None:
    contact_id = lead(service, clock, WARM_JOURNEYS["webinar attendee"])
    assert temperature(service, contact_id) is Temperature.WARM
    change = service.log_interaction(contact_id, "demo_booked")
    assert (change.old_temperature, change.new_temperature) == (Temperature.WARM, Temperature.HOT)
    assert change.reason == "warm -> hot: demo_booked"


@pytest.mark.parametrize("signal", BUYING_SIGNALS)
def test_the_same_buying_signals_months_ago_no_longer_make_a_lead_hot(
    service: LeadService, clock: FakeClock, signal: str
) -> None:
    journey = WARM_JOURNEYS["return visitor who downloads and subscribes"]
    contact_id = lead(service, clock, [*journey, (signal, 0.5)])
    assert temperature(service, contact_id) is Temperature.HOT
    for months in (2, 3):
        as_of = clock.current + timedelta(days=30 * months)
        card = service.card(contact_id, as_of)
        assert card.temperature is not Temperature.HOT, (signal, months)


def test_a_hot_lead_stays_hot_through_its_sales_cycle_then_cools_without_new_signals(
    service: LeadService, clock: FakeClock
) -> None:
    history = [
        *WARM_JOURNEYS["webinar attendee"],
        ("pricing_request", 2),
        ("demo_booked", 1),
        ("implementation_question", 0),
    ]
    contact_id = lead(service, clock, history)
    start = clock.current
    # The seeds give hot leads a 2-4 week cycle: still hot a week on, not after four weeks.
    assert service.card(contact_id, start).temperature is Temperature.HOT
    assert service.card(contact_id, start + timedelta(days=7)).temperature is Temperature.HOT
    assert service.card(contact_id, start + timedelta(days=28)).temperature is not Temperature.HOT


def test_a_warm_lead_goes_cold_when_it_stops_engaging_for_months(
    service: LeadService, clock: FakeClock
) -> None:
    contact_id = lead(service, clock, WARM_JOURNEYS["webinar attendee"])
    assert temperature(service, contact_id) is Temperature.WARM
    assert service.card(contact_id, clock.current + timedelta(days=90)).temperature is Temperature.COLD


def test_not_interested_cools_a_warm_lead(service: LeadService, clock: FakeClock) -> None:
    contact_id = lead(service, clock, WARM_JOURNEYS["referral"])
    before = service.card(contact_id)
    assert before.temperature is Temperature.WARM
    change = service.log_interaction(contact_id, "not_interested")
    assert change.new_temperature is Temperature.COLD
    assert change.score is not None and change.score < before.score


def test_not_interested_takes_a_hot_lead_off_the_hot_column(service: LeadService, clock: FakeClock) -> None:
    contact_id = lead(service, clock, [*WARM_JOURNEYS["webinar attendee"], ("pricing_request", 0)])
    assert temperature(service, contact_id) is Temperature.HOT
    service.log_interaction(contact_id, "not_interested")
    assert temperature(service, contact_id) is not Temperature.HOT


def test_unsubscribing_and_bounces_lower_the_points(service: LeadService, clock: FakeClock) -> None:
    """They lower engagement; the lead's warm signals still make it warm."""
    contact_id = lead(service, clock, WARM_JOURNEYS["return visitor who downloads and subscribes"])
    points = service.score(contact_id).breakdown["negative"]
    for kind in ("unsubscribed", "email_bounced"):
        service.log_interaction(contact_id, kind)
        lower = service.score(contact_id).breakdown["negative"]
        assert lower < points, kind
        points = lower
    assert temperature(service, contact_id) is Temperature.WARM


def test_the_users_own_outreach_does_not_warm_a_lead(service: LeadService, clock: FakeClock) -> None:
    history = [(kind, 1) for kind in ("email_sent", "call_made", "message_sent", "meeting_held") * 3]
    contact_id = lead(service, clock, history)
    card = service.card(contact_id)
    assert card.temperature is Temperature.COLD
    assert card.score == service.card(lead(service, clock, [])).score


def test_an_ideal_client_warms_faster_than_a_poor_fit(service: LeadService, clock: FakeClock) -> None:
    history = [("website_visit", 3), ("email_reply", 2), ("social_engagement", 1)]
    ideal = service.score(lead(service, clock, history, fit=10))
    poor = service.score(lead(service, clock, history, fit=0))
    assert (ideal.score - ideal.breakdown["rule"]) - (poor.score - poor.breakdown["rule"]) == 10
