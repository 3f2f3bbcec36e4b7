"""How a move is explained when another window or a ``leadtemp`` command made it.

A write through this service names its own cause (``pricing request``); a lead that warmed while
this process was not writing was warmed by another writer, since time alone only cools a lead. The
best word for that is what the other writer logged last.
"""

from __future__ import annotations

from collections.abc import Sequence

from leadtemp.model import Interaction


def logged_elsewhere(log: Sequence[Interaction]) -> str:
    """``pricing request logged elsewhere`` from a lead's log, newest first."""
    if not log:
        return "changed elsewhere"
    return f"{log[0].kind.replace('_', ' ')} logged elsewhere"
