"""Random and truncated input to the calendar, activity and LinkedIn readers: a clear error or
observations, never a crash or a hang."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leadtemp.capture.activity import read_activity
from leadtemp.capture.calendar import read_calendar
from leadtemp.capture.errors import CaptureFileError
from leadtemp.capture.events import Observation, Skipped
from leadtemp.capture.linkedin_messages import read_linkedin_messages

FIXTURES = Path(__file__).parent / "fixtures"
NOW = datetime(2026, 3, 2, tzinfo=UTC)
SEEDS = {
    name: (FIXTURES / name).read_bytes()
    for name in (
        "google-calendar.ics",
        "outlook-calendar.ics",
        "mailchimp-email-activity.csv",
        "linkedin-messages.csv",
    )
}


def _all_readers(data: bytes) -> None:
    for read in (
        lambda: read_calendar(data, me=("sam@samfreelance.studio",), now=NOW, zone=UTC),
        lambda: read_activity(data, zone=UTC),
        lambda: read_activity(
            data, mapping={"Email Address": "email", "Action": "activity", "Timestamp": "time"}
        ),
        lambda: read_linkedin_messages(data, me=("linkedin.com/in/sam-freelance",)),
    ):
        try:
            items = list(read())
        except CaptureFileError as error:
            assert str(error) and "\n" not in str(error)
            continue
        assert all(isinstance(item, Observation | Skipped) for item in items)
        for item in items:
            if isinstance(item, Observation):
                assert item.occurred_at.tzinfo is not None


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2048))
def test_random_bytes(data: bytes) -> None:
    _all_readers(data)


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(sorted(SEEDS)), st.integers(min_value=0, max_value=4000), st.binary(max_size=40))
def test_truncated_and_spliced_exports(name: str, cut: int, junk: bytes) -> None:
    seed = SEEDS[name]
    _all_readers(seed[: cut % (len(seed) + 1)] + junk)
