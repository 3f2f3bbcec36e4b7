"""A window's first screen without scoring every lead: each column's first cards as the book last
showed them whole, plus every lead written since, each scored exactly as of now.

Picking each column's first cards honestly means scoring every lead (100,000 narrow rows on a
big book). But between two sessions few leads move: the ones written to (an interaction, an
edit, a pin, a new lead) and those time moved. So each time a window reads the whole board, or
picks its first screen from every lead, the book keeps which leads led each column
(:func:`remember`), with marks of how far its journal, its log and its contacts had got; the
next window scores just those leads and every lead written after the marks (:func:`first_cards`),
with the board's own :class:`CardMaker`, so each card it shows is exact. Only a lead that time
alone carried into a column's lead is missing until the whole board, read next, replaces the
first screen.

The memory is a cache, not user data: it lives in the book's settings under :data:`SETTING`,
is left out of the whole-book export, and a missing, unreadable or outdated one (other rules,
too much written since) only means the first screen is picked the slow way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from leadtemp import qualifying
from leadtemp.errors import DatabaseError
from leadtemp.model import Board
from leadtemp.store.whole_book import FIRST_SCREEN_SETTING
from leadtemp.vocabulary import Temperature

if TYPE_CHECKING:
    from datetime import datetime

    from leadtemp.scoring.cards import CardMaker
    from leadtemp.scoring.rules import Rules
    from leadtemp.store import Store

#: The book's setting that holds the memory (one of the caches the whole-book export leaves out).
SETTING = FIRST_SCREEN_SETTING
#: Leads remembered per column: more than a window's first screen shows, so a few leads falling
#: back (time cooling them) still leave the screen full of the right ones.
REMEMBERED = 100
#: Beyond this many leads written since the memory, the slow way is as quick.
MOST_WRITTEN = 5_000
_COLUMNS = (Temperature.COLD, Temperature.WARM, Temperature.HOT)


@dataclass(frozen=True)
class Marks:
    """How far the book had got when a whole board was read: its journal's last change, its
    log's last interaction and the moment (contacts edited or pinned at or after it count as
    written since)."""

    change: int
    interaction: int
    moment: float


def marks(store: Store, moment: datetime) -> Marks:
    """The book's marks now: taken before a whole board is read, so anything written while it
    is read counts as written since."""
    change, interaction = store.last_change_and_interaction()
    return Marks(change, interaction, moment.timestamp())


def remember(store: Store, board: Board, rules: Rules, at: Marks, *, wait: bool = True) -> bool:
    """Keep the leads that lead each column of this open board, read after ``at``: a whole board,
    or one holding each column's first :data:`REMEMBERED` cards (all it keeps). The setting is
    written only when it changes (every commit is a change other windows follow); without
    ``wait``, not while another process is writing the book. Returns whether it was written (not
    when the book cannot be written just now)."""
    if not holds_leaders(board):
        return False
    value = {
        "fingerprint": rules.fingerprint(),
        "marks": [at.change, at.interaction, at.moment],
        "leads": [[card.contact_id for card in board.column(t)[:REMEMBERED]] for t in _COLUMNS],
        "totals": [board.total(t) for t in _COLUMNS],
    }
    if _same(store.get_setting(SETTING), value):
        return False
    try:
        with store.transaction(wait=wait):
            store.set_setting(SETTING, value)
    except DatabaseError:
        return False  # the book is busy or full: the older memory (or none) serves
    return True


def holds_leaders(board: Board) -> bool:
    """Whether the board holds the cards :func:`remember` keeps: each column's first
    :data:`REMEMBERED`, or all of a shorter column."""
    return all(len(board.column(t)) >= min(REMEMBERED, board.total(t)) for t in _COLUMNS)


def _same(stored: Any, value: dict[str, Any]) -> bool:
    """Whether the stored memory already says this: the same leads under the same rules, with
    nothing journalled or logged since (its older moment only makes more contacts count as
    edited since, which costs little and misses nothing)."""
    if not isinstance(stored, dict) or not isinstance(stored.get("marks"), list):
        return False
    return stored["marks"][:2] == value["marks"][:2] and all(
        stored.get(key) == value[key] for key in ("fingerprint", "leads", "totals")
    )


@dataclass(frozen=True)
class _Memory:
    leads: list[int]
    totals: tuple[int, int, int]
    at: Marks


def _memory(store: Store, rules: Rules) -> _Memory | None:
    value = store.get_setting(SETTING)
    if not isinstance(value, dict):
        return None
    try:
        if value["fingerprint"] != rules.fingerprint():
            return None
        change, interaction, moment = value["marks"]
        leads = [int(contact_id) for column in value["leads"] for contact_id in column]
        cold, warm, hot = (int(total) for total in value["totals"])
        return _Memory(leads, (cold, warm, hot), Marks(int(change), int(interaction), float(moment)))
    except (TypeError, KeyError, ValueError):
        return None


def written_since(store: Store, at: Marks, now: float) -> set[int]:
    """Every lead written after the marks (journalled, logged, edited, added or pinned), and every
    lead whose pin ended since (that moves it by time alone)."""
    return store.written_since(at.change, at.interaction, at.moment, now)


def first_cards(
    store: Store,
    rules: Rules,
    maker: Callable[[], CardMaker],
    recent_rates: Callable[[CardMaker, Sequence[int]], dict[int, tuple[float, float]]],
    top: int,
) -> Board | None:
    """Each open column's first ``top`` cards among the remembered leads and those written
    since, every card exact as of the maker's moment; the columns' sizes are the last whole
    board's (at least what is shown). None when there is no usable memory: the caller picks the
    first screen from every lead. ``maker`` gives the card maker; the pins and ticks it needs are
    read here, only those of the leads it scores.

    The board is never complete, so the whole board is always read after it.
    """
    memory = _memory(store, rules)
    if memory is None:
        return None
    making = maker()
    written = written_since(store, memory.at, making.now_ts)
    if len(written) > MOST_WRITTEN:
        return None
    chosen = sorted(set(memory.leads) | written)
    making.pins, making.ticks = store.pins(chosen), store.ticks(chosen)
    rows = store.board_rows(
        rules.fingerprint(), making.now_ts, with_profile=rules.profile_configured, contact_ids=chosen
    )
    made, redo = making.cards(rows, recent_rates(making, chosen))
    if redo:
        return None
    found = making.board(made)
    shown = [found.column(t)[:top] for t in _COLUMNS]
    totals = (
        max(memory.totals[0], len(found.cold)),
        max(memory.totals[1], len(found.warm)),
        max(memory.totals[2], len(found.hot)),
    )
    if totals == tuple(len(column) for column in shown):
        return None
    ids = [card.contact_id for column in shown for card in column]
    board = Board(shown[0], shown[1], shown[2], totals)
    return qualifying.staged_board(board, qualifying.stages(store.conn, rules, ids))
