"""Newsletter and marketing activity exports (CSV) read as opens, clicks, bounces, unsubscribes and signups.

A preset names the columns of a known app's export (detected from the header when only one fits);
a mapping names them for any other file, so a Calendly, Typeform or analytics export reads too.
Each row's source key is its recipient, kind and time, so the same activity exported twice, or by
two tools, is captured once.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

from leadtemp.capture.activity_presets import (
    FIELDS,
    PRESET_NAMES,
    PRESETS,
    ActivityPreset,
    detect_preset,
    kind_of_activity,
)
from leadtemp.capture.errors import CaptureFileError, MappingNeeded
from leadtemp.capture.events import Observation, Skipped, SkipReason
from leadtemp.capture.times import day_first, parse_export_time
from leadtemp.importing.read.csvfile import read_table
from leadtemp.importing.read.draft import looks_like_email, split_email
from leadtemp.importing.read.errors import ImportFileError
from leadtemp.importing.read.presets import normalize_header
from leadtemp.scoring.catalogue import DEFAULT_KINDS_BY_NAME

SOURCE = "activity"
#: Rows read first to tell whether the file's dates are day first.
_SAMPLE_ROWS = 200
_APP_NAMES = {
    "mailchimp": "Mailchimp",
    "mailchimp-activity": "Mailchimp",
    "brevo": "Brevo",
    "mailerlite": "MailerLite",
    "buttondown": "Buttondown",
    "substack": "Substack",
}


@dataclass(frozen=True)
class _Columns:
    """Positions of the columns that matter in this file."""

    email: int
    activity: int | None
    time: int | None
    dated: tuple[tuple[int, str], ...]
    name: int | None
    campaign: tuple[int, ...]
    label: str
    days_first: bool = False


def read_activity(
    data: bytes,
    *,
    preset: str | None = None,
    mapping: Mapping[str, str] | None = None,
    since: datetime | None = None,
    zone: tzinfo | None = None,
    kinds: Collection[str] = tuple(DEFAULT_KINDS_BY_NAME),
    name: str = "The file",
) -> Iterator[Observation | Skipped]:
    """One observation per activity row; rows that log nothing are skipped with their line.

    ``mapping`` ({column: field}, fields in :data:`FIELDS` or a kind's name) wins over
    ``preset``. Times without a zone are read in ``zone`` (the machine's when None). Raises
    :class:`CaptureFileError` when the file or the mapping cannot be used.
    """
    if preset is not None and preset not in PRESETS:
        raise CaptureFileError(f"unknown preset {preset!r}: use one of {', '.join(PRESET_NAMES)}")
    mapping = dict(mapping or {})
    _check_mapping(mapping, kinds)
    try:
        columns, records = read_table(data, _acceptor(preset, mapping), name)
    except ImportFileError as error:
        raise CaptureFileError(str(error)) from None
    plan = _plan(columns, preset, mapping, name)
    try:
        head = list(itertools.islice(records, _SAMPLE_ROWS))
        plan = dataclasses.replace(plan, days_first=plan.days_first or _days_first(head, plan))
        for line, record in itertools.chain(head, records):
            if any(cell.strip() for cell in record):
                yield from _row(line, record, plan, since, zone, kinds)
    except ImportFileError as error:
        raise CaptureFileError(str(error)) from None


def _days_first(head: list[tuple[int, list[str]]], plan: _Columns) -> bool:
    """Whether the file writes its slashed dates day first, from its first rows."""
    places = [index for index in (plan.time, *(index for index, _ in plan.dated)) if index is not None]
    return day_first(record[index] for _, record in head for index in places if index < len(record))


def _check_mapping(mapping: Mapping[str, str], kinds: Collection[str]) -> None:
    for column, target in mapping.items():
        if target not in FIELDS and target not in kinds:
            raise CaptureFileError(
                f"--map {column}={target}: {target!r} is neither a field ({', '.join(FIELDS)}) nor a kind"
            )
    if mapping and "email" not in mapping.values():
        raise CaptureFileError("the mapping names no e-mail column (--map COLUMN=email)")
    if mapping and "activity" in mapping.values() and "time" not in mapping.values():
        raise CaptureFileError("the mapping names an activity column but no time column (--map COLUMN=time)")
    if mapping and not set(mapping.values()) & ({"activity"} | set(kinds)):
        raise CaptureFileError(
            "the mapping says nothing about what happened: map a column to activity, "
            "or a time column to a kind (--map 'Created At=demo_booked')"
        )


def _acceptor(preset: str | None, mapping: Mapping[str, str]) -> Callable[[list[str]], bool]:
    wanted = {normalize_header(column) for column in mapping}
    chosen = PRESETS.get(preset or "")

    def accepts(cells: list[str]) -> bool:
        keys = {normalize_header(cell) for cell in cells}
        if wanted:
            return wanted <= keys
        if chosen is not None:
            return bool(keys & set(chosen.email))
        return detect_preset(cells) is not None

    return accepts


def _plan(columns: list[str], preset: str | None, mapping: Mapping[str, str], name: str) -> _Columns:
    keys = [normalize_header(column) for column in columns]
    if mapping:
        return _mapped(keys, mapping, name)
    chosen = preset or detect_preset(columns)
    if chosen is None:
        raise MappingNeeded(
            f"{name}: which columns hold the address, the activity and its time? Choose --preset "
            f"({', '.join(PRESET_NAMES)}) or --map COLUMN=email, COLUMN=activity, COLUMN=time "
            f"(its columns: {', '.join(columns[:12])})",
            columns,
        )
    return _preset_columns(keys, PRESETS[chosen], name)


def _mapped(keys: list[str], mapping: Mapping[str, str], name: str) -> _Columns:
    found: dict[str, list[int]] = {}
    for column, target in mapping.items():
        key = normalize_header(column)
        if key not in keys:
            raise CaptureFileError(f"{name} has no column {column!r} (--map {column}={target})")
        found.setdefault(target, []).append(keys.index(key))
    dated = tuple(
        (index, target) for target, places in found.items() if target not in FIELDS for index in places
    )
    return _Columns(
        email=found["email"][0],
        activity=found.get("activity", [None])[0],
        time=found.get("time", [None])[0],
        dated=dated,
        name=found.get("name", [None])[0],
        campaign=tuple(found.get("campaign", [])),
        label=f"from {name}",
    )


def _preset_columns(keys: list[str], preset: ActivityPreset, name: str) -> _Columns:
    def first(options: tuple[str, ...]) -> int | None:
        return next((keys.index(option) for option in options if option in keys), None)

    email = first(preset.email)
    activity, time = first(preset.activity), first(preset.time)
    dated = tuple((keys.index(column), kind) for column, kind in preset.dated_kinds if column in keys)
    if email is None or (preset.activity and (activity is None or time is None)) or not (activity or dated):
        raise CaptureFileError(
            f"{name} is not a {_APP_NAMES[preset.name]} export like --preset {preset.name} reads"
        )
    return _Columns(
        email=email,
        activity=activity,
        time=time,
        dated=dated,
        name=first(preset.name_columns),
        campaign=tuple(keys.index(option) for option in preset.campaign if option in keys),
        label=_APP_NAMES[preset.name],
        days_first=preset.days_first,
    )


def _row(
    line: int,
    record: list[str],
    plan: _Columns,
    since: datetime | None,
    zone: tzinfo | None,
    kinds: Collection[str],
) -> Iterator[Observation | Skipped]:
    def cell(index: int | None) -> str:
        return record[index].strip() if index is not None and index < len(record) else ""

    address, shown = split_email(cell(plan.email))
    address = address.casefold()
    row_key = f"line {line}"
    if not looks_like_email(address):
        yield Skipped(SOURCE, row_key, SkipReason.UNREADABLE, f"line {line}: no e-mail address")
        return
    facts: list[tuple[str, str]] = []
    if plan.activity is not None:
        value = cell(plan.activity)
        kind = kind_of_activity(value, kinds)
        if kind is None:
            detail = f"line {line}: {value or 'no activity'!r} is no activity LeadTemp logs"
            yield Skipped(SOURCE, row_key, SkipReason.NOT_A_LEAD, detail)
            return
        facts.append((kind, cell(plan.time)))
    seen_kinds = {kind for kind, _ in facts}
    for index, kind in plan.dated:
        if cell(index) and kind not in seen_kinds:
            seen_kinds.add(kind)
            facts.append((kind, cell(index)))
    if not facts:
        yield Skipped(SOURCE, row_key, SkipReason.NOT_A_LEAD, f"line {line}: no date of any activity")
        return
    campaign = next((cell(index) for index in plan.campaign if cell(index)), "")
    person = cell(plan.name) or shown
    for kind, text in facts:
        try:
            when = parse_export_time(text, zone, days_first=plan.days_first)
        except ValueError:
            detail = f"line {line}: cannot read the time {text!r}" if text else f"line {line}: no time"
            yield Skipped(SOURCE, row_key, SkipReason.UNREADABLE, detail)
            continue
        if since is not None and when < since:
            continue
        yield Observation(
            source=SOURCE,
            source_key=_key(address, kind, when),
            kind=kind,
            occurred_at=when,
            addresses=(address,),
            name=person,
            note=f"{plan.label}: {campaign}" if campaign else plan.label,
        )


def _key(address: str, kind: str, when: datetime) -> str:
    """The row's identity whatever file it came in: recipient, kind and second."""
    text = f"{address}|{kind}|{when.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}"
    return hashlib.sha256(text.encode()).hexdigest()[:32]
