"""vCard 4.0 export (RFC 6350), for address books and phones, and readable by LeadTemp's importer.

Text is escaped (backslash, comma, semicolon, newline) and lines are folded at 75 octets
without splitting a UTF-8 character, which is what strict readers insist on.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence

from leadtemp.errors import ValidationError
from leadtemp.exporting.targets import check_export_target
from leadtemp.fileio import atomic_write_bytes
from leadtemp.model import Contact
from leadtemp.service import LeadService

MAX_LINE_OCTETS = 75


def escape_text(value: str) -> str:
    """RFC 6350 section 3.4: backslash first, then the separators, then line breaks."""
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return text.replace("\n", "\\n")


def fold(line: str) -> str:
    """Split a content line into 75-octet pieces joined by CRLF and a space."""
    data = line.encode("utf-8")
    if len(data) <= MAX_LINE_OCTETS:
        return line
    pieces: list[str] = []
    start = 0
    limit = MAX_LINE_OCTETS
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:
            end -= 1
        pieces.append(data[start:end].decode("utf-8"))
        start = end
        limit = MAX_LINE_OCTETS - 1
    return "\r\n ".join(pieces)


def _split_name(name: str) -> tuple[str, str]:
    """(family, given) for N: the last word is taken as the family name."""
    words = name.split()
    if len(words) < 2:
        return name, ""
    return words[-1], " ".join(words[:-1])


def vcard(contact: Contact) -> str:
    """One card, CRLF line endings included."""
    family, given = _split_name(contact.name)
    lines = [
        "BEGIN:VCARD",
        "VERSION:4.0",
        f"FN:{escape_text(contact.name)}",
        f"N:{escape_text(family)};{escape_text(given)};;;",
    ]
    if contact.email:
        lines.append(f"EMAIL:{escape_text(contact.email)}")
    if contact.phone:
        lines.append(f"TEL;VALUE=text:{escape_text(contact.phone)}")
    if contact.company:
        lines.append(f"ORG:{escape_text(contact.company)}")
    if contact.role:
        lines.append(f"TITLE:{escape_text(contact.role)}")
    if contact.linkedin:
        lines.append(f"URL:{contact.linkedin}")
    if contact.notes:
        lines.append(f"NOTE:{escape_text(contact.notes)}")
    lines.append("END:VCARD")
    return "".join(fold(line) + "\r\n" for line in lines)


def vcards(contacts: Iterable[Contact]) -> str:
    return "".join(vcard(contact) for contact in contacts)


def export_vcard(
    service: LeadService,
    path: str | os.PathLike[str],
    contact_ids: Sequence[int] | None = None,
) -> int:
    """Write the given contacts, or every contact not archived; return how many were written."""
    target = check_export_target(service.path, path, overwrite=True)
    if contact_ids is None:
        contacts = service.contacts()
    else:
        if not contact_ids:
            raise ValidationError("no contacts selected to export")
        contacts = [service.contact(contact_id) for contact_id in dict.fromkeys(contact_ids)]
    atomic_write_bytes(target, vcards(contacts).encode("utf-8"))
    return len(contacts)
