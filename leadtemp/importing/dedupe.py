"""Recognising a contact that is already there: same e-mail, same phone, or same person at the
same company.

Matching is conservative: a wrong "duplicate" silently loses a lead, a missed one only costs a
second card. Keys are built once per import and every lookup is a dictionary probe or a fuzzy
comparison inside one small bucket, so a 10,000-row file against a large book stays fast.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Generic, NamedTuple, TypeVar

import phonenumbers
from phonenumbers import PhoneNumber
from rapidfuzz import fuzz, process

from leadtemp.validation import PhoneReader, plain_international

EMAIL = "email"
PHONE = "phone"
NAME_COMPANY = "name+company"
NAME = "name"
RULES: tuple[str, ...] = (EMAIL, PHONE, NAME_COMPANY, NAME)

#: Up to this many people at one company are compared one by one rather than in one batch call.
_SMALL_BUCKET = 2
#: A phone needs this many digits before it can identify anyone (extensions, short codes do not).
MIN_PHONE_DIGITS = 7

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_NON_DIGIT = re.compile(r"[^0-9]+")
#: What phone numbers are usually written with besides digits.
_SEPARATORS = (" ", "-", "(", ")", "+", ".")
_EXTENSION = re.compile(r"\s*(?:ext\.?|extension|x|#|;ext=)\s*\d+\s*$", re.IGNORECASE)
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "jr", "sr", "herr", "frau"})
_LEGAL_FORMS = frozenset(
    {
        "ab",
        "ag",
        "as",
        "bv",
        "co",
        "company",
        "corp",
        "corporation",
        "gmbh",
        "inc",
        "incorporated",
        "kg",
        "limited",
        "llc",
        "llp",
        "ltd",
        "nv",
        "oy",
        "plc",
        "pty",
        "sa",
        "sarl",
        "sas",
        "spa",
        "srl",
        "the",
        "ug",
    }
)

K = TypeVar("K", bound=Hashable)


def normalise_email(value: str) -> str:
    """Case-folded, trimmed, NFC: the same mailbox however it was typed."""
    if value.isascii():
        return value.strip().casefold()
    return unicodedata.normalize("NFC", value).strip().casefold()


def _fold(value: str) -> list[str]:
    """Lower-case ASCII-ish tokens: accents dropped, punctuation turned into spaces."""
    if not value.isascii():
        decomposed = unicodedata.normalize("NFKD", value)
        combining = unicodedata.combining
        # No ASCII character combines, so only the others need looking up.
        value = "".join([ch for ch in decomposed if ch < "\x80" or not combining(ch)])
    return _NON_ALNUM.sub(" ", value.casefold()).split()


def normalise_name(value: str) -> str:
    """Tokens sorted, courtesy titles dropped: ``"Dr. Lee, Dana"`` and ``"dana lee"`` agree."""
    lowered = value.lower()
    if value.isascii() and lowered.replace(" ", "").isalnum():
        # Plain ASCII words: folding would only split them at the spaces.
        tokens = [token for token in lowered.split(" ") if token and token not in _TITLES]
    else:
        tokens = [token for token in _fold(value) if token not in _TITLES]
    return " ".join(sorted(tokens))


def normalise_company(value: str) -> str:
    """Company tokens without legal forms, so ``Acme Inc.`` and ``ACME`` agree."""
    tokens = _fold(value)
    core = [token for token in tokens if token not in _LEGAL_FORMS]
    return " ".join(sorted(core or tokens))


def phone_digits(value: str) -> str:
    """The digits that dial the number, without any extension."""
    if "x" in value or "X" in value or "#" in value:
        # Every extension marker has one of these; most numbers have none.
        value = _EXTENSION.sub("", value)
    else:
        # Numbers are mostly written with these separators only; dropping them is cheaper.
        digits = value
        for separator in _SEPARATORS:
            digits = digits.replace(separator, "")
        if digits.isascii() and digits.isdigit():
            return digits
    return _NON_DIGIT.sub("", value)


def normalise_phone(value: str, region: str | None = None, reader: PhoneReader | None = None) -> str:
    """E.164 when the number can be read (with ``region`` for numbers without a country code),
    else its digits; empty when it has too few digits to identify anyone."""
    digits = phone_digits(value)
    if len(digits) < MIN_PHONE_DIGITS:
        return ""
    plain = plain_international(value)
    if plain is not None:
        return plain[0] if plain[1] else digits
    number = _read(reader or PhoneReader(), _EXTENSION.sub("", value), region)
    if number is None or not phonenumbers.is_possible_number(number):
        return digits
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _read(reader: PhoneReader, text: str, region: str | None) -> PhoneNumber | None:
    """``phonenumbers.parse(text, region)``, sharing the reading validation already made.

    A number that reads without a region starts with its country code, and then a real
    region changes nothing, so that reading stands for both.
    """
    if region is not None and region.upper() not in phonenumbers.SUPPORTED_REGIONS:
        return reader.parse(text, region)
    number = reader.parse(text)
    if number is None and region is not None:
        number = reader.parse(text, region)
    return number


@dataclass(frozen=True)
class MatchRules:
    """Thresholds are rapidfuzz ``token_sort_ratio`` scores from 0 to 100."""

    region: str | None = None
    name_threshold: float = 90.0
    company_threshold: float = 85.0


@dataclass(frozen=True)
class Person:
    name: str
    emails: Sequence[str] = ()
    phones: Sequence[str] = ()
    company: str = ""


class Profile(NamedTuple):
    """A person's matching keys, computed once and used for both lookup and indexing
    (a tuple, because an import builds tens of thousands of them)."""

    name: str
    company: str
    emails: frozenset[str]
    phones: tuple[tuple[str, str], ...]
    """(as written, digits) for every number long enough to identify someone."""

    @classmethod
    def of(cls, person: Person) -> Profile:
        return _profile(person.name, person.emails, person.phones, normalise_company(person.company))


def _profile(name: str, emails: Iterable[str], phones: Iterable[str], company: str) -> Profile:
    return Profile(normalise_name(name), company, _addresses(emails), _usable_phones(phones))


def _addresses(emails: Iterable[str]) -> frozenset[str]:
    return frozenset([email for email in map(normalise_email, emails) if email])


def _usable_phones(phones: Iterable[str]) -> tuple[tuple[str, str], ...]:
    usable = []
    for phone in phones:
        digits = phone_digits(phone)
        if len(digits) >= MIN_PHONE_DIGITS:
            usable.append((phone, digits))
    return tuple(usable)


class Keys:
    """Matching keys for one import. A contact list names the same companies over and over,
    and a number validated before matching need not be read again, so both are remembered
    here, for this import only."""

    def __init__(self, reader: PhoneReader | None = None) -> None:
        self.reader = reader or PhoneReader()
        self._companies: dict[str, str] = {}
        self._names: dict[str, str] = {}

    def profile(self, person: Person | Profile) -> Profile:
        if isinstance(person, Profile):
            return person
        return self.of(person.name, person.emails, person.phones, person.company)

    def of(self, name: str, emails: Iterable[str], phones: Iterable[str], company: str) -> Profile:
        """The profile of ``Person(name, emails, phones, company)``."""
        normalised = self._companies.get(company)
        if normalised is None:
            normalised = self._companies[company] = normalise_company(company)
        # First names and surnames repeat too, and whole names more often than one would think.
        folded = self._names.get(name)
        if folded is None:
            folded = self._names[name] = normalise_name(name)
        return Profile(folded, normalised, _addresses(emails), _usable_phones(phones))

    def profiles(
        self,
        names: list[str],
        emails: list[list[str]],
        phones: list[list[str]],
        companies: list[str],
    ) -> list[Profile]:
        """``of`` for every row of a file, a column at a time: each distinct name and company is
        normalised once, and rows with one address or number at most need no loop of their own."""
        folded = _each_once(self._names, normalise_name, names)
        normalised = _each_once(self._companies, normalise_company, companies)
        columns = zip(folded, normalised, _address_column(emails), _phone_column(phones), strict=True)
        return list(map(_new_profile, columns))


_NO_ADDRESSES: frozenset[str] = frozenset()
#: ``Profile._make`` without its Python-level length check (the columns above always give four).
_new_profile: Callable[[tuple[str, str, frozenset[str], tuple[tuple[str, str], ...]]], Profile] = (
    functools.partial(tuple.__new__, Profile)
)


def _each_once(cache: dict[str, str], normalise: Callable[[str], str], values: list[str]) -> list[str]:
    """``normalise`` of every value, computed once per distinct value and remembered in ``cache``."""
    for value in set(values).difference(cache):
        cache[value] = normalise(value)
    return list(map(cache.__getitem__, values))


def _address_column(emails: list[list[str]]) -> list[frozenset[str]]:
    """``_addresses`` of every row's e-mail addresses."""
    firsts = [found[0] if len(found) == 1 else "" for found in emails]
    joined = "|".join(firsts)
    if joined.isascii() or unicodedata.is_normalized("NFC", joined):
        # normalise_email's NFC step would change nothing (see validation.clean_texts).
        normalised = list(map(str.casefold, map(str.strip, firsts)))
    else:
        normalised = list(map(normalise_email, firsts))
    return [
        (frozenset((address,)) if address else _NO_ADDRESSES) if len(found) < 2 else _addresses(found)
        for found, address in zip(emails, normalised, strict=True)
    ]


def _phone_column(phones: list[list[str]]) -> list[tuple[tuple[str, str], ...]]:
    """``_usable_phones`` of every row's numbers."""
    firsts = [found[0] if len(found) == 1 else "" for found in phones]
    return [
        (((first, digits),) if len(digits) >= MIN_PHONE_DIGITS else ())
        if len(found) < 2
        else _usable_phones(found)
        for found, first, digits in zip(phones, firsts, _digits_column(firsts), strict=True)
    ]


def _digits_column(values: list[str]) -> list[str]:
    """``phone_digits`` of every value: when no value has an extension and the usual separators
    are all there is besides digits, removing them from the joined column does it for all."""
    text = "\n".join(values)
    if text.count("\n") == len(values) - 1 and "x" not in text and "X" not in text and "#" not in text:
        for separator in _SEPARATORS:
            text = text.replace(separator, "")
        joined = text.replace("\n", "")
        if not joined or (joined.isascii() and joined.isdigit()):
            return text.split("\n")
    return list(map(phone_digits, values))


@dataclass(frozen=True)
class Match(Generic[K]):
    key: K
    rule: str
    score: float = 100.0


@dataclass
class _Bucket(Generic[K]):
    """Everyone at one (normalised) company: each distinct name once, with the first key seen
    under it (a later one could never be a better match), names kept apart for rapidfuzz."""

    keys: list[K] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)

    def add(self, key: K, name: str) -> None:
        if name not in self.seen:
            self.seen.add(name)
            self.keys.append(key)
            self.names.append(name)


@dataclass
class _SameName:
    """Where the companies are among many people of one name: each distinct company with the
    position of the first of them at it, and the positions of those without one. A common name
    in a long file is then searched with one rapidfuzz call instead of a comparison per person."""

    companies: list[str] = field(default_factory=list)
    firsts: list[int] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    blank: list[int] = field(default_factory=list)

    def add(self, position: int, company: str) -> None:
        if not company:
            self.blank.append(position)
        elif company not in self.seen:
            self.seen.add(company)
            self.companies.append(company)
            self.firsts.append(position)


class DuplicateIndex(Generic[K]):
    """People seen so far, keyed by whatever the caller uses (a contact id, a row number)."""

    #: Beyond this many people of one name, where their companies are is kept track of.
    many_of_a_name = 8

    def __init__(self, rules: MatchRules | None = None, keys: Keys | None = None) -> None:
        self.rules = rules or MatchRules()
        self._keys = keys or Keys()
        self._emails: dict[str, K] = {}
        self._phones: dict[str, list[tuple[str, K]]] = {}
        self._names: dict[str, list[tuple[K, Profile]]] = {}
        self._common: dict[str, _SameName] = {}
        self._companies: dict[str, _Bucket[K]] = {}
        self._phone_cache: dict[str, str] = {}
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def add(self, key: K, person: Person | Profile) -> None:
        self._add(key, person if type(person) is Profile else self._keys.profile(person))

    def find(self, person: Person | Profile) -> Match[K] | None:
        """The best earlier match by the strongest rule: e-mail, then phone, then name."""
        if not self._count:
            return None
        return self._find(person if type(person) is Profile else self._keys.profile(person))

    def find_or_add(self, key: K, profile: Profile) -> Match[K] | None:
        """``find``, and when nothing matches, ``add`` under ``key``: how an import's rows are
        each looked up among the rows before them and then join them."""
        found = self._find(profile) if self._count else None
        if found is None:
            self._add(key, profile)
        return found

    def _add(self, key: K, profile: Profile) -> None:
        name, company, emails, phones = profile
        self._count += 1
        if emails:
            known = self._emails
            for email in emails:
                if email not in known:
                    known[email] = key
        for phone, digits in phones:
            self._phones.setdefault(digits[-MIN_PHONE_DIGITS:], []).append((phone, key))
        if not name:
            return
        same_name = self._names.get(name)
        if same_name is None:
            self._names[name] = [(key, profile)]
        else:
            same_name.append((key, profile))
            if len(same_name) > self.many_of_a_name:
                common = self._common.get(name)
                if common is None:
                    common = self._common[name] = _SameName()
                    for position, (_, other) in enumerate(same_name):
                        common.add(position, other.company)
                else:
                    common.add(len(same_name) - 1, company)
        if company:
            bucket = self._companies.get(company)
            if bucket is None:
                self._companies[company] = _Bucket([key], [name], {name})
            else:
                bucket.add(key, name)

    def _find(self, profile: Profile) -> Match[K] | None:
        name, company, emails, phones = profile
        if emails and self._emails:
            for email in emails:
                key = self._emails.get(email)
                if key is not None:
                    return Match(key, EMAIL)
        if phones and self._phones:
            for phone, digits in phones:
                found = self._find_phone(phone, digits)
                if found is not None:
                    return Match(found, PHONE)
        if not name:
            return None
        return self._find_name(name, company, emails, phones)

    def _find_phone(self, phone: str, digits: str) -> K | None:
        candidates = self._phones.get(digits[-MIN_PHONE_DIGITS:])
        if not candidates:
            return None
        wanted = self._normalised(phone)
        for other, key in candidates:
            if _same_number(wanted, self._normalised(other), self._keys.reader):
                return key
        return None

    def _normalised(self, phone: str) -> str:
        cached = self._phone_cache.get(phone)
        if cached is None:
            cached = self._phone_cache[phone] = normalise_phone(phone, self.rules.region, self._keys.reader)
        return cached

    def _find_name(
        self, name: str, company: str, emails: frozenset[str], phones: tuple[tuple[str, str], ...]
    ) -> Match[K] | None:
        same_name = self._names.get(name)
        if same_name is not None:
            common = self._common.get(name) if company else None
            found = (
                self._first_of_name(same_name, company, emails, phones)
                if common is None
                else self._first_of_common_name(same_name, common, company, emails, phones)
            )
            if found is not None:
                return found
        bucket = self._companies.get(company) if company else None
        if bucket is None:
            return None
        # Names are stored token-sorted, so plain ratio here is token_sort_ratio without re-sorting.
        threshold = self.rules.name_threshold
        if len(bucket.names) > _SMALL_BUCKET:
            best = process.extractOne(
                name, bucket.names, scorer=fuzz.ratio, processor=None, score_cutoff=threshold
            )
            if best is None:
                return None
            return Match(bucket.keys[best[2]], NAME_COMPANY, float(best[1]))
        ratio = fuzz.ratio
        scores = [ratio(name, other, score_cutoff=threshold) for other in bucket.names]
        top = max(scores)
        if not top:
            return None
        return Match(bucket.keys[scores.index(top)], NAME_COMPANY, float(top))

    def _first_of_name(
        self,
        same_name: list[tuple[K, Profile]],
        company: str,
        emails: frozenset[str],
        phones: tuple[tuple[str, str], ...],
    ) -> Match[K] | None:
        """The first person of this name at a similar company, or without a company (or
        looking for one without) and with no address or number that says they differ."""
        # Companies are stored token-sorted too (see below).
        similar = fuzz.ratio
        company_threshold = self.rules.company_threshold
        for key, other in same_name:
            theirs = other.company
            if company and theirs:
                if company == theirs or similar(company, theirs, score_cutoff=company_threshold) >= (
                    company_threshold
                ):
                    return Match(key, NAME_COMPANY)
            elif not _conflicting(emails, other.emails) and not self._conflicting_phones(
                phones, other.phones
            ):
                return Match(key, NAME)
        return None

    def _first_of_common_name(
        self,
        same_name: list[tuple[K, Profile]],
        common: _SameName,
        company: str,
        emails: frozenset[str],
        phones: tuple[tuple[str, str], ...],
    ) -> Match[K] | None:
        """``_first_of_name`` for a name many people have, for someone with a company: the
        first at a similar company found with one rapidfuzz call over the distinct companies,
        then whether anyone without a company comes before."""
        similar = process.extract(
            company,
            common.companies,
            scorer=fuzz.ratio,
            processor=None,
            score_cutoff=self.rules.company_threshold,
            limit=None,
        )
        at_company = min((common.firsts[index] for _, _, index in similar), default=len(same_name))
        for position in common.blank:
            if position > at_company:
                break
            other = same_name[position][1]
            if not _conflicting(emails, other.emails) and not self._conflicting_phones(phones, other.phones):
                return Match(same_name[position][0], NAME)
        if at_company < len(same_name):
            return Match(same_name[at_company][0], NAME_COMPANY)
        return None

    def _conflicting_phones(
        self, mine: tuple[tuple[str, str], ...], theirs: tuple[tuple[str, str], ...]
    ) -> bool:
        """Both sides have usable numbers and none of them is the same line."""
        if not mine or not theirs:
            return False
        wanted = [self._normalised(phone) for phone, _ in mine]
        known = [self._normalised(phone) for phone, _ in theirs]
        reader = self._keys.reader
        return not any(_same_number(a, b, reader) for a in wanted for b in known)


def _conflicting(mine: frozenset[str], theirs: frozenset[str]) -> bool:
    """Both sides have addresses and share none: two people who happen to share a name."""
    return bool(mine) and bool(theirs) and not (mine & theirs)


def _same_number(one: str, other: str, reader: PhoneReader) -> bool:
    """E.164 numbers must agree exactly; a number read without its country agrees with an
    E.164 one when its digits are that number's national or full digits."""
    if not one or not other:
        return False
    if one == other:
        return True
    if one.startswith("+") == other.startswith("+"):
        return False
    full, bare = (one, other) if one.startswith("+") else (other, one)
    if bare == full[1:]:
        return True
    number = reader.parse(full)
    if number is None:
        return False
    return bare.lstrip("0") == str(number.national_number)
