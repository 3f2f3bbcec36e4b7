"""Durations read at a glance, from minutes to years."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desktop.widgets.humanize import days_ago, duration


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(seconds=10), "1 min"),
        (timedelta(minutes=45), "45 min"),
        (timedelta(hours=47), "47 h"),
        (timedelta(days=2), "2 d"),
        (timedelta(days=59), "59 d"),
        (timedelta(days=60), "2 months"),
        (timedelta(days=200), "7 months"),
        (timedelta(days=729), "24 months"),
        (timedelta(days=730), "2 years"),
        (timedelta(days=9862), "27 years"),
        (timedelta(days=-3), "1 min"),
    ],
)
def test_durations(delta: timedelta, text: str) -> None:
    assert duration(delta) == text


@pytest.mark.parametrize(
    ("days", "text"),
    [
        (None, "never"),
        (0, "today"),
        (1, "yesterday"),
        (59, "59 days ago"),
        (150, "5 months ago"),
        (10137, "27 years ago"),
    ],
)
def test_days_ago(days: int | None, text: str) -> None:
    assert days_ago(days) == text
