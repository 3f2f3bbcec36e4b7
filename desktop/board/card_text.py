"""The short phrases a card shows, computed at paint time so they age without a reload."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from desktop.widgets.humanize import days_ago, duration

if TYPE_CHECKING:
    from leadtemp.model import Card


def touch_text(card: Card, now: datetime) -> str:
    """How long since the last logged interaction: the staleness a user scans for."""
    if card.last_touch_at is None:
        return "No contact yet"
    days = max(0, (now - card.last_touch_at).days)
    return f"Touched {days_ago(days)}"


def waiting_text(card: Card, now: datetime) -> str | None:
    """The response clock of a hot lead: how long a buying signal has gone unanswered."""
    if card.waiting_since is None:
        return None
    return f"waiting {duration(now - card.waiting_since)}"


def pin_chip_prefixes(card: Card) -> tuple[str, ...]:
    """What the pin chip says before the computed temperature, longest first (the card uses the
    longest that fits). Each names the score as the source of that temperature, so "Pinned cold ·
    score hot" never reads as "pinned to hot"; the card's column is the pinned temperature."""
    pinned = card.temperature.value
    return (f"Pinned {pinned} · score says ", f"Pinned {pinned} · score ", "Pinned · score ", "Score ")


def stage_text(card: Card) -> str | None:
    """What the card's stage chip says: "Qualified", "Prospect", or for a plain lead what it was
    found not to have ("No budget", "No budget or authority"); None for a lead with nothing to say."""
    if card.stage.value != "lead":
        return card.stage.label
    if not card.lacks:
        return None
    return "No " + " or ".join(card.lacks)


def trend_text(card: Card) -> str:
    if card.trend > 0:
        return f"rising (+{card.trend_delta})"
    if card.trend < 0:
        return f"falling ({card.trend_delta})"
    return "steady"


def accessible_text(card: Card, now: datetime) -> str:
    """One sentence a screen reader can speak for the card."""
    parts = [card.name]
    if card.company:
        parts.append(card.company)
    parts.append(f"score {card.score}, {trend_text(card)}")
    if card.pinned:
        parts.append(f"pinned {card.temperature.value}, computed {card.computed_temperature.value}")
    waiting = waiting_text(card, now)
    if waiting:
        parts.append(waiting)
    parts.append(touch_text(card, now).lower())
    stage = stage_text(card)
    if stage:
        parts.append(stage.lower())
    if card.next_step:
        parts.append(f"next: {card.next_step}")
    return ", ".join(parts)
