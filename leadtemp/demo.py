"""A demo database: about forty believable leads whose histories land them in all three columns.

A first-time user (``leadtemp-desktop --demo``) should see the idea at once: a few hot leads
waiting for an answer, a warm middle being nurtured, and a long cold tail. Histories are written
relative to "now" so the board looks the same whenever the demo is created.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from leadtemp import clock
from leadtemp.book_kinds import BookKind
from leadtemp.demo_recruiting import populate_recruiting
from leadtemp.service import LeadService

#: (kind, hours ago, note) -- the interaction log of one lead, oldest first or not.
Event = tuple[str, float, str]

DAY = 24.0


@dataclass(frozen=True)
class DemoLead:
    name: str
    company: str
    role: str
    industry: str
    company_size: int
    source: str
    fit: int
    history: tuple[Event, ...]
    pin: str | None = None
    ticks: tuple[str, ...] = ()
    phone: str = ""


def _hot_pricing(rng: random.Random) -> tuple[Event, ...]:
    return (
        ("website_visit", rng.uniform(6, 12) * DAY, ""),
        ("pricing_page_visit", rng.uniform(2, 4) * DAY, ""),
        ("case_study_download", rng.uniform(3, 6) * DAY, "Downloaded the retail case study"),
        ("email_reply", rng.uniform(2, 5) * DAY, "Asked how long a typical project takes"),
        ("webinar_attended", rng.uniform(10, 20) * DAY, ""),
        ("pricing_request", rng.uniform(1, 20), "Wants a quote before the end of the month"),
    )


def _hot_demo(rng: random.Random) -> tuple[Event, ...]:
    return (
        ("webinar_attended", rng.uniform(10, 20) * DAY, ""),
        ("case_study_download", rng.uniform(4, 8) * DAY, ""),
        ("pricing_page_visit", rng.uniform(3, 6) * DAY, ""),
        ("email_click", rng.uniform(1, 3) * DAY, ""),
        ("email_reply", rng.uniform(3, 5) * DAY, ""),
        ("demo_booked", rng.uniform(2, 3) * DAY, "Consultation booked for Thursday"),
        ("call_made", rng.uniform(1.2, 1.8) * DAY, "Confirmed the agenda"),
        ("implementation_question", rng.uniform(2, 30), "How does onboarding work for 3 teams?"),
    )


def _hot_proposal(rng: random.Random) -> tuple[Event, ...]:
    return (
        ("referral", rng.uniform(15, 25) * DAY, "Introduced by a past client"),
        ("website_visit", rng.uniform(8, 14) * DAY, ""),
        ("pricing_page_visit", rng.uniform(4, 8) * DAY, ""),
        ("meeting_held", rng.uniform(6, 9) * DAY, "Discovery call"),
        ("proposal_request", rng.uniform(2, 4) * DAY, "Formal proposal for the Q3 project"),
        ("budget_discussion", rng.uniform(1, 2) * DAY, ""),
        ("email_sent", rng.uniform(8, 20), "Sent the proposal draft"),
    )


def _warm_reader(rng: random.Random) -> tuple[Event, ...]:
    return (
        ("newsletter_signup", rng.uniform(30, 50) * DAY, ""),
        ("content_download", rng.uniform(8, 20) * DAY, "Pricing guide for freelancers"),
        ("website_visit", rng.uniform(3, 9) * DAY, ""),
        ("email_open", rng.uniform(2, 6) * DAY, ""),
        ("email_click", rng.uniform(4, 9) * DAY, ""),
        ("webinar_attended", rng.uniform(15, 30) * DAY, ""),
        ("inquiry", rng.uniform(18, 26) * DAY, "Asked whether you take on small projects"),
        ("email_reply", rng.uniform(8, 12) * DAY, ""),
    )


def _warm_cooling(rng: random.Random) -> tuple[Event, ...]:
    return (
        ("pricing_request", rng.uniform(22, 28) * DAY, "Asked for rates, then went quiet"),
        ("email_reply", rng.uniform(18, 26) * DAY, ""),
        ("pricing_page_visit", rng.uniform(12, 18) * DAY, ""),
        ("case_study_download", rng.uniform(10, 14) * DAY, ""),
        ("call_made", rng.uniform(20, 22) * DAY, ""),
        ("social_engagement", rng.uniform(10, 20) * DAY, ""),
    )


def _warm_event(rng: random.Random) -> tuple[Event, ...]:
    return (
        ("event_attended", rng.uniform(9, 15) * DAY, "Met at the regional trade show"),
        ("social_follow", rng.uniform(7, 12) * DAY, ""),
        ("email_reply", rng.uniform(3, 7) * DAY, "Interested, but busy until next month"),
        ("content_download", rng.uniform(2, 6) * DAY, ""),
        ("inquiry", rng.uniform(5, 8) * DAY, "Asked what a website refresh would involve"),
        ("email_sent", rng.uniform(1, 2) * DAY, ""),
    )


def _cold_list(rng: random.Random) -> tuple[Event, ...]:
    return (
        ("email_sent", rng.uniform(20, 40) * DAY, "First cold email"),
        ("email_open", rng.uniform(15, 35) * DAY, ""),
    )


def _cold_faded(rng: random.Random) -> tuple[Event, ...]:
    return (
        ("webinar_attended", rng.uniform(140, 200) * DAY, ""),
        ("content_download", rng.uniform(110, 160) * DAY, ""),
        ("email_reply", rng.uniform(120, 150) * DAY, ""),
    )


def _cold_declined(rng: random.Random) -> tuple[Event, ...]:
    return (
        ("email_reply", rng.uniform(35, 50) * DAY, ""),
        ("call_made", rng.uniform(25, 30) * DAY, ""),
        ("not_interested", rng.uniform(15, 24) * DAY, "Went with an in-house hire"),
    )


def _cold_new(rng: random.Random) -> tuple[Event, ...]:
    return (("website_visit", rng.uniform(4, 40), ""),)


def _cold_curious(rng: random.Random) -> tuple[Event, ...]:
    return (
        ("newsletter_signup", rng.uniform(4, 8) * DAY, ""),
        ("website_visit", rng.uniform(1, 3) * DAY, ""),
        ("pricing_page_visit", rng.uniform(6, 30), ""),
    )


def _cold_bounced(rng: random.Random) -> tuple[Event, ...]:
    return (
        ("email_sent", rng.uniform(12, 20) * DAY, ""),
        ("email_bounced", rng.uniform(10, 12) * DAY, "Address no longer valid"),
    )


Archetype = Callable[[random.Random], tuple[Event, ...]]

_ARCHETYPES: dict[str, Archetype] = {
    "hot_pricing": _hot_pricing,
    "hot_demo": _hot_demo,
    "hot_proposal": _hot_proposal,
    "warm_reader": _warm_reader,
    "warm_cooling": _warm_cooling,
    "warm_event": _warm_event,
    "cold_list": _cold_list,
    "cold_faded": _cold_faded,
    "cold_declined": _cold_declined,
    "cold_new": _cold_new,
    "cold_curious": _cold_curious,
    "cold_bounced": _cold_bounced,
}

# name | company | role | industry | size | source | fit | archetype [| pinned temperature]
_ROSTER = """
Dana Lee | Acme Retail | Head of Marketing | Retail | 120 | referral | 8 | hot_pricing
Marcus Webb | Northwind Logistics | Operations Director | Logistics | 340 | website | 7 | hot_demo
Priya Raman | Lumen Health | Digital Lead | Healthcare | 85 | networking event | 9 | hot_proposal
Tomás García | Brightline Studio | Founder | Design | 12 | social media | 7 | hot_pricing
Hannah Okafor | Keystone Legal | Managing Partner | Legal | 45 | referral | 8 | hot_demo
Oliver Brandt | Fjord Analytics | CTO | Software | 60 | website | 9 | hot_proposal
Sofia Marchetti | Vela Travel | Marketing Manager | Travel | 210 | trade show | 6 | hot_pricing
Kenji Watanabe | Oakridge Dental | Practice Owner | Healthcare | 18 | directory | 7 | hot_demo
Amara Nwosu | Greenleaf Foods | Brand Manager | Food & Beverage | 150 | website | 8 | hot_proposal
Lucas Fischer | Stellar Fitness | Owner | Fitness | 25 | social media | 5 | warm_event | hot
Emily Carter | Harbor & Co | Communications Lead | Hospitality | 70 | website | 6 | warm_reader
Noah Schmidt | Pinecrest Schools | IT Coordinator | Education | 300 | trade show | 5 | warm_event
Isabella Rossi | Rossi Architects | Principal | Architecture | 22 | referral | 8 | warm_cooling
Ethan Brooks | Copperline Energy | Procurement Manager | Energy | 900 | networking event | 6 | warm_reader
Mei Chen | Jade Cosmetics | E-commerce Manager | Retail | 55 | social media | 7 | warm_event
Samuel Adeyemi | Baobab Consulting | Partner | Consulting | 30 | referral | 7 | warm_cooling
Chloé Dubois | Maison Lumière | Creative Director | Design | 16 | website | 6 | warm_reader
Daniel Kowalski | Vistula Manufacturing | Plant Manager | Manufacturing | 480 | trade show | 5 | warm_event
Grace Mensah | Accra Digital | Product Owner | Software | 40 | networking event | 7 | warm_reader
Liam O'Connor | Clover Insurance | Sales Director | Insurance | 260 | website | 6 | warm_cooling
Aisha Rahman | Crescent Finance | CFO | Finance | 75 | referral | 8 | warm_reader
Jonas Berg | Nordlys Media | Editor in Chief | Media | 35 | social media | 6 | warm_event
Valentina Cruz | Andes Coffee | Co-founder | Food & Beverage | 14 | website | 7 | warm_cooling
Ryan Patel | Summit Realty | Broker | Real Estate | 28 | directory | 4 | warm_reader
Olivia Novak | Bluebird Bakery | Owner | Food & Beverage | 8 | networking event | 4 | cold_curious
William Hughes | Granite Construction | Project Manager | Construction | 620 | purchased list | 3 | cold_list
Zara Ahmed | Mosaic Nonprofit | Programme Lead | Nonprofit | 40 | website | 5 | cold_faded
Felix Wagner | Alpenblick Hotels | General Manager | Hospitality | 180 | purchased list | 4 | cold_list
Nora Lindqvist | Polar Outdoor | Buyer | Retail | 95 | trade show | 5 | cold_declined
Diego Morales | Solana Solar | Founder | Energy | 20 | social media | 5 | cold_curious
Ava Thompson | Thompson Dental Lab | Office Manager | Healthcare | 11 | directory | 4 | cold_bounced
Henry Clarke | Clarke & Sons | Director | Manufacturing | 70 | purchased list | 3 | cold_list
Yasmin Haddad | Cedar Learning | Head of Training | Education | 130 | website | 6 | cold_faded
Leo Martin | Rivage Wines | Export Manager | Food & Beverage | 48 | trade show | 5 | cold_declined
Ingrid Solberg | Fjellheim Cabins | Owner | Travel | 6 | social media | 4 | cold_new | warm
Ben Carter | Carter Plumbing | Owner | Trades | 9 | purchased list | 3 | cold_bounced
Ruth Goldberg | Goldberg Family Office | Analyst | Finance | 15 | networking event | 5 | cold_faded
Kofi Boateng | Sankofa Textiles | Managing Director | Manufacturing | 210 | purchased list | 4 | cold_list
Elena Petrova | Volga Translations | Founder | Services | 7 | website | 5 | cold_new
Mateo Silva | Lisboa Surf School | Owner | Leisure | 5 | social media | 4 | cold_faded"""

#: Checklist steps already done, so the panel shows progress from the start.
_TICKS: dict[str, tuple[str, ...]] = {
    "Marcus Webb": ("respond_now",),
    "Priya Raman": ("respond_now", "pricing"),
    "Hannah Okafor": ("respond_now",),
    "Oliver Brandt": ("respond_now",),
    "Kenji Watanabe": ("respond_now",),
    "Amara Nwosu": ("respond_now", "pricing", "implementation"),
    "Emily Carter": ("personal_follow_up",),
    "Isabella Rossi": ("personal_follow_up", "case_study"),
    "Mei Chen": ("personal_follow_up",),
    "Grace Mensah": ("personal_follow_up", "case_study", "address_challenge"),
    "William Hughes": ("research",),
    "Henry Clarke": ("research", "educate"),
}


def demo_leads(seed: int = 7) -> list[DemoLead]:
    """The demo leads with their histories, deterministic for a given seed."""
    rng = random.Random(seed)
    leads: list[DemoLead] = []
    rows = [line for line in _ROSTER.strip().splitlines() if line.strip()]
    for index, line in enumerate(rows):
        parts = [part.strip() for part in line.split("|")]
        name, company, role, industry, size, source, fit, archetype = parts[:8]
        pin = parts[8] if len(parts) > 8 else ""
        leads.append(
            DemoLead(
                name=name,
                company=company,
                role=role,
                industry=industry,
                company_size=int(size),
                source=source,
                fit=int(fit),
                history=_ARCHETYPES[archetype](rng),
                pin=pin or None,
                ticks=_TICKS.get(name, ()),
                phone=f"+44 20 7946 0{index:03d}",
            )
        )
    return leads


def _email_for(lead: DemoLead) -> str:
    first = lead.name.split()[0].casefold()
    ascii_first = first.encode("ascii", "ignore").decode() or "hello"
    domain = "".join(ch for ch in lead.company.casefold() if ch.isalnum()) or "example"
    return f"{ascii_first}@{domain}.example"


def populate(service: LeadService, seed: int = 7) -> list[int]:
    """Add the demo leads to an open database and return their ids."""
    now = service.now()
    ids: list[int] = []
    for lead in demo_leads(seed):
        change = service.add_contact(
            lead.name,
            email=_email_for(lead),
            phone=lead.phone,
            company=lead.company,
            role=lead.role,
            industry=lead.industry,
            company_size=lead.company_size,
            source=lead.source,
            fit=lead.fit,
        )
        contact_id = change.contact_id
        ids.append(contact_id)
        for kind, hours_ago, note in sorted(lead.history, key=lambda event: -event[1]):
            service.log_interaction(contact_id, kind, now - timedelta(hours=hours_ago), note)
        if lead.pin is not None:
            service.pin(contact_id, lead.pin)
        open_steps = {entry.item.id for entry in service.checklist(contact_id)}
        for item_id in lead.ticks:
            if item_id in open_steps:
                service.tick(contact_id, item_id)
    _add_past_deals(service, seed)
    return ids


_FIRST = [
    "Alice",
    "Bruno",
    "Carla",
    "Dmitri",
    "Esme",
    "Farid",
    "Greta",
    "Hugo",
    "Ilse",
    "Jamal",
    "Kira",
    "Lars",
    "Maya",
    "Nils",
    "Omar",
    "Paula",
    "Quinn",
    "Rosa",
    "Sven",
    "Tara",
    "Umar",
    "Vera",
    "Wim",
    "Xenia",
    "Yusuf",
    "Zoe",
]
_LAST = [
    "Abara",
    "Berger",
    "Costa",
    "Dahl",
    "Evans",
    "Ferreira",
    "Gupta",
    "Holm",
    "Ito",
    "Jensen",
    "Kowal",
    "Lopez",
    "Moreau",
    "Nakamura",
]
_FIRMS = [
    "Anchor",
    "Birch",
    "Cobalt",
    "Delta",
    "Ember",
    "Falcon",
    "Garnet",
    "Harbor",
    "Iris",
    "Juniper",
    "Kestrel",
    "Lumen",
    "Meridian",
]
_SUFFIXES = ("Studio", "Group", "Partners", "Labs", "& Co", "Works")

#: A year of closed deals: (how many, archetype, won, lost; the rest archived) per temperature they
#: reached, so the Reports view has a history to judge from the first start.
_PAST: tuple[tuple[int, str, int, int], ...] = (
    (24, "hot", 8, 14),
    (20, "warm", 2, 10),
    (16, "cold", 0, 6),
)
_PAST_SIGNALS = {
    "hot": ("pricing_request", "demo_booked", "proposal_request"),
    "warm": ("webinar_attended", "referral", "content_download"),
    "cold": ("website_visit", "email_open", "social_follow"),
}


def _past_deals(rng: random.Random) -> list[tuple[DemoLead, str | None, float]]:
    """Closed leads of the last year: each with its history, outcome (None: archived) and the hours
    ago it closed. Answers to hot leads came fast for most wins and slowly for most losses."""
    deals: list[tuple[DemoLead, str | None, float]] = []
    number = 0
    for count, temperature, won, lost in _PAST:
        for index in range(count):
            number += 1
            start = rng.uniform(40, 360) * DAY
            signal = rng.choice(_PAST_SIGNALS[temperature])
            history: list[Event] = [
                ("website_visit", start + rng.uniform(2, 10) * DAY, ""),
                (signal, start, ""),
            ]
            outcome = "won" if index < won else "lost" if index < won + lost else None
            if temperature == "hot":
                fast = rng.random() < (0.8 if outcome == "won" else 0.25)
                if fast or rng.random() < 0.7:
                    wait = rng.uniform(1, 4) / 60 if fast else rng.uniform(2, 48)
                    history.append(("email_sent", start - wait, "Answered the request"))
            cycle = {"hot": (10, 30), "warm": (35, 80), "cold": (90, 200)}[temperature]
            closed = max(1.0, start - rng.uniform(*cycle) * DAY)
            name = f"{_FIRST[number % len(_FIRST)]} {_LAST[(number * 7) % len(_LAST)]}"
            company = f"{_FIRMS[(number * 5) % len(_FIRMS)]} {_SUFFIXES[number % len(_SUFFIXES)]}"
            source = {"hot": "referral", "warm": "website", "cold": "purchased list"}[temperature]
            if rng.random() < 0.4:
                source = rng.choice(("trade show", "social media", "networking event", "website"))
            lead = DemoLead(
                name, company, "", "", rng.randint(5, 400), source, rng.randint(3, 9), tuple(history)
            )
            deals.append((lead, outcome, closed))
    return deals


def _add_past_deals(service: LeadService, seed: int) -> None:
    now = service.now()
    for lead, outcome, closed_hours_ago in _past_deals(random.Random(seed + 1)):
        contact_id = service.add_contact(
            lead.name, company=lead.company, company_size=lead.company_size, source=lead.source, fit=lead.fit
        ).contact_id
        for kind, hours_ago, note in sorted(lead.history, key=lambda event: -event[1]):
            service.log_interaction(contact_id, kind, now - timedelta(hours=hours_ago), note)
        if outcome is None:
            service.archive_contact(contact_id)
        else:
            service.set_outcome(contact_id, outcome, on=now - timedelta(hours=closed_hours_ago))


def create_demo_database(
    path: Path | str, now: Callable[[], datetime] = clock.now, seed: int = 7, book: BookKind = BookKind.SALES
) -> Path:
    """Write a fresh demo database at ``path`` (which must not exist yet): leads, or in a
    recruiting book candidates for a role."""
    target = Path(path)
    if target.exists():
        raise FileExistsError(f"{target} already exists; the demo only writes new files")
    service = LeadService.open(target, now=now)
    try:
        if book is BookKind.RECRUITING:
            service.begin_as(book)
            populate_recruiting(service)
        else:
            populate(service, seed)
    finally:
        service.close()
    return target
