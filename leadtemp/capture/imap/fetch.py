"""The new mail in one folder, fetched in chunks: headers and text parts only, with ``BODY.PEEK`` on
a read-only folder so nothing is marked read, and each message rebuilt for the classifier.

A folder's mark is its UIDVALIDITY and the highest UID read; a different UIDVALIDITY means the
server renumbered the folder, so it is read again from the start (capture's Message-ID keys keep
that from logging anything twice).
"""

from __future__ import annotations

import email.policy
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.parser import BytesParser
from typing import Any

from imapclient import IMAPClient  # type: ignore[import-untyped]

#: Messages per FETCH: few round trips, and never more than this many bodies in memory at once.
CHUNK = 200
#: Bytes of one text part read at most: enough for the note and the phrases, never a 100 MB part.
TEXT_PART_LIMIT = 256 * 1024
_HEADER = b"BODY[HEADER]"
_STRUCTURE = b"BODYSTRUCTURE"


@dataclass(frozen=True)
class FolderMark:
    """How far a folder was read: its UIDVALIDITY and the highest UID seen under it."""

    folder: str
    uidvalidity: int
    last_uid: int


@dataclass(frozen=True)
class FolderPlan:
    """The new UIDs of one folder and the mark it gets once they are committed."""

    folder: str
    uids: tuple[int, ...]
    mark: FolderMark


def plan_folder(client: IMAPClient, folder: str, mark: FolderMark | None) -> FolderPlan:
    """Select ``folder`` read-only and list the UIDs past its mark (all of them after a renumbering)."""
    selected = client.select_folder(folder, readonly=True)
    uidvalidity = int(selected[b"UIDVALIDITY"])
    after = mark.last_uid if mark is not None and mark.uidvalidity == uidvalidity else 0
    # "N:*" always matches the newest message, even when its UID is below N.
    uids = tuple(sorted(uid for uid in client.search(["UID", f"{after + 1}:*"]) if uid > after))
    return FolderPlan(folder, uids, FolderMark(folder, uidvalidity, max((after, *uids))))


def fetch_messages(client: IMAPClient, uids: Sequence[int], chunk: int = CHUNK) -> Iterator[EmailMessage]:
    """The messages ``uids`` of the selected folder, in UID order, ``chunk`` at a time."""
    for start in range(0, len(uids), chunk):
        part = list(uids[start : start + chunk])
        heads = client.fetch(part, ["BODY.PEEK[HEADER]", "BODYSTRUCTURE"])
        wanted = {uid: _text_parts(heads[uid][_STRUCTURE]) for uid in part if uid in heads}
        bodies = _fetch_parts(client, wanted)
        for uid in part:
            if uid in heads:
                yield rebuild(heads[uid][_HEADER], wanted[uid], bodies.get(uid, {}))


def _fetch_parts(
    client: IMAPClient, wanted: dict[int, list[tuple[str, bool]]]
) -> dict[int, dict[bytes, Any]]:
    """One FETCH per distinct set of part numbers (most messages of a chunk share theirs)."""
    by_items: dict[tuple[str, ...], list[int]] = {}
    for uid, parts in wanted.items():
        items = tuple(_items(parts))
        if items:
            by_items.setdefault(items, []).append(uid)
    fetched: dict[int, dict[bytes, Any]] = {}
    for items, uids in by_items.items():
        fetched.update(client.fetch(uids, list(items)))
    return fetched


def _items(parts: list[tuple[str, bool]]) -> Iterator[str]:
    for number, single in parts:
        if not single:
            yield f"BODY.PEEK[{number}.MIME]"
        yield f"BODY.PEEK[{number}]<0.{TEXT_PART_LIMIT}>"


def _text_parts(structure: Any, prefix: str = "") -> list[tuple[str, bool]]:
    """The part numbers of the readable text (text/plain and text/html that are not attachments),
    each with whether it is the message's only part (whose MIME headers are the message's own)."""
    if not structure.is_multipart:
        return [(prefix if prefix else "TEXT", not prefix)] if _is_text(structure) else []
    found: list[tuple[str, bool]] = []
    for index, child in enumerate(structure[0], start=1):
        number = f"{prefix}.{index}" if prefix else str(index)
        if child.is_multipart:
            found.extend(_text_parts(child, number))
        elif _is_text(child):
            found.append((number, False))
    return found


def _is_text(part: Any) -> bool:
    kind, subtype = _lower(part[0]), _lower(part[1])
    if kind != "text" or subtype not in ("plain", "html"):
        return False
    disposition = part[9] if len(part) > 9 else None
    return not (isinstance(disposition, tuple) and disposition and _lower(disposition[0]) == "attachment")


def _lower(value: Any) -> str:
    return (value.decode("ascii", "replace") if isinstance(value, bytes) else str(value or "")).lower()


def rebuild(header: bytes, parts: list[tuple[str, bool]], bodies: dict[bytes, Any]) -> EmailMessage:
    """The message as the classifier reads it: its own headers and its text parts, nothing else."""
    head = header.rstrip(b"\r\n") + b"\r\n\r\n"
    if len(parts) == 1 and parts[0][1]:
        raw = head + _body(bodies, "TEXT")
    elif not parts:
        raw = _without_content_headers(head) + b"\r\n"
    else:
        boundary = b"=_leadtemp_text_parts_="
        chunks = [_without_content_headers(head).rstrip(b"\r\n")]
        chunks.append(
            b'\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="' + boundary + b'"\r\n\r\n'
        )
        for number, _single in parts:
            mime = bodies.get(f"BODY[{number}.MIME]".encode(), b"") or b"Content-Type: text/plain\r\n\r\n"
            chunks.append(
                b"--" + boundary + b"\r\n" + mime.rstrip(b"\r\n") + b"\r\n\r\n" + _body(bodies, number)
            )
            chunks.append(b"\r\n")
        chunks.append(b"--" + boundary + b"--\r\n")
        raw = b"".join(chunks)
    message = BytesParser(policy=email.policy.default).parsebytes(raw)
    assert isinstance(message, EmailMessage)
    return message


def _body(bodies: dict[bytes, Any], number: str) -> bytes:
    value = bodies.get(f"BODY[{number}]<0>".encode())
    if value is None:
        value = bodies.get(f"BODY[{number}]".encode())
    return bytes(value or b"")


def _without_content_headers(head: bytes) -> bytes:
    """The header block without its MIME structure lines (they describe parts no longer there)."""
    lines: list[bytes] = []
    skipping = False
    for line in head.split(b"\r\n"):
        if line[:1] in (b" ", b"\t"):
            if not skipping:
                lines.append(line)
            continue
        name = line.split(b":", 1)[0].strip().lower()
        skipping = name in (b"content-type", b"content-transfer-encoding", b"mime-version")
        if not skipping:
            lines.append(line)
    return b"\r\n".join(lines)
