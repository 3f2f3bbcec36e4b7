"""``leadtemp companies``, ``leadtemp company ID`` (read or edit one) and ``leadtemp seniority``:
the whole company in view, as the seeds' stakeholder involvement asks."""

from __future__ import annotations

import argparse
import json
from typing import Any

from leadtemp import clock
from leadtemp.cli.args import instant, positive_id, whole_number
from leadtemp.companies.records import CompanySummary, CompanyView
from leadtemp.companies.seniority import parse_seniority
from leadtemp.companies.temperature import CompanyTemperature
from leadtemp.service import LeadService

COMPANIES_COMMAND = "companies"
COMPANY_COMMAND = "company"
SENIORITY_COMMAND = "seniority"
COMPANY_COMMANDS = frozenset({COMPANIES_COMMAND, COMPANY_COMMAND, SENIORITY_COMMAND})
#: Shown a few at a time in the text output; ``--json`` has them all.
_TIMELINE_LINES = 20


def _size(text: str) -> int:
    """A company size, or "" to clear it (-1)."""
    return -1 if text.strip() == "" else whole_number(text, "company size", 0)


def add_company_commands(commands: Any) -> None:
    listing = commands.add_parser(COMPANIES_COMMAND, help="every company with its people and temperature")
    listing.add_argument("--as-of", type=instant, default=None, help="as it stood at DATE")
    listing.add_argument("--json", action="store_true")
    one = commands.add_parser(
        COMPANY_COMMAND, help="one company: its people, temperature and everyone's interactions; or edit it"
    )
    one.add_argument("company_id", type=positive_id("company id"), metavar="ID")
    one.add_argument("--name", default=None, help="rename the company")
    one.add_argument("--industry", default=None, help='its industry ("" clears it)')
    one.add_argument("--size", type=_size, default=None, help='how many people work there ("" clears it)')
    one.add_argument("--as-of", type=instant, default=None, help="as it stood at DATE")
    one.add_argument("--json", action="store_true")
    level = commands.add_parser(
        SENIORITY_COMMAND,
        help="how senior a contact is: decision-maker, influencer, user, or auto (its title)",
    )
    level.add_argument("contact_id", type=positive_id("contact id"), metavar="CONTACT")
    level.add_argument("level", metavar="LEVEL", help="decision-maker, influencer, user or auto")
    level.add_argument("--json", action="store_true")


def company_reads_only(args: argparse.Namespace) -> bool:
    if args.command == COMPANY_COMMAND:
        return bool(args.name is None and args.industry is None and args.size is None)
    return bool(args.command == COMPANIES_COMMAND)


def run_company_command(args: argparse.Namespace, service: LeadService) -> int:
    if args.command == COMPANIES_COMMAND:
        summaries = service.companies(args.as_of)
        if args.json:
            print(json.dumps([summary_json(summary) for summary in summaries], indent=2))
        else:
            print("\n".join(summary_line(summary) for summary in summaries) or "no companies yet")
        return 0
    if args.command == SENIORITY_COMMAND:
        service.set_seniority(args.contact_id, parse_seniority(args.level))
        level, chosen = service.seniority(args.contact_id)
        value = None if level is None else level.value
        if args.json:
            print(json.dumps({"id": args.contact_id, "seniority": value, "seniority_set": chosen}))
        else:
            how = "set by you" if chosen else "from the title"
            print(f"#{args.contact_id} {service.name_of(args.contact_id)}: {value or 'unknown'} ({how})")
        return 0
    if not company_reads_only(args):
        service.edit_company(args.company_id, name=args.name, industry=args.industry, size=args.size)
    view = service.company(args.company_id, args.as_of)
    if args.json:
        print(json.dumps(view_json(view), indent=2))
    else:
        print("\n".join(view_lines(view)))
    return 0


def _temperature_json(temperature: CompanyTemperature) -> dict[str, Any]:
    return {
        "temperature": temperature.temperature.value,
        "temperature_reason": temperature.reason,
        "hottest_id": None if temperature.hottest is None else temperature.hottest.contact_id,
        "new_stakeholders": list(temperature.raised_by),
    }


def summary_json(summary: CompanySummary) -> dict[str, Any]:
    record = summary.record
    return {
        "id": record.id,
        "name": record.name,
        "domain": record.domain or None,
        "industry": record.industry,
        "size": record.size,
        "people": record.people,
        **_temperature_json(summary.temperature),
    }


def summary_line(summary: CompanySummary) -> str:
    record = summary.record
    where = f" ({record.domain})" if record.domain else ""
    people = f"{record.people} {'person' if record.people == 1 else 'people'}"
    return f"#{record.id} {record.name}{where}: {summary.temperature.temperature.value}, {people}"


def view_json(view: CompanyView) -> dict[str, Any]:
    return {
        **summary_json(CompanySummary(view.record, view.temperature)),
        "contacts": [
            {
                "id": person.contact_id,
                "name": person.name,
                "role": person.role,
                "seniority": None if person.seniority is None else person.seniority.value,
                "seniority_set": person.seniority_chosen,
                "temperature": person.temperature.value,
                "score": person.score,
                "closed": person.closed,
            }
            for person in view.people
        ],
        "stakeholder_joins": [
            {
                "newcomer_id": join.newcomer_id,
                "newcomer": join.newcomer,
                "joined_id": join.earlier_id,
                "joined": join.earlier,
                "joined_at": clock.format_iso(join.joined_at),
                "interaction_id": join.interaction_id,
            }
            for join in view.joins
        ],
        "timeline": [
            {
                "interaction_id": entry.interaction_id,
                "contact_id": entry.contact_id,
                "name": entry.name,
                "kind": entry.kind,
                "label": entry.label,
                "occurred_at": clock.format_iso(entry.occurred_at),
                "note": entry.note,
            }
            for entry in view.timeline
        ],
    }


def view_lines(view: CompanyView) -> list[str]:
    record = view.record
    facts = [part for part in (record.domain, record.industry) if part]
    if record.size is not None:
        facts.append(f"{record.size} people")
    lines = [f"#{record.id} {record.name}" + (f" ({', '.join(facts)})" if facts else "")]
    lines.append(f"{view.temperature.temperature.value}: {view.temperature.reason}")
    lines.append("people:")
    for person in view.people:
        role = ", ".join(part for part in (person.role, person.seniority and person.seniority.value) if part)
        state = person.closed or f"{person.temperature.value} {person.score}"
        lines.append(f"  #{person.contact_id} {person.name}" + (f" ({role})" if role else "") + f": {state}")
    for join in view.joins:
        when = clock.format_iso(join.joined_at)
        lines.append(f"new stakeholder: {join.newcomer} joined {join.earlier}'s conversation at {when}")
    if view.timeline:
        lines.append("timeline:")
        for entry in view.timeline[:_TIMELINE_LINES]:
            note = f": {entry.note}" if entry.note else ""
            lines.append(f"  {clock.format_iso(entry.occurred_at)} {entry.name}, {entry.label}{note}")
        if len(view.timeline) > _TIMELINE_LINES:
            lines.append(f"  ... {len(view.timeline) - _TIMELINE_LINES} more (--json has them all)")
    return lines
