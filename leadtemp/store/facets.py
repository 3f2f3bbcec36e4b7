"""What the board's filters look at beyond a card: each lead's source and the import it came in."""

from __future__ import annotations

from dataclasses import dataclass

from leadtemp.store.store import Store


@dataclass(frozen=True)
class LeadFacets:
    """A lead's source ("" for none) and the import batch that added it (None for one added by hand)."""

    source: str = ""
    batch_id: int | None = None


def lead_facets(store: Store, contact_ids: list[int] | None = None) -> dict[int, LeadFacets]:
    """Every contact's facets, or those of the ids given."""
    query = "SELECT id, source, batch_id FROM contacts"
    if contact_ids is None:
        rows = store.conn.execute(query).fetchall()
    else:
        rows = []
        for start in range(0, len(contact_ids), 500):
            chunk = contact_ids[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            rows += store.conn.execute(f"{query} WHERE id IN ({marks})", chunk).fetchall()
    return {row[0]: LeadFacets(row[1] or "", row[2]) for row in rows}
