"""Which columns of a newsletter tool's export hold the recipient, the activity and its time.

A preset either has an activity column whose values name what happened ("opened", "Hard bounce")
or, for subscriber lists, time columns that each mean one kind (a signup date, an unsubscribe date).
Headers are compared with :func:`~leadtemp.importing.read.presets.normalize_header`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from leadtemp.importing.read.presets import normalize_header

#: What a mapped column may be (``--map COLUMN=FIELD``); a kind's name also maps a time column
#: whose every row is that kind (a Calendly export's "Event Created Date & Time" as demo_booked).
FIELDS: tuple[str, ...] = ("email", "activity", "time", "name", "campaign")


@dataclass(frozen=True)
class ActivityPreset:
    """The columns of one app's export, as normalised headers, each a list of alternatives."""

    name: str
    email: tuple[str, ...]
    activity: tuple[str, ...] = ()
    time: tuple[str, ...] = ()
    #: Time columns that each mean one kind when the file has no activity column, first found first.
    dated_kinds: tuple[tuple[str, str], ...] = ()
    name_columns: tuple[str, ...] = ()
    campaign: tuple[str, ...] = ()
    #: The app writes slashed dates day first (31/01/2026).
    days_first: bool = False
    #: Headers that only this app writes: enough to recognise the export.
    signature: frozenset[str] = field(default_factory=frozenset)


PRESETS: dict[str, ActivityPreset] = {
    preset.name: preset
    for preset in (
        # Mailchimp audience export (subscribed, unsubscribed and cleaned members).
        ActivityPreset(
            "mailchimp",
            email=("email address",),
            dated_kinds=(
                ("unsub time", "unsubscribed"),
                ("clean time", "email_bounced"),
                ("confirm time", "newsletter_signup"),
                ("optin time", "newsletter_signup"),
            ),
            name_columns=("first name",),
            campaign=("unsub campaign title", "clean campaign title"),
            signature=frozenset({"optin time", "member rating"}),
        ),
        # Mailchimp campaign report, "Export email activity": one row per open, click or bounce.
        ActivityPreset(
            "mailchimp-activity",
            email=("email address", "email"),
            activity=("action",),
            time=("timestamp",),
            campaign=("campaign title", "campaign"),
            signature=frozenset({"action", "timestamp", "campaign title"}),
        ),
        # Brevo (Sendinblue) campaign report export of recipient events.
        ActivityPreset(
            "brevo",
            email=("email", "email address"),
            activity=("event", "event type"),
            time=("date", "event date"),
            campaign=("campaign name", "campaign"),
            days_first=True,
            signature=frozenset({"event", "campaign name", "email"}),
        ),
        # MailerLite campaign report, subscriber activity.
        ActivityPreset(
            "mailerlite",
            email=("subscriber", "email"),
            activity=("activity",),
            time=("date and time", "date"),
            campaign=("campaign",),
            signature=frozenset({"subscriber", "activity"}),
        ),
        # Buttondown subscriber export.
        ActivityPreset(
            "buttondown",
            email=("email",),
            dated_kinds=(("unsubscription date", "unsubscribed"), ("creation date", "newsletter_signup")),
            signature=frozenset({"creation date", "subscriber type"}),
        ),
        # Substack subscriber export.
        ActivityPreset(
            "substack",
            email=("email",),
            dated_kinds=(("subscription created at", "newsletter_signup"),),
            name_columns=("name",),
            signature=frozenset({"subscription created at"}),
        ),
    )
}

PRESET_NAMES: tuple[str, ...] = tuple(PRESETS)

#: Activity values as the tools write them (normalised), and the kind each logs.
ACTIVITY_WORDS: Mapping[str, str] = {
    **dict.fromkeys(("open", "opened", "opens", "email opened", "unique open"), "email_open"),
    **dict.fromkeys(("click", "clicked", "clicks", "link clicked", "email clicked"), "email_click"),
    **dict.fromkeys(
        ("bounce", "bounced", "hard bounce", "soft bounce", "hardbounce", "softbounce", "cleaned", "hard"),
        "email_bounced",
    ),
    **dict.fromkeys(
        ("unsubscribe", "unsubscribed", "unsub", "opt out", "opted out", "optout", "unsubscription"),
        "unsubscribed",
    ),
    **dict.fromkeys(
        ("subscribe", "subscribed", "signup", "sign up", "signed up", "opt in", "opted in", "new subscriber"),
        "newsletter_signup",
    ),
}


def detect_preset(columns: Iterable[str]) -> str | None:
    """The app whose export has these headers, when exactly one fits."""
    keys = {normalize_header(column) for column in columns}
    fitting = [preset.name for preset in PRESETS.values() if preset.signature <= keys]
    return fitting[0] if len(fitting) == 1 else None


def kind_of_activity(value: str, kinds: Iterable[str]) -> str | None:
    """The kind an activity value names: a tool's word for it, or a kind's own name."""
    key = normalize_header(value)
    if key in ACTIVITY_WORDS:
        return ACTIVITY_WORDS[key]
    spelled = key.replace(" ", "_")
    return spelled if spelled in set(kinds) else None
