"""The cooling date: when a hot or warm lead drops a temperature if nothing happens."""

from __future__ import annotations

from datetime import date, timedelta

from leadtemp.agenda.cooling import cools_at
from leadtemp.model import Temperature
from leadtemp.service import LeadService
from tests.conftest import FakeClock
from tests.leadtemp.agenda.test_today import WARM_SIGNALS, added


def test_a_fresh_buying_signal_cools_when_the_hot_window_closes(
    service: LeadService, clock: FakeClock
) -> None:
    hot = added(service, clock, "Hana", 0, "pricing_request")
    assert service.card(hot).temperature is Temperature.HOT

    cools_on = service.detail(hot).cools_on

    assert cools_on == date(2026, 3, 16)  # logged 2026-03-02 09:01 UTC, hot for 14 days
    the_day_before = clock.current + timedelta(days=13, hours=23)
    assert service.card(hot, the_day_before).temperature is Temperature.HOT
    assert service.card(hot, clock.current + timedelta(days=14, minutes=2)).temperature is Temperature.WARM


def test_a_warm_lead_cools_on_the_day_the_judge_says(service: LeadService, clock: FakeClock) -> None:
    warm = added(service, clock, "Wade", 0, *WARM_SIGNALS)
    cools_on = service.detail(warm).cools_on
    assert cools_on is not None
    when = clock.current
    while when.date() < cools_on:
        assert service.card(warm, when).temperature is Temperature.WARM
        when += timedelta(days=1)
    assert service.card(warm, when + timedelta(days=1)).temperature is Temperature.COLD


def test_a_cold_lead_and_a_lead_pinned_for_good_do_not_cool(service: LeadService, clock: FakeClock) -> None:
    cold = added(service, clock, "Cole", 0)
    pinned = added(service, clock, "Pia", 0)
    service.pin(pinned, "hot")
    assert service.detail(cold).cools_on is None
    assert service.detail(pinned).cools_on is None


def test_a_pin_with_an_end_cools_when_it_runs_out(service: LeadService, clock: FakeClock) -> None:
    pinned = added(service, clock, "Pia", 0)
    service.pin(pinned, "warm", clock.current + timedelta(days=3))
    assert service.detail(pinned).cools_on == date(2026, 3, 5)


def test_the_search_finds_the_first_drop_to_the_minute() -> None:
    drop = 1_000_000.0 + 9.5 * 86400

    def temperature_at(when: float) -> Temperature:
        return Temperature.HOT if when < drop else Temperature.WARM

    found = cools_at(temperature_at, 1_000_000.0)
    assert found is not None and drop <= found <= drop + 60
    assert cools_at(lambda when: Temperature.COLD, 0.0) is None
    assert cools_at(lambda when: Temperature.WARM, 0.0) is None
