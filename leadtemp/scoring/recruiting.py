"""The recruitment reading of the seeds: a recruiting book's interaction kinds, checklists and fit.

The seeds' hot candidate "explicitly expressed interest in changing jobs or working for your
company", has "qualifications that closely match the position", is "actively engaged in the
recruitment process (responding quickly, asking detailed questions)", has "availability that aligns
with the hiring timeline" and "may already be in the final stages". So saying they are looking,
applying, detailed questions, confirmed availability, a scheduled interview and an offer talk are
the explicit interest (their points make a candidate hot the way a buying signal makes a lead hot);
a screening call and a reply within the hour are engagement; "not looking" and an offer accepted
elsewhere are the negative signals that make a candidate cold. Fit is the match between the
candidate and the role profile the user sets.
"""

from __future__ import annotations

from dataclasses import dataclass

from leadtemp.book_kinds import BookKind
from leadtemp.model import Category, ChecklistItem, Temperature
from leadtemp.scoring.catalogue import DEFAULT_KINDS, DEFAULT_KINDS_BY_NAME, InteractionKind

_E, _X, _N = Category.ENGAGEMENT, Category.EXPLICIT_INTEREST, Category.NEGATIVE

RECRUITING_OWN_KINDS: tuple[InteractionKind, ...] = (
    InteractionKind("applied", "Applied", _X, 35, "Applied for the role"),
    InteractionKind(
        "expressed_interest",
        "Expressed interest",
        _X,
        30,
        "Said they are looking to change jobs or want to work with you",
    ),
    InteractionKind("screening_call", "Screening call", _E, 16, "Took a screening call"),
    InteractionKind("quick_reply", "Quick reply", _E, 15, "Replied within the hour"),
    InteractionKind(
        "detailed_questions", "Detailed questions", _X, 25, "Asked detailed questions about the role"
    ),
    InteractionKind(
        "availability_confirmed",
        "Availability confirmed",
        _X,
        25,
        "Can start when the hiring timeline needs them",
    ),
    InteractionKind("interview_scheduled", "Interview scheduled", _X, 45, "Booked an interview"),
    InteractionKind("offer_discussed", "Offer discussed", _X, 50, "Talked about an offer: final stage"),
    InteractionKind("not_looking", "Not looking", _N, 40, "Said they are not looking to move"),
    InteractionKind("accepted_elsewhere", "Accepted elsewhere", _N, 50, "Took an offer somewhere else"),
)

#: LeadTemp's kinds that mean the same for a candidate as for a lead: visits, mail, social media,
#: events, a referral, a bounce, and the user's own outreach.
SHARED_KIND_NAMES: tuple[str, ...] = (
    "website_visit",
    "social_follow",
    "email_open",
    "email_click",
    "email_reply",
    "social_engagement",
    "event_attended",
    "referral",
    "unsubscribed",
    "email_bounced",
    "email_sent",
    "call_made",
    "message_sent",
    "meeting_held",
)

RECRUITING_KINDS: tuple[InteractionKind, ...] = (
    *RECRUITING_OWN_KINDS,
    *(DEFAULT_KINDS_BY_NAME[name] for name in SHARED_KIND_NAMES),
)


def book_kinds(book: BookKind) -> tuple[InteractionKind, ...]:
    """The interaction kinds a book of this kind comes with, before the user's own."""
    return RECRUITING_KINDS if book is BookKind.RECRUITING else DEFAULT_KINDS


RECRUITING_TEMPLATES: dict[Temperature, tuple[ChecklistItem, ...]] = {
    Temperature.COLD: (ChecklistItem("introduce_role", "Introduce the role"),),
    Temperature.WARM: (
        ChecklistItem("personal_pitch", "Send a personalised pitch for the role"),
        ChecklistItem("team_referral", "Ask someone in the team for a referral or an introduction"),
    ),
    Temperature.HOT: (
        ChecklistItem("respond_within_hour", "Respond within the hour"),
        ChecklistItem("final_interview", "Schedule the final interview"),
        ChecklistItem("prepare_offer", "Prepare the offer"),
    ),
}


@dataclass(frozen=True)
class RoleProfile:
    """The role a recruiting book hires for: its title and the skills or criteria it requires."""

    title: str = ""
    skills: tuple[str, ...] = ()

    @property
    def is_configured(self) -> bool:
        return bool(self.skills)


def role_match(profile: RoleProfile, role: str, industry: str) -> float:
    """The share (0-1) of the profile's required skills found in what the candidate's role and
    industry say; a candidate with neither filled in counts as half a match (nothing known)."""
    text = f"{role} {industry}".casefold()
    if not text.strip():
        return 0.5
    words = set(text.replace("/", " ").replace(",", " ").split())
    found = 0
    for skill in profile.skills:
        needle = skill.casefold()
        if needle in words or (len(needle) > 3 and needle in text):
            found += 1
    return found / len(profile.skills)
