"""The catalogue of interaction kinds: what each logged event is worth and in which category.

Points follow the seeds' ranges: behavioral signals 1-15, engagement 1-20, explicit interest
20-50 per signal. Negative signals subtract. Outreach is the user's own action: it earns no
points but counts as a touch and as a response to the lead.

Within those ranges the points are set so the seeds' own examples come out right (see
``tests/leadtemp/test_seed_scenarios.py``): a lead showing a few of the warm behaviours (repeat
visits, a download, the newsletter, social engagement, a webinar, event or referral) over recent
weeks reaches the warm threshold (31), and one clear buying signal (40+: pricing, demo, proposal,
implementation, budget, urgency, a detailed form) on top of a warm lead makes it hot (71).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from leadtemp.errors import ValidationError
from leadtemp.model import Category


@dataclass(frozen=True)
class InteractionKind:
    name: str
    label: str
    category: Category
    points: float
    description: str = ""

    @property
    def is_outreach(self) -> bool:
        return self.category is Category.OUTREACH

    @property
    def is_lasting(self) -> bool:
        """A fact about the lead rather than an event (see :data:`LASTING_KINDS`)."""
        return self.name in LASTING_KINDS

    @property
    def is_buying_signal(self) -> bool:
        """Buying signals start the response clock of a hot lead."""
        return self.category is Category.EXPLICIT_INTEREST


#: Kinds that record what a lead is (a previous customer, referred to you) rather than what it did
#: lately: their points fade on the far longer ``half_lives.lasting``, not their category's.
LASTING_KINDS = frozenset({"referral", "repeat_customer"})

#: Allowed points per category (inclusive); settings that leave these ranges are refused.
POINT_RANGES: dict[Category, tuple[float, float]] = {
    Category.BEHAVIORAL: (1, 15),
    Category.ENGAGEMENT: (1, 20),
    Category.EXPLICIT_INTEREST: (20, 50),
    Category.NEGATIVE: (1, 50),
    Category.OUTREACH: (0, 0),
}


def _kind(name: str, label: str, category: Category, points: float, description: str = "") -> InteractionKind:
    return InteractionKind(name, label, category, points, description)


_B, _E, _X, _N, _O = (
    Category.BEHAVIORAL,
    Category.ENGAGEMENT,
    Category.EXPLICIT_INTEREST,
    Category.NEGATIVE,
    Category.OUTREACH,
)

DEFAULT_KINDS: tuple[InteractionKind, ...] = (
    # Behavioral signals: digital breadcrumbs, 1-15 points.
    _kind("website_visit", "Website visit", _B, 4, "Visited your website"),
    _kind(
        "pricing_page_visit",
        "Pricing page visit",
        _B,
        10,
        "Looked at pricing or product pages",
    ),
    _kind(
        "content_download",
        "Content download",
        _B,
        8,
        "Downloaded a guide, checklist or resource",
    ),
    _kind(
        "case_study_download",
        "Case study download",
        _B,
        8,
        "Downloaded a bottom-of-funnel resource",
    ),
    _kind("newsletter_signup", "Newsletter signup", _B, 8, "Subscribed to your newsletter"),
    _kind("social_follow", "Social follow", _B, 2, "Started following you on social media"),
    # Engagement: responses and attendance, 1-20 points.
    _kind("email_open", "Email opened", _E, 4, "Opened one of your emails"),
    _kind("email_click", "Email link clicked", _E, 6, "Clicked a link in your email"),
    _kind("email_reply", "Email reply", _E, 12, "Replied to your email"),
    _kind(
        "social_engagement",
        "Social engagement",
        _E,
        6,
        "Liked, shared or commented on your content",
    ),
    _kind("webinar_attended", "Webinar attended", _E, 16, "Attended your webinar"),
    _kind("event_attended", "Event attended", _E, 16, "Met you at an event"),
    _kind("referral", "Referral", _E, 15, "Was referred by someone in your network"),
    _kind("repeat_customer", "Previous customer", _E, 15, "Has bought from you before"),
    # Explicit interest: buying signals, 20-50 points each.
    _kind("inquiry", "Direct inquiry", _X, 25, "Reached out asking about your services"),
    _kind(
        "contact_form",
        "Detailed contact form",
        _X,
        40,
        "Filled in a form describing their needs",
    ),
    _kind("pricing_request", "Pricing request", _X, 40, "Asked for pricing"),
    _kind(
        "demo_booked",
        "Demo or consultation booked",
        _X,
        45,
        "Booked a demo or consultation",
    ),
    _kind("proposal_request", "Proposal request", _X, 50, "Asked for a formal proposal"),
    _kind(
        "implementation_question",
        "Implementation question",
        _X,
        40,
        "Asked about implementation, onboarding, customisation or support",
    ),
    _kind(
        "budget_discussion",
        "Budget discussion",
        _X,
        40,
        "Discussed budget or payment terms",
    ),
    _kind(
        "stakeholder_joined",
        "Stakeholder joined",
        _X,
        25,
        "A new decision maker joined the conversation",
    ),
    _kind(
        "competitor_comparison",
        "Competitor comparison",
        _X,
        25,
        "Compared you with competitors",
    ),
    _kind(
        "urgency_expressed",
        "Urgency expressed",
        _X,
        40,
        "Gave a deadline (\u201cwe need this by Q3\u201d)",
    ),
    # Negative signals subtract.
    _kind("unsubscribed", "Unsubscribed", _N, 15, "Unsubscribed from your emails"),
    _kind("email_bounced", "Email bounced", _N, 10, "Your email bounced"),
    _kind("not_interested", "Not interested", _N, 40, "Said they are not interested"),
    # Outreach: the user's own actions.
    _kind("email_sent", "Email sent", _O, 0, "You emailed them"),
    _kind("call_made", "Call made", _O, 0, "You called them"),
    _kind("message_sent", "Message sent", _O, 0, "You messaged them"),
    _kind("meeting_held", "Meeting held", _O, 0, "You met them"),
)

DEFAULT_KINDS_BY_NAME: dict[str, InteractionKind] = {kind.name: kind for kind in DEFAULT_KINDS}


#: A kind's name as the CLI and the log spell it.
_KIND_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")
MAX_KIND_LABEL = 60


def custom_kind(name: str, category: str, points: float, label: str = "") -> InteractionKind:
    """The user's own kind, refused with a message when its name, category or points do not fit
    (points within the category's range, as for the kinds LeadTemp ships)."""
    name = name.strip()
    if not _KIND_NAME.fullmatch(name):
        raise ValidationError(
            f"kind name {name!r} must be lower-case letters, digits and underscores "
            "(up to 40, starting with a letter), e.g. podcast_guest"
        )
    if name in DEFAULT_KINDS_BY_NAME:
        raise ValidationError(f"{name} is one of LeadTemp's own kinds; choose another name")
    try:
        kind_category = Category(category)
    except ValueError:
        known = ", ".join(c.value for c in POINT_RANGES)
        raise ValidationError(f"unknown category {category!r}: use one of {known}") from None
    if kind_category not in POINT_RANGES:
        raise ValidationError(f"kinds of category {kind_category.value} cannot be added")
    if isinstance(points, bool) or not isinstance(points, (int, float)):
        raise ValidationError("points must be a number")
    low, high = POINT_RANGES[kind_category]
    if not low <= points <= high:
        raise ValidationError(
            f"{kind_category.value} points must be between {low:g} and {high:g}, not {points:g}"
        )
    label = " ".join(label.split()) or name.replace("_", " ").capitalize()
    if len(label) > MAX_KIND_LABEL:
        raise ValidationError(f"the label is longer than {MAX_KIND_LABEL} characters")
    return InteractionKind(name, label, kind_category, float(points), "Your own kind")


def kind_to_json(kind: InteractionKind) -> dict[str, Any]:
    return {"name": kind.name, "label": kind.label, "category": kind.category.value, "points": kind.points}


def kinds_from_json(value: Any) -> tuple[InteractionKind, ...]:
    """Custom kinds as the book stores them, checked as when they were added."""
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise ValidationError("custom_kinds must be a list of objects")
    kinds: list[InteractionKind] = []
    for item in value:
        name, label = item.get("name"), item.get("label", "")
        if not isinstance(name, str) or not isinstance(label, str):
            raise ValidationError("a custom kind needs a name and a text label")
        kinds.append(custom_kind(name, str(item.get("category")), item.get("points"), label))
    return tuple(kinds)


class Catalogue:
    """Interaction kinds, the user's own after those the book came with (``base``: a sales book's
    unless told), with the user's point overrides applied."""

    def __init__(
        self,
        point_overrides: dict[str, float] | None = None,
        custom_kinds: Iterable[InteractionKind] = (),
        base: Iterable[InteractionKind] = DEFAULT_KINDS,
    ) -> None:
        overrides = point_overrides or {}
        self._kinds: dict[str, InteractionKind] = {}
        for kind in (*base, *custom_kinds):
            points = overrides.get(kind.name, kind.points)
            self._kinds[kind.name] = InteractionKind(
                kind.name, kind.label, kind.category, float(points), kind.description
            )

    def __contains__(self, name: object) -> bool:
        return name in self._kinds

    def __iter__(self) -> Iterator[InteractionKind]:
        return iter(self._kinds.values())

    def __len__(self) -> int:
        return len(self._kinds)

    def get(self, name: str) -> InteractionKind:
        try:
            return self._kinds[name]
        except KeyError:
            raise KeyError(name) from None

    def names(self) -> list[str]:
        return list(self._kinds)

    def by_category(self) -> dict[Category, list[InteractionKind]]:
        grouped: dict[Category, list[InteractionKind]] = {}
        for kind in self._kinds.values():
            grouped.setdefault(kind.category, []).append(kind)
        return grouped
