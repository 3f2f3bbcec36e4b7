"""The collector's pause around bursts of objects, and where what survives a burst ends up."""

from __future__ import annotations

import gc

from leadtemp.bulk import PROMOTE_AFTER, collection_paused


def _in_generation(obj: object, generation: int) -> bool:
    return any(candidate is obj for candidate in gc.get_objects(generation=generation))


def test_the_collector_is_paused_during_a_burst_and_running_after() -> None:
    assert gc.isenabled()
    with collection_paused():
        assert not gc.isenabled()
        with collection_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_what_a_large_burst_leaves_behind_goes_to_the_oldest_generation() -> None:
    gc.collect()
    with collection_paused():
        kept = [[n] for n in range(PROMOTE_AFTER * 2)]
    assert _in_generation(kept, 2) and _in_generation(kept[-1], 2)
    assert not _in_generation(kept[-1], 0)
    assert gc.get_freeze_count() == 0


def test_a_small_burst_is_left_to_the_collector() -> None:
    gc.collect()
    with collection_paused():
        kept = [[n] for n in range(10)]
    assert _in_generation(kept[-1], 0)


def test_objects_someone_else_froze_stay_frozen() -> None:
    gc.collect()
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with collection_paused():
            kept = [[n] for n in range(PROMOTE_AFTER * 2)]
        assert gc.get_freeze_count() == frozen
        assert len(kept) == PROMOTE_AFTER * 2
    finally:
        gc.unfreeze()
