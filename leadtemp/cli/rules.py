"""``leadtemp rules`` and ``leadtemp kinds add/remove``: the scoring rules a user can tune, each
change previewed (which leads would change temperature), recorded with its date and undoable."""

from __future__ import annotations

import argparse
import json
from typing import Any

from leadtemp import clock
from leadtemp.scoring.catalogue import kind_to_json
from leadtemp.scoring.rules import Rules
from leadtemp.scoring.tuning import RuleKey, parse_assignments, rules_with
from leadtemp.service import LeadService, TemperatureMove, describe_moves

RULES_COMMAND = "rules"


def add_rules_commands(commands: Any) -> None:
    rules = commands.add_parser(RULES_COMMAND, help="the scoring rules: every key, its value and range")
    rules.add_argument("--json", action="store_true")
    actions = rules.add_subparsers(dest="rules_action", metavar="ACTION", parser_class=type(rules))
    change = actions.add_parser("set", help="change keys, e.g. `rules set hot_min=75 half_lives.negative=30`")
    change.add_argument("assignments", nargs="+", metavar="KEY=VALUE")
    reset = actions.add_parser("reset", help="every key back to its default")
    undo = actions.add_parser("undo", help="put back the rules as they were before the last change")
    for parser in (change, reset, undo):
        parser.add_argument(
            "--dry-run", action="store_true", help="say which leads would move; change nothing"
        )
        parser.add_argument("--json", action="store_true")
    history = actions.add_parser("history", help="every change of the rules with its date")
    history.add_argument("--json", action="store_true")


def add_kind_actions(kinds: argparse.ArgumentParser) -> None:
    """``kinds add`` and ``kinds remove`` under the ``kinds`` listing."""
    actions = kinds.add_subparsers(dest="kinds_action", metavar="ACTION", parser_class=type(kinds))
    add = actions.add_parser("add", help="add an interaction kind of your own")
    add.add_argument("name")
    add.add_argument(
        "--category", required=True, help="behavioral, engagement, explicit_interest or negative"
    )
    add.add_argument("--points", required=True, type=_points, help="within the category's range")
    add.add_argument("--label", default="", help="how the app shows it (default: from the name)")
    add.add_argument("--json", action="store_true")
    remove = actions.add_parser("remove", help="remove a kind of your own that nothing logged uses")
    remove.add_argument("name")


def rules_reads_only(args: argparse.Namespace) -> bool:
    action = getattr(args, "rules_action", None)
    return action in (None, "history") or bool(getattr(args, "dry_run", False))


def run_rules(args: argparse.Namespace, service: LeadService) -> int:
    action = args.rules_action
    if action is None:
        _print_keys(service.rule_keys(), args.json)
    elif action == "history":
        _print_history(service, args.json)
    else:
        if action == "set":
            description = ", ".join(args.assignments)
            new_rules = rules_with(service.rules, parse_assignments(args.assignments))
        elif action == "reset":
            description, new_rules = "reset", service.default_rules()
        else:
            last = service.last_rules_change()
            description, new_rules = f"undo {last.action}", Rules.from_json(last.before)
        _change(service, action, description, new_rules, args)
    return 0


def run_kind_action(args: argparse.Namespace, service: LeadService) -> int:
    if args.kinds_action == "add":
        kind = service.add_kind(args.name, args.category, args.points, args.label)
        if args.json:
            _print_json(kind_to_json(kind))
        else:
            print(f"added {kind.name} ({kind.category.value}, {kind.points:g} points): {kind.label}")
    else:
        service.remove_kind(args.name)
        print(f"removed {args.name}")
    return 0


def _change(
    service: LeadService, action: str, description: str, new_rules: Rules, args: argparse.Namespace
) -> None:
    moves = service.preview_rules(new_rules)
    unchanged = new_rules.to_json() == service.rules.to_json()
    if not args.dry_run and not unchanged:
        if action == "undo":
            service.undo_rules()
        else:
            service.update_settings(new_rules, action=description if action == "set" else action)
    if args.json:
        _print_json(
            {
                "action": action,
                "description": description,
                "dry_run": bool(args.dry_run),
                "changed": not unchanged and not args.dry_run,
                "leads": [_move_json(move) for move in moves],
            }
        )
        return
    if unchanged:
        print("the rules already are so; nothing was changed")
        return
    print(describe_moves(moves, applied=not args.dry_run, words=service.words))


def _move_json(move: TemperatureMove) -> dict[str, Any]:
    return {
        "id": move.contact_id,
        "name": move.name,
        "from": move.old_temperature.value,
        "to": move.new_temperature.value,
        "old_score": move.old_score,
        "score": move.new_score,
    }


def _print_keys(keys: list[RuleKey], as_json: bool) -> None:
    if as_json:
        _print_json([key.to_json() for key in keys])
        return
    width = max((len(key.key) for key in keys), default=0)
    for key in keys:
        mark = "" if key.value == key.default else f"  (default {key.default:g})"
        print(f"{key.key:<{width}}  {key.value:>6g}  {key.low:g}-{key.high:g}{mark}")


def _print_history(service: LeadService, as_json: bool) -> None:
    history = service.rules_history()
    if as_json:
        _print_json(
            [
                {
                    "id": change.id,
                    "changed_at": clock.format_iso(change.changed_at),
                    "action": change.action,
                    "keys": changed_keys(change.before, change.after),
                    "undone_at": clock.format_iso(change.undone_at),
                    "before": change.before,
                    "after": change.after,
                }
                for change in history
            ]
        )
        return
    for change in history:
        undone = f"  (undone {clock.format_iso(change.undone_at)})" if change.undone_at else ""
        keys = ", ".join(changed_keys(change.before, change.after))
        print(f"#{change.id:<4} {clock.format_iso(change.changed_at)}  {change.action}: {keys}{undone}")


def changed_keys(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """The keys (``hot_min``, ``points.website_visit``, ``custom_kinds``) whose values differ."""
    flat_before, flat_after = _flat(before), _flat(after)
    return sorted(
        key for key in flat_before.keys() | flat_after.keys() if flat_before.get(key) != flat_after.get(key)
    )


def _flat(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict) and key != "icp":
            flat.update(_flat(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def _points(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"points must be a number, not {text!r}") from None


def _print_json(value: Any) -> None:
    print(json.dumps(value, indent=2, ensure_ascii=False))
