"""The rows the store's queries return, named once beside the SQL column lists that build them.

The board's loops unpack these rows as plain tuples for speed; everything else reads a value at
a position named here, so a column added to a query moves every reader with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from leadtemp.model import CONTACT_FIELDS

#: A contact as ``contacts`` holds it (``Store.get_contact`` and friends).
CONTACT_ROW_FIELDS = ("id", *CONTACT_FIELDS, "outcome", "archived", "created_at", "updated_at")
#: The scorer's sums in their order (``leadtemp.scoring.temperature.Sums``): each signal category's
#: sum and the time it is anchored at, then the lasting facts' sum and its time.
SUMS_FIELDS = (
    "behavioral",
    "behavioral_ref",
    "engagement",
    "engagement_ref",
    "explicit_interest",
    "explicit_interest_ref",
    "negative",
    "negative_ref",
    "lasting",
    "lasting_ref",
)
#: The running score state after its fingerprint: each signal category's decayed sum and the time
#: it is anchored at, then the times the board needs, then the lasting facts' sum and its time (the
#: scorer's ``StateRow``).
STATE_ROW_FIELDS = (
    *SUMS_FIELDS[:8],
    "last_touch",
    "last_buying_signal",
    "last_outreach",
    "newest",
    *SUMS_FIELDS[8:],
)
#: A whole ``score_state`` row but its contact id: fingerprint, the state row, last temperature.
STATE_FIELDS = ("fingerprint", *STATE_ROW_FIELDS, "last_temperature")
#: A card row (``Store.board_state_rows``, and a detail row's start): who the contact is, whether
#: its state was built with the current rules (1/0), then the state row.
CARD_ROW_FIELDS = (
    "id",
    "name",
    "company",
    "email",
    "fit",
    "industry",
    "role",
    "company_size",
    "outcome",
    "fresh",
    *STATE_ROW_FIELDS,
)
#: A row of the whole board (``Store.board_rows``): who the contact is as its card shows it,
#: whether its state answers as of the read (built with the current rules and holding no signal
#: after it, 1/0), the times its card needs, then the scorer's sums. Only what an open lead's card
#: needs, since a large book's board reads one per lead: a board that holds closed leads, or rules
#: that weigh the profile, add :data:`BOARD_ROW_TAIL` (a row without it is an open lead's).
BOARD_ROW_FIELDS = (
    "id",
    "name",
    "company",
    "email",
    "fit",
    "answers",
    "last_touch",
    "last_buying_signal",
    "last_outreach",
    *SUMS_FIELDS,
)
BOARD_ROW_TAIL = ("outcome", "industry", "role", "company_size")
#: A row of what picks each column's first cards (``Store.board_leading_rows``): who the contact
#: is as far as its score and place need, whether its state answers as of the read (as a board
#: row's), its latest touch, then the scorer's sums. Narrower than a board row: the first cards
#: of a large book are picked from every contact's row.
LEAD_ROW_FIELDS = (
    "id",
    "name",
    "fit",
    "industry",
    "role",
    "company_size",
    "answers",
    "last_touch",
    *SUMS_FIELDS,
)
#: One contact's row (``Store.card_row``): a board row, then whether it is archived, the
#: temperature it was last seen at and its pin (temperature, since, expiry), all None without one.
DETAIL_ROW_FIELDS = (
    *CARD_ROW_FIELDS,
    "archived",
    "last_temperature",
    "pin_temperature",
    "pin_since",
    "pin_expires_at",
)

CARD_ROW_WIDTH = len(CARD_ROW_FIELDS)
BOARD_ROW_WIDTH = len(BOARD_ROW_FIELDS)
#: Where the sums start in a board row.
BOARD_SUMS_START = BOARD_ROW_FIELDS.index(SUMS_FIELDS[0])
#: Where the sums start in a leading row.
LEAD_SUMS_START = LEAD_ROW_FIELDS.index("behavioral")
#: Where the state row starts in a board (or detail) row.
CARD_STATE_START = CARD_ROW_FIELDS.index(STATE_ROW_FIELDS[0])
DETAIL_NAME = DETAIL_ROW_FIELDS.index("name")
DETAIL_FRESH = DETAIL_ROW_FIELDS.index("fresh")
DETAIL_ARCHIVED = DETAIL_ROW_FIELDS.index("archived")
DETAIL_LAST_TEMPERATURE = DETAIL_ROW_FIELDS.index("last_temperature")
DETAIL_PIN = DETAIL_ROW_FIELDS.index("pin_temperature")


def board_row(card_row: Sequence[Any], now: float) -> tuple[Any, ...]:
    """The board row (with its tail) of a :data:`CARD_ROW_FIELDS` (or detail) row, its state
    answering as of ``now`` the way ``Store.board_rows`` decides it."""
    named = dict(zip(CARD_ROW_FIELDS, card_row, strict=False))
    newest = named["newest"]
    named["answers"] = 1 if named["fresh"] and (newest is None or newest <= now) else 0
    return tuple(named[name] for name in (*BOARD_ROW_FIELDS, *BOARD_ROW_TAIL))


def columns(fields: Sequence[str], table: str = "") -> str:
    """A SELECT list of ``fields``, each prefixed with ``table.`` when given."""
    prefix = f"{table}." if table else ""
    return ", ".join(prefix + name for name in fields)
