"""A ``leadtemp capture`` that stops for good in the middle of writing its batch: once the
``pause_after``-th source key is written it says ``writing`` and waits to be killed."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from typing import Any

from leadtemp.cli import main
from leadtemp.store import captures


def _pausing(after: int) -> Any:
    original = captures.record_keys

    def record_keys(store: Any, rows: Iterable[Any]) -> None:
        def written_one_by_one() -> Iterator[Any]:
            for number, row in enumerate(rows, start=1):
                yield row
                if number == after:  # SQLite has written it by the time the next one is asked for
                    print("writing", flush=True)
                    time.sleep(120)

        original(store, written_one_by_one())

    return record_keys


if __name__ == "__main__":
    db, mbox, after = sys.argv[1], sys.argv[2], int(sys.argv[3])
    captures.record_keys = _pausing(after)
    sys.exit(
        main(["--db", db, "capture", mbox, "--me", "sam@studio.example", "--me", "sam.rivera@gmail.com"])
    )
