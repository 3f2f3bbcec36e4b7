"""vCard 2.1 / 3.0 / 4.0 files: one draft per card.

Cards are split here and read one at a time, so a broken card never costs the others.
Each card goes to vobject first; vobject rejects or mis-decodes much real-world 2.1
output (unindented quoted-printable soft breaks, bare ``quoted-printable`` parameters,
multi-byte characters split across lines), so cards using quoted-printable, and cards
vobject cannot read, go through the tolerant line parser below instead.
"""

from __future__ import annotations

import codecs
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import vobject  # type: ignore[import-untyped]

from leadtemp.importing.read.draft import (
    ContactDraft,
    ParseProblem,
    ParseResult,
    clean_name,
    looks_like_email,
    split_email,
    unique,
)
from leadtemp.importing.read.errors import ImportCancelled, ImportFileError
from leadtemp.importing.read.sniff import (
    DEFAULT_LIMIT_BYTES,
    PathOrBytes,
    decode_bytes,
    display_name,
    load_bytes,
)
from leadtemp.linkedin import linkedin_url, normalise_linkedin

_BEGIN_RE = re.compile(r"^\s*begin\s*:\s*vcard\s*$", re.IGNORECASE)
_END_RE = re.compile(r"^\s*end\s*:\s*vcard\s*$", re.IGNORECASE)
_NEWLINE_RE = re.compile(r"\r\n|\r|\n")
_NAME_RE = re.compile(r"^(?:([A-Za-z0-9_-]+)\.)?([A-Za-z0-9_-]+)$")
_QP_BYTE_RE = re.compile(r"(=[0-9A-Fa-f]{2})")
_ESCAPE_RE = re.compile(r"\\([nN,;:\\])")
_UNESCAPED_SEMICOLON_RE = re.compile(r"(?<!\\);")
_BINARY_PROPS = {"PHOTO", "LOGO", "SOUND", "KEY"}
#: How many cards are read between two looks at ``cancel``.
_CHECK_EVERY = 256
_BARE_ENCODINGS = {"QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"}


@dataclass
class _Card:
    """The properties a contact needs, already decoded to plain text."""

    fn: str = ""
    given: str = ""
    family: str = ""
    orgs: list[list[str]] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    tels: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    nicknames: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)

    def add(self, name: str, values: list[str]) -> None:
        text = values[0] if len(values) == 1 else ";".join(values)
        if name == "FN" and not self.fn:
            self.fn = text
        elif name == "N" and not (self.given or self.family):
            self.family = values[0] if values else ""
            self.given = values[1] if len(values) > 1 else ""
        elif name == "ORG":
            self.orgs.append(values)
        else:
            target = _LIST_FIELDS.get(name)
            if target:
                getattr(self, target).append(text)


_LIST_FIELDS = {
    "TITLE": "titles",
    "ROLE": "roles",
    "EMAIL": "emails",
    "TEL": "tels",
    "NOTE": "notes",
    "NICKNAME": "nicknames",
    "URL": "urls",
}
_STRUCTURED = {"N", "ORG"}
_WANTED = {"FN", *_STRUCTURED, *_LIST_FIELDS}


def parse_vcard(
    path_or_bytes: PathOrBytes,
    *,
    limit_bytes: int = DEFAULT_LIMIT_BYTES,
    source_name: str = "",
    cancel: Callable[[], bool] | None = None,
) -> ParseResult:
    """Parse every card in a vCard file; unusable cards become problems, not errors.

    A card takes a fraction of a millisecond, a large address book seconds: ``cancel`` is
    asked every few hundred cards, and ImportCancelled stops the reading when it says so.
    """
    name = display_name(path_or_bytes, source_name)
    source = source_name or ("" if isinstance(path_or_bytes, bytes) else str(path_or_bytes))
    text, encoding = decode_bytes(load_bytes(path_or_bytes, limit_bytes, source_name), name)
    cards = split_cards(text)
    if not cards:
        raise ImportFileError(f"{name} contains no vCard (there is no BEGIN:VCARD line).")
    drafts: list[ContactDraft] = []
    problems: list[ParseProblem] = []
    for number, lines in enumerate(cards, start=1):
        if cancel is not None and not number % _CHECK_EVERY and cancel():
            raise ImportCancelled(f"reading {name} was cancelled")
        card = _read_card(lines)
        draft = _draft(card, source, number) if card else None
        if draft is None:
            problems.append(ParseProblem(number, "no name, e-mail address or company in this card"))
        else:
            drafts.append(draft)
    return ParseResult(drafts, problems, "vcard", "", encoding, [])


def split_cards(text: str) -> list[list[str]]:
    """Physical lines of each card, without BEGIN/END; a missing END ends at the next BEGIN."""
    cards: list[list[str]] = []
    current: list[str] | None = None
    for line in _NEWLINE_RE.split(text):
        if _BEGIN_RE.match(line):
            current = []
            cards.append(current)
        elif _END_RE.match(line):
            current = None
        elif current is not None:
            current.append(line)
    return cards


def _read_card(lines: list[str]) -> _Card | None:
    """Decode one card with vobject when it can be trusted, else with the line parser."""
    uses_qp = any("quoted-printable" in line.lower() for line in lines)
    card = None if uses_qp else _read_with_vobject(lines)
    return card if card is not None else _read_tolerant(lines)


def _read_with_vobject(lines: list[str]) -> _Card | None:
    text = "BEGIN:VCARD\r\n" + "\r\n".join(lines) + "\r\nEND:VCARD\r\n"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            component = vobject.readOne(text, ignoreUnreadable=False)
            return _card_from_component(component)
    except Exception:  # vobject raises many unrelated types on malformed input
        return None


def _card_from_component(component: Any) -> _Card | None:
    if str(getattr(component, "name", "")).upper() != "VCARD":
        return None
    card = _Card()
    for child in component.getChildren():
        name = str(getattr(child, "name", "")).upper()
        if name in _WANTED and hasattr(child, "value"):
            values = _vobject_values(name, child.value)
            if values is not None:
                card.add(name, values)
    return card


def _vobject_values(name: str, value: Any) -> list[str] | None:
    """vobject's N is a Name object, ORG a list; vobject leaves ``\\:`` escaped."""
    if name == "N" and isinstance(value, vobject.vcard.Name):
        return [_flat(value.family), _flat(value.given)]
    if isinstance(value, list | tuple):
        return [_flat(v) for v in value]
    if isinstance(value, str):
        return [value.replace("\\:", ":")]
    return None


def _flat(value: Any) -> str:
    if isinstance(value, list | tuple):
        return " ".join(str(v) for v in value if v)
    return str(value).replace("\\:", ":") if value is not None else ""


@dataclass
class _Prop:
    name: str
    params: dict[str, list[str]]
    value: str

    @property
    def quoted_printable(self) -> bool:
        return any(v.upper() == "QUOTED-PRINTABLE" for v in self.params.get("ENCODING", []))

    @property
    def charset(self) -> str:
        return next(iter(self.params.get("CHARSET", [])), "")


def _read_tolerant(lines: list[str]) -> _Card | None:
    """Unfold, split and decode by hand; unreadable lines are skipped, not fatal."""
    card = _Card()
    found = False
    for prop in _props(lines):
        if prop.name not in _WANTED:
            continue
        parts = _UNESCAPED_SEMICOLON_RE.split(prop.value) if prop.name in _STRUCTURED else [prop.value]
        if prop.quoted_printable:
            parts = [_decode_qp(p, prop.charset) for p in parts]
        card.add(prop.name, [_unescape(p) for p in parts])
        found = True
    return card if found else None


def _props(lines: list[str]) -> list[_Prop]:
    """Join folded lines and quoted-printable soft breaks into properties."""
    props: list[_Prop] = []
    pieces: list[str] = []
    head: _Prop | None = None
    soft_break = False
    for line in lines:
        if head is not None and soft_break:
            pieces.append(line)
        elif head is not None and line[:1] in (" ", "\t"):
            pieces.append(line[1:])
        else:
            _finish(head, pieces, props)
            head, pieces = _split_line(line), []
            if head is not None:
                pieces.append(head.value)
        soft_break = head is not None and head.quoted_printable and pieces[-1].endswith("=")
        if soft_break:
            pieces[-1] = pieces[-1][:-1]
    _finish(head, pieces, props)
    return props


def _finish(head: _Prop | None, pieces: list[str], props: list[_Prop]) -> None:
    if head is not None and head.name not in _BINARY_PROPS:
        head.value = "".join(pieces)
        props.append(head)


def _split_line(line: str) -> _Prop | None:
    """``group.NAME;param=a,"b";BARE:value`` with colons allowed inside quoted params."""
    index = _unquoted_colon(line)
    if index < 0:
        return None
    fields = _split_outside_quotes(line[:index], ";")
    match = _NAME_RE.match(fields[0].strip())
    if not match:
        return None
    params: dict[str, list[str]] = {}
    for param in fields[1:]:
        key, sep, raw = param.partition("=")
        if not sep:
            key, raw = ("ENCODING" if key.strip().upper() in _BARE_ENCODINGS else "TYPE"), key
        values = [v.strip().strip('"') for v in _split_outside_quotes(raw, ",")]
        params.setdefault(key.strip().upper(), []).extend(values)
    return _Prop(match.group(2).upper(), params, line[index + 1 :])


def _unquoted_colon(line: str) -> int:
    index = line.find(":")
    if index < 0 or '"' not in line[:index]:
        return index
    in_quotes = False
    for index, char in enumerate(line):
        if char == '"':
            in_quotes = not in_quotes
        elif char == ":" and not in_quotes:
            return index
    return -1


def _split_outside_quotes(text: str, separator: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    in_quotes = False
    for char in text:
        if char == '"':
            in_quotes = not in_quotes
        if char == separator and not in_quotes:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _decode_qp(text: str, charset: str) -> str:
    """Quoted-printable to text; the declared charset wins, else UTF-8, else cp1252."""
    encoding = _known_encoding(charset) or "utf-8"
    data = bytearray()
    for piece in _QP_BYTE_RE.split(text):
        if _QP_BYTE_RE.fullmatch(piece):
            data.append(int(piece[1:], 16))
        else:
            data += piece.replace("=", "").encode(encoding, errors="replace")
    if charset and _known_encoding(charset):
        return data.decode(encoding, errors="replace").replace("\ufffd", "")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace").replace("\ufffd", "")


def _known_encoding(charset: str) -> str:
    """Python's codec name for a CHARSET value, or "" (also for non-text codecs like base64)."""
    if not charset:
        return ""
    try:
        name = codecs.lookup(charset).name
        "".encode(name)
        b"".decode(name)
    except (LookupError, ValueError, TypeError):
        return ""
    return name


def _unescape(text: str) -> str:
    return _ESCAPE_RE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)


def _strip_tel_uri(value: str) -> str:
    """vCard 4.0 writes ``tel:+1-555`` URIs; the scheme is not part of the number."""
    text = value.strip()
    return text[4:].strip() if text[:4].lower() == "tel:" else text


def _card_name(card: _Card) -> str:
    """FN, unless FN is just the nickname (Windows Contacts does that) and N has the real name."""
    formatted = clean_name(card.fn)
    structured = clean_name(f"{card.given} {card.family}")
    nicknames = {clean_name(n).casefold() for n in card.nicknames}
    if formatted and structured and formatted.casefold() in nicknames:
        return structured
    return formatted or structured


def _draft(card: _Card, source: str, number: int) -> ContactDraft | None:
    """Name: FN, else given + family from N, else the company, else the first e-mail."""
    extra: dict[str, str] = {}
    emails: list[str] = []
    for value in card.emails:
        address, _ = split_email(value)
        if looks_like_email(address):
            emails.append(address)
        elif address:
            extra.setdefault("email", address)
    emails = unique(emails, fold_case=True)
    org = next((o for o in card.orgs if o and o[0].strip()), [])
    company = clean_name(org[0]) if org else ""
    department = " / ".join(clean_name(p) for p in org[1:] if p.strip())
    name = _card_name(card) or company or next(iter(emails), "")
    if not name:
        return None
    titles = unique([clean_name(t) for t in card.titles])
    roles = unique([clean_name(r) for r in card.roles])
    role = (titles or roles or [""])[0]
    if titles and roles:
        extra["role"] = roles[0]
    if department:
        extra["department"] = department
    for key, values in (("nickname", card.nicknames), ("url", card.urls)):
        first = next((v.strip() for v in values if v.strip()), "")
        if first:
            extra[key] = first
    profiles = unique([linkedin_url(url) for url in card.urls if normalise_linkedin(url)])
    # The first profile is the contact's; any other is kept in the notes.
    others = [f"LinkedIn: {url}" for url in profiles[1:]]
    notes = "\n".join([*(n.strip() for n in card.notes if n.strip()), *others])
    return ContactDraft(
        name=name,
        emails=emails,
        phones=unique([_strip_tel_uri(t) for t in card.tels]),
        company=company,
        role=role,
        notes=notes.replace("\r\n", "\n").replace("\r", "\n"),
        linkedin=profiles[0] if profiles else "",
        source_file=source,
        preset="",
        row_number=number,
        extra=extra,
    )
