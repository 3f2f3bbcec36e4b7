"""Old and new temperature of a dozen typical leads, side by side, from the same histories.

The old model is the points alone with explicit interest capped at 50 and no temperature rules (what
LeadTemp scored before the seeds' definitions came first); the new one is the current rules. Run with
``python -m bench.temperature_table``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from leadtemp.model import Interaction
from leadtemp.scoring.decay import category_sums, score_from_sums, score_interactions
from leadtemp.scoring.rules import DEFAULT_CAPS, Rules

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
OLD = Rules(caps={**DEFAULT_CAPS, "explicit_interest": 50})
NEW = Rules()

WARM_JOURNEY = [
    ("website_visit", 20),
    ("website_visit", 12),
    ("content_download", 6),
    ("newsletter_signup", 5),
]

#: name -> (fit, [(kind, days ago)])
LEADS: dict[str, tuple[int, list[tuple[str, float]]]] = {
    "pricing request yesterday, poor fit": (2, [("pricing_request", 1)]),
    "inquiry, demo, proposal, budget in 6 days": (
        9,
        [("inquiry", 6), ("demo_booked", 4), ("proposal_request", 2), ("budget_discussion", 0)],
    ),
    "direct inquiry alone": (5, [("inquiry", 1)]),
    "visits, downloads, newsletter, pricing page": (
        5,
        [("website_visit", d) for d in (9, 8, 6, 5, 3, 1)]
        + [("content_download", d) for d in (8, 5, 2)]
        + [("newsletter_signup", 7)]
        + [("pricing_page_visit", d) for d in (4, 2, 1)],
    ),
    "50 website visits in a week": (5, [("website_visit", i / 7) for i in range(50)]),
    "50 email opens, ideal fit": (10, [("email_open", i / 10) for i in range(50)]),
    "referral alone": (5, [("referral", 2)]),
    "previous customer": (5, [("repeat_customer", 2)]),
    "webinar attended": (5, [("webinar_attended", 2)]),
    "warm journey, pricing + not interested today": (
        9,
        [*WARM_JOURNEY, ("pricing_request", 0), ("not_interested", 0)],
    ),
    "not interested 30 days ago, then demo + proposal": (
        5,
        [("not_interested", 30), ("demo_booked", 1), ("proposal_request", 0)],
    ),
    "warm lead + pricing request 3 days ago": (5, [*WARM_JOURNEY, ("pricing_request", 3)]),
    "pricing request 40 days ago, nothing since": (5, [("pricing_request", 40)]),
}


def _log(history: list[tuple[str, float]]) -> list[Interaction]:
    return [Interaction(i + 1, 1, kind, NOW - timedelta(days=days)) for i, (kind, days) in enumerate(history)]


def rows() -> list[tuple[str, int, str, int, str, str]]:
    """(lead, old score, old temperature, new score, new temperature, the rule that set it)."""
    table = []
    for name, (fit, history) in LEADS.items():
        log = _log(history)
        sums, _ = category_sums(log, OLD.catalogue, OLD, NOW)
        old = score_from_sums(fit, sums, OLD).score
        new = score_interactions(log, fit, NEW, NOW)
        assert new.temperature is not None
        table.append((name, old, OLD.temperature_for(old).value, new.score, new.temperature.value, new.rule))
    return table


def main() -> None:
    print(f"| {'lead':<48} | old        | new        | rule               |")
    print(f"|{'-' * 50}|------------|------------|--------------------|")
    for name, old, old_t, new, new_t, rule in rows():
        print(f"| {name:<48} | {old:>3} {old_t:<6} | {new:>3} {new_t:<6} | {rule:<18} |")


if __name__ == "__main__":
    main()
