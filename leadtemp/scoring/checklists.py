"""Nurture checklists: one template per temperature, drawn from the seeds' tactics.

Progress is stored per contact and temperature and belongs to one stay there: a lead that changes
temperature gets the new checklist, and one that comes back to a temperature starts its list
afresh (the "respond within minutes" of last month's hot spell is not this one's).
"""

from __future__ import annotations

import re
from typing import Any

from leadtemp.book_kinds import BookKind
from leadtemp.errors import ValidationError
from leadtemp.model import ChecklistItem, Temperature
from leadtemp.scoring.recruiting import RECRUITING_TEMPLATES

Templates = dict[Temperature, tuple[ChecklistItem, ...]]

DEFAULT_TEMPLATES: Templates = {
    Temperature.COLD: (
        ChecklistItem("research", "Research their business and the problem you could solve"),
        ChecklistItem("educate", "Send educational content, not a sales pitch"),
        ChecklistItem("awareness", "Build awareness: connect or engage on social media"),
        ChecklistItem("invite", "Invite them to a newsletter, webinar or event"),
        ChecklistItem("check_in", "Check in again in a few weeks with something useful"),
    ),
    Temperature.WARM: (
        ChecklistItem(
            "personal_follow_up",
            "Personalised follow-up referencing what they engaged with",
        ),
        ChecklistItem("case_study", "Share a relevant case study or testimonial"),
        ChecklistItem("address_challenge", "Send content addressing their specific challenge"),
        ChecklistItem("conversation", "Have a real-time conversation: call, video or meeting"),
        ChecklistItem("next_step", "Suggest a logical next step"),
    ),
    Temperature.HOT: (
        ChecklistItem("respond_now", "Respond within minutes"),
        ChecklistItem("pricing", "Send pricing or a proposal"),
        ChecklistItem("implementation", "Answer implementation and onboarding questions"),
        ChecklistItem("stakeholders", "Bring in every stakeholder and decision maker"),
        ChecklistItem("terms", "Agree budget, payment terms and timeline"),
        ChecklistItem("close", "Ask for the decision"),
    ),
}


def default_templates(book: BookKind) -> Templates:
    """The checklists a book of this kind starts with: the seeds' sales tactics, or their
    recruitment reading in a recruiting book."""
    return dict(RECRUITING_TEMPLATES if book is BookKind.RECRUITING else DEFAULT_TEMPLATES)


def templates_to_json(templates: Templates) -> dict[str, list[dict[str, str]]]:
    return {
        temperature.value: [{"id": item.id, "text": item.text} for item in items]
        for temperature, items in templates.items()
    }


def templates_from_json(data: Any) -> Templates:
    """Validate user-edited templates: every temperature present, ids unique, texts non-empty."""
    if not isinstance(data, dict):
        raise ValidationError("checklist templates must be an object keyed by temperature")
    templates: Templates = {}
    for temperature in Temperature:
        raw_items = data.get(temperature.value, [])
        if not isinstance(raw_items, list):
            raise ValidationError(f"checklist for {temperature.value} must be a list")
        items: list[ChecklistItem] = []
        seen: set[str] = set()
        for raw in raw_items:
            if isinstance(raw, str):
                raw = {"text": raw}
            if not isinstance(raw, dict) or not isinstance(raw.get("text"), str):
                raise ValidationError(f"each {temperature.value} checklist step needs a text")
            text = raw["text"].strip()
            if not text:
                raise ValidationError(f"a {temperature.value} checklist step is empty")
            item_id = str(raw.get("id") or slug(text))
            base, suffix = item_id, 2
            while item_id in seen:
                item_id = f"{base}_{suffix}"
                suffix += 1
            seen.add(item_id)
            items.append(ChecklistItem(item_id, text))
        templates[temperature] = tuple(items)
    return templates


def slug(text: str) -> str:
    cleaned = re.sub(r"[^a-z0-9]+", "_", text.casefold()).strip("_")
    return cleaned[:40] or "step"


def next_open_step(items: tuple[ChecklistItem, ...], done: set[str]) -> str | None:
    for item in items:
        if item.id not in done:
            return item.text
    return None
