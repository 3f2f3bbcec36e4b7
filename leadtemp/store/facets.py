"""What the board's filters and the lead list look at beyond a card: each lead's source, the
import it came in and its scheduled next step."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from leadtemp.store.store import Store


@dataclass(frozen=True)
class LeadFacets:
    """A lead's source ("" for none), the import batch that added it (None for one added by hand)
    and its next step with the day it is due (none scheduled: "" and None)."""

    source: str = ""
    batch_id: int | None = None
    step: str = ""
    due: date | None = None


_QUERY = (
    "SELECT c.id, c.source, c.batch_id, n.text, n.due FROM contacts c "
    "LEFT JOIN next_steps n ON n.contact_id = c.id"
)


def lead_facets(store: Store, contact_ids: list[int] | None = None) -> dict[int, LeadFacets]:
    """Every contact's facets, or those of the ids given."""
    if contact_ids is None:
        rows = store.conn.execute(_QUERY).fetchall()
    else:
        rows = []
        for start in range(0, len(contact_ids), 500):
            chunk = contact_ids[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            rows += store.conn.execute(f"{_QUERY} WHERE c.id IN ({marks})", chunk).fetchall()
    return {
        row[0]: LeadFacets(row[1] or "", row[2], row[3] or "", date.fromisoformat(row[4]) if row[4] else None)
        for row in rows
    }
