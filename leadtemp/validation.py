"""Validation of contact fields, shared by the service, the CLI, the editor dialog and imports."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Any, NamedTuple

from leadtemp.errors import ValidationError
from leadtemp.linkedin import linkedin_problem, linkedin_url
from leadtemp.model import CONTACT_FIELDS

if TYPE_CHECKING:
    from phonenumbers import PhoneNumber

MAX_NAME = 200
#: The largest integer SQLite stores (64-bit signed): no id or count can be larger.
MAX_SQLITE_INT = 2**63 - 1
MAX_TEXT = 500
MAX_NOTES = 100_000

_EMAIL = re.compile(r"^[^@\s<>(),;:\"\[\]]+@[^@\s<>(),;:\"\[\]]+\.[^@\s<>(),;:\"\[\]]{2,}$")
#: The same address, once per line of a text.
_EMAIL_LINE = re.compile(_EMAIL.pattern, re.MULTILINE)
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTACT_FIELDS = frozenset(CONTACT_FIELDS)
_PHONE_CHARS = re.compile(r"^[0-9+()\-./\s]+((ext\.?|x|#)\s*\d+)?$", re.IGNORECASE)


def clean_text(value: str) -> str:
    """Normalise to NFC and strip control characters other than newlines and tabs.

    Lone surrogates (bytes the OS could not decode, e.g. in a command-line argument) cannot be
    stored as UTF-8, so they become U+FFFD.
    """
    if value.isprintable():
        # No control characters and no surrogates (neither is printable); NFC adds none either.
        return (value if value.isascii() else unicodedata.normalize("NFC", value)).strip()
    normalised = unicodedata.normalize("NFC", _SURROGATE.sub("\ufffd", value))
    if normalised.isprintable():
        return normalised.strip()
    return "".join(ch for ch in normalised if ch in "\n\t" or unicodedata.category(ch) != "Cc").strip()


def clean_texts(values: list[str]) -> list[str]:
    """``clean_text`` of every value. Whole columns of ordinary text are printable and already
    NFC, and one look at the joined column shows it; then each value only needs its ends
    stripped (``|`` neither composes nor reorders with its neighbours, so the joined text is NFC
    exactly when every value is)."""
    joined = "|".join(values)
    if joined.isprintable() and (joined.isascii() or unicodedata.is_normalized("NFC", joined)):
        # Printable text holds no whitespace but the plain space, so this shows nothing to strip.
        if joined[:1] != " " and joined[-1:] != " " and " |" not in joined and "| " not in joined:
            return list(values)
        return list(map(str.strip, values))
    return [clean_text(value) for value in values]


def invalid_emails(values: list[str]) -> list[int]:
    """Positions of the non-empty values ``email_problem`` rejects, for a whole column at once:
    no address spans a line, so when every non-empty value is one line that matches, all are
    valid."""
    text = "\n".join(values)
    if text.count("\n") == len(values) - 1 and len(_EMAIL_LINE.findall(text)) == len(values) - values.count(
        ""
    ):
        return []
    return [index for index, value in enumerate(values) if email_problem(value)]


def email_problem(email: str) -> str | None:
    if email and not _EMAIL.match(email):
        return f"{email!r} is not a valid email address"
    return None


class PhoneReader:
    """``phonenumbers.parse`` results kept for one job (an import), so a number that is both
    validated and matched against other contacts is read once."""

    def __init__(self) -> None:
        self._numbers: dict[tuple[str, str | None], PhoneNumber | None] = {}

    def parse(self, text: str, region: str | None = None) -> PhoneNumber | None:
        """The number, or None when phonenumbers cannot read it. Callers must not modify it."""
        key = (text, region)
        try:
            return self._numbers[key]
        except KeyError:
            pass
        import phonenumbers  # ~15 ms to load: only when a number is actually parsed

        number: PhoneNumber | None
        try:
            number = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            number = None
        self._numbers[key] = number
        return number


class _CallingCode(NamedTuple):
    """What decides, for one country calling code, how phonenumbers reads ``+<code><digits>``."""

    national_prefix: re.Pattern[str] | None
    lengths: frozenset[int]


_PLAIN_INTERNATIONAL = re.compile(r"\+[0-9]+(?:[ .\-][0-9]+)*")
_INTERNATIONAL_LINES = re.compile(rf"{_PLAIN_INTERNATIONAL.pattern}(?:\n{_PLAIN_INTERNATIONAL.pattern})*")
#: A number in digits and separators only, with as many digits as ``phone_problem`` allows.
_NATIONAL = r"[()\-./ ]*(?:[0-9][()\-./ ]*){5,17}"
_NATIONAL_LINES = re.compile(rf"{_NATIONAL}(?:\n{_NATIONAL})*")
#: The country calling code a number's first three digits start with, by those digits.
_leads: dict[str, tuple[int, _CallingCode] | None] = {}


def _calling_code(code: str) -> _CallingCode | None:
    """The metadata that matters for ``code``, or None when only a full parse can tell
    (non-geographic codes, metadata this version of phonenumbers lays out differently)."""
    try:
        import phonenumbers

        regions = phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(int(code), ())
        region = regions[0] if regions else None
        if not region or region == phonenumbers.REGION_CODE_FOR_NON_GEO_ENTITY:
            return None
        metadata = phonenumbers.PhoneMetadata.metadata_for_region(region, None)
        general = getattr(metadata, "general_desc", None)
        possible = tuple(getattr(general, "possible_length", None) or ())
        local = tuple(getattr(general, "possible_length_local_only", None) or ())
        prefix = getattr(metadata, "national_prefix_for_parsing", None)
        if metadata is None or not possible or not all(isinstance(n, int) for n in possible + local):
            return None
        return _CallingCode(re.compile(prefix) if prefix else None, frozenset(possible + local))
    except (AttributeError, TypeError, ValueError, re.error):
        return None


def _lead(first: str) -> tuple[int, _CallingCode] | None:
    """How long the country code is and what it says, for numbers starting with ``first``
    (three digits): the shortest known code wins, as in phonenumbers."""
    try:
        return _leads[first]
    except KeyError:
        pass
    import phonenumbers

    known = phonenumbers.COUNTRY_CODE_TO_REGION_CODE
    lead: tuple[int, _CallingCode] | None = None
    for size in (1, 2, 3):
        if int(first[:size]) in known:
            code = _calling_code(first[:size])
            lead = None if code is None else (size, code)
            break
    _leads[first] = lead
    return lead


def plain_international(text: str) -> tuple[str, bool] | None:
    """``(E.164, possible)`` for a number written as ``+``, country code and digits with spaces,
    dots or dashes, straight from phonenumbers' metadata; None for anything else.

    Such a number is read by phonenumbers as its country code and the remaining digits, unless
    the region's national prefix could be stripped from them, so for those this answers exactly
    as ``parse`` + ``is_possible_number`` + ``format_number(E164)`` would, at a tenth of the cost
    (most of an import's numbers look like this).
    """
    if text[:1] != "+" or not _PLAIN_INTERNATIONAL.fullmatch(text):
        return None
    return _international_digits(text[1:].replace(" ", "").replace("-", "").replace(".", ""))


def _international_digits(digits: str) -> tuple[str, bool] | None:
    """``plain_international`` of ``+`` and these digits."""
    count = len(digits)
    if not 5 <= count <= 20 or digits[0] == "0":
        return None
    first = digits[:3]
    lead = _leads[first] if first in _leads else _lead(first)
    if lead is None:
        return None
    size, code = lead
    if not 2 <= count - size <= 17:
        return None
    if code.national_prefix is not None and code.national_prefix.match(digits[size:]):
        return None
    return "+" + digits, count - size in code.lengths


def invalid_phones(values: list[str], reader: PhoneReader | None = None) -> list[int]:
    """Positions of the non-empty values ``phone_problem`` rejects, for a whole column.

    Numbers written as digits and separators only (``(212) 555-0101``), and international ones
    written as ``+``, digits, spaces, dots or dashes, are checked a group at a time; any other
    value, and every value of a group with one odd member, gets ``phone_problem`` on its own.
    """
    national: list[int] = []
    international: list[int] = []
    for index, value in enumerate(values):
        if value:
            (international if value[0] == "+" else national).append(index)
    alone: list[int] = []
    if national and not _all_lines(_NATIONAL_LINES, [values[index] for index in national]):
        alone += national
    bad: list[int] = []
    if international:
        written = [values[index] for index in international]
        if _all_lines(_INTERNATIONAL_LINES, written):
            joined = "\n".join(written).replace(" ", "").replace("-", "").replace(".", "")
            for index, verdict in zip(
                international, map(_international_digits, joined[1:].split("\n+")), strict=True
            ):
                if verdict is None:
                    alone.append(index)
                elif not verdict[1] or len(verdict[0]) > 18:
                    bad.append(index)
        else:
            alone += international
    bad += [index for index in alone if phone_problem(values[index], reader)]
    return sorted(bad)


def _all_lines(pattern: re.Pattern[str], values: list[str]) -> bool:
    """Every value is one line that ``pattern`` matches (checked on the joined values)."""
    text = "\n".join(values)
    return text.count("\n") == len(values) - 1 and pattern.fullmatch(text) is not None


def phone_problem(phone: str, reader: PhoneReader | None = None) -> str | None:
    if not phone:
        return None
    plain = plain_international(phone)
    if plain is not None:
        # Only digits, "+" and separators, no extension: the checks below reduce to these.
        if len(plain[0]) > 18:
            return f"{phone!r} is not a phone number (too many digits)"
        return None if plain[1] else f"{phone!r} is not a possible phone number"
    if not _PHONE_CHARS.match(phone):
        return f"{phone!r} is not a phone number"
    digits = sum(map(str.isdigit, phone.split("x")[0].split("ext")[0]))
    if not 5 <= digits <= 17:
        return f"{phone!r} is not a phone number (too {'few' if digits < 5 else 'many'} digits)"
    if phone.strip().startswith("+"):
        parsed = (reader or PhoneReader()).parse(phone)
        if parsed is None:
            return f"{phone!r} is not a phone number"
        import phonenumbers

        if not phonenumbers.is_possible_number(parsed):
            return f"{phone!r} is not a possible phone number"
    return None


def field_problems(fields: dict[str, Any], *, require_name: bool = True) -> dict[str, str]:
    """Every problem with the given fields, keyed by field name (empty when all is well)."""
    problems: dict[str, str] = {}
    if not _CONTACT_FIELDS.issuperset(fields):
        for key in sorted(set(fields) - _CONTACT_FIELDS):
            problems[key] = f"unknown contact field: {key}"
    if "name" in fields or require_name:
        name = fields.get("name")
        cleaned = clean_text(name) if isinstance(name, str) else ""
        if not cleaned:
            problems["name"] = "name is required"
        elif len(cleaned) > MAX_NAME:
            problems["name"] = f"name is longer than {MAX_NAME} characters"
    email = fields.get("email")
    if email is not None:
        problem = email_problem(clean_text(str(email)))
        if problem:
            problems["email"] = problem
    phone = fields.get("phone")
    if phone is not None:
        problem = phone_problem(clean_text(str(phone)))
        if problem:
            problems["phone"] = problem
    linkedin = fields.get("linkedin")
    if linkedin is not None:
        problem = (
            linkedin_problem(clean_text(linkedin)) if isinstance(linkedin, str) else "linkedin must be text"
        )
        if problem:
            problems["linkedin"] = problem
    fit = fields.get("fit")
    if fit is not None and (isinstance(fit, bool) or not isinstance(fit, int) or not 0 <= fit <= 10):
        problems["fit"] = f"fit must be a whole number from 0 to 10 (got {fit!r})"
    size = fields.get("company_size")
    if size is not None and (isinstance(size, bool) or not isinstance(size, int) or size < 0):
        problems["company_size"] = f"company size must be a whole number of people (got {size!r})"
    for key in ("company", "role", "industry", "source"):
        value = fields.get(key)
        if value is not None and (not isinstance(value, str) or len(value) > MAX_TEXT):
            problems[key] = f"{key} must be text of at most {MAX_TEXT} characters"
    notes = fields.get("notes")
    if notes is not None and (not isinstance(notes, str) or len(notes) > MAX_NOTES):
        problems["notes"] = f"notes must be text of at most {MAX_NOTES} characters"
    return problems


def clean_contact_fields(fields: dict[str, Any], *, require_name: bool = True) -> dict[str, Any]:
    """Validated, normalised fields ready for the store; raise with every problem named."""
    problems = field_problems(fields, require_name=require_name)
    if problems:
        raise ValidationError("; ".join(problems.values()))
    cleaned: dict[str, Any] = {}
    for key, value in fields.items():
        cleaned[key] = clean_text(value) if isinstance(value, str) else value
    if cleaned.get("linkedin"):
        cleaned["linkedin"] = linkedin_url(cleaned["linkedin"])
    return cleaned
