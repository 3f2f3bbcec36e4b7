"""User-facing names and colours for the core's categories, kinds and temperatures.

Kept in one place so the quick-add dialog, the settings dialog and the contact panel word
things the same way.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QWidget

from desktop.theme import DARK, LIGHT
from leadtemp.book_kinds import BookKind
from leadtemp.model import Category, Temperature
from leadtemp.scoring.catalogue import InteractionKind

CATEGORY_LABELS: dict[Category, str] = {
    Category.BEHAVIORAL: "Behavioral signals",
    Category.ENGAGEMENT: "Engagement",
    Category.EXPLICIT_INTEREST: "Explicit interest",
    Category.NEGATIVE: "Negative signals",
    Category.OUTREACH: "Your outreach",
}

BREAKDOWN_LABELS: dict[str, str] = {
    "fit": "Fit",
    "behavioral": "Behavioral",
    "engagement": "Engagement",
    "explicit_interest": "Explicit interest",
    "negative": "Negative",
    "rule": "Temperature rule",
}

TEMPERATURE_HINTS: dict[Temperature, str] = {
    Temperature.COLD: "Educate, build awareness",
    Temperature.WARM: "Personalised follow-up, case studies, a real conversation",
    Temperature.HOT: "Respond within minutes, pricing and proposal, close",
}
#: The same advice in the seeds' recruitment reading, for a recruiting book.
RECRUITING_HINTS: dict[Temperature, str] = {
    Temperature.COLD: "Introduce the role",
    Temperature.WARM: "A personalised pitch, a referral from the team",
    Temperature.HOT: "Respond within the hour, the final interview, the offer",
}


def temperature_hints(book: BookKind) -> dict[Temperature, str]:
    """What to do at each temperature in a book of this kind."""
    return RECRUITING_HINTS if book is BookKind.RECRUITING else TEMPERATURE_HINTS


def points_text(kind: InteractionKind) -> str:
    """How many points a kind is worth, signed the way it affects the score."""
    if kind.is_outreach:
        return "no points"
    if kind.category is Category.NEGATIVE:
        return f"-{kind.points:g}"
    return f"+{kind.points:g}"


def kind_text(kind: InteractionKind) -> str:
    return f"{kind.label}  {points_text(kind)}"


def sentence(text: str) -> str:
    """Core messages start lower-case for the CLI; dialogs show them as sentences."""
    return text[:1].upper() + text[1:] if text else text


def is_dark(widget: QWidget) -> bool:
    return widget.palette().color(QPalette.ColorRole.Window).lightness() < 128


def temperature_color(widget: QWidget, temperature: Temperature) -> QColor:
    """The board's accent for a temperature, for the palette the widget is drawn with."""
    return (DARK if is_dark(widget) else LIGHT).accent(temperature)


def on_temperature_color(widget: QWidget) -> QColor:
    """Text drawn on a temperature accent: the dark palette's accents are light."""
    return QColor("#1b1e24") if is_dark(widget) else QColor("#ffffff")


def error_color(widget: QWidget) -> QColor:
    """A red that stays readable on both light and dark palettes."""
    return QColor("#ff7b72") if is_dark(widget) else QColor("#c62828")
