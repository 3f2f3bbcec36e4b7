"""The rules as KEY=VALUE settings: every tunable field listed with the range declared for it in
``RANGES``, and every assignment checked against that range and the rules' own validation."""

from __future__ import annotations

from dataclasses import fields

import pytest

from leadtemp.errors import ValidationError
from leadtemp.model import Category
from leadtemp.scoring.catalogue import POINT_RANGES, custom_kind
from leadtemp.scoring.rules import RANGES, Rules
from leadtemp.scoring.tuning import parse_assignments, rule_keys, rules_with


def test_every_field_with_a_declared_range_is_listed_with_that_range() -> None:
    rules = Rules()
    keys = {key.key: key for key in rule_keys(rules)}
    for spec in fields(Rules):
        if spec.name not in RANGES:
            continue
        value = getattr(rules, spec.name)
        names = [f"{spec.name}.{entry}" for entry in value] if isinstance(value, dict) else [spec.name]
        for name in names:
            assert (keys[name].low, keys[name].high) == RANGES[spec.name], name
    assert keys["hot_min"].value == 71 and keys["hot_min"].whole
    assert keys["half_lives.negative"].value == rules.half_lives["negative"]


def test_points_are_listed_per_kind_with_their_categorys_range() -> None:
    kind = custom_kind("podcast_guest", "engagement", 9)
    rules = Rules(custom_kinds=(kind,))
    keys = {key.key: key for key in rule_keys(rules)}
    for entry in rules.catalogue:
        if entry.category is Category.OUTREACH:
            assert f"points.{entry.name}" not in keys
            continue
        key = keys[f"points.{entry.name}"]
        assert (key.low, key.high) == POINT_RANGES[entry.category] and key.value == entry.points
    assert keys["points.podcast_guest"].default == 9


def test_assignments_change_only_the_keys_named() -> None:
    changed = rules_with(
        Rules(), {"hot_min": "75", "half_lives.negative": "30.5", "points.website_visit": "6"}
    )
    assert changed == Rules(
        hot_min=75,
        half_lives={**Rules().half_lives, "negative": 30.5},
        points={"website_visit": 6},
    )
    assert rules_with(changed, {"points.website_visit": "4"}).points == {}


@pytest.mark.parametrize(
    ("assignments", "message"),
    [
        ({"hot": "75"}, "unknown rule key 'hot'"),
        ({"points.email_sent": "1"}, "unknown rule key"),
        ({"hot_min": "seventy"}, "hot_min must be a number"),
        ({"hot_min": "nan"}, "hot_min must be a number"),
        ({"hot_min": "75.5"}, "hot_min must be a whole number"),
        ({"hot_min": "1001"}, "hot_min must be between 2 and 1000"),
        ({"points.pricing_request": "10"}, "between 20 and 50"),
        ({"warm_min": "80"}, "thresholds must satisfy"),
        ({}, "at least one KEY=VALUE"),
    ],
)
def test_bad_assignments_are_refused_with_a_message(assignments: dict[str, str], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        rules_with(Rules(), assignments)


def test_parse_assignments_refuses_what_is_not_key_equals_value() -> None:
    assert parse_assignments(["hot_min=75", " warm_min = 30 "]) == {"hot_min": "75", "warm_min": "30"}
    for bad in (["hot_min"], ["=5"], ["hot_min="], ["hot_min=1", "hot_min=2"]):
        with pytest.raises(ValidationError):
            parse_assignments(bad)


def test_custom_kinds_go_through_the_rules_json() -> None:
    rules = Rules(custom_kinds=(custom_kind("podcast_guest", "engagement", 9, "Guest"),))
    assert Rules.from_json(rules.to_json()) == rules
    with pytest.raises(ValidationError, match="between 1 and 20"):
        Rules.from_json({"custom_kinds": [{"name": "x", "category": "engagement", "points": 99}]})
    with pytest.raises(ValidationError, match="a name of its own"):
        kind = custom_kind("podcast_guest", "engagement", 9)
        Rules(custom_kinds=(kind, kind))
