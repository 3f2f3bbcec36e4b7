"""Per-contact running state: decayed sums per category and the times the board needs.

The state is derived data: it can always be rebuilt from the interaction log, and it is tagged
with the rules' fingerprint so a change of points or half-lives invalidates it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from leadtemp.catalogue import Catalogue
from leadtemp.engine import DecaySum, score_from_sums
from leadtemp.model import SIGNAL_CATEGORIES, Category, ScoreResult
from leadtemp.rules import Rules


@dataclass(frozen=True)
class ScoreState:
    fingerprint: str = ""
    sums: dict[Category, DecaySum] = field(
        default_factory=lambda: {category: DecaySum() for category in SIGNAL_CATEGORIES}
    )
    last_touch: float | None = None
    last_buying_signal: float | None = None
    last_outreach: float | None = None
    #: Newest interaction of any kind; the sums are exact only as of this time or later.
    newest: float | None = None
    last_temperature: str | None = None

    def usable_at(self, as_of: float, rules: Rules) -> bool:
        return self.fingerprint == rules.fingerprint() and (self.newest is None or self.newest <= as_of)

    def sums_at(self, as_of: float, rules: Rules) -> dict[Category, float]:
        return {category: decay.at(as_of, rules.half_life(category)) for category, decay in self.sums.items()}

    def score_at(self, fit: int, as_of: float, rules: Rules) -> ScoreResult:
        return score_from_sums(fit, self.sums_at(as_of, rules), rules)


def _later(current: float | None, candidate: float) -> float:
    return candidate if current is None or candidate > current else current


def apply_interaction(
    state: ScoreState, kind_name: str, at: float, rules: Rules, catalogue: Catalogue
) -> ScoreState:
    """Fold one logged interaction into the state (O(1), no log scan)."""
    changes: dict[str, object] = {
        "last_touch": _later(state.last_touch, at),
        "newest": _later(state.newest, at),
    }
    if kind_name in catalogue:
        kind = catalogue.get(kind_name)
        if kind.category in state.sums:
            sums = dict(state.sums)
            sums[kind.category] = sums[kind.category].add(kind.points, at, rules.half_life(kind.category))
            changes["sums"] = sums
        if kind.is_buying_signal:
            changes["last_buying_signal"] = _later(state.last_buying_signal, at)
        if kind.is_outreach:
            changes["last_outreach"] = _later(state.last_outreach, at)
    return replace(state, **changes)  # type: ignore[arg-type]


def state_from_log(
    log: Iterable[tuple[str, float]], rules: Rules, last_temperature: str | None = None
) -> ScoreState:
    """Rebuild a contact's state from its (kind, timestamp) log."""
    catalogue = rules.catalogue
    state = ScoreState(fingerprint=rules.fingerprint(), last_temperature=last_temperature)
    for kind_name, at in log:
        state = apply_interaction(state, kind_name, at, rules, catalogue)
    return state
