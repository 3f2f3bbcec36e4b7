"""A company's temperature: its hottest person's, raised a band while new stakeholders have
just joined the conversation (the seeds' hot signal), with the sentence that says why."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from leadtemp.vocabulary import Temperature

_BY_RANK = sorted(Temperature, key=lambda temperature: temperature.rank)


@dataclass(frozen=True)
class Person:
    """One of the company's open leads as the company reading needs them."""

    contact_id: int
    name: str
    temperature: Temperature


@dataclass(frozen=True)
class CompanyTemperature:
    temperature: Temperature
    #: Whose temperature it starts from (None for a company without open leads).
    hottest: Person | None
    #: The newcomers whose recent joining raised it ("" when nothing did).
    raised_by: tuple[str, ...]
    reason: str


def company_temperature(
    people: Sequence[Person], recent_newcomers: Sequence[str], company: str
) -> CompanyTemperature:
    """The hottest of ``people`` (ties: the first), one band hotter when ``recent_newcomers``
    (names of the people who joined within the hot window) is not empty."""
    if not people:
        return CompanyTemperature(Temperature.COLD, None, (), f"no open leads at {company}")
    hottest = max(people, key=lambda person: person.temperature.rank)
    reason = f"{hottest.name} is {hottest.temperature.value}, the hottest of {len(people)} at {company}"
    if len(people) == 1:
        reason = f"{hottest.name} is {hottest.temperature.value}, the only open lead at {company}"
    temperature = hottest.temperature
    if recent_newcomers:
        raised = _BY_RANK[min(temperature.rank + 1, len(_BY_RANK) - 1)]
        names = ", ".join(recent_newcomers)
        if raised is not temperature:
            reason += f"; raised to {raised.value}: {names} joined the conversation (new stakeholders)"
        else:
            reason += f"; {names} joined the conversation (new stakeholders)"
        temperature = raised
    return CompanyTemperature(temperature, hottest, tuple(recent_newcomers), reason)
