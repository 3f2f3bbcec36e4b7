"""What a write did, as the service tells its listeners (the window, the CLI's output): one
:class:`Change` per contact, or a :class:`BoardReset` when many changed at once."""

from __future__ import annotations

from dataclasses import dataclass

from leadtemp.model import Card, Interaction
from leadtemp.vocabulary import Temperature


@dataclass(frozen=True)
class Change:
    """What one write did to one contact; ``card`` is None when it left the board."""

    contact_id: int
    action: str
    name: str
    card: Card | None
    score: int | None = None
    old_score: int | None = None
    old_temperature: Temperature | None = None
    new_temperature: Temperature | None = None
    cause: str | None = None
    interaction_id: int | None = None
    removed_interaction: Interaction | None = None
    #: The card of a lead the write left won, lost or archived, as a board of closed leads shows it.
    closed_card: Card | None = None
    #: The lead's row version after the write (pass it as ``seen`` to the next write of it).
    version: int = 0

    @property
    def temperature_changed(self) -> bool:
        return (
            self.old_temperature is not None
            and self.new_temperature is not None
            and self.old_temperature != self.new_temperature
        )

    @property
    def reason(self) -> str:
        """Machine-friendly reason, e.g. ``warm -> hot: pricing_request``."""
        if not self.temperature_changed:
            return self.cause or self.action
        assert self.old_temperature is not None and self.new_temperature is not None
        text = f"{self.old_temperature.value} -> {self.new_temperature.value}"
        return f"{text}: {self.cause}" if self.cause else text

    def describe(self) -> str:
        """Human sentence for a notice, e.g. ``Dana Lee: warm -> hot, pricing request``."""
        cause = (self.cause or self.action).replace("_", " ")
        if self.temperature_changed:
            assert self.old_temperature is not None and self.new_temperature is not None
            return f"{self.name}: {self.old_temperature.value} -> {self.new_temperature.value}, {cause}"
        return f"{self.name}: {cause}"


@dataclass(frozen=True)
class BoardReset:
    """Many contacts changed at once (settings, import): listeners should reload the board."""

    reason: str
    changes: tuple[Change, ...] = ()
