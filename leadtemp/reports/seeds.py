"""The seeds' figures a book is held against: conversion and sales cycle per temperature."""

from __future__ import annotations

from leadtemp.model import Temperature

#: Share of leads won, per temperature (the seeds' "Conversion Rate" row).
SEED_CONVERSION: dict[Temperature, tuple[float, float]] = {
    Temperature.COLD: (0.01, 0.03),
    Temperature.WARM: (0.05, 0.10),
    Temperature.HOT: (0.15, 0.30),
}

#: Days from reaching a temperature to the sale (the seeds' "Sales Cycle" row; cold: 6+ months).
SEED_CYCLE_DAYS: dict[Temperature, tuple[float, float | None]] = {
    Temperature.COLD: (180.0, None),
    Temperature.WARM: (30.0, 90.0),
    Temperature.HOT: (14.0, 28.0),
}

#: The seeds' response rule: answer a hot lead within five minutes.
RESPONSE_MINUTES = 5.0
