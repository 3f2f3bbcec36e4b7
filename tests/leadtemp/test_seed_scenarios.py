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

from leadtemp.errors import ValidationError
from leadtemp.model import Temperature
from leadtemp.scoring.decay import score_interactions
from leadtemp.scoring.rules import Rules
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
    kinds = ("email_sent", "call_made", "message_sent", "meeting_held") * 3
    history = [(kind, 1 + index / 24) for index, kind in enumerate(kinds)]
    contact_id = lead(service, clock, history)
    card = service.card(contact_id)
    assert card.temperature is Temperature.COLD
    assert card.score == service.card(lead(service, clock, [])).score


def test_an_ideal_client_warms_faster_than_a_poor_fit(service: LeadService, clock: FakeClock) -> None:
    history = [("website_visit", 3), ("email_reply", 2), ("social_engagement", 1)]
    ideal = service.score(lead(service, clock, history, fit=10))
    poor = service.score(lead(service, clock, history, fit=0))
    assert (ideal.score - ideal.breakdown["rule"]) - (poor.score - poor.breakdown["rule"]) == 10


# The classes of issue 14, each from the seeds' own words --------------------------------------


def verdict(service: LeadService, contact_id: int, days_on: float = 0) -> tuple[Temperature, str, int]:
    """(temperature, the rule that set it, score) ``days_on`` days from now, card and panel agreeing."""
    as_of = service.now() + timedelta(days=days_on)
    card = service.card(contact_id, as_of)
    result = service.score(contact_id, as_of)
    assert (card.computed_temperature, card.score) == (result.temperature, result.score)
    assert sum(result.breakdown.values()) == result.score
    return card.computed_temperature, result.rule, result.score


@pytest.mark.parametrize("signal", [*BUYING_SIGNALS, "implementation_question"])
@pytest.mark.parametrize("fit", [0, 5])
def test_one_fresh_buying_signal_makes_any_lead_hot_and_starts_the_clock(
    service: LeadService, clock: FakeClock, signal: str, fit: int
) -> None:
    """ "Hot leads are ready to buy, having demonstrated clear purchase intent through actions like
    requesting pricing, booking demos, or actively seeking information about implementation. They
    require immediate attention to convert." Whatever the fit: a poor fit asking for a price is hot."""
    contact_id = lead(service, clock, [(signal, 1)], fit=fit)
    temperature_now, rule, score = verdict(service, contact_id)
    assert temperature_now is Temperature.HOT
    assert score >= 71
    if fit == 0 and signal != "proposal_request":
        assert rule == "buying_signal_hot"
        reason = service.score(contact_id).reason
        assert reason.startswith(
            f"+{score - (fit + service.score(contact_id).breakdown['explicit_interest'])}:"
        )
    assert service.card(contact_id).waiting_since == clock.current - timedelta(days=1)


def test_several_buying_signals_in_a_week_are_hot_on_points_alone(
    service: LeadService, clock: FakeClock
) -> None:
    """ "These leads have shown strong buyer intent signals and are often looking to make decisions
    quickly": an inquiry, a demo booking, a proposal request and a budget discussion within six days."""
    history = [("inquiry", 6), ("demo_booked", 4), ("proposal_request", 2), ("budget_discussion", 0)]
    temperature_now, rule, score = verdict(service, lead(service, clock, history, fit=9))
    assert (temperature_now, rule) == (Temperature.HOT, "points")
    assert score >= 100


def test_a_direct_inquiry_is_warm_and_hot_when_it_asks_for_something_specific(
    service: LeadService, clock: FakeClock
) -> None:
    """ "Actively reached out requesting specific information about your offerings" is hot; a lead
    that wrote first is at least warm ("Leads that reach out proactively are typically far warmer")."""
    inquiry = lead(service, clock, [("inquiry", 1)], fit=0)
    assert verdict(service, inquiry)[:2] == (Temperature.WARM, "buying_signal_warm")
    specific = lead(service, clock, [("inquiry", 1), ("pricing_request", 1)], fit=0)
    assert verdict(service, specific)[0] is Temperature.HOT


WARM_ALONE: dict[str, History] = {
    "50 website visits in a week": [("website_visit", day / 7) for day in range(50)],
    "visits, downloads, the newsletter and the pricing page": [
        *[("website_visit", d) for d in (9, 8, 6, 5, 3, 1)],
        *[("content_download", d) for d in (8, 5, 2)],
        ("newsletter_signup", 7),
        *[("pricing_page_visit", d) for d in (4, 2, 1)],
    ],
    "referred by someone in your network": [("referral", 2)],
    "previously purchased from you": [("repeat_customer", 2)],
    "attended your webinar": [("webinar_attended", 2)],
    "subscribed to your newsletter": [("newsletter_signup", 2)],
    "downloaded your content": [("content_download", 2)],
    "visited your website multiple times": [("website_visit", 5), ("website_visit", 2)],
}


@pytest.mark.parametrize("name", sorted(WARM_ALONE))
@pytest.mark.parametrize("fit", [0, 10])
def test_each_warm_behaviour_alone_makes_a_lead_warm(
    service: LeadService, clock: FakeClock, name: str, fit: int
) -> None:
    """The guide's warm signals, each on its own: "They've visited your website multiple times",
    "Downloaded your content or resources", "Subscribed to your newsletter", "Attended your webinar
    or event", "Been referred by someone in your network", "Previously purchased from you"."""
    assert verdict(service, lead(service, clock, WARM_ALONE[name], fit=fit))[0] is Temperature.WARM


@pytest.mark.parametrize("kind", ["email_open", "social_follow", "website_visit", "social_engagement"])
def test_a_pile_up_of_low_value_signals_is_warm_never_hot(
    service: LeadService, clock: FakeClock, kind: str
) -> None:
    """Engagement is "some interest", not purchase intent: 50 opens are at most warm, and the
    contributions say what diminishing returns took away: the repeats of a day, then the cap."""
    contact_id = lead(service, clock, [(kind, i / 10) for i in range(50)], fit=10)
    assert verdict(service, contact_id)[0] is Temperature.WARM
    result = service.score(contact_id)
    shown = sum(c.points for c in result.contributions) + sum(a.points for a in result.adjustments)
    assert round(shown, 2) == result.score
    assert any("daily limit" in a.reason and a.points < 0 for a in result.adjustments)
    spread = lead(service, clock, [(kind, days) for days in range(50)], fit=10)
    assert verdict(service, spread)[0] is Temperature.WARM
    assert any("cap" in a.reason and a.points < 0 for a in service.score(spread).adjustments)


def test_fifty_opens_in_a_day_count_as_one_open(service: LeadService, clock: FakeClock) -> None:
    """Diminishing returns per kind, as Marketo scores one activity per day: the 49 opens after
    the first on the same day add nothing, as logged or as rebuilt, and the panel says why."""
    contact_id = lead(service, clock, [("email_open", 0)], fit=5)
    once = service.card(contact_id).score
    for _ in range(48):
        clock.advance(minutes=1)
        service.log_interaction(contact_id, "email_open")
        assert service.card(contact_id).score == once
    service.log_interaction(contact_id, "email_open", clock.current - timedelta(hours=2))
    assert service.card(contact_id).score == once
    result = service.score(contact_id)
    assert result.score == once
    (limit,) = [a for a in result.adjustments if "daily limit" in a.reason]
    assert (limit.key, limit.reason) == (
        "engagement",
        "the daily limit of 1 per kind (diminishing returns): "
        "Email opened x50: 49 repeats on the same day not counted",
    )
    shown = sum(c.points for c in result.contributions) + sum(a.points for a in result.adjustments)
    assert round(shown, 2) == result.score
    clock.advance(days=1)
    service.log_interaction(contact_id, "email_open")
    assert service.card(contact_id).score > once


def test_a_cap_names_the_pile_up_it_holds_back(service: LeadService, clock: FakeClock) -> None:
    """50 opens and 30 social follows, one a day: each category's cap says which kinds, and how
    many of each, it took points away from, so the panel and ``show --json`` say what it cost."""
    history = [("email_open", days) for days in range(50)] + [("email_click", 1), ("email_click", 2)]
    history += [("social_follow", days) for days in range(30)]
    contact_id = lead(service, clock, history, fit=10)
    result = service.score(contact_id)
    assert result.temperature is Temperature.WARM
    reasons = {a.key: a.reason for a in result.adjustments if a.points < 0}
    assert reasons["engagement"] == (
        "the engagement cap of 20 (diminishing returns) takes away what Email opened x50, "
        "Email link clicked x2 add beyond it"
    )
    assert reasons["behavioral"].endswith("takes away what Social follow x30 add beyond it")
    shown = sum(c.points for c in result.contributions) + sum(a.points for a in result.adjustments)
    assert round(shown, 2) == result.score


def test_a_fresh_not_interested_makes_a_lead_cold_until_a_new_buying_signal(
    service: LeadService, clock: FakeClock
) -> None:
    """ "Cold leads ... haven't explicitly expressed interest": a lead who says no is cold, even after
    a three-week warm journey and a pricing request; asking for a demo after it makes it hot again."""
    history = [*WARM_JOURNEYS["return visitor who downloads and subscribes"], ("pricing_request", 0)]
    contact_id = lead(service, clock, history, fit=9)
    service.log_interaction(contact_id, "not_interested")
    assert verdict(service, contact_id)[:2] == (Temperature.COLD, "not_interested")
    assert verdict(service, contact_id, days_on=30)[0] is Temperature.COLD
    clock.advance(days=30)
    service.log_interaction(contact_id, "demo_booked")
    service.log_interaction(contact_id, "proposal_request")
    assert verdict(service, contact_id)[0] is Temperature.HOT


@pytest.mark.parametrize("negative", ["unsubscribed", "email_bounced"])
def test_an_unsubscribe_or_a_bounce_does_not_undo_a_fresh_pricing_request(
    service: LeadService, clock: FakeClock, negative: str
) -> None:
    contact_id = lead(service, clock, [("pricing_request", 1), (negative, 0)])
    assert verdict(service, contact_id)[0] is Temperature.HOT


@pytest.mark.parametrize("worked", [False, True])
def test_a_buying_signal_keeps_a_lead_hot_two_weeks_warm_three_months_then_cold(
    service: LeadService, clock: FakeClock, worked: bool
) -> None:
    """ "The sales cycle for hot leads is dramatically shorter (often just 2-4 weeks ...)"; warm
    leads run 1-3 months. Outreach on a hot lead (working it) does not cool it faster."""
    history: list[tuple[str, float]] = [("website_visit", 10), ("website_visit", 8), ("pricing_request", 0)]
    if worked:
        history += [("email_sent", 0), ("call_made", 0)]
    contact_id = lead(service, clock, history, fit=2)
    assert [verdict(service, contact_id, days)[0] for days in (0, 3, 7, 13)] == [Temperature.HOT] * 4
    assert [verdict(service, contact_id, days)[0] for days in (20, 45, 85)] == [Temperature.WARM] * 3
    assert verdict(service, contact_id, 100)[0] is Temperature.COLD


def test_a_lead_slipping_under_a_threshold_from_decay_is_held_until_five_points_below(
    service: LeadService, clock: FakeClock
) -> None:
    """No flipping back and forth across 71 as points fade: held hot down to 66, then warm."""
    contact_id = lead(
        service, clock, [("demo_booked", 0), ("proposal_request", 0), ("pricing_request", 0)], fit=10
    )
    seen: list[tuple[int, Temperature, str]] = []
    for hours in range(15 * 24, 30 * 24, 6):
        temperature_then, rule, score = verdict(service, contact_id, hours / 24)
        seen.append((score, temperature_then, rule))
    held = [entry for entry in seen if entry[2] == "held"]
    assert held and all(66 <= score < 71 and t is Temperature.HOT for score, t, _ in held)
    assert all(t is Temperature.WARM for score, t, _ in seen if score < 66)
    service.update_settings(Rules(hysteresis_points=0))
    for hours in range(15 * 24, 30 * 24, 6):
        temperature_then, _, score = verdict(service, contact_id, hours / 24)
        assert temperature_then is (Temperature.HOT if score >= 71 else Temperature.WARM)


def test_the_trend_reads_the_signal_rate_not_the_capped_score(service: LeadService, clock: FakeClock) -> None:
    """ "Activity timeline: Is their engagement accelerating or slowing down?" A lead whose activity
    stopped two weeks ago is slowing although its capped score has barely moved."""
    stopped = lead(service, clock, [("email_open", 15 + i / 10) for i in range(50)])
    assert service.card(stopped).trend == -1
    busier = lead(service, clock, [("website_visit", 20), ("website_visit", 3), ("content_download", 1)])
    assert service.card(busier).trend == 1
    steady = lead(service, clock, [("website_visit", 20), ("website_visit", 3)])
    assert service.card(steady).trend == 0


def test_an_exact_duplicate_logged_by_hand_is_refused(service: LeadService, clock: FakeClock) -> None:
    """The same interaction logged twice in the same second is one signal, not two (46 -> 71)."""
    contact_id = lead(service, clock, [])
    service.log_interaction(contact_id, "pricing_request", note="asked for a quote")
    with pytest.raises(ValidationError, match="already has this pricing_request"):
        service.log_interaction(
            contact_id, "pricing_request", clock.current + timedelta(microseconds=500), "asked for a quote"
        )
    assert len(service.interactions(contact_id)) == 1
    service.log_interaction(contact_id, "pricing_request", note="and for a second site")
    service.log_interaction(
        contact_id, "pricing_request", clock.current - timedelta(seconds=1), "asked for a quote"
    )
    assert len(service.interactions(contact_id)) == 3


def test_a_date_in_the_future_is_refused(service: LeadService, clock: FakeClock) -> None:
    """A meeting planned for next week is logged when it happens; a clock a minute fast is fine."""
    contact_id = lead(service, clock, [])
    with pytest.raises(ValidationError, match="in the future"):
        service.log_interaction(contact_id, "demo_booked", clock.current + timedelta(days=7))
    assert service.interactions(contact_id) == []
    service.log_interaction(contact_id, "demo_booked", clock.current + timedelta(minutes=1))
    assert len(service.interactions(contact_id)) == 1


@pytest.mark.parametrize("fact", ["repeat_customer", "referral"])
def test_lasting_facts_keep_their_points_while_events_fade(
    service: LeadService, clock: FakeClock, fact: str
) -> None:
    """Warm leads have "previously purchased from you" or "been referred by someone in your
    network": facts about the lead, not events, so a year on they still count (on the far longer
    ``half_lives.lasting``) while a webinar of a year ago no longer does."""
    kept = service.score(lead(service, clock, [(fact, 365)])).breakdown["engagement"]
    faded = service.score(lead(service, clock, [("webinar_attended", 365)])).breakdown["engagement"]
    assert (kept, faded) == (12, 0)
    log = service.interactions(lead(service, clock, [(fact, 365)]))
    short = Rules(half_lives={**Rules().half_lives, "lasting": 45})
    assert score_interactions(log, 5, short, clock.current).breakdown["engagement"] == 0


@pytest.mark.parametrize("fact", ["repeat_customer", "referral"])
def test_a_lasting_fact_alone_keeps_a_lead_warm_for_a_year(
    service: LeadService, clock: FakeClock, fact: str
) -> None:
    """A lead that "previously purchased from you" or was "referred by someone in your network" is
    warm because of what it is, not of something it did lately: four months on it is still warm,
    where a webinar of four months ago no longer is; after a year without anything else it is cold."""
    assert verdict(service, lead(service, clock, [(fact, 120)]))[0] is Temperature.WARM
    assert verdict(service, lead(service, clock, [(fact, 300)]))[0] is Temperature.WARM
    assert verdict(service, lead(service, clock, [("webinar_attended", 120)]))[0] is Temperature.COLD
    assert verdict(service, lead(service, clock, [(fact, 400)]))[0] is Temperature.COLD


def test_a_previous_customer_with_fresh_light_activity_is_warm(
    service: LeadService, clock: FakeClock
) -> None:
    """A past buyer five months on who opens an email and visits once is worth a real conversation
    (warm); the same light touches from a stranger are not."""
    light = [("email_open", 2), ("website_visit", 1)]
    past_buyer = lead(service, clock, [("repeat_customer", 150), *light], fit=10)
    stranger = lead(service, clock, light, fit=10)
    assert verdict(service, past_buyer)[0] is Temperature.WARM
    assert verdict(service, stranger)[0] is Temperature.COLD


def test_new_activity_never_cools_a_lead_its_older_signals_keep_warm(
    service: LeadService, clock: FakeClock
) -> None:
    """A download makes a lead warm for the warm window (90 days); a website visit on top of it,
    logged now or dated between the two, cannot make it colder."""
    contact_id = lead(service, clock, [("content_download", 70)])
    assert temperature(service, contact_id) is Temperature.WARM
    service.log_interaction(contact_id, "website_visit", clock())
    assert temperature(service, contact_id) is Temperature.WARM
    service.log_interaction(contact_id, "email_open", clock() - timedelta(days=30))
    assert temperature(service, contact_id) is Temperature.WARM
    board = service.board()
    on_board = next(card for t in Temperature for card in board.column(t) if card.contact_id == contact_id)
    assert (on_board.temperature, on_board.score) == (Temperature.WARM, service.card(contact_id).score)
    clock.advance(days=21)  # 91 days after the download: its warm window is over
    assert temperature(service, contact_id) is Temperature.COLD
