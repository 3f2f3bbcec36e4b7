"""Recognising a contact that is already there: same e-mail, same LinkedIn profile, or the same
name with the same phone or at the same company.

Matching is conservative: a wrong "duplicate" silently loses a lead, a missed one only costs a
second card. An e-mail address and a LinkedIn profile are identities: two people with different
ones are two people, whatever else they share (colleagues share a switchboard number and a
company), and when their names are the same they are only a *possible* duplicate, for the user to
judge. Keys are built once per import and every lookup is a dictionary probe or a fuzzy
comparison inside one small bucket, so a 100,000-row file against a large book stays fast.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Generic, NamedTuple, TypeVar, cast

import phonenumbers
from phonenumbers import PhoneNumber
from rapidfuzz import fuzz, process

from leadtemp.linkedin import normalise_linkedin
from leadtemp.validation import PhoneReader, plain_international

EMAIL = "email"
LINKEDIN = "linkedin"
NAME_PHONE = "name+phone"
NAME_COMPANY = "name+company"
NAME = "name"
RULES: tuple[str, ...] = (EMAIL, LINKEDIN, NAME_PHONE, NAME_COMPANY, NAME)

#: Identity bits of a profile: which kinds of identity it has.
_HAS_EMAIL = 1
_HAS_LINKEDIN = 2

#: Up to this many people at one company are compared one by one rather than in one batch call.
_SMALL_BUCKET = 2
#: A phone needs this many digits before it can identify anyone (extensions, short codes do not).
MIN_PHONE_DIGITS = 7

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
#: ASCII characters that separate words (letters and digits of every script are kept).
_ASCII_SEPARATORS = re.compile(r"[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]+")
#: Scripts written without spaces between words: each character is a token of its own, so
#: "李伟" and "李 伟" agree. Han, kana and Hangul syllables.
_UNSPACED = re.compile(
    "[\u3005\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0002fa1f]"
)
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
    """Case-folded tokens of letters and digits in any script: Latin accents dropped, punctuation
    and symbols turned into spaces, each character of a script without spaces a token."""
    if value.isascii():
        return _NON_ALNUM.sub(" ", value.lower()).split()
    parts: list[str] = []
    category = unicodedata.category
    for ch in unicodedata.normalize("NFC", value):
        if ch < "\x80":
            parts.append(ch)
        elif category(ch)[0] in "PSZC":
            parts.append(" ")
        elif _UNSPACED.match(ch):
            parts.append(f" {ch} ")
        else:
            # Accents (the combining diacritical marks) go; other scripts' marks are letters' parts.
            decomposed = unicodedata.normalize("NFKD", ch)
            parts.append("".join([mark for mark in decomposed if not "\u0300" <= mark <= "\u036f"]))
    return _ASCII_SEPARATORS.sub(" ", "".join(parts).casefold()).split()


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


def linkedin_keys(value: str) -> tuple[str, ...]:
    """The profile a contact's LinkedIn field names, normalised, as a profile's ``linkedin``."""
    key = normalise_linkedin(value) if value else ""
    return (key,) if key else _NO_ADDRESSES


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
    linkedin: str = ""
    """A LinkedIn profile address, however written."""


class Profile(NamedTuple):
    """A person's matching keys, computed once and used for both lookup and indexing
    (a tuple, because an import builds tens of thousands of them)."""

    name: str
    company: str
    emails: tuple[str, ...]
    """Normalised, each once (a tuple: far smaller than a set, and rarely more than one)."""
    phones: tuple[str, ...]
    """Every number long enough to identify someone, as written."""
    linkedin: tuple[str, ...] = ()

    @classmethod
    def of(cls, person: Person) -> Profile:
        return Keys().profile(person)


def _identity(profile: Profile) -> int:
    """Which identities a profile has: two profiles with a kind in common (and no shared value,
    or they would have matched on it) are two people."""
    return (_HAS_EMAIL if profile.emails else 0) | (_HAS_LINKEDIN if profile.linkedin else 0)


def _differing(both: int) -> str:
    """What two people's shared kinds of identity (``_identity`` bits) say about them."""
    return "e-mail address" if both & _HAS_EMAIL else "LinkedIn profile"


def _addresses(emails: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys([email for email in map(normalise_email, emails) if email]))


def _usable_phones(phones: Iterable[str]) -> tuple[str, ...]:
    return tuple([phone for phone in phones if len(phone_digits(phone)) >= MIN_PHONE_DIGITS])


class Keys:
    """Matching keys for one import. A contact list names the same companies over and over,
    and a number validated before matching need not be read again, so both are remembered
    here, for this import only."""

    def __init__(self, reader: PhoneReader | None = None) -> None:
        self.reader = reader or PhoneReader()
        self._companies: dict[str, str] = {}
        self._names: dict[str, str] = {}
        self._lines: dict[str, str] = {}

    def line(self, phone: str) -> str:
        """The last digits of a usable number: the numbers that may be the same line share them."""
        line = self._lines.get(phone)
        if line is None:
            line = self._lines[phone] = phone_digits(phone)[-MIN_PHONE_DIGITS:]
        return line

    def profile(self, person: Person | Profile) -> Profile:
        if isinstance(person, Profile):
            return person
        return self.of(person.name, person.emails, person.phones, person.company, person.linkedin)

    def of(
        self, name: str, emails: Iterable[str], phones: Iterable[str], company: str, linkedin: str = ""
    ) -> Profile:
        """The profile of ``Person(name, emails, phones, company, linkedin)``."""
        normalised = self._companies.get(company)
        if normalised is None:
            normalised = self._companies[company] = normalise_company(company)
        # First names and surnames repeat too, and whole names more often than one would think.
        folded = self._names.get(name)
        if folded is None:
            folded = self._names[name] = normalise_name(name)
        return Profile(
            folded, normalised, _addresses(emails), _usable_phones(phones), linkedin_keys(linkedin)
        )

    def profiles(
        self,
        names: list[str],
        emails: list[list[str]],
        phones: list[list[str]],
        companies: list[str],
        linkedin: list[str],
    ) -> list[Profile]:
        """``of`` for every row of a file, a column at a time: each distinct name and company is
        normalised once, and rows with one address or number at most need no loop of their own."""
        folded = _each_once(self._names, normalise_name, names)
        normalised = _each_once(self._companies, normalise_company, companies)
        columns = zip(
            folded,
            normalised,
            _address_column(emails),
            _phone_column(phones),
            _linkedin_column(linkedin),
            strict=True,
        )
        return list(map(_new_profile, columns))


_NO_ADDRESSES: tuple[str, ...] = ()
#: ``Profile._make`` without its Python-level length check (the columns above always give five).
_new_profile: Callable[[tuple[str, str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]], Profile] = (
    functools.partial(tuple.__new__, Profile)
)


def _linkedin_column(linkedin: list[str]) -> list[tuple[str, ...]]:
    """``linkedin_keys`` of every row's profile (most files name no profile at all)."""
    if not any(linkedin):
        return [_NO_ADDRESSES] * len(linkedin)
    return list(map(linkedin_keys, linkedin))


def _each_once(cache: dict[str, str], normalise: Callable[[str], str], values: list[str]) -> list[str]:
    """``normalise`` of every value, computed once per distinct value and remembered in ``cache``."""
    for value in set(values).difference(cache):
        cache[value] = normalise(value)
    return list(map(cache.__getitem__, values))


def _address_column(emails: list[list[str]]) -> list[tuple[str, ...]]:
    """``_addresses`` of every row's e-mail addresses."""
    firsts = [found[0] if len(found) == 1 else "" for found in emails]
    joined = "|".join(firsts)
    if joined.isascii() or unicodedata.is_normalized("NFC", joined):
        # normalise_email's NFC step would change nothing (see validation.clean_texts).
        # An address already trimmed and in lower case is kept as it is, not copied.
        normalised = [
            address if address.islower() and address.isascii() else address.casefold()
            for address in map(str.strip, firsts)
        ]
    else:
        normalised = list(map(normalise_email, firsts))
    return [
        ((address,) if address else _NO_ADDRESSES) if len(found) < 2 else _addresses(found)
        for found, address in zip(emails, normalised, strict=True)
    ]


def _phone_column(phones: list[list[str]]) -> list[tuple[str, ...]]:
    """``_usable_phones`` of every row's numbers."""
    firsts = [found[0] if len(found) == 1 else "" for found in phones]
    return [
        ((first,) if len(digits) >= MIN_PHONE_DIGITS else ()) if len(found) < 2 else _usable_phones(found)
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
    """``key`` matched by ``rule``; a ``possible`` match has the same name but an identity (an
    e-mail address, a LinkedIn profile) that says otherwise, so it is not merged by default."""

    key: K
    rule: str
    score: float = 100.0
    differs: str = ""
    """For a possible match, the identity that differs ("e-mail address", "LinkedIn profile")."""

    @property
    def possible(self) -> bool:
        return bool(self.differs)


class _Known(NamedTuple, Generic[K]):
    """What the index keeps of someone for the name search: the profile itself can go."""

    key: K
    company: str
    phones: tuple[str, ...]
    identity: int


#: One number's entry: (number as written, key, identity).
_OnLine = tuple[str, K, int]


@dataclass
class _Bucket(Generic[K]):
    """Everyone at one (normalised) company with one kind of identity: each distinct name once,
    with the first key seen under it (a later one could never be a better match), names kept
    apart for rapidfuzz."""

    keys: list[K] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)

    def add(self, key: K, name: str) -> None:
        if name not in self.seen:
            self.seen.add(name)
            self.keys.append(key)
            self.names.append(name)


#: For each kind of identity (``_identity`` bits), the kinds a person can have and still be the
#: same person: none in common.
_COMPATIBLE: dict[int, tuple[int, ...]] = {
    identity: tuple(other for other in range(4) if not identity & other) for identity in range(4)
}


@dataclass
class _SameName:
    """Where the companies are among many people of one name: each distinct company (per kind of
    identity) with the position of the first of them at it, and the positions of those without
    one. A common name in a long file is then searched with one rapidfuzz call instead of a
    comparison per person."""

    companies: list[str] = field(default_factory=list)
    firsts: list[int] = field(default_factory=list)
    identities: list[int] = field(default_factory=list)
    #: Company -> the kinds of identity seen at it, one bit each.
    seen: dict[str, int] = field(default_factory=dict)
    blank: list[int] = field(default_factory=list)

    def add(self, position: int, company: str, identity: int) -> None:
        kinds = self.seen.get(company, 0)
        if not company:
            self.blank.append(position)
        elif not kinds & 1 << identity:
            self.seen[company] = kinds | 1 << identity
            self.companies.append(company)
            self.firsts.append(position)
            self.identities.append(identity)


class DuplicateIndex(Generic[K]):
    """People seen so far, keyed by whatever the caller uses (a contact id, a row number)."""

    #: Beyond this many people of one name, where their companies are is kept track of.
    many_of_a_name = 8

    def __init__(self, rules: MatchRules | None = None, keys: Keys | None = None) -> None:
        self.rules = rules or MatchRules()
        self._keys = keys or Keys()
        self._emails: dict[str, K] = {}
        self._linkedin: dict[str, K] = {}
        #: (last digits of a number, a name on it) -> (number as written, key, identity) of each.
        self._phones: dict[tuple[str, str], _OnLine[K] | list[_OnLine[K]]] = {}
        self._names: dict[str, list[_Known[K]]] = {}
        self._common: dict[str, _SameName] = {}
        #: (normalised company, kind of identity) -> the people at it.
        self._companies: dict[tuple[str, int], _Bucket[K]] = {}
        self._phone_cache: dict[str, str] = {}
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def add(self, key: K, person: Person | Profile) -> None:
        self._add(key, person if type(person) is Profile else self._keys.profile(person))

    def find(self, person: Person | Profile) -> Match[K] | None:
        """The best earlier match by the strongest rule: e-mail, LinkedIn profile, then name with
        phone or company; a possible match only when there is no other."""
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
        name, company, emails, phones, linkedin = profile
        identity = _identity(profile)
        self._count += 1
        if emails:
            known = self._emails
            for email in emails:
                if email not in known:
                    known[email] = key
        if linkedin:
            for url in linkedin:
                self._linkedin.setdefault(url, key)
        if not name:
            return
        line = self._keys.line
        on_lines = self._phones
        for phone in phones:
            at = (line(phone), name)
            entries = on_lines.get(at)
            # Most numbers have one person on them: a list only for those with more.
            if entries is None:
                on_lines[at] = (phone, key, identity)
            elif type(entries) is list:
                entries.append((phone, key, identity))
            else:
                on_lines[at] = [cast(_OnLine[K], entries), (phone, key, identity)]
        known_person = _Known(key, company, phones, identity)
        same_name = self._names.get(name)
        if same_name is None:
            self._names[name] = [known_person]
        else:
            same_name.append(known_person)
            if len(same_name) > self.many_of_a_name:
                common = self._common.get(name)
                if common is None:
                    common = self._common[name] = _SameName()
                    for position, other in enumerate(same_name):
                        common.add(position, other.company, other.identity)
                else:
                    common.add(len(same_name) - 1, company, identity)
        if company:
            bucket = self._companies.get((company, identity))
            if bucket is None:
                self._companies[company, identity] = _Bucket([key], [name], {name})
            else:
                bucket.add(key, name)

    def _find(self, profile: Profile) -> Match[K] | None:
        name, company, emails, phones, linkedin = profile
        if emails and self._emails:
            for email in emails:
                key = self._emails.get(email)
                if key is not None:
                    return Match(key, EMAIL)
        if linkedin and self._linkedin:
            for url in linkedin:
                key = self._linkedin.get(url)
                if key is not None:
                    return Match(key, LINKEDIN)
        if not name:
            return None
        # No address or profile of this person is known: anyone else with one of the same kind
        # is someone else.
        identity = _identity(profile)
        possible: list[Match[K]] = []
        if phones and self._phones:
            for phone in phones:
                found = self._find_phone(name, identity, phone, possible)
                if found is not None:
                    return Match(found, NAME_PHONE)
        found_by_name = self._find_name(name, company, identity, phones, possible)
        if found_by_name is not None:
            return found_by_name
        return possible[0] if possible else None

    def _find_phone(self, name: str, identity: int, phone: str, possible: list[Match[K]]) -> K | None:
        """Someone of the same name on the same line: a number alone says nothing, since
        colleagues share their company's main line."""
        entries = self._phones.get((self._keys.line(phone), name))
        if entries is None:
            return None
        if type(entries) is not list:
            entries = [cast(_OnLine[K], entries)]
        wanted = self._normalised(phone)
        reader = self._keys.reader
        for other, key, theirs in entries:
            if _same_number(wanted, self._normalised(other), reader):
                if not identity & theirs:
                    return key
                if not possible:
                    possible.append(Match(key, NAME_PHONE, differs=_differing(identity & theirs)))
        return None

    def _normalised(self, phone: str) -> str:
        cached = self._phone_cache.get(phone)
        if cached is None:
            cached = self._phone_cache[phone] = normalise_phone(phone, self.rules.region, self._keys.reader)
        return cached

    def _find_name(
        self,
        name: str,
        company: str,
        identity: int,
        phones: tuple[str, ...],
        possible: list[Match[K]],
    ) -> Match[K] | None:
        same_name = self._names.get(name)
        if same_name is not None:
            common = self._common.get(name) if company else None
            found = (
                self._first_of_name(same_name, company, identity, phones, possible)
                if common is None
                else self._first_of_common_name(same_name, common, company, identity, phones, possible)
            )
            if found is not None:
                return found
        if not company:
            return None
        # Only people whose identities cannot say they differ: a fuzzy name is never enough for
        # two different mailboxes.
        best: Match[K] | None = None
        for kind in _COMPATIBLE[identity]:
            bucket = self._companies.get((company, kind))
            if bucket is not None:
                found = self._fuzzy_name(name, bucket)
                if found is not None and (best is None or found.score > best.score):
                    best = found
        return best

    def _fuzzy_name(self, name: str, bucket: _Bucket[K]) -> Match[K] | None:
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

    def _similar_company(self, company: str, theirs: str) -> bool:
        # Companies are stored token-sorted too (see below).
        threshold = self.rules.company_threshold
        return company == theirs or fuzz.ratio(company, theirs, score_cutoff=threshold) >= threshold

    def _first_of_name(
        self,
        same_name: list[_Known[K]],
        company: str,
        identity: int,
        phones: tuple[str, ...],
        possible: list[Match[K]],
    ) -> Match[K] | None:
        """The first person of this name at a similar company, or without a company (or
        looking for one without) and with no number that says they differ; one with an identity
        of the same kind is only a possible match."""
        for other in same_name:
            theirs = other.company
            if company and theirs:
                if not self._similar_company(company, theirs):
                    continue
                rule = NAME_COMPANY
            elif self._conflicting_phones(phones, other.phones):
                continue
            else:
                rule = NAME
            both = identity & other.identity
            if not both:
                return Match(other.key, rule)
            if not possible:
                possible.append(Match(other.key, rule, differs=_differing(both)))
        return None

    def _first_of_common_name(
        self,
        same_name: list[_Known[K]],
        common: _SameName,
        company: str,
        identity: int,
        phones: tuple[str, ...],
        possible: list[Match[K]],
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
        end = len(same_name)
        at_company = min(
            (common.firsts[at] for _, _, at in similar if not identity & common.identities[at]), default=end
        )
        clashing = min(
            (common.firsts[at] for _, _, at in similar if identity & common.identities[at]), default=end
        )
        rule = NAME_COMPANY
        for position in common.blank:
            if position > at_company:
                break
            other = same_name[position]
            if self._conflicting_phones(phones, other.phones):
                continue
            if not identity & other.identity:
                return Match(other.key, NAME)
            if position < clashing:
                clashing, rule = position, NAME
        if at_company < end:
            return Match(same_name[at_company].key, NAME_COMPANY)
        if clashing < end and not possible:
            both = identity & same_name[clashing].identity
            possible.append(Match(same_name[clashing].key, rule, differs=_differing(both)))
        return None

    def _conflicting_phones(self, mine: tuple[str, ...], theirs: tuple[str, ...]) -> bool:
        """Both sides have usable numbers and none of them is the same line."""
        if not mine or not theirs:
            return False
        wanted = [self._normalised(phone) for phone in mine]
        known = [self._normalised(phone) for phone in theirs]
        reader = self._keys.reader
        return not any(_same_number(a, b, reader) for a in wanted for b in known)


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
