"""The next chunk of a mailbox fetched while this one is classified.

A check waits on the server for every chunk it fetches, and the server waits on the check while
it classifies; reading the chunks on a thread of their own, a chunk or two ahead, lets both work
at once (the thread mostly waits on the socket, so it hardly competes for the interpreter).
Memory stays bounded by the chunks waiting; nothing here knows about mail.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from queue import Empty, Full, Queue
from typing import TypeVar, cast

T = TypeVar("T")
#: Chunks fetched ahead of the one being classified.
DEPTH = 2
#: Seconds between looks at whether the consumer has stopped, while the queue is full or empty.
_POLL = 0.05


def read_ahead(items: Iterable[T], depth: int = DEPTH) -> Iterator[T]:
    """``items`` as they come, produced on a thread of their own up to ``depth`` ahead; an error
    there is raised here, and leaving early stops the thread (after the item it is producing)."""
    queue: Queue[tuple[bool, object]] = Queue(maxsize=depth)
    stopped = threading.Event()
    finished = object()

    def hand_over(entry: tuple[bool, object]) -> bool:
        while not stopped.is_set():
            try:
                queue.put(entry, timeout=_POLL)
                return True
            except Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if not hand_over((True, item)):
                    return
            hand_over((True, finished))
        except BaseException as error:  # handed to the consumer, raised there
            hand_over((False, error))

    thread = threading.Thread(target=produce, name="read-ahead", daemon=True)
    thread.start()
    try:
        while True:
            try:
                ok, value = queue.get(timeout=_POLL)
            except Empty:
                if not thread.is_alive() and queue.empty():
                    raise RuntimeError("the reading thread stopped without a word") from None
                continue
            if not ok:
                assert isinstance(value, BaseException)
                raise value
            if value is finished:
                return
            yield cast(T, value)
    finally:
        stopped.set()
        thread.join()
