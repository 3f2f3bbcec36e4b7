"""CSV export for spreadsheets: every contact with its score, temperature and last touch.

Spreadsheet programs run a cell that starts with ``=``, ``+``, ``-``, ``@``, tab or CR as a
formula, so such text cells get a leading single quote; LeadTemp's own importer takes it
off again. UTF-8 with a BOM and CRLF rows are what Excel needs to open the file cleanly.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from leadtemp import clock
from leadtemp.csv_format import CSV_COLUMNS, neutralise
from leadtemp.exporting.targets import check_export_target
from leadtemp.fileio import atomic_write_bytes
from leadtemp.model import Card
from leadtemp.service import LeadService


def csv_bytes(service: LeadService, as_of: datetime | None = None) -> bytes:
    return _render(service, as_of)[0]


def _render(service: LeadService, as_of: datetime | None) -> tuple[bytes, int]:
    moment = clock.ensure_aware(as_of) if as_of else service.now()
    cards = {card.contact_id: card for card in service.board(moment, include_closed=True).all_cards()}
    source_files = service.store.source_files()
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    contacts = service.contacts(include_archived=True)
    for contact in contacts:
        card = cards.get(contact.id) or service.card(contact.id, moment)
        writer.writerow(
            _cells(
                (
                    contact.id,
                    contact.name,
                    contact.email,
                    contact.linkedin,
                    contact.phone,
                    contact.company,
                    contact.role,
                    contact.industry,
                    contact.company_size,
                    contact.fit,
                    contact.source,
                    contact.notes,
                    contact.outcome.value,
                    "yes" if contact.archived else "no",
                    *_card_cells(card),
                    source_files.get(contact.id, ""),
                    clock.format_iso(contact.created_at),
                    clock.format_iso(contact.updated_at),
                )
            )
        )
    return buffer.getvalue().encode("utf-8-sig"), len(contacts)


def _card_cells(card: Card) -> tuple[Any, ...]:
    return (
        card.score,
        card.temperature.value,
        card.computed_temperature.value,
        "yes" if card.pinned else "no",
        clock.format_iso(card.last_touch_at),
        card.days_since_touch,
    )


def _cells(values: Sequence[Any]) -> list[Any]:
    return [
        "" if value is None else neutralise(value) if isinstance(value, str) else value for value in values
    ]


def export_csv(service: LeadService, path: str | os.PathLike[str], as_of: datetime | None = None) -> int:
    """Write every contact (archived ones too) and return how many were written."""
    target = check_export_target(service.path, path, overwrite=True)
    data, count = _render(service, as_of)
    atomic_write_bytes(target, data)
    return count
