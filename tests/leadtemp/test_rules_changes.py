"""Changing the scoring rules: a preview of the leads that would move, a dated history, one undo
per change, the user's own kinds, and all of it in the whole-book JSON export."""

from __future__ import annotations

from pathlib import Path

import pytest

from leadtemp.errors import ValidationError
from leadtemp.exporting.json_export import export_json
from leadtemp.importing.jsonfile import import_json
from leadtemp.model import Category, Temperature
from leadtemp.scoring.rules import Rules
from leadtemp.service import LeadService
from tests.conftest import FakeClock


def _temperatures(service: LeadService) -> dict[str, Temperature]:
    return {card.name: card.temperature for card in service.board().all_cards()}


@pytest.fixture
def book(service: LeadService) -> LeadService:
    """Dana fits well (8), Sam poorly (2): neither has any activity, so both are cold."""
    service.add_contact("Dana Lee", fit=8)
    service.add_contact("Sam Ortiz", fit=2)
    return service


def test_a_preview_names_the_leads_that_would_move_and_writes_nothing(book: LeadService) -> None:
    before = _temperatures(book)
    assert before == {"Dana Lee": Temperature.COLD, "Sam Ortiz": Temperature.COLD}
    settings_before = book.store.get_setting("rules")
    moves = book.preview_rules(book.rules.with_changes(warm_min=5))
    assert [move.describe() for move in moves] == ["Dana Lee cold -> warm"]
    assert (moves[0].old_score, moves[0].new_score) == (book.card(1).score,) * 2
    assert _temperatures(book) == before
    assert book.store.get_setting("rules") == settings_before and book.rules_history() == []


def test_a_preview_of_new_points_folds_the_log_under_those_points(book: LeadService) -> None:
    book.log_interaction(2, "email_open")
    score = book.card(2).score
    rules = book.rules.with_changes(warm_min=score + 1)
    book.update_settings(rules)
    assert book.card(2).temperature is Temperature.COLD
    stronger = rules.with_changes(points={"email_open": 20})
    (move,) = book.preview_rules(stronger)
    assert (move.name, move.new_temperature) == ("Sam Ortiz", Temperature.WARM)
    assert move.new_score > score
    assert book.card(2).score == score


def test_every_change_is_dated_and_undone_one_step_at_a_time(book: LeadService, clock: FakeClock) -> None:
    original = book.rules
    started = clock.current
    book.update_settings(original.with_changes(warm_min=5), action="warm_min=5")
    clock.advance(hours=1)
    book.update_settings(book.rules.with_changes(hot_min=90), action="hot_min=90")
    first, second = book.rules_history()
    assert (first.action, first.changed_at, second.changed_at) == (
        "warm_min=5",
        started,
        clock.current,
    )
    assert (first.before, first.after) == (original.to_json(), original.with_changes(warm_min=5).to_json())
    reset = book.undo_rules()
    assert book.rules == original.with_changes(warm_min=5) and not reset.changes
    reset = book.undo_rules()
    assert book.rules == original
    assert [change.describe() for change in reset.changes] == ["Dana Lee: warm -> cold, settings changed"]
    history = book.rules_history()
    assert [change.action for change in history] == ["warm_min=5", "hot_min=90", "undo", "undo"]
    assert history[0].undone_at == history[1].undone_at == clock.current
    with pytest.raises(ValidationError, match="no change of the rules to undo"):
        book.undo_rules()


def test_an_unchanged_rule_set_records_nothing(book: LeadService) -> None:
    book.update_settings(Rules())
    assert book.rules_history() == []


def test_reset_puts_every_key_back_but_keeps_the_profile_and_the_users_kinds(book: LeadService) -> None:
    book.add_kind("podcast_guest", "engagement", 10)
    tuned = book.rules.with_changes(hot_min=80, default_fit=3, points={"podcast_guest": 12})
    book.update_settings(tuned)
    book.reset_rules()
    assert book.rules == Rules(custom_kinds=tuned.custom_kinds)
    assert book.catalogue.get("podcast_guest").points == 10
    assert book.rules_history()[-1].action == "reset"


def test_a_kind_of_ones_own_is_scored_logged_and_listed(book: LeadService) -> None:
    kind = book.add_kind("podcast_guest", "engagement", 12, "Guest on my podcast")
    assert (kind.category, kind.points, kind.label) == (Category.ENGAGEMENT, 12, "Guest on my podcast")
    assert book.kinds()[-1] == kind
    before = book.card(2).score
    book.log_interaction(2, "podcast_guest")
    assert book.card(2).score > before
    assert book.detail(2).result.contributions[0].kind == "podcast_guest"
    assert book.rules_history()[-1].action == "added kind podcast_guest"


@pytest.mark.parametrize(
    ("name", "category", "points", "message"),
    [
        ("podcast_guest", "engagement", 21, "engagement points must be between 1 and 20, not 21"),
        ("podcast_guest", "explicit_interest", 19, "between 20 and 50"),
        ("podcast_guest", "behavioral", 0, "between 1 and 15"),
        ("podcast_guest", "negative", 60, "between 1 and 50"),
        ("podcast_guest", "fame", 5, "unknown category 'fame'"),
        ("Podcast Guest", "engagement", 5, "lower-case letters"),
        ("pricing_request", "explicit_interest", 30, "one of LeadTemp's own kinds"),
    ],
)
def test_a_kind_outside_its_categorys_range_is_refused_and_nothing_changes(
    book: LeadService, name: str, category: str, points: float, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        book.add_kind(name, category, points)
    assert book.rules == Rules() and book.rules_history() == []


def test_a_kind_is_removed_only_while_nothing_logged_uses_it(book: LeadService) -> None:
    book.add_kind("podcast_guest", "engagement", 10)
    book.add_kind("trade_fair", "behavioral", 5)
    book.log_interaction(1, "podcast_guest")
    with pytest.raises(ValidationError, match="used by 1 logged interaction"):
        book.remove_kind("podcast_guest")
    with pytest.raises(ValidationError, match="one of LeadTemp's own kinds"):
        book.remove_kind("email_open")
    book.remove_kind("trade_fair")
    assert "trade_fair" not in book.catalogue and "podcast_guest" in book.catalogue
    book.undo_rules()
    assert "trade_fair" in book.catalogue
    book.undo_rules()
    with pytest.raises(ValidationError, match="used by 1 logged interaction"):
        book.undo_rules()
    assert "podcast_guest" in book.catalogue


def test_a_book_reopened_keeps_its_kinds_and_history(db_path: Path, clock: FakeClock) -> None:
    first = LeadService.open(db_path, now=clock)
    first.add_kind("podcast_guest", "engagement", 10)
    first.close()
    again = LeadService.open(db_path, now=clock)
    try:
        assert "podcast_guest" in again.catalogue
        assert [change.action for change in again.rules_history()] == ["added kind podcast_guest"]
    finally:
        again.close()


def test_rules_kinds_and_history_round_trip_through_the_json_export(
    book: LeadService, clock: FakeClock, tmp_path: Path
) -> None:
    book.add_kind("podcast_guest", "engagement", 10, "Podcast guest")
    book.log_interaction(1, "podcast_guest")
    book.update_settings(book.rules.with_changes(hot_min=80), action="hot_min=80")
    book.update_settings(book.rules.with_changes(warm_min=9), action="warm_min=9")
    book.undo_rules()
    path = tmp_path / "book.json"
    export_json(book, path)
    fresh = LeadService.open(tmp_path / "fresh.db", now=clock)
    try:
        summary = import_json(fresh, path)
        assert summary.counts["rules_history"] == 4
        assert fresh.rules == book.rules and fresh.kinds() == book.kinds()
        assert fresh.rules_history() == book.rules_history()
        assert fresh.board().all_cards() == book.board().all_cards()
        fresh.undo_rules()
        assert fresh.rules.hot_min == 71
    finally:
        fresh.close()
