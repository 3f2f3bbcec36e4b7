"""A recruiting demo book: candidates for one role whose histories land them in all three columns.

The seeds' recruitment reading, acted out: candidates who said they are looking, match the role,
answer within the hour and can start soon are hot; a referral from the team, a screening call or an
application some weeks ago keeps one warm; a great match who is "not looking", one who accepted an
offer elsewhere and the names nobody has heard from are cold.
"""

from __future__ import annotations

from datetime import timedelta

from leadtemp.service import LeadService

DAY = 24.0
ROLE_TITLE = "Senior Python developer"
ROLE_SKILLS = ("python", "django", "postgresql", "aws")

#: (name, current employer, role, industry, source, history of (kind, hours ago, note))
Candidate = tuple[str, str, str, str, str, tuple[tuple[str, float, str], ...]]

CANDIDATES: tuple[Candidate, ...] = (
    (
        "Maya Okafor",
        "Northwind Bank",
        "Senior Python developer, Django, PostgreSQL",
        "fintech",
        "referral",
        (
            ("expressed_interest", 3 * DAY, "Looking for a move after the reorganisation"),
            ("quick_reply", 2 * DAY, "Answered within twenty minutes"),
            ("availability_confirmed", 1 * DAY, "Can start next month"),
            ("interview_scheduled", 5, "Final interview on Thursday"),
            ("email_sent", 4.5, "Sent the interview details"),
        ),
    ),
    (
        "Tomás Reyes",
        "Parcelly",
        "Backend engineer: Python, AWS, PostgreSQL",
        "logistics",
        "website",
        (
            ("applied", 2 * DAY, "Applied through the careers page"),
            ("screening_call", 1 * DAY, ""),
            ("detailed_questions", 3, "Asked about on-call and the team's stack"),
        ),
    ),
    (
        "Priya Nair",
        "Basketful",
        "Python / Django developer",
        "e-commerce",
        "networking event",
        (
            ("interview_scheduled", 6 * DAY, ""),
            ("offer_discussed", 1 * DAY, "Salary range and start date"),
            ("call_made", 20, "Walked through the package"),
        ),
    ),
    (
        "Lena Fischer",
        "Medisync",
        "Data engineer, Python, AWS",
        "healthcare",
        "social media",
        (
            ("website_visit", 25 * DAY, ""),
            ("website_visit", 18 * DAY, ""),
            ("event_attended", 20 * DAY, "Met her at the PyData meetup"),
            ("email_reply", 10 * DAY, "Curious, wants to hear more"),
        ),
    ),
    (
        "Omar Haddad",
        "Brightcast",
        "Full-stack developer, Django",
        "media",
        "referral",
        (
            ("referral", 15 * DAY, "Referred by Sam in the platform team"),
            ("email_open", 9 * DAY, ""),
        ),
    ),
    (
        "Sofia Rossi",
        "",
        "Python developer",
        "",
        "website",
        (
            ("applied", 40 * DAY, ""),
            ("email_sent", 39 * DAY, "Thanked her for applying"),
        ),
    ),
    (
        "Jonas Berg",
        "Telna",
        "Platform engineer, AWS",
        "telecom",
        "directory",
        (
            ("screening_call", 12 * DAY, ""),
            ("quick_reply", 12 * DAY, ""),
        ),
    ),
    (
        "Hannah Kim",
        "Ledgerline",
        "Senior Python developer, Django, PostgreSQL, AWS",
        "fintech",
        "social media",
        (
            ("email_reply", 6 * DAY, ""),
            ("not_looking", 5 * DAY, "Happy where she is for now"),
        ),
    ),
    (
        "Ravi Patel",
        "Crown Trust",
        "Java developer",
        "banking",
        "purchased list",
        (
            ("email_sent", 30 * DAY, "Introduced the role"),
            ("email_open", 25 * DAY, ""),
        ),
    ),
    (
        "Chloe Martin",
        "Studio Nine",
        "Frontend developer, React",
        "agency",
        "trade show",
        (
            ("screening_call", 30 * DAY, ""),
            ("accepted_elsewhere", 10 * DAY, "Took an offer at a bank"),
        ),
    ),
    ("Ben Carter", "", "Python developer", "", "purchased list", (("social_follow", 60 * DAY, ""),)),
    (
        "Aiko Tanaka",
        "",
        "",
        "",
        "directory",
        (
            ("email_sent", 8 * DAY, "Introduced the role"),
            ("email_bounced", 8 * DAY, ""),
        ),
    ),
)


def populate_recruiting(service: LeadService) -> list[int]:
    """The role profile and the candidates, in a recruiting book that holds nothing yet."""
    service.set_role_profile(ROLE_TITLE, ROLE_SKILLS)
    now = service.now()
    ids: list[int] = []
    for name, company, role, industry, source, history in CANDIDATES:
        email = name.split()[0].casefold().replace("á", "a") + "@example.com"
        contact_id = service.add_contact(
            name, email=email, company=company, role=role, industry=industry, source=source
        ).contact_id
        ids.append(contact_id)
        for kind, hours_ago, note in sorted(history, key=lambda event: -event[1]):
            service.log_interaction(contact_id, kind, now - timedelta(hours=hours_ago), note)
    return ids
