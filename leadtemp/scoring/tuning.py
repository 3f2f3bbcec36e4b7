"""The rules as ``KEY=VALUE`` settings: every tunable field of :class:`Rules`, read generically.

A number field is one key (``hot_min``), a map one key per entry (``half_lives.behavioral``,
``points.pricing_request``); each range comes from ``RANGES`` in :mod:`leadtemp.scoring.rules`
(points from the kind's category), so a field added there is listed and settable here as it is.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, fields
from typing import Any

from leadtemp.errors import ValidationError
from leadtemp.scoring.catalogue import POINT_RANGES
from leadtemp.scoring.rules import RANGES, WHOLE_MAPS, Rules


@dataclass(frozen=True)
class RuleKey:
    key: str
    value: float
    low: float
    high: float
    whole: bool
    default: float

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "value": self.value,
            "min": self.low,
            "max": self.high,
            "whole_number": self.whole,
            "default": self.default,
        }


def rule_keys(rules: Rules) -> list[RuleKey]:
    """Every key with its value, allowed range and default, in the dataclass's field order."""
    defaults = rules.defaults()
    keys: list[RuleKey] = []
    for spec in fields(Rules):
        value = getattr(rules, spec.name)
        if spec.name == "points":
            for kind in rules.catalogue:
                low, high = POINT_RANGES[kind.category]
                if low < high:
                    default = defaults.catalogue.get(kind.name).points
                    keys.append(RuleKey(f"points.{kind.name}", kind.points, low, high, False, default))
        elif spec.name not in RANGES:
            continue
        elif isinstance(value, dict):
            low, high = RANGES[spec.name]
            default_map = getattr(defaults, spec.name)
            for name, number in value.items():
                keys.append(
                    RuleKey(
                        f"{spec.name}.{name}",
                        number,
                        low,
                        high,
                        spec.name in WHOLE_MAPS,
                        default_map.get(name, number),
                    )
                )
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            low, high = RANGES[spec.name]
            keys.append(
                RuleKey(spec.name, value, low, high, isinstance(value, int), getattr(defaults, spec.name))
            )
    return keys


def parse_assignments(texts: Iterable[str]) -> dict[str, str]:
    """``KEY=VALUE`` arguments as a mapping, refusing one without ``=`` or given twice."""
    assignments: dict[str, str] = {}
    for text in texts:
        key, sep, value = text.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or not key or not value:
            raise ValidationError(f"{text!r} is not KEY=VALUE (e.g. hot_min=75)")
        if key in assignments:
            raise ValidationError(f"{key} is given twice")
        assignments[key] = value
    return assignments


def rules_with(rules: Rules, assignments: dict[str, str]) -> Rules:
    """``rules`` with each key set to its value, checked against its range and the rules' own
    validation; a point value equal to the kind's default is no override."""
    if not assignments:
        raise ValidationError("give at least one KEY=VALUE (see `leadtemp rules`)")
    known = {key.key: key for key in rule_keys(rules)}
    data = rules.to_json()
    for name, text in assignments.items():
        key = known.get(name)
        if key is None:
            raise ValidationError(f"unknown rule key {name!r} (see `leadtemp rules`)")
        value = _number(key, text)
        if not key.low <= value <= key.high:
            raise ValidationError(f"{name} must be between {key.low:g} and {key.high:g}, not {text}")
        field_name, _, entry = name.partition(".")
        if not entry:
            data[field_name] = value
        elif field_name == "points" and value == key.default:
            data["points"].pop(entry, None)
        else:
            data[field_name] = {**data[field_name], entry: value}
    return Rules.from_json(data)


def _number(key: RuleKey, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise ValidationError(f"{key.key} must be a number, not {text!r}")
    if key.whole:
        if value != int(value):
            raise ValidationError(f"{key.key} must be a whole number, not {text!r}")
        return int(value)
    return value
