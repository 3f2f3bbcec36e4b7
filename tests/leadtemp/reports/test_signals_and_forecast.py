"""Signals that matter, the calibration check and the forecast, on journeys whose answers are known."""

from __future__ import annotations

import pytest

from leadtemp.model import Outcome, Temperature
from leadtemp.reports.calibration import calibration_of
from leadtemp.reports.forecast import assumptions_from, forecast_of
from leadtemp.reports.journey import Journey
from leadtemp.reports.report import conversion_of, time_to_close_of
from leadtemp.reports.signals import shrunk_lift, signals_of
from leadtemp.scoring.rules import Rules

DAY = 86400.0


def journey(
    contact_id: int,
    outcome: Outcome,
    kinds: tuple[str, ...] = (),
    peak: int = 0,
    highest: Temperature = Temperature.COLD,
    days_to_close: float = 10.0,
) -> Journey:
    closed = days_to_close * DAY if outcome is not Outcome.OPEN else None
    reached = {Temperature.COLD: 0.0}
    if highest is not Temperature.COLD:
        reached[Temperature.WARM] = 0.0
    if highest is Temperature.HOT:
        reached[Temperature.HOT] = 0.0
    return Journey(contact_id, highest, reached, outcome, closed, None, None, (), frozenset(kinds), peak)


def deals(wins_with: int, wins: int, losses_with: int, losses: int, kind: str) -> list[Journey]:
    made: list[Journey] = []
    for n in range(wins):
        made.append(journey(len(made), Outcome.WON, (kind,) if n < wins_with else ()))
    for n in range(losses):
        made.append(journey(len(made), Outcome.LOST, (kind,) if n < losses_with else ()))
    return made


def test_the_same_evidence_moves_the_estimate_more_the_more_deals_carry_it() -> None:
    # Pricing requests before 70 % of wins and 20 % of losses: a raw lift of 3.5.
    small = shrunk_lift(7, 10, 2, 10)
    large = shrunk_lift(70, 100, 20, 100)
    assert 1.0 < small < large < 3.5
    assert large == pytest.approx(3.5, rel=0.25)
    assert small < 2.2
    assert shrunk_lift(0, 0, 0, 0) == 1.0


def test_signals_name_the_kinds_before_wins_and_suggest_points_only_with_enough_deals() -> None:
    rules = Rules()
    few = signals_of(deals(7, 10, 2, 10, "pricing_request")[:8], rules)[0]
    assert few and few[0].suggested_points == round(few[0].points)  # 8 deals: no suggestion
    signals, closed = signals_of(deals(70, 100, 20, 100, "pricing_request"), rules)
    assert closed == 200
    pricing = signals[0]
    assert pricing.kind == "pricing_request" and (pricing.before_wins, pricing.before_losses) == (70, 20)
    assert pricing.text().startswith("Pricing request: ")
    assert "more common before a win (n=90)" in pricing.text()
    assert pricing.suggested_points == 50  # raised to the explicit-interest ceiling
    weak, _ = signals_of(deals(20, 100, 70, 100, "webinar_attended"), rules)
    assert weak[0].lift < 1 and "before a loss" in weak[0].text()
    assert weak[0].suggested_points < round(weak[0].points)


def test_calibration_says_plainly_when_there_is_too_little_data() -> None:
    few = [journey(n, Outcome.WON, peak=90) for n in range(5)]
    assert calibration_of(few, 31, 71).verdict.startswith("too little data to tell: 5 closed deals")


def test_calibration_sees_higher_scores_winning_more() -> None:
    book = [journey(n, Outcome.WON if n < 14 else Outcome.LOST, peak=90) for n in range(20)]
    book += [journey(100 + n, Outcome.WON if n < 1 else Outcome.LOST, peak=10) for n in range(20)]
    check = calibration_of(book, 31, 71)
    assert [band.rate.leads for band in check.bands] == [20, 0, 0, 20]
    assert check.verdict.startswith("higher scores win more")


def test_the_forecast_uses_the_seeds_until_the_book_has_its_own_figures() -> None:
    history = [journey(n, Outcome.LOST, highest=Temperature.HOT) for n in range(3)]
    assumptions = assumptions_from(conversion_of(history), time_to_close_of(history))
    chance, days, where = assumptions[Temperature.HOT]
    assert (chance, days, where) == (pytest.approx(0.225), pytest.approx(21.0), "the seeds")
    forecast = forecast_of([(1, Temperature.HOT), (2, Temperature.COLD)], assumptions)
    thirty, ninety = forecast.horizons
    assert thirty.days == 30 and ninety.days == 90
    assert 0 < thirty.expected < ninety.expected < 0.225 + 0.02
    assert thirty.leaders[0][0] == 1 and thirty.low >= 0.0 and thirty.high > thirty.expected


def test_the_forecast_uses_the_books_own_rate_once_it_has_enough_deals() -> None:
    history = [
        journey(n, Outcome.WON if n < 6 else Outcome.LOST, highest=Temperature.HOT, days_to_close=7)
        for n in range(12)
    ]
    assumptions = assumptions_from(conversion_of(history), time_to_close_of(history))
    chance, days, where = assumptions[Temperature.HOT]
    assert (chance, days, where) == (pytest.approx(0.5), pytest.approx(7.0), "this book")
