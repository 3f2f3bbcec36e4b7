"""Building many small objects at once (a board of cards, a rebuild from the whole log)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

#: Objects a burst must leave behind before they are moved out of the collector's young generation.
PROMOTE_AFTER = 10_000


@contextmanager
def collection_paused() -> Iterator[None]:
    """Pause the cycle collector while a burst of acyclic objects (rows, cards, dates) is built.

    Left running, it would stop every few hundred allocations and walk the young objects, which
    all survive until the burst ends, over and over; nothing it could free is created here. What
    survives the burst (a board's cards) goes straight to the oldest generation, as a collection
    of the young ones would find it alive and move it there after walking it all: a pause of its
    own at the first allocation after the burst, on 100,000 cards a tenth of the board's time.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            _promote_young()
            gc.enable()


def _promote_young() -> None:
    """Move every tracked object to the oldest generation without walking them (freeze, then
    unfreeze, which puts the frozen ones there); left alone when something else froze objects."""
    if gc.get_count()[0] >= PROMOTE_AFTER and gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()
