"""A date as mail programs write it is read by a pattern of its own, to the same moment the email
package's parser reads (or to nothing where that parser refuses it)."""

from __future__ import annotations

from datetime import UTC
from email.utils import parsedate_to_datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from leadtemp.capture.mail.headers import parse_date

days = st.sampled_from(["", "Mon, ", "Sun, ", "Fri, "])
months = st.sampled_from(["Jan", "Feb", "Jun", "Sep", "Dec"])
two = st.integers(0, 99).map(lambda number: f"{number:02d}")


def _by_parser(text: str) -> object:
    try:
        moment = parsedate_to_datetime(text)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


@settings(max_examples=500, deadline=None)
@given(
    days,
    st.integers(0, 40),
    months,
    st.integers(1000, 9999),
    two,
    two,
    two,
    st.sampled_from("+-"),
    two,
    two,
)
def test_a_plain_date_is_the_moment_the_parser_reads(
    day: str,
    number: int,
    month: str,
    year: int,
    hours: str,
    minutes: str,
    seconds: str,
    sign: str,
    zone_hours: str,
    zone_minutes: str,
) -> None:
    text = f"{day}{number} {month} {year} {hours}:{minutes}:{seconds} {sign}{zone_hours}{zone_minutes}"
    assert parse_date(text) == _by_parser(text)


def test_other_dates_still_go_to_the_parser() -> None:
    assert parse_date("2 Mar 26 11:30 GMT") == _by_parser("2 Mar 26 11:30 GMT")
    assert parse_date("Mon, 2 Mar 2026 11:30:00 -0000") == _by_parser("Mon, 2 Mar 2026 11:30:00 +0000")
    assert parse_date("not a date") is None
