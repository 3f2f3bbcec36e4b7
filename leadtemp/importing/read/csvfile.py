"""CSV contact lists: encoding, delimiter and header detection, then one draft per row.

Exports from real apps have preambles (LinkedIn), repeated headers (HubSpot), ragged
rows and line breaks inside quoted cells, so every step here is lenient and a bad row
becomes a :class:`ParseProblem` instead of stopping the import.
"""

from __future__ import annotations

import contextlib
import csv
import io
import itertools
import re
from collections.abc import Callable, Iterator, Mapping
from typing import cast

from leadtemp.importing.read.draft import (
    ContactDraft,
    DraftTable,
    ParseProblem,
    ParseResult,
    clean_name,
    looks_like_email,
    new_draft,
    split_email,
    unique,
)
from leadtemp.importing.read.errors import ColumnMappingError, ImportFileError
from leadtemp.importing.read.presets import (
    PRESET_NAMES,
    PRESETS,
    TARGETS,
    detect_preset,
    guess_mapping,
    has_identity,
    normalize_header,
    resolve,
)
from leadtemp.importing.read.sniff import (
    DEFAULT_LIMIT_BYTES,
    PathOrBytes,
    decode_bytes,
    display_name,
    load_bytes,
)
from leadtemp.linkedin import linkedin_url

_DELIMITERS = (",", ";", "\t", "|")
_HEADER_SCAN_RECORDS = 25
_SAMPLE_CHARS = 65536
_PLACEHOLDERS = {"null", "[not provided]", "n/a", "#n/a"}
#: Only these characters lower-case to a placeholder's first character.
_PLACEHOLDER_STARTS = "nN[#"
_SEP_HINT_RE = re.compile(r"^\s*sep=(.)\s*$", re.IGNORECASE)
_MULTI_SEP_RE = re.compile(r"\s*:::\s*")
_EMAIL_SEP_RE = re.compile(r"[;,\s]+")
_PLAIN_ADDRESS = r"[^\s@<:]+@[^\s@<:]+"
_PLAIN_LINES_RE = re.compile(rf"(?:{_PLAIN_ADDRESS})?(?:\n(?:{_PLAIN_ADDRESS})?)*")

Accepts = Callable[[list[str]], bool]


def parse_csv(
    path_or_bytes: PathOrBytes,
    mapping: dict[str, str] | None = None,
    preset: str | None = None,
    unknown_to_notes: bool = True,
    *,
    limit_bytes: int = DEFAULT_LIMIT_BYTES,
    source_name: str = "",
) -> ParseResult:
    """Parse a CSV contact list.

    ``mapping`` ({column: target}) wins over ``preset``; with neither, the preset is
    detected from the header and :func:`guess_mapping` is the fallback.  Columns that
    are not mapped go to ``extra`` (and to ``notes`` when ``unknown_to_notes``).
    Raises :class:`ImportFileError` for unreadable files and
    :class:`ColumnMappingError` when no name or e-mail column can be found.
    """
    _check_arguments(mapping, preset)
    mapping = mapping or None
    name = display_name(path_or_bytes, source_name)
    source = source_name or ("" if isinstance(path_or_bytes, bytes) else str(path_or_bytes))
    text, encoding = decode_bytes(load_bytes(path_or_bytes, limit_bytes, source_name), name)

    delimiter, header_index = _locate_header(text, _acceptor(mapping, preset))
    records, header = _after_header(text, delimiter, header_index, name)
    if not any(cell.strip() for cell in header):
        raise ImportFileError(f"{name} has no header row with column names.")
    columns = _column_names(header)
    used_preset, chosen = _choose_mapping(columns, mapping, preset)
    targets = resolve(chosen, columns)
    if mapping is None and not has_identity(_as_mapping(columns, targets)):
        raise ColumnMappingError(_unmapped_message(name, columns), columns)
    if mapping and not any(targets):
        raise ColumnMappingError(_missing_columns_message(name, mapping, columns), columns)
    slots = list(zip(columns, targets, strict=True))
    quick = _quick_drafts(slots, unknown_to_notes, source, used_preset)

    def drafts_of(body: list[list[str]], starts: list[int]) -> DraftTable | list[ContactDraft]:
        built: DraftTable | list[ContactDraft | None] = (
            quick(body, starts) if quick is not None else [None] * len(body)
        )
        if isinstance(built, DraftTable):
            return built
        if None not in built:
            return cast(list[ContactDraft], built)
        return _each_row(body, starts, built, slots, unknown_to_notes, source, used_preset, problems)

    problems: list[ParseProblem] = []
    failure: csv.Error | None = None
    try:
        pieces = [drafts_of(body, starts) for body, starts in _chunks(records)]
    except (csv.Error, _SpansLines):
        # A quoted cell spans lines, or the text is not valid CSV somewhere: read again from the
        # start, noting each record's first line and keeping the records before any error.
        problems.clear()
        records, _ = _after_header(text, delimiter, header_index, name)
        body, starts, failure = _body(records)
        pieces = [drafts_of(body, starts)]
    drafts = _joined(pieces)
    if failure is not None:
        if not drafts and not problems:
            raise ImportFileError(_invalid_message(name, records.line, failure))
        problems.append(
            ParseProblem(
                records.line + 1, f'the rest of the file is not valid CSV ({failure}); look for a stray "'
            )
        )
    return ParseResult(drafts, problems, "csv", used_preset, encoding, columns)


def _each_row(
    body: list[list[str]],
    starts: list[int],
    built: list[ContactDraft | None],
    slots: list[tuple[str, str | None]],
    unknown_to_notes: bool,
    source: str,
    preset: str,
    problems: list[ParseProblem],
) -> list[ContactDraft]:
    """The drafts of records ``_quick_drafts`` left to the general path (None in ``built``), in
    order with the others; records that are not contacts go to ``problems``."""
    collected: list[ContactDraft] = []
    for record, line, draft in zip(body, starts, built, strict=True):
        if draft is not None:
            collected.append(draft)
            continue
        row = _build_row(record, slots, unknown_to_notes)
        if row is None:
            continue
        lone = _lone_cell(record, len(slots))
        if lone:
            problems.append(ParseProblem(line, lone))
            continue
        draft = _draft(row, source, preset, line)
        if draft.name:
            collected.append(draft)
        else:
            problems.append(ParseProblem(line, _no_identity_reason(row)))
    return collected


def _joined(pieces: list[DraftTable | list[ContactDraft]]) -> DraftTable | list[ContactDraft]:
    """The drafts of every chunk of the file: one table when every chunk is one."""
    if pieces and all(isinstance(piece, DraftTable) for piece in pieces):
        return DraftTable.joined(cast(list[DraftTable], pieces))
    drafts: list[ContactDraft] = []
    for piece in pieces:
        drafts.extend(piece.drafts() if isinstance(piece, DraftTable) else piece)
    return drafts


def _lone_cell(record: list[str], width: int) -> str:
    """Why a line with a single cell in a file of four columns or more is not a contact, or
    "" when it may be one. Reports exported from CRMs end with such lines ("Grand Totals (12
    records)", a copyright, "Confidential"); every exporter writes a contact's empty cells, and
    a line holding just an address is kept."""
    if len(record) != 1 or width < 4:
        return ""
    value = " ".join(record[0].split())
    if not value or "@" in value:
        return ""
    shown = value if len(value) <= 80 else value[:79] + "…"
    return (
        f"“{shown}” alone on its line: a title or a note, not a contact (the header has {width} "
        "columns; fill them in to import it)"
    )


def _invalid_message(name: str, line: int, error: csv.Error) -> str:
    return f'{name} is not valid CSV near line {line + 1} ({error}); look for a stray " character.'


def _after_header(text: str, delimiter: str, header_index: int, name: str) -> tuple[_Records, list[str]]:
    """A reader positioned after the header record, and that record."""
    records = _Records(text, delimiter)
    try:
        for index, (_, record) in enumerate(records):
            if index == header_index:
                return records, record
    except csv.Error as exc:
        raise ImportFileError(_invalid_message(name, records.line, exc)) from None
    return records, []


#: Records read and made into drafts at a time: a file's cells are held only a chunk at a time.
CHUNK_RECORDS = 8192


class _SpansLines(Exception):
    """A record of the chunk being read spans lines: its start lines must be read one by one."""


def _chunks(records: _Records) -> Iterator[tuple[list[list[str]], list[int]]]:
    """The records after the header, a chunk at a time, with the line each starts on, for the
    usual file where every record is one line: raises _SpansLines at the first chunk where one
    is not (and csv.Error where the text stops being valid CSV)."""
    reader = records.reader
    while True:
        start = records.line
        body = list(itertools.islice(reader, CHUNK_RECORDS))
        if not body:
            return
        records.line = reader.line_num
        if records.line - start != len(body):
            raise _SpansLines
        yield body, list(range(start + 1, records.line + 1))


def _body(records: _Records) -> tuple[list[list[str]], list[int], csv.Error | None]:
    """The records after the header, the line each starts on, and the error that ended the
    reading early (the records before it are still imported)."""
    reader = records.reader
    body: list[list[str]] = []
    starts: list[int] = []
    try:
        for record in reader:
            starts.append(records.line + 1)
            records.line = reader.line_num
            body.append(record)
    except csv.Error as exc:
        return body, starts, exc
    return body, starts, None


def _check_arguments(mapping: Mapping[str, str] | None, preset: str | None) -> None:
    """Programming errors in the caller, not bad files: fail loudly."""
    if preset is not None and preset not in PRESET_NAMES:
        raise ValueError(f"unknown preset {preset!r}; choose one of {', '.join(PRESET_NAMES)}")
    if mapping:
        bad = sorted({t for t in mapping.values() if t not in TARGETS})
        if bad:
            raise ValueError(f"unknown mapping target(s) {bad}; choose from {', '.join(TARGETS)}")


#: About how many characters of the text are turned into lines at a time.
_PIECE = 1 << 20


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` as ``io.StringIO(text, newline="")`` reads them, a piece at a time:
    one StringIO of a whole file copies it at four bytes a character once it holds any
    non-Latin one. Pieces end after a ``\n``, so no ``\r\n`` is cut in two."""
    return itertools.chain.from_iterable(io.StringIO(piece, newline="") for piece in _pieces(text))


def _pieces(text: str) -> Iterator[str]:
    start = 0
    while start < len(text):
        end = text.find("\n", start + _PIECE)
        end = len(text) if end < 0 else end + 1
        yield text[start:end]
        start = end


class _Records:
    """csv.reader that also reports the 1-based line each record starts on."""

    def __init__(self, text: str, delimiter: str) -> None:
        self.reader = csv.reader(_lines(text), delimiter=delimiter, strict=False)
        self.line = 0

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        for record in self.reader:
            start = self.line + 1
            self.line = self.reader.line_num
            yield start, record


def _acceptor(mapping: Mapping[str, str] | None, preset: str | None) -> Accepts:
    """Decide what a header row looks like for this call."""
    if mapping:
        return lambda cells: any(t for t in resolve(mapping, cells))
    if preset and preset != "generic":
        fixed = PRESETS[preset]
        return lambda cells: has_identity(_as_mapping(cells, resolve(fixed, cells)))

    def auto(cells: list[str]) -> bool:
        if preset is None and detect_preset(cells):
            return True
        return has_identity(guess_mapping(cells))

    return auto


def _as_mapping(columns: list[str], targets: list[str | None]) -> dict[str, str]:
    return {c: t for c, t in zip(columns, targets, strict=False) if t}


def _locate_header(text: str, accepts: Accepts) -> tuple[str, int]:
    """Find the delimiter and the index of the header record, skipping any preamble."""
    sample = text[:_SAMPLE_CHARS]
    first_line = sample.split("\n", 1)[0].strip("\r")
    hint = _SEP_HINT_RE.match(first_line)
    order = [hint.group(1)] if hint else _delimiter_order(sample)
    best: tuple[tuple[int, int], str, int] | None = None
    for position, delimiter in enumerate(order):
        for index, cells in enumerate(_head_records(sample, delimiter)):
            if accepts(cells):
                score = (sum(1 for c in cells if c), -position)
                if best is None or score > best[0]:
                    best = (score, delimiter, index)
                break
    if best:
        return best[1], best[2]
    delimiter = order[0]
    heads = _head_records(sample, delimiter)
    for minimum in (2, 1):
        for index, cells in enumerate(heads):
            if sum(1 for c in cells if c) >= minimum:
                return delimiter, index
    return delimiter, 0


def _head_records(sample: str, delimiter: str) -> list[list[str]]:
    """The first records of the sample, with blank lines kept so indexes stay aligned."""
    heads: list[list[str]] = []
    try:
        for _, record in _Records(sample, delimiter):
            heads.append([cell.strip() for cell in record])
            if len(heads) >= _HEADER_SCAN_RECORDS:
                break
    except csv.Error:
        pass
    return heads


def _delimiter_order(sample: str) -> list[str]:
    """csv.Sniffer's guess first, then the most frequent candidate, then the rest."""
    lines = [ln for ln in sample[:8192].splitlines() if ln.strip()]
    body = "\n".join(lines[:40])
    order: list[str] = []
    with contextlib.suppress(csv.Error):
        order.append(csv.Sniffer().sniff(body, delimiters="".join(_DELIMITERS)).delimiter)
    counts = sorted(_DELIMITERS, key=lambda d: -body.count(d))
    for delimiter in (*counts, *_DELIMITERS):
        if delimiter not in order:
            order.append(delimiter)
    return order


def _column_names(header: list[str]) -> list[str]:
    """Trimmed, non-empty and unique names (``Phone Number (2)``) the UI can map by."""
    names: list[str] = []
    seen: set[str] = set()
    for index, cell in enumerate(header):
        base = clean_name(cell) or f"Column {index + 1}"
        candidate, count = base, 1
        while normalize_header(candidate) in seen or candidate in names:
            count += 1
            candidate = f"{base} ({count})"
        seen.add(normalize_header(candidate))
        names.append(candidate)
    return names


def _choose_mapping(
    columns: list[str], mapping: dict[str, str] | None, preset: str | None
) -> tuple[str, Mapping[str, str]]:
    if mapping:
        return "custom", mapping
    if preset and preset != "generic":
        return preset, PRESETS[preset]
    detected = None if preset == "generic" else detect_preset(columns)
    if detected:
        return detected, PRESETS[detected]
    return "generic", guess_mapping(columns)


def _unmapped_message(name: str, columns: list[str]) -> str:
    shown = ", ".join(columns[:15]) + (", …" if len(columns) > 15 else "")
    if any("@" in c for c in columns):
        return (
            f"{name}: the first row looks like data, not column names ({shown}). "
            "Choose which column holds names and e-mail addresses."
        )
    return (
        f"{name}: no column for names or e-mail addresses was recognised. "
        f"Columns found: {shown}. Choose which column holds names and e-mail addresses."
    )


def _missing_columns_message(name: str, mapping: Mapping[str, str], columns: list[str]) -> str:
    return (
        f"{name} has none of the chosen columns ({', '.join(list(mapping)[:8])}). "
        f"Columns found: {', '.join(columns[:15])}{', …' if len(columns) > 15 else ''}."
    )


class _Row:
    """Values of one record grouped by target field, before they become a draft."""

    __slots__ = ("extra", "fields", "unknown")

    def __init__(
        self, fields: dict[str, list[tuple[str, str]]], extra: dict[str, str], unknown: list[str]
    ) -> None:
        self.fields = fields
        self.extra = extra
        self.unknown = unknown

    def first(self, target: str) -> str:
        """Only non-empty cells are kept, so the first one holds the first value."""
        values = self.fields.get(target)
        return values[0][1] if values else ""

    def all(self, target: str) -> list[tuple[str, str]]:
        return self.fields.get(target, [])


def _build_row(record: list[str], slots: list[tuple[str, str | None]], unknown_to_notes: bool) -> _Row | None:
    """Group a record's cells by target; ``None`` for a row with nothing in it.

    ``slots`` holds each header column's name and target. This runs for every row of files
    with tens of thousands of rows, hence the plain loops.
    """
    fields: dict[str, list[tuple[str, str]]] = {}
    extra: dict[str, str] = {}
    unknown: list[str] = []
    empty = True
    for (column, target), raw in zip(slots, record, strict=False):
        value = raw.strip()
        if not value or (value[0] in _PLACEHOLDER_STARTS and value.lower() in _PLACEHOLDERS):
            continue
        empty = False
        if target is None:
            extra[column] = value
            if unknown_to_notes:
                unknown.append(f"{column}: {value}")
        elif target != "ignore":
            cells = fields.get(target)
            if cells is None:
                fields[target] = [(column, value)]
            else:
                cells.append((column, value))
    for index in range(len(slots), len(record)):
        value = record[index].strip()
        if not value or (value[0] in _PLACEHOLDER_STARTS and value.lower() in _PLACEHOLDERS):
            continue
        empty = False
        column = f"Column {index + 1}"
        extra[column] = value
        if unknown_to_notes:
            unknown.append(f"{column}: {value}")
    if empty:
        return None
    return _Row(fields, extra, unknown)


def _draft(row: _Row, source: str, preset: str, line: int) -> ContactDraft:
    fields = row.fields
    get = fields.get
    emails, display = _emails(row) if "email" in fields else ([], "")
    phone_cells = get("phone")
    phones = unique([p for _, v in phone_cells for p in _split_multi(v)]) if phone_cells else []
    # Cells are kept only when non-empty, so a target's first cell holds its first value.
    person = " ".join(
        [cells[0][1] for cells in (get("first_name"), get("middle_name"), get("last_name")) if cells]
    )
    name_cells, company_cells = get("name"), get("company")
    company = company_cells[0][1] if company_cells else ""
    name = (name_cells[0][1] if name_cells else "") or person or display or company or next(iter(emails), "")
    role_cells, industry_cells, notes_cells = get("role"), get("industry"), get("notes")
    notes = [v for _, v in notes_cells] + row.unknown if notes_cells else row.unknown
    profile_cells = get("linkedin")
    linkedin = ""
    if profile_cells:
        # The first profile is the contact's; any other is kept in the notes.
        linkedin = profile_cells[0][1]
        notes = [*notes, *(_linkedin_note(value) for _, value in profile_cells[1:] if value != linkedin)]
    text = "\n".join(notes)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return new_draft(
        clean_name(name),
        emails,
        phones,
        clean_name(company),
        clean_name(role_cells[0][1]) if role_cells else "",
        clean_name(industry_cells[0][1]) if industry_cells else "",
        text.strip(),
        linkedin,
        source,
        preset,
        line,
        row.extra,
    )


#: The extra cells of every row read a column at a time that has none: drafts are read, never
#: changed, so one empty dict does for all (a 100,000-row file would otherwise hold as many).
_NO_EXTRA: dict[str, str] = {}
#: Targets whose first non-empty cell is all that is kept.
_SINGLE_TARGETS = ("name", "first_name", "middle_name", "last_name", "company", "role", "industry")


def _quick_drafts(
    slots: list[tuple[str, str | None]], unknown_to_notes: bool, source: str, preset: str
) -> Callable[[list[list[str]], list[int]], DraftTable | list[ContactDraft | None]] | None:
    """What ``_build_row`` then ``_draft`` make of each full-width record, a column at a time.

    Made once per file from the header: every cell's place in the draft is known up front, so
    most of the work is one pass per column with string methods rather than Python code per
    cell. Returns None (use the general path) when a kept-once target has several columns; the
    returned function gives the whole file as a table when every row is ordinary, else a list
    with None for the rows it leaves to the general path: ragged, empty, with a placeholder
    cell, or without a name.
    """
    width = len(slots)
    places: dict[str, list[int]] = {}
    unknown: list[tuple[int, str]] = []
    for index, (column, target) in enumerate(slots):
        if target is None:
            unknown.append((index, column))
        elif target != "ignore":
            places.setdefault(target, []).append(index)
    if any(len(places.get(target, ())) > 1 for target in _SINGLE_TARGETS):
        return None
    # A missing target reads the empty column appended after the record's own.
    name_at, first_at, middle_at, last_at, company_at, role_at, industry_at = (
        places.get(target, [width])[0] for target in _SINGLE_TARGETS
    )
    email_at = [(index, slots[index][0]) for index in places.get("email", ())]
    phone_at = places.get("phone", [])
    notes_at = places.get("notes", [])
    linkedin_at = places.get("linkedin", [])
    # Companies, roles, names and main lines repeat down a list: each value is kept once.
    kept: dict[str, str] = {}
    once = kept.setdefault

    def shared(values: list[str]) -> list[str]:
        return list(map(once, values, values))

    def full_width(records: list[list[str]], lines: list[int]) -> tuple[DraftTable, set[int]]:
        """Every row as a table, and the rows of it left to the general path."""
        count = len(records)
        cells = [list(map(str.strip, column)) for column in zip(*records, strict=True)]
        cells.append([""] * count)
        left = _odd_rows(cells[:width])
        extras: list[dict[str, str]] = [_NO_EXTRA] * count
        notes = [cells[index] for index in notes_at]
        linkedin = _first_cells([cells[index] for index in linkedin_at], count)
        if len(linkedin_at) > 1:
            # A row's first profile is the contact's; any other is kept in the notes.
            notes += [
                [
                    _linkedin_note(value) if value and value != first else ""
                    for value, first in zip(column, linkedin, strict=True)
                ]
                for column in (cells[index] for index in linkedin_at)
            ]
        for index, column in unknown:
            values = cells[index]
            for row, value in enumerate(values):
                if value:
                    if extras[row] is _NO_EXTRA:
                        extras[row] = {}
                    extras[row][column] = value
            if unknown_to_notes:
                notes.append([f"{column}: {value}" if value else "" for value in values])
        emails, displays = _email_column([(cells[index], column) for index, column in email_at], extras)
        phones = _phone_column([shared(cells[index]) for index in phone_at], count)
        people = _people(cells[first_at], cells[middle_at], cells[last_at])
        companies = cells[company_at]
        names = _clean_names(
            [
                given or person or display or company or (found[0] if found else "")
                for given, person, display, company, found in zip(
                    cells[name_at], people, displays, companies, emails, strict=True
                )
            ]
        )
        names = shared(names)
        table = DraftTable(
            names,
            emails,
            phones,
            shared(_clean_names(companies)),
            shared(_clean_names(cells[role_at])),
            shared(_clean_names(cells[industry_at])),
            _notes_column(notes, count),
            linkedin,
            lines,
            extras,
            source,
            preset,
        )
        if all(names):
            return table, left
        return table, left.union(row for row, name in enumerate(names) if not name)

    def build(records: list[list[str]], lines: list[int]) -> DraftTable | list[ContactDraft | None]:
        if not records:
            return []
        if set(map(len, records)) == {width}:
            table, left = full_width(records, lines)
            if not left:
                return table
            return [None if row in left else table.draft(row) for row in range(len(table))]
        at = [row for row, record in enumerate(records) if len(record) == width]
        made: list[ContactDraft | None] = [None] * len(records)
        if not at:
            return made
        table, left = full_width([records[r] for r in at], [lines[r] for r in at])
        for position, row in enumerate(at):
            if position not in left:
                made[row] = table.draft(position)
        return made

    return build


def _odd_rows(columns: list[list[str]]) -> set[int]:
    """Rows left to the general path: entirely empty, or with a cell that may be a placeholder."""
    odd: set[int] = set()
    if not any(all(column) for column in columns):
        rows = zip(*columns, strict=True)
        odd.update(row for row, values in enumerate(rows) if not any(values))
    for column in columns:
        lowered = "\x00".join(column).lower()
        if "null" in lowered or "n/a" in lowered or "[not provided]" in lowered:
            odd.update(row for row, value in enumerate(column) if _maybe_placeholder(value))
    return odd


def _maybe_placeholder(value: str) -> bool:
    lowered = value.lower()
    return "null" in lowered or "n/a" in lowered or "[not provided]" in lowered


def _email_column(
    columns: list[tuple[list[str], str]], extras: list[dict[str, str]]
) -> tuple[list[list[str]], list[str]]:
    """Every row's addresses and display name from the e-mail columns (cells already trimmed)."""
    count = len(extras)
    if not columns:
        return [[] for _ in range(count)], [""] * count
    if len(columns) == 1 and _all_plain(columns[0][0]):
        return [[value] if value else [] for value in columns[0][0]], [""] * count
    emails: list[list[str]] = []
    displays: list[str] = []
    for row, values in enumerate(zip(*(values for values, _ in columns), strict=True)):
        found = [(column, value) for value, (_, column) in zip(values, columns, strict=True) if value]
        if len(found) == 1 and _plain_address(found[0][1]):
            emails.append([found[0][1]])
            displays.append("")
        elif found:
            if extras[row] is _NO_EXTRA:
                extras[row] = {}
            addresses, display = _emails_of(found, extras[row])
            emails.append(addresses)
            displays.append(display)
        else:
            emails.append([])
            displays.append("")
    return emails, displays


def _all_plain(values: list[str]) -> bool:
    """Every non-empty value is a lone address ``_plain_address`` accepts (checked all at once:
    one line per value, each empty or one address without spaces, ``<`` or ``:``)."""
    text = "\n".join(values)
    return text.count("\n") == len(values) - 1 and _PLAIN_LINES_RE.fullmatch(text) is not None


def _phone_column(columns: list[list[str]], count: int) -> list[list[str]]:
    """Every row's numbers from the phone columns (cells already trimmed)."""
    if not columns:
        return [[] for _ in range(count)]
    if len(columns) == 1 and ":::" not in "\x00".join(columns[0]):
        return [[value] if value else [] for value in columns[0]]
    numbers: list[list[str]] = []
    for values in zip(*columns, strict=True):
        phones = [value for value in values if value]
        if phones and (len(phones) > 1 or ":::" in phones[0]):
            phones = unique([part for value in phones for part in _split_multi(value)])
        numbers.append(phones)
    return numbers


def _people(first: list[str], middle: list[str], last: list[str]) -> list[str]:
    """First, middle and last names joined with single spaces, skipping empty ones."""
    if not any(middle):
        return [
            f"{given} {family}" if given and family else given or family
            for given, family in zip(first, last, strict=True)
        ]
    return [" ".join([value for value in names if value]) for names in zip(first, middle, last, strict=True)]


def _clean_names(values: list[str]) -> list[str]:
    """``clean_name`` of every value; when no value has anything but a plain space to collapse,
    one check of the joined column shows it and a strip is all that is left."""
    joined = "|".join(values)
    if joined.isprintable() and "  " not in joined:
        return list(map(str.strip, values))
    return [clean_name(value) for value in values]


def _notes_column(parts: list[list[str]], count: int) -> list[str]:
    """Each row's non-empty note parts joined by line breaks, with line breaks made ``\n``."""
    if not parts:
        return [""] * count
    if len(parts) == 1:
        texts = parts[0]
    else:
        texts = ["\n".join([value for value in row if value]) for row in zip(*parts, strict=True)]
    if "\r" not in "".join(texts):
        return texts
    return [
        text.replace("\r\n", "\n").replace("\r", "\n").strip() if "\r" in text else text for text in texts
    ]


def _first_cells(columns: list[list[str]], count: int) -> list[str]:
    """Each row's first non-empty cell of ``columns``."""
    if not columns:
        return [""] * count
    if len(columns) == 1:
        return columns[0]
    return [next((value for value in row if value), "") for row in zip(*columns, strict=True)]


def _linkedin_note(value: str) -> str:
    """How a contact's second LinkedIn profile is kept: in its notes."""
    return f"LinkedIn: {linkedin_url(value)}"


def _plain_address(value: str) -> bool:
    """A lone address with nothing to split, unwrap or drop: ``_emails_of`` keeps it as it is."""
    return (
        value.count("@") == 1
        and ":::" not in value
        and "<" not in value
        and value[:7].lower() != "mailto:"
        and looks_like_email(value)
    )


def _split_multi(value: str) -> list[str]:
    """Google joins several values in one cell with ``:::``."""
    return _MULTI_SEP_RE.split(value) if ":::" in value else [value]


def _no_identity_reason(row: _Row) -> str:
    shown = "; ".join(f"{c}: {v}" for values in row.fields.values() for c, v in values)
    shown = shown or "; ".join(f"{c}: {v}" for c, v in row.extra.items())
    return f"no name, e-mail address or company (row has {shown[:120]})"


def _emails(row: _Row) -> tuple[list[str], str]:
    """All addresses from all e-mail columns; non-addresses are kept in ``extra``."""
    return _emails_of(row.all("email"), row.extra)


def _emails_of(cells: list[tuple[str, str]], extra: dict[str, str]) -> tuple[list[str], str]:
    """The addresses in ``(column, value)`` cells and the first display name beside one."""
    found: list[str] = []
    display = ""
    for column, value in cells:
        parts = _split_multi(value)
        if value.count("@") > 1:
            parts = [p for part in parts for p in _EMAIL_SEP_RE.split(part)]
        for part in parts:
            address, shown = split_email(part)
            if looks_like_email(address):
                found.append(address)
                display = display or shown
            elif address:
                extra[column] = value
    return unique(found, fold_case=True), display


def read_table(
    data: bytes, accepts: Accepts, name: str = "The file"
) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """Any CSV export as its column names and its records after the header, each with the line
    it starts on: the encoding, delimiter and header detection of contact lists, for other
    exports (marketing activity, messages). ``accepts`` recognises the header among the first
    records (exports with a preamble). Raises :class:`ImportFileError` for unreadable text."""
    text, _ = decode_bytes(data, name)
    delimiter, header_index = _locate_header(text, accepts)
    records, header = _after_header(text, delimiter, header_index, name)
    if not any(cell.strip() for cell in header):
        raise ImportFileError(f"{name} has no header row with column names.")

    def body() -> Iterator[tuple[int, list[str]]]:
        try:
            yield from records
        except csv.Error as exc:
            raise ImportFileError(_invalid_message(name, records.line, exc)) from None

    return _column_names(header), body()
