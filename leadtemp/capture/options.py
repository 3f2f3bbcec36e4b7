"""What a capture run is told: whose mail it is, from when, and how to read a file."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from leadtemp.capture.addresses import match_key


@dataclass
class ThreadMemory:
    """The messages the user sent, as a run meets them (and as a file's first pass finds them):
    a lead's message that answers one of them is a reply, not an inquiry."""

    message_ids: set[str] = field(default_factory=set)
    subjects: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class CaptureOptions:
    """``me``: the user's own addresses (they decide direction); ``since``: nothing older is read;
    ``preset`` and ``mapping``: how an activity CSV's columns are read; ``subjects_only``: notes
    keep the subject without the first lines of the lead's words."""

    me: tuple[str, ...] = ()
    since: datetime | None = None
    preset: str | None = None
    mapping: Mapping[str, str] = field(default_factory=dict)
    subjects_only: bool = False
    threads: ThreadMemory = field(default_factory=ThreadMemory)

    def is_me(self, address: str) -> bool:
        key = match_key(address)
        return bool(key) and key in self.my_keys

    @functools.cached_property
    def my_keys(self) -> frozenset[str]:
        return frozenset(match_key(address) for address in self.me) - {""}
