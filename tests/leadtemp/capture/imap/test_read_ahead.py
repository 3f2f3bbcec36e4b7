"""Chunks read on a thread of their own: in order, an error raised where they are used, and a
consumer that stops early stops the thread."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from leadtemp.capture.imap.read_ahead import read_ahead


def test_items_come_in_order_and_are_produced_on_another_thread() -> None:
    threads: list[str] = []

    def produce() -> Iterator[int]:
        for number in range(10):
            threads.append(threading.current_thread().name)
            yield number

    assert list(read_ahead(produce())) == list(range(10))
    assert set(threads) == {"read-ahead"}


def test_an_error_while_producing_is_raised_to_the_consumer_after_what_came_before() -> None:
    def produce() -> Iterator[int]:
        yield 1
        raise ConnectionResetError("the server went away")

    got: list[int] = []
    with pytest.raises(ConnectionResetError, match="the server went away"):
        for item in read_ahead(produce()):
            got.append(item)
    assert got == [1]


def test_leaving_early_stops_the_producer_without_reading_everything() -> None:
    produced: list[int] = []

    def produce() -> Iterator[int]:
        for number in range(1000):
            produced.append(number)
            yield number

    for item in read_ahead(produce(), depth=2):
        if item == 3:
            break
    assert not any(thread.name == "read-ahead" for thread in threading.enumerate())
    assert len(produced) <= 3 + 1 + 2 + 1  # what was used, in the queue, and the one being handed over
