"""Building many small objects at once (a board of cards, a rebuild from the whole log)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collection_paused() -> Iterator[None]:
    """Pause the cycle collector while a burst of acyclic objects (rows, cards, dates) is built.

    Left running, it would stop every few hundred allocations and walk the young objects, which
    all survive until the burst ends, over and over; nothing it could free is created here.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
