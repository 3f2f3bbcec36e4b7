"""A company's temperature: its hottest person's, raised a band by new stakeholders joining."""

from __future__ import annotations

from leadtemp.companies.temperature import Person, company_temperature
from leadtemp.vocabulary import Temperature

COLD, WARM, HOT = Temperature.COLD, Temperature.WARM, Temperature.HOT


def test_the_hottest_person_sets_the_company_temperature() -> None:
    reading = company_temperature([Person(1, "Dana", COLD), Person(2, "Sam", WARM)], [], "Acme")
    assert reading.temperature is WARM
    assert reading.hottest == Person(2, "Sam", WARM)
    assert reading.reason == "Sam is warm, the hottest of 2 at Acme"


def test_new_stakeholders_raise_it_a_band_and_the_reason_names_them() -> None:
    reading = company_temperature([Person(1, "Dana", WARM), Person(2, "Sam", COLD)], ["Sam"], "Acme")
    assert reading.temperature is HOT
    assert reading.raised_by == ("Sam",)
    assert reading.reason.endswith("raised to hot: Sam joined the conversation (new stakeholders)")
    hot = company_temperature([Person(1, "Dana", HOT)], ["Sam"], "Acme")
    assert hot.temperature is HOT
    assert "the only open lead" in hot.reason and "Sam joined" in hot.reason


def test_a_company_without_open_leads_is_cold() -> None:
    reading = company_temperature([], [], "Acme")
    assert (reading.temperature, reading.hottest, reading.reason) == (COLD, None, "no open leads at Acme")
