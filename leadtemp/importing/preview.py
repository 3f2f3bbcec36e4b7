"""What an import would do, row by row, before anything is written: new, a duplicate of whom (and
by which rule), or invalid and why. The preview never writes; :mod:`leadtemp.importing.commit`
does, after :mod:`leadtemp.importing.plan` has turned the preview and the user's choices into
what to write.
"""

from __future__ import annotations

import functools
import operator
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

from leadtemp.bulk import collection_paused
from leadtemp.errors import ValidationError
from leadtemp.importing.dedupe import RULES, DuplicateIndex, Keys, Match, MatchRules, Profile
from leadtemp.importing.preview_rows import (
    IMPORT,
    REPLACE,
    REPLACEABLE,
    SKIP,
    UPDATE,
    DuplicateOf,
    PreviewRow,
    PreviewRows,
    RowStatus,
    merge_fields,
    new_row,
)
from leadtemp.importing.read import parse_file, sniff
from leadtemp.importing.read.draft import ContactDraft, DraftTable, ParseResult
from leadtemp.importing.read.errors import ImportCancelled
from leadtemp.linkedin import linkedin_problem, linkedin_url
from leadtemp.service import LeadService
from leadtemp.store import batches
from leadtemp.store.store import Store
from leadtemp.validation import (
    MAX_NAME,
    MAX_NOTES,
    MAX_TEXT,
    PhoneReader,
    clean_text,
    clean_texts,
    email_problem,
    field_problems,
    invalid_emails,
    invalid_phones,
    phone_problem,
)

PHONE_REGION_SETTING = "phone_region"


#: A draft's fields, warnings, why it is invalid (or "") and its matching keys (None if invalid).
Examined = tuple[dict[str, str], tuple[str, ...], str, Profile | None]


Progress = Callable[[int, int], None]


class _Contact(NamedTuple):
    """A contact of the book, as the file's duplicate index refers to it; its rows are plain
    ``int`` indexes, by far the most common key, kept as cheap as a key can be."""

    id: int


#: What a row of the file matched earlier in the file: another row (its index) or a contact.
Ref = int | _Contact


@dataclass(frozen=True)
class ImportCounts:
    new: int = 0
    updated: int = 0
    skipped: int = 0
    invalid: int = 0
    possible: int = 0
    """Of the new contacts, how many are possible duplicates of another (see RowStatus.POSSIBLE)."""

    def as_dict(self) -> dict[str, int]:
        return {
            "new": self.new,
            "updated": self.updated,
            "skipped": self.skipped,
            "invalid": self.invalid,
            "possible_duplicates": self.possible,
        }

    def describe(self) -> str:
        return (
            f"new {self.new}, updated {self.updated}, skipped duplicates {self.skipped}, "
            f"invalid {self.invalid}, possible duplicates {self.possible}"
        )


@dataclass
class ImportPreview:
    """Every row of one file with its status and default action; ``decisions`` override them."""

    file_name: str
    format: str
    preset: str
    encoding: str
    columns: list[str]
    rows: Sequence[PreviewRow]
    path: str = ""

    def action(self, index: int, decisions: Mapping[int, str] | None = None) -> str:
        row = self.rows[index]
        chosen = (decisions or {}).get(index, row.default_action)
        if chosen not in row.actions:
            allowed = ", ".join(row.actions)
            raise ValidationError(f"row {row.row_number}: cannot {chosen} a {row.status} row (use {allowed})")
        return chosen

    def counts(self, decisions: Mapping[int, str] | None = None) -> ImportCounts:
        """What a commit with these decisions would do (against the values seen at preview),
        counted as the commit counts: rows that update a contact in turn, each judged against
        what the rows before it left; a row merged into a contact this file creates is skipped."""
        notable = notable_rows(self.rows, decisions)
        # Every other row is simply new, imported as it is.
        new = len(self.rows) - len(notable)
        updated = skipped = invalid = possible = 0
        updating: dict[int, dict[str, str]] = {}
        # Where rows that matched a contact went, for the later rows that match those rows.
        went: dict[int, int] = {}
        seen_as: dict[int, dict[str, str]] = {}
        for index in notable:
            row = self.rows[index]
            action = self.action(row.index, decisions)
            duplicate = row.duplicate_of
            if row.status is RowStatus.INVALID:
                invalid += 1
                continue
            if action == IMPORT:
                new += 1
                possible += row.status is RowStatus.POSSIBLE
                continue
            contact = None
            if duplicate is not None:
                if duplicate.contact_id is not None:
                    contact = duplicate.contact_id
                    seen_as.setdefault(contact, row.existing or {})
                elif duplicate.row is not None:
                    contact = went.get(duplicate.row)
            if contact is None:
                skipped += 1
                continue
            went[row.index] = contact
            if action in (UPDATE, REPLACE):
                current = updating.setdefault(contact, dict(seen_as.get(contact, {})))
                changes = merge_fields(current, row.fields, action)
                if changes:
                    current.update(changes)
                    updated += 1
                    continue
            skipped += 1
        return ImportCounts(new, updated, skipped, invalid, possible)

    @property
    def invalid_rows(self) -> list[PreviewRow]:
        return self.rows_of(RowStatus.INVALID)

    def matched_rows(self, decisions: Mapping[int, str] | None = None) -> list[tuple[PreviewRow, str]]:
        """Every row that matched someone, duplicate or possible duplicate, with its action."""
        rows = self.rows
        return [
            (row, self.action(row.index, decisions))
            for row in map(rows.__getitem__, notable_rows(rows, decisions))
            if row.duplicate_of is not None
        ]

    def rows_of(self, status: RowStatus) -> list[PreviewRow]:
        """The rows with this status, in file order (new ones are most rows; the others few)."""
        rows = self.rows
        candidates = range(len(rows)) if status is RowStatus.NEW else notable_rows(rows, None)
        return [row for row in map(rows.__getitem__, candidates) if row.status is status]


def notable_rows(rows: Sequence[PreviewRow], decisions: Mapping[int, str] | None) -> Sequence[int]:
    """In order, the indexes of the rows that may be anything but simply new and imported as
    they are: every row of a plain list; the kept and the decided ones of ``PreviewRows``."""
    if not isinstance(rows, PreviewRows):
        return range(len(rows))
    count = len(rows)
    decided = {index for index in decisions or () if 0 <= index < count}
    return sorted(decided.union(rows.kept))


def match_rules(service: LeadService) -> MatchRules:
    """Matching settings for this database (``phone_region`` for numbers without a country)."""
    region = service.store.get_setting(PHONE_REGION_SETTING)
    return MatchRules(region=region.upper() if isinstance(region, str) and region else None)


def preview_file(
    service: LeadService,
    path: str | os.PathLike[str],
    format: str = "auto",
    preset: str | None = None,
    mapping: dict[str, str] | None = None,
    *,
    unknown_to_notes: bool = True,
    rules: MatchRules | None = None,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
) -> ImportPreview:
    """Parse a CSV or vCard file and preview it against the database.

    ``progress(done, total)`` hears how many rows have been matched; when ``cancel()`` returns
    true the preview stops with ImportCancelled (both are checked every few thousand rows).
    """
    with collection_paused():
        parsed = parse_file(
            path,
            format,
            preset,
            mapping,
            unknown_to_notes=unknown_to_notes,
            limit_bytes=sniff.DEFAULT_LIMIT_BYTES,
        )
        name = Path(os.fspath(path)).name
        preview = preview_import(
            service,
            parsed,
            file_name=name,
            path=os.fspath(path),
            rules=rules,
            progress=progress,
            cancel=cancel,
        )
        # The drafts go now, while the collector is still paused; otherwise its first pass after
        # the pause would walk every one of them only to find they are about to be freed.
        del parsed
    return preview


def preview_import(
    service: LeadService,
    parsed: ParseResult,
    *,
    file_name: str = "",
    path: str = "",
    rules: MatchRules | None = None,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
) -> ImportPreview:
    """Say for each row: new, duplicate of whom (and by which rule), or invalid and why
    (``progress`` and ``cancel`` as for ``preview_file``)."""
    rules = rules or match_rules(service)
    checkpoint = _checkpoint(progress, cancel)
    with collection_paused():
        rows = _preview_rows(service.store, parsed, rules, checkpoint)
    return ImportPreview(
        file_name=file_name or Path(path).name,
        format=parsed.format,
        preset=parsed.preset,
        encoding=parsed.encoding,
        columns=list(parsed.columns),
        rows=rows,
        path=path,
    )


#: What stands in for a row's profile once the row is matched.
_SPENT = Profile("", "", (), ())


#: How many rows the preview matches between two looks at ``progress`` and ``cancel``.
CHECK_EVERY = 4096


def _checkpoint(
    progress: Progress | None, cancel: Callable[[], bool] | None
) -> Callable[[int, int], None] | None:
    """One call for the preview's loop that reports progress and stops it when cancelled."""
    if progress is None and cancel is None:
        return None

    def checkpoint(done: int, total: int) -> None:
        if cancel is not None and cancel():
            raise ImportCancelled("preview cancelled")
        if progress is not None:
            progress(done, total)

    return checkpoint


def _preview_rows(
    store: Store,
    parsed: ParseResult,
    rules: MatchRules,
    checkpoint: Callable[[int, int], None] | None = None,
) -> PreviewRows:
    """Validate every draft, then match the valid ones in file order.

    Each step runs over the whole file before the next starts: only matching depends on earlier
    rows, and a pass that does one thing keeps far less in the processor's caches than doing
    everything row by row (about a fifth faster on 10,000 rows).
    """
    keys = Keys()
    existing, known = _existing_index(store, rules, keys)
    in_file: DuplicateIndex[Ref] = DuplicateIndex(rules, keys)
    table = parsed.table or DraftTable.of(parsed.drafts)
    columns, profiles, odd = _examine_all(table, keys)
    numbers = table.row_numbers
    order: Iterable[tuple[int, int]]
    sources: Sequence[int]
    if not parsed.problems and all(map(operator.le, numbers, numbers[1:])):
        order = zip(numbers, range(len(numbers)), strict=True)
        sources = range(len(numbers))
    else:
        # Drafts are numbered from 0 and unreadable rows from -1 down, in file order.
        listed = [(number, which) for which, number in enumerate(numbers)]
        listed += [(problem.row_number, -1 - which) for which, problem in enumerate(parsed.problems)]
        listed.sort(key=itemgetter(0))
        order = listed
        sources = [which for _, which in listed]
    kept: dict[int, PreviewRow] = {}
    rows = PreviewRows(columns, numbers, sources, kept)
    searched = len(existing) > 0
    no_warnings: tuple[str, ...] = ()
    total = len(sources)
    for index, (row_number, which) in enumerate(order):
        if checkpoint is not None and not index % CHECK_EVERY:
            checkpoint(index, total)
        if which < 0:
            reason = parsed.problems[-1 - which].reason
            kept[index] = PreviewRow(index, row_number, "", {}, RowStatus.INVALID, reason=reason)
            continue
        examined = odd.get(which)
        if examined is None:
            person = profiles[which]
            # The index keeps what it needs of a profile; the rest goes as the rows are matched.
            profiles[which] = _SPENT
        else:
            values, warnings, reason, keys_found = examined
            if keys_found is None:
                name = values.get("name", "") or table.names[which]
                kept[index] = PreviewRow(
                    index, row_number, name, values, RowStatus.INVALID, reason=reason, warnings=warnings
                )
                continue
            person = keys_found
        match = existing.find(person) if searched else None
        earlier = None
        if match is None:
            earlier = in_file.find_or_add(index, person)
            if earlier is None:
                if examined is not None:
                    kept[index] = new_row(index, row_number, values["name"], values, warnings)
                # Otherwise the row is simply new: its fields stay in the columns.
                continue
        elif match.possible:
            # Someone earlier in the file may be this person for certain.
            earlier = in_file.find(person)
            if earlier is not None and not earlier.possible:
                match = None
            else:
                earlier = None
        if examined is None:
            values, warnings = rows.fields_at(which), no_warnings
        row = _classify(index, row_number, values, warnings, match, earlier, known, rows)
        kept[index] = row
        duplicate = row.duplicate_of
        target: Ref
        if duplicate is None or row.status is RowStatus.POSSIBLE:
            target = index
        elif duplicate.contact_id is not None:
            target = _Contact(duplicate.contact_id)
        else:
            target = duplicate.row if duplicate.row is not None else index
        in_file.add(target, person)
    if checkpoint is not None:
        checkpoint(total, total)
    return rows


def _examine_all(table: DraftTable, keys: Keys) -> tuple[list[list[str]], list[Profile], dict[int, Examined]]:
    """``_examine`` of every draft, a column at a time: the cleaned fields as columns (in the
    order of ``FIELDS``), every row's matching keys, and the rows examined on their own.

    Most rows have one address and one number at most, both usable, and every field within its
    limit: for them the fields are cleaned and checked column by column. Any other row goes
    through ``_examine`` on its own, and its own result stands in for what the columns say.
    """
    email_lists = table.emails
    phone_lists = table.phones
    names = _cleaned(table.names)
    emails = clean_texts([found[0] if found else "" for found in email_lists])
    phones = clean_texts([found[0] if found else "" for found in phone_lists])
    companies = _cleaned(table.companies)
    roles = _cleaned(table.roles)
    industries = _cleaned(table.industries)
    notes = _cleaned(table.notes)
    linkedin, unusable = _linkedin_column(table.linkedin)
    odd = set(_each_chunk(invalid_emails, emails))
    odd.update(unusable)
    odd.update(_each_chunk(functools.partial(invalid_phones, reader=keys.reader), phones))
    if max(map(len, email_lists), default=0) > 1 or max(map(len, phone_lists), default=0) > 1:
        odd.update(
            row
            for row, (found, numbers) in enumerate(zip(email_lists, phone_lists, strict=True))
            if len(found) > 1 or len(numbers) > 1
        )
    odd.update(_out_of_bounds(names, companies, roles, industries, notes))
    profiles = keys.profiles(names, email_lists, phone_lists, companies, linkedin)
    columns = [names, emails, phones, companies, roles, industries, notes, linkedin]
    return columns, profiles, {row: _examine(table.draft(row), keys) for row in sorted(odd)}


def _linkedin_column(values: list[str]) -> tuple[list[str], list[int]]:
    """Every row's LinkedIn profile as stored, and the rows whose value is no profile (examined on
    their own, which keeps it in the notes)."""
    if not any(values):
        return values, []
    cleaned = clean_texts(values)
    unusable = [row for row, value in enumerate(cleaned) if value and linkedin_problem(value)]
    return [linkedin_url(value) if value else "" for value in cleaned], unusable


def _cleaned(values: list[str]) -> list[str]:
    """``clean_texts(values)``, or ``values`` itself when cleaning changes nothing (as it is for
    most columns): a preview then holds one list of a file's names, not two."""
    cleaned = clean_texts(values)
    return values if cleaned == values else cleaned


#: Values checked at a time: a column check builds a few copies of what it checks.
CHECK_CHUNK = 8192


def _each_chunk(check: Callable[[list[str]], list[int]], values: list[str]) -> Iterable[int]:
    """``check(values)`` (positions of the values it rejects), a chunk of values at a time."""
    for start in range(0, len(values), CHECK_CHUNK):
        yield from (start + position for position in check(values[start : start + CHECK_CHUNK]))


def _out_of_bounds(
    names: list[str], companies: list[str], roles: list[str], industries: list[str], notes: list[str]
) -> Iterable[int]:
    """Rows whose name is empty or whose fields are longer than a contact's may be."""
    names = clean_texts(names)
    longest = functools.partial(max, default=0)
    if (
        all(names)
        and longest(map(len, names)) <= MAX_NAME
        and longest(map(len, companies)) <= MAX_TEXT
        and longest(map(len, roles)) <= MAX_TEXT
        and longest(map(len, industries)) <= MAX_TEXT
        and longest(map(len, notes)) <= MAX_NOTES
    ):
        return ()
    return (
        row
        for row, (name, company, role, industry, text) in enumerate(
            zip(names, companies, roles, industries, notes, strict=True)
        )
        if not name
        or len(name) > MAX_NAME
        or len(company) > MAX_TEXT
        or len(role) > MAX_TEXT
        or len(industry) > MAX_TEXT
        or len(text) > MAX_NOTES
    )


def _examine(draft: ContactDraft, keys: Keys) -> Examined:
    """A draft's fields and warnings, then either why it is invalid or its matching keys."""
    values, warnings = draft_fields(draft, keys.reader)
    name, company, role, industry = values["name"], values["company"], values["role"], values["industry"]
    notes, linkedin = values["notes"], values["linkedin"]
    cleaned = clean_text(name)
    if (
        cleaned
        and len(cleaned) <= MAX_NAME
        and len(company) <= MAX_TEXT
        and len(role) <= MAX_TEXT
        and len(industry) <= MAX_TEXT
        and len(notes) <= MAX_NOTES
    ):
        # What field_problems checks for these fields (e-mail and phone are checked already),
        # without building its argument for the rows that pass.
        return values, tuple(warnings), "", keys.of(name, draft.emails, draft.phones, company, linkedin)
    problems = field_problems(
        {"name": name, "company": company, "role": role, "industry": industry, "notes": notes}
    )
    if not problems:
        return values, tuple(warnings), "", keys.of(name, draft.emails, draft.phones, company, linkedin)
    return values, tuple(warnings), "; ".join(problems.values()), None


def _classify(
    index: int,
    row_number: int,
    values: dict[str, str],
    warnings: tuple[str, ...],
    match: Match[int] | None,
    earlier: Match[Ref] | None,
    known: dict[int, dict[str, str]],
    rows: Sequence[PreviewRow],
) -> PreviewRow:
    """The row for a valid draft, given its match in the book (first) or earlier in the file."""
    name = values["name"]
    if match is not None:
        current = known[match.key]
        duplicate = DuplicateOf(match.rule, current["name"], contact_id=match.key, differs=match.differs)
        return _duplicate_row(index, row_number, name, values, warnings, duplicate, current)
    if earlier is None:
        return new_row(index, row_number, name, values, warnings)
    key = earlier.key
    if isinstance(key, _Contact):
        current = known[key.id]
        duplicate = DuplicateOf(earlier.rule, current["name"], contact_id=key.id, differs=earlier.differs)
        return _duplicate_row(index, row_number, name, values, warnings, duplicate, current)
    first = rows[key]
    duplicate = DuplicateOf(
        earlier.rule, first.name, row=key, row_number=first.row_number, differs=earlier.differs
    )
    return _duplicate_row(index, row_number, name, values, warnings, duplicate, first.fields)


def _duplicate_row(
    index: int,
    row_number: int,
    name: str,
    values: dict[str, str],
    warnings: tuple[str, ...],
    duplicate: DuplicateOf,
    current: dict[str, str],
) -> PreviewRow:
    if duplicate.differs:
        status, action = RowStatus.POSSIBLE, IMPORT
    else:
        status, action = RowStatus.DUPLICATE, UPDATE if merge_fields(current, values, UPDATE) else SKIP
    return PreviewRow(
        index,
        row_number,
        name,
        values,
        status,
        action,
        duplicate_of=duplicate,
        warnings=warnings,
        existing=dict(current),
    )


def _existing_index(
    store: Store, rules: MatchRules, keys: Keys
) -> tuple[DuplicateIndex[int], dict[int, dict[str, str]]]:
    """Every contact already in the book, archived ones too, read in one query."""
    index: DuplicateIndex[int] = DuplicateIndex(rules, keys)
    known: dict[int, dict[str, str]] = {}
    for row in batches.contact_values(store, REPLACEABLE):
        values = dict(zip(REPLACEABLE, row[1:], strict=True))
        known[row[0]] = values
        index.add(
            row[0],
            keys.of(
                values["name"], [values["email"]], [values["phone"]], values["company"], values["linkedin"]
            ),
        )
    return index, known


def draft_fields(draft: ContactDraft, reader: PhoneReader | None = None) -> tuple[dict[str, str], list[str]]:
    """Contact fields from a draft; extra or unusable addresses and numbers go to notes.

    ``reader`` keeps the phone numbers read here for the duplicate search that follows.
    """
    warnings: list[str] = []
    notes = [clean_text(draft.notes)] if draft.notes.strip() else []
    phones = reader or PhoneReader()
    # One address and one number are by far the most common: checked without the general loop.
    email = ""
    if len(draft.emails) == 1:
        value = clean_text(draft.emails[0])
        problem = email_problem(value) if value else None
        if problem is None:
            email = value
        else:
            notes.append(f"E-mail: {value}")
            warnings.append(f"{problem}; kept in notes")
    elif draft.emails:
        email = _first_usable(draft.emails, email_problem, "E-mail", notes, warnings)
    phone = ""
    if len(draft.phones) == 1:
        value = clean_text(draft.phones[0])
        problem = phone_problem(value, phones) if value else None
        if problem is None:
            phone = value
        else:
            notes.append(f"Phone: {value}")
            warnings.append(f"{problem}; kept in notes")
    elif draft.phones:
        phone = _first_usable(draft.phones, lambda v: phone_problem(v, phones), "Phone", notes, warnings)
    linkedin = clean_text(draft.linkedin) if draft.linkedin else ""
    if linkedin:
        problem = linkedin_problem(linkedin)
        if problem is None:
            linkedin = linkedin_url(linkedin)
        else:
            notes.append(f"LinkedIn: {linkedin}")
            warnings.append(f"{problem}; kept in notes")
            linkedin = ""
    name, company, role, sector = draft.name, draft.company, draft.role, draft.industry
    values = {
        # clean_text's own first step, spelled out for the four fields every row has.
        "name": name.strip() if name.isascii() and name.isprintable() else clean_text(name),
        "email": email,
        "phone": phone,
        "company": company.strip() if company.isascii() and company.isprintable() else clean_text(company),
        "role": role.strip() if role.isascii() and role.isprintable() else clean_text(role),
        "industry": sector.strip() if sector.isascii() and sector.isprintable() else clean_text(sector),
        "notes": "\n".join(notes),
        "linkedin": linkedin,
    }
    return values, warnings


def _first_usable(
    values: Iterable[str],
    problem_of: Callable[[str], str | None],
    label: str,
    notes: list[str],
    warnings: list[str],
) -> str:
    chosen = ""
    for raw in values:
        value = clean_text(raw)
        if not value:
            continue
        problem = problem_of(value)
        if problem is None and not chosen:
            chosen = value
            continue
        notes.append(f"{label}: {value}")
        if problem is not None:
            warnings.append(f"{problem}; kept in notes")
    return chosen


def merge_report(preview: ImportPreview, decisions: Mapping[int, str] | None = None) -> dict[str, Any]:
    """What was merged and why, for ``leadtemp import --json``: how many rows each rule merged,
    those rows, and the possible duplicates imported as contacts of their own."""
    by_rule = dict.fromkeys(RULES, 0)
    merged: list[dict[str, Any]] = []
    possible: list[dict[str, Any]] = []
    for row, action in preview.matched_rows(decisions):
        duplicate = row.duplicate_of
        assert duplicate is not None
        entry = {
            "row": row.row_number,
            "name": row.name,
            "rule": duplicate.rule,
            "reason": duplicate.reason(),
            "contact_id": duplicate.contact_id,
            "duplicate_of_row": duplicate.row_number,
            "action": action,
        }
        if action == IMPORT:
            if row.status is RowStatus.POSSIBLE:
                possible.append(entry)
            continue
        by_rule[duplicate.rule] = by_rule.get(duplicate.rule, 0) + 1
        merged.append(entry)
    return {"merged_by": by_rule, "merged_rows": merged, "possible_duplicate_rows": possible}
