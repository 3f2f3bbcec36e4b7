"""Scoring rules: thresholds, caps, half-lives, point overrides and the ideal-client profile.

Rules live in the settings table as JSON so a user can tune them; every value is validated
here so that a bad setting is refused with a message instead of producing nonsense scores.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Collection, Mapping
from dataclasses import asdict, dataclass, field, replace
from functools import cached_property
from typing import Any

from leadtemp.book_kinds import BookKind, book_kind
from leadtemp.errors import ValidationError
from leadtemp.model import Category, Temperature
from leadtemp.scoring.catalogue import (
    POINT_RANGES,
    Catalogue,
    InteractionKind,
    kind_to_json,
    kinds_from_json,
)
from leadtemp.scoring.recruiting import RoleProfile, book_kinds

#: Most points a category adds up to, however many signals it holds: the diminishing returns that
#: keep a pile-up of opens or follows from ever making a lead hot (fit 10 + behavioral 15 +
#: engagement 20 stays under 71). Explicit interest goes to 100 so that several buying signals in a
#: week score well past the hot threshold.
DEFAULT_CAPS: dict[str, float] = {
    "fit": 10,
    "behavioral": 15,
    "engagement": 20,
    "explicit_interest": 100,
}

#: Half-lives in days. Buying signals fade within a hot lead's 2-4 week cycle; engagement within a
#: warm lead's 1-3 months; a "not interested" lingers for a cold lead's 6+ months. Lasting facts (a
#: previous customer, a referral) keep their points for years: they are what a lead is, not events.
DEFAULT_HALF_LIVES: dict[str, float] = {
    "behavioral": 30,
    "engagement": 45,
    "explicit_interest": 14,
    "negative": 90,
    "lasting": 1095,
}
LASTING = "lasting"

#: Days a category's latest signal keeps a lead at least warm: a buying signal for a warm lead's
#: 1-3 months (after the hot window), visits and downloads or webinars as long. A lasting fact (a
#: previous customer, a referral) is what the lead is rather than something it did: it keeps a lead
#: warm for a year.
DEFAULT_WARM_WINDOWS: dict[str, float] = {
    "behavioral": 90,
    "engagement": 90,
    "explicit_interest": 90,
    "lasting": 365,
}
#: Days without a touch (any logged outreach or reply) after which a lead is due a follow-up, per
#: temperature, from the seeds' cycles: a hot lead every day, a warm one every week (consistent
#: follow-ups), a cold one every month (long-term education).
DEFAULT_CADENCE: dict[str, float] = {
    "hot": 1,
    "warm": 7,
    "cold": 30,
}
#: How many times one kind counts for the same lead on the same UTC day (0: every time), as
#: Marketo scores one activity per day: 50 email opens or website visits in a day are one open or
#: one visit, and a bounce or an unsubscribe recorded twice is one fact. Buying signals count every
#: time: a second pricing question the same day is the lead asking again, and their category cap
#: (100) already bounds them.
DEFAULT_DAILY_LIMITS: dict[str, int] = {
    "behavioral": 1,
    "engagement": 1,
    "explicit_interest": 0,
    "negative": 1,
}
#: Settings of older books, each now one or more categories' warm window.
_OLD_WARM_WINDOW_KEYS: dict[str, tuple[str, ...]] = {
    "warm_window_days": ("explicit_interest",),
    "signal_warm_window_days": ("behavioral", "engagement"),
}


# Allowed ranges ---------------------------------------------------------------------------
#: What each tunable field of :class:`Rules` may be (inclusive): a number's range, or for a map
#: the range of each of its values. Points per kind take theirs from the kind's category
#: (``POINT_RANGES``). ``leadtemp rules`` lists, and ``rules set`` checks, exactly these fields.


@dataclass(frozen=True)
class IdealClientProfile:
    """Who the user sells to; used to compute demographic fit when none is set by hand."""

    industries: tuple[str, ...] = ()
    company_size_min: int | None = None
    company_size_max: int | None = None
    roles: tuple[str, ...] = ()

    @property
    def is_configured(self) -> bool:
        return bool(
            self.industries
            or self.roles
            or self.company_size_min is not None
            or self.company_size_max is not None
        )


#: Allowed values of every plain (not per-category) setting, inclusive: the one place both the
#: rules' own validation and the settings surface (``leadtemp rules``) read them from. Per-category
#: settings are ranged by :data:`MAP_RANGES` and points per kind by ``POINT_RANGES``.
RULE_RANGES: dict[str, tuple[float, float]] = {
    "warm_min": (1, 999),
    "hot_min": (2, 1000),
    "default_fit": (0, 10),
    "trend_window_days": (1, 365),
    "trend_points": (1, 100),
    "hysteresis_points": (0, 30),
    "hot_window_days": (1, 90),
    "not_interested_days": (1, 365),
    "buying_signal_points": (1, 100),
    "warm_signal_points": (1, 50),
    "not_interested_points": (1, 100),
}
#: Allowed values of the per-category settings.
MAP_RANGES: dict[str, tuple[float, float]] = {
    "caps": (0, 1000),
    "half_lives": (0.1, 3650),
    "warm_windows": (1, 365),
    "cadence": (1, 365),
    "daily_limit": (0, 100),
}
#: Per-category settings that are whole numbers.
WHOLE_MAPS = ("daily_limit",)
#: Every ranged setting by name, plain and per-category alike (what ``leadtemp rules`` lists).
RANGES: dict[str, tuple[float, float]] = {**RULE_RANGES, **MAP_RANGES}
_WHOLE_NUMBERS = ("warm_min", "hot_min", "default_fit", "trend_window_days", "hysteresis_points")


@dataclass(frozen=True)
class Rules:
    """The scoring rules. Points say how interested a lead looks; the seeds' definitions of the
    temperatures come first where the points fall short (see ``leadtemp.scoring.temperature``)."""

    warm_min: int = 31
    hot_min: int = 71
    caps: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_CAPS))
    half_lives: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_HALF_LIVES))
    points: dict[str, float] = field(default_factory=dict)
    icp: IdealClientProfile = field(default_factory=IdealClientProfile)
    #: Fit assumed when nothing is known about a contact (neither a hand value nor a profile).
    default_fit: int = 5
    trend_window_days: int = 14
    #: The user's own interaction kinds, kept in the book with the rules.
    custom_kinds: tuple[InteractionKind, ...] = ()
    #: Points of activity the last trend window must differ from the one before to count as
    #: accelerating or slowing.
    trend_points: float = 5
    #: A lead stays in the band it reached until its score falls this far below the band's threshold.
    hysteresis_points: int = 5
    #: A buying signal makes a lead hot for this long (a hot lead's 2-4 week cycle)...
    hot_window_days: float = 14
    #: ...and then warm until its category's warm window (days) is over; warm signals (visits,
    #: downloads, the newsletter, webinars, referrals) keep a lead warm for theirs.
    warm_windows: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WARM_WINDOWS))
    #: A "not interested" keeps a lead cold this long, unless a buying signal comes after it.
    not_interested_days: float = 90
    #: Explicit-interest points at the latest buying signal that make a lead hot (a pricing request
    #: alone does; a direct inquiry, 25, makes it warm unless something specific comes with it).
    buying_signal_points: float = 30
    #: Behavioral or engagement points at the latest such signal that make a lead warm: more than
    #: one website visit, one download, a newsletter signup, a webinar, a referral.
    warm_signal_points: float = 6
    #: Negative points at the latest negative signal that make a lead cold: a "not interested", not
    #: a bounce or an unsubscribe alone.
    not_interested_points: float = 30
    #: Days without a touch before a lead of each temperature is due a follow-up (see the agenda).
    cadence: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_CADENCE))
    #: Per category, how many times one kind counts per lead and UTC day (0: unlimited); the
    #: repeats beyond it are shown and take nothing (see ``leadtemp.scoring.daily``).
    daily_limit: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_DAILY_LIMITS))
    #: What the book is for, chosen when it was created: the kinds it comes with and how fit is read.
    book: BookKind = BookKind.SALES
    #: The role a recruiting book hires for; a candidate's match with it is their fit.
    role_profile: RoleProfile = field(default_factory=RoleProfile)

    def __post_init__(self) -> None:
        validate_rules(self)

    @cached_property
    def catalogue(self) -> Catalogue:
        return Catalogue(self.points, self.custom_kinds, base=book_kinds(self.book))

    @property
    def profile_configured(self) -> bool:
        """Whether fit is read from a profile: the role profile in a recruiting book, the
        ideal-client profile in a sales one."""
        if self.book is BookKind.RECRUITING:
            return self.role_profile.is_configured
        return self.icp.is_configured

    def defaults(self) -> Rules:
        """Every key at its default, keeping what the user described rather than tuned: the book's
        kind, its profiles and the user's own kinds."""
        return Rules(
            icp=self.icp, custom_kinds=self.custom_kinds, book=self.book, role_profile=self.role_profile
        )

    def temperature_for(self, score: int) -> Temperature:
        if score >= self.hot_min:
            return Temperature.HOT
        if score >= self.warm_min:
            return Temperature.WARM
        return Temperature.COLD

    def half_life(self, category: Category) -> float:
        return float(self.half_lives[category.value])

    def warm_window(self, category: Category) -> float:
        return float(self.warm_windows[category.value])

    @property
    def lasting_half_life(self) -> float:
        return float(self.half_lives.get(LASTING, DEFAULT_HALF_LIVES[LASTING]))

    @property
    def lasting_warm_window(self) -> float:
        return float(self.warm_windows.get(LASTING, DEFAULT_WARM_WINDOWS[LASTING]))

    def cadence_days(self, temperature: Temperature) -> float:
        return float(self.cadence[temperature.value])

    def daily_limit_of(self, category: Category) -> int:
        """How many times a kind of this category counts per lead and UTC day; 0 is unlimited."""
        return int(self.daily_limit.get(category.value, 0))

    def cap(self, category: Category) -> float:
        return float(self.caps.get(category.value, float("inf")))

    def fingerprint(self) -> str:
        """A digest of what the cached decay sums depend on (points and half-lives)."""
        return self._fingerprint

    @cached_property
    def _fingerprint(self) -> str:
        relevant = {
            "half_lives": self.half_lives,
            "daily_limit": self.daily_limit,
            "points": {kind.name: kind.points for kind in self.catalogue},
            "categories": {kind.name: kind.category.value for kind in self.catalogue},
        }
        return hashlib.sha256(json.dumps(relevant, sort_keys=True).encode()).hexdigest()[:16]

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["icp"] = {
            "industries": list(self.icp.industries),
            "company_size_min": self.icp.company_size_min,
            "company_size_max": self.icp.company_size_max,
            "roles": list(self.icp.roles),
        }
        data["custom_kinds"] = [kind_to_json(kind) for kind in self.custom_kinds]
        data["book"] = self.book.value
        data["role_profile"] = {"title": self.role_profile.title, "skills": list(self.role_profile.skills)}
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Rules:
        """Build rules from stored or user-supplied JSON, refusing unknown or bad values."""
        if not isinstance(data, dict):
            raise ValidationError("scoring rules must be a JSON object")
        known = {f for f in cls.__dataclass_fields__}
        data = _with_warm_windows(data)
        unknown = set(data) - known
        if unknown:
            raise ValidationError(f"unknown scoring setting: {', '.join(sorted(unknown))}")
        kwargs: dict[str, Any] = {}
        for key in RULE_RANGES:
            if key in data:
                kwargs[key] = _as_int(data[key], key) if key in _WHOLE_NUMBERS else _as_number(data[key], key)
        for key, defaults in (
            ("caps", DEFAULT_CAPS),
            ("half_lives", DEFAULT_HALF_LIVES),
            ("warm_windows", DEFAULT_WARM_WINDOWS),
            ("cadence", DEFAULT_CADENCE),
        ):
            if key in data:
                kwargs[key] = {**defaults, **_number_map(data[key], key)}
        if "daily_limit" in data:
            limits = _number_map(data["daily_limit"], "daily_limit")
            kwargs["daily_limit"] = {
                **DEFAULT_DAILY_LIMITS,
                **{k: _as_int(v, f"daily_limit.{k}") for k, v in limits.items()},
            }
        if "points" in data:
            kwargs["points"] = _number_map(data["points"], "points")
        if "icp" in data:
            kwargs["icp"] = _icp_from_json(data["icp"])
        if "custom_kinds" in data:
            kwargs["custom_kinds"] = kinds_from_json(data["custom_kinds"])
        if "book" in data:
            if not isinstance(data["book"], str):
                raise ValidationError("book must be the name of a book kind")
            kwargs["book"] = book_kind(data["book"])
        if "role_profile" in data:
            kwargs["role_profile"] = role_profile_from_json(data["role_profile"])
        return cls(**kwargs)

    def with_changes(self, **changes: Any) -> Rules:
        return replace(self, **changes)


def _check_map(
    values: Mapping[str, float], known: Collection[str], key: str, noun: str, unit: str = ""
) -> None:
    """Every entry of a per-category setting names a known category and lies in its range."""
    low, high = MAP_RANGES[key]
    for name, value in values.items():
        if name not in known:
            raise ValidationError(f"unknown {noun} category: {name}")
        if not low <= value <= high:
            raise ValidationError(f"{noun} for {name} must be between {low:g} and {high:g}{unit}")


def validate_rules(rules: Rules) -> None:
    if not 0 < rules.warm_min < rules.hot_min:
        raise ValidationError(f"thresholds must satisfy 0 < warm ({rules.warm_min}) < hot ({rules.hot_min})")
    for key, (low, high) in RULE_RANGES.items():
        value = getattr(rules, key)
        if not low <= value <= high:
            raise ValidationError(f"{key} must be between {low:g} and {high:g}")
    _check_map(rules.warm_windows, DEFAULT_WARM_WINDOWS, "warm_windows", "warm window", " days")
    if rules.warm_window(Category.EXPLICIT_INTEREST) < rules.hot_window_days:
        raise ValidationError("warm_windows.explicit_interest must be at least hot_window_days")
    _check_map(rules.half_lives, DEFAULT_HALF_LIVES, "half_lives", "half-life", " days")
    _check_map(rules.caps, DEFAULT_CAPS, "caps", "cap")
    _check_map(rules.cadence, DEFAULT_CADENCE, "cadence", "cadence", " days")
    _check_map(rules.daily_limit, DEFAULT_DAILY_LIMITS, "daily_limit", "daily limit", " a day")
    for name, limit in rules.daily_limit.items():
        if isinstance(limit, bool) or limit != int(limit):
            raise ValidationError(f"the daily limit for {name} must be a whole number")
    custom = {kind.name: kind for kind in rules.custom_kinds}
    own = {kind.name: kind for kind in book_kinds(rules.book)}
    if len(custom) != len(rules.custom_kinds) or set(custom) & set(own):
        raise ValidationError("every interaction kind needs a name of its own")
    for name, value in rules.points.items():
        kind = own.get(name) or custom.get(name)
        if kind is None:
            raise ValidationError(f"unknown interaction kind: {name}")
        low, high = POINT_RANGES[kind.category]
        if not low <= value <= high:
            raise ValidationError(
                f"points for {name} must be between {low:g} and {high:g} ({kind.category.value})"
            )
    icp = rules.icp
    for bound in (icp.company_size_min, icp.company_size_max):
        if bound is not None and bound < 0:
            raise ValidationError("company size bounds must not be negative")
    if (
        icp.company_size_min is not None
        and icp.company_size_max is not None
        and icp.company_size_min > icp.company_size_max
    ):
        raise ValidationError("company size minimum is larger than the maximum")


def _with_warm_windows(data: dict[str, Any]) -> dict[str, Any]:
    """Rules stored by an older LeadTemp, their one or two warm windows read as per category."""
    windows = data.get("warm_windows", {})
    if not set(data) & set(_OLD_WARM_WINDOW_KEYS) or not isinstance(windows, dict):
        return data
    data, windows = dict(data), dict(windows)
    for old, categories in _OLD_WARM_WINDOW_KEYS.items():
        if old in data:
            value = data.pop(old)
            for category in categories:
                windows.setdefault(category, value)
    data["warm_windows"] = windows
    return data


def _as_int(value: Any, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValidationError(f"{key} must be a whole number")
    if (isinstance(value, float) and not math.isfinite(value)) or value != int(value):
        raise ValidationError(f"{key} must be a whole number")
    return int(value)


def _as_number(value: Any, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValidationError(f"{key} must be a number")
    return float(value)


def _number_map(value: Any, key: str) -> dict[str, float]:
    if not isinstance(value, dict):
        raise ValidationError(f"{key} must be an object of numbers")
    result: dict[str, float] = {}
    for name, number in value.items():
        if isinstance(number, bool) or not isinstance(number, (int, float)):
            raise ValidationError(f"{key}.{name} must be a number")
        try:
            as_float = float(number)
        except OverflowError:
            raise ValidationError(f"{key}.{name} is far too large") from None
        if not math.isfinite(as_float):
            raise ValidationError(f"{key}.{name} must be a finite number")
        result[str(name)] = as_float
    return result


#: The most required skills a role profile holds, and the longest one.
MAX_ROLE_SKILLS = 30
MAX_ROLE_TEXT = 100


def role_profile(title: str, skills: Collection[str]) -> RoleProfile:
    """A role profile from what the user typed: blank skills dropped, repeats once, each checked."""
    title = " ".join(title.split())
    if len(title) > MAX_ROLE_TEXT:
        raise ValidationError(f"the role's title is longer than {MAX_ROLE_TEXT} characters")
    cleaned: list[str] = []
    for skill in skills:
        text = " ".join(skill.split())
        if len(text) > MAX_ROLE_TEXT:
            raise ValidationError(f"the skill {text[:20]!r}... is longer than {MAX_ROLE_TEXT} characters")
        if text and text.casefold() not in {known.casefold() for known in cleaned}:
            cleaned.append(text)
    if len(cleaned) > MAX_ROLE_SKILLS:
        raise ValidationError(f"a role profile holds at most {MAX_ROLE_SKILLS} required skills")
    return RoleProfile(title, tuple(cleaned))


def role_profile_from_json(value: Any) -> RoleProfile:
    if not isinstance(value, dict):
        raise ValidationError("role_profile must be an object")
    title, skills = value.get("title", ""), value.get("skills", [])
    texts = isinstance(skills, list) and all(isinstance(skill, str) for skill in skills)
    if not isinstance(title, str) or not texts:
        raise ValidationError("role_profile needs a text title and a list of skills")
    return role_profile(title, skills)


def _icp_from_json(value: Any) -> IdealClientProfile:
    if not isinstance(value, dict):
        raise ValidationError("icp must be an object")

    def strings(key: str) -> tuple[str, ...]:
        items = value.get(key, [])
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise ValidationError(f"icp.{key} must be a list of strings")
        return tuple(i.strip() for i in items if i.strip())

    def bound(key: str) -> int | None:
        raw = value.get(key)
        return None if raw is None else _as_int(raw, f"icp.{key}")

    return IdealClientProfile(
        industries=strings("industries"),
        company_size_min=bound("company_size_min"),
        company_size_max=bound("company_size_max"),
        roles=strings("roles"),
    )
