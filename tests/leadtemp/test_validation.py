"""The column checks an import runs must agree, value for value, with the checks for one field."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leadtemp.validation import (
    clean_text,
    clean_texts,
    email_problem,
    invalid_emails,
    invalid_phones,
    phone_problem,
)

WRITTEN_NUMBERS = [
    "+1 212-555-0101",
    "(212) 555 0101",
    "212.555.0101",
    "+49 30 1234567",
    "+49 030 1234567",
    "+44 20 7946 0958",
    "+33 1 23 45 67 89",
    "+1 212 555 0101 x12",
    "+999 123",
    "+0 123 4567",
    "+1 800 FLOWERS",
    "+12125550103",
    "+882 1234 5678",
    "+7 495 123 45 67 89 01 23",
    "+1 2",
    "555-0101",
    "1234",
    "123456789012345678",
    "0049 30 1234568",
    "(0) 30-1234567",
    "+49 (0)30 1234567",
    "12/34 56",
    "phone",
    "",
]
phone_like = st.one_of(
    st.sampled_from(WRITTEN_NUMBERS),
    st.text(alphabet="0123456789 +-().x#/\n\tE", max_size=24),
)


def test_a_column_of_ordinary_numbers_takes_the_column_path_and_keeps_the_verdicts() -> None:
    values = ["+1 212-555-0101", "(212) 555 0101", "", "+44 20 7946 0958", "+1 2", "1234"]
    assert invalid_phones(values) == [4, 5]
    assert phone_problem("+1 2") and phone_problem("1234")


email_like = st.one_of(
    st.sampled_from(["a@b.co", "a.b@c.example", "bad", "a@b", "x@y.z", "Zoë@例え.jp", "a b@c.de", ""]),
    st.text(alphabet="ab@.\n -ë", max_size=16),
)


COLUMN_CHECKS = [
    pytest.param(invalid_phones, phone_problem, phone_like, id="phones"),
    pytest.param(invalid_emails, email_problem, email_like, id="emails"),
]


@pytest.mark.parametrize(("column_check", "value_check", "values"), COLUMN_CHECKS)
@settings(max_examples=300)
@given(data=st.data())
def test_a_column_check_flags_exactly_the_values_the_field_check_refuses(
    column_check: Callable[[list[str]], list[int]],
    value_check: Callable[[str], str | None],
    values: st.SearchStrategy[str],
    data: st.DataObject,
) -> None:
    column = data.draw(st.lists(values, max_size=30))
    expected = [index for index, value in enumerate(column) if value and value_check(value)]
    assert column_check(column) == expected


@settings(max_examples=300)
@given(
    st.lists(st.text(max_size=12) | st.sampled_from([" a ", "Zoë", "Zoe\u0308", "a|b", "\x00x"]), max_size=20)
)
def test_clean_texts_is_clean_text_of_every_value(values: list[str]) -> None:
    assert clean_texts(values) == [clean_text(value) for value in values]
