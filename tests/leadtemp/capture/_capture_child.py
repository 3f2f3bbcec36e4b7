"""A ``leadtemp capture`` that stops for good in the middle of writing its batch: after the
``pause_after``-th source key it says ``writing`` and waits to be killed."""

from __future__ import annotations

import sys
import time
from typing import Any

from leadtemp.cli import main
from leadtemp.store import captures


def _pausing(after: int) -> Any:
    original = captures.record_key
    written = 0

    def record_key(*args: Any, **kwargs: Any) -> None:
        nonlocal written
        original(*args, **kwargs)
        written += 1
        if written == after:
            print("writing", flush=True)
            time.sleep(120)

    return record_key


if __name__ == "__main__":
    db, mbox, after = sys.argv[1], sys.argv[2], int(sys.argv[3])
    captures.record_key = _pausing(after)
    sys.exit(
        main(["--db", db, "capture", mbox, "--me", "sam@studio.example", "--me", "sam.rivera@gmail.com"])
    )
