"""Column mappings for CSV exports of common apps, and a header-guessing fallback.

A mapping is ``{column header: target field}``.  Headers are compared after
:func:`normalize_header`, so case, accents, punctuation and spacing never matter.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

TARGETS: tuple[str, ...] = (
    "name",
    "first_name",
    "middle_name",
    "last_name",
    "email",
    "phone",
    "company",
    "role",
    "industry",
    "notes",
    "linkedin",
    "ignore",
)


def normalize_header(header: str) -> str:
    """Lower-case, strip accents, turn punctuation into single spaces."""
    decomposed = unicodedata.normalize("NFKD", header)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", plain).split())


def _numbered(template: str, target: str, count: int = 20) -> dict[str, str]:
    return {template.format(n=n): target for n in range(1, count + 1)}


_LINKEDIN = {
    "First Name": "first_name",
    "Last Name": "last_name",
    "URL": "linkedin",
    "Email Address": "email",
    "Company": "company",
    "Position": "role",
}

_GOOGLE = {
    "Name": "name",
    "Given Name": "first_name",
    "Additional Name": "middle_name",
    "Family Name": "last_name",
    "First Name": "first_name",
    "Middle Name": "middle_name",
    "Last Name": "last_name",
    "Organization Name": "company",
    "Organization Title": "role",
    "Notes": "notes",
    "Photo": "ignore",
    "Labels": "ignore",
    "Group Membership": "ignore",
    **_numbered("E-mail {n} - Value", "email"),
    **_numbered("E-mail {n} - Type", "ignore"),
    **_numbered("E-mail {n} - Label", "ignore"),
    **_numbered("Phone {n} - Value", "phone"),
    **_numbered("Phone {n} - Type", "ignore"),
    **_numbered("Phone {n} - Label", "ignore"),
    "Organization 1 - Name": "company",
    "Organization 1 - Title": "role",
}

_OUTLOOK = {
    "Title": "ignore",
    "First Name": "first_name",
    "Middle Name": "middle_name",
    "Last Name": "last_name",
    "Company": "company",
    "Job Title": "role",
    "E-mail Address": "email",
    "E-mail 2 Address": "email",
    "E-mail 3 Address": "email",
    "E-mail Type": "ignore",
    "E-mail Display Name": "ignore",
    "E-mail 2 Type": "ignore",
    "E-mail 2 Display Name": "ignore",
    "E-mail 3 Type": "ignore",
    "E-mail 3 Display Name": "ignore",
    "Business Phone": "phone",
    "Business Phone 2": "phone",
    "Mobile Phone": "phone",
    "Primary Phone": "phone",
    "Company Main Phone": "phone",
    "Home Phone": "phone",
    "Home Phone 2": "phone",
    "Other Phone": "phone",
    "Notes": "notes",
    "Priority": "ignore",
    "Private": "ignore",
    "Sensitivity": "ignore",
}

_HUBSPOT = {
    "First Name": "first_name",
    "Last Name": "last_name",
    "Email": "email",
    "Phone Number": "phone",
    "Mobile Phone Number": "phone",
    "Company Name": "company",
    "Job Title": "role",
    "Industry": "industry",
}

_THUNDERBIRD = {
    "First Name": "first_name",
    "Last Name": "last_name",
    "Display Name": "name",
    "Primary Email": "email",
    "Secondary Email": "email",
    "Work Phone": "phone",
    "Mobile Number": "phone",
    "Home Phone": "phone",
    "Organization": "company",
    "Job Title": "role",
    "Notes": "notes",
}

PRESETS: dict[str, dict[str, str]] = {
    "linkedin": _LINKEDIN,
    "google": _GOOGLE,
    "outlook": _OUTLOOK,
    "hubspot": _HUBSPOT,
    "thunderbird": _THUNDERBIRD,
}
"""Fixed mappings by preset name; ``"generic"`` has none and uses :func:`guess_mapping`."""

PRESET_NAMES: tuple[str, ...] = (*PRESETS, "generic")


def detect_preset(columns: Iterable[str]) -> str | None:
    """Name the app that wrote this CSV header, or ``None`` for anything else."""
    cols = {normalize_header(c) for c in columns}
    if {"display name", "primary email"} <= cols:
        return "thunderbird"
    if (
        cols & {"e mail 1 value", "phone 1 value", "organization 1 name"}
        or {
            "given name",
            "family name",
            "group membership",
        }
        <= cols
    ):
        return "google"
    if "e mail address" in cols and cols & {"first name", "last name"}:
        return "outlook"
    if {"first name", "last name", "email address"} <= cols and cols & {
        "position",
        "connected on",
    }:
        return "linkedin"
    if {"first name", "last name", "email"} <= cols and (
        cols & {"company name", "phone number", "contact owner", "lifecycle stage"}
        or any(c.startswith("record id") for c in cols)
    ):
        return "hubspot"
    return None


_GUESSES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (target, re.compile(pattern))
    for target, pattern in (
        (
            "first_name",
            r"(first|given|fore) ?name|first|forename|vorname|prenom|nombre|nome|voornaam|imie",
        ),
        ("middle_name", r"(middle|additional|second) name"),
        (
            "last_name",
            r"(last|family|sur) ?name|surname|last|nachname|apellidos?|nom|nom de famille|cognome|"
            r"sobrenome|achternaam|familienname|nazwisko",
        ),
        (
            "name",
            r"(full |display |contact |person |customer |client |lead )?name|contact|"
            r"person|fullname|displayname|lead|nom complet|nombre completo|nome completo|"
            r"vollstandiger name|naam|volledige naam",
        ),
        (
            "email",
            r"((primary|secondary|work|home|personal|business|private|other) )?"
            r"((adresse|direccion de|indirizzo|endereco de) )?"
            r"(e ?mail|mail|courriel|correo( electronico)?|posta elettronica)"
            r"( ?(address|adresse|adres|addr))?( \d+)?( value)?",
        ),
        (
            "phone",
            r"((primary|work|home|mobile|business|cell|office|main|direct|other) )?"
            r"(phone|telephone|tel|mobile|cell|cellphone|handy|telefon|telefono|telefone|telefoon|"
            r"portable|cellulare|celular|movil|mobil|mobiel|gsm)"
            r"( ?(number|no|nr|nummer|numero))?( \d+)?( value)?",
        ),
        (
            "company",
            r"(company|organi[sz]ation|org|employer|firma|unternehmen|account|business|societe|"
            r"entreprise|empresa|azienda|bedrijf|organizacion|compania)"
            r"( name)?( 1)?( name)?",
        ),
        (
            "role",
            r"(job )?(title|position|role)|jobtitle|job|designation|occupation|"
            r"organi[sz]ation( 1)? title|funktion|beruf|fonction|poste|titre|cargo|puesto|"
            r"ruolo|functie|stanowisko",
        ),
        ("industry", r"industry|sector|branche|vertical|secteur|industria|settore|sektor"),
        ("linkedin", r"linked ?in( profile)?( url| link)?|(linked ?in )?profile (url|link)"),
        (
            "notes",
            r"notes?|comments?|description|remarks?|bemerkungen?|notizen?|remarques?|"
            r"commentaires?|notas?|opmerkingen|notatki",
        ),
    )
)

#: What CRMs put around a field's name: the record it belongs to ("Person - Email - Work",
#: "Contact Phone", "Lead Job Title") and the kind of value ("Phone - Mobile", "Email (Work)").
_OWNER_PREFIX = re.compile(r"^(person|contact|lead|customer|client|prospect|member|primary) ")
_KIND_SUFFIX = re.compile(r" (work|home|other|main|primary|personal|private|business|office|mobile)$")


def _guess(key: str) -> str | None:
    for target, pattern in _GUESSES:
        if pattern.fullmatch(key):
            return target
    return None


def guess_mapping(columns: Iterable[str]) -> dict[str, str]:
    """Map recognisable headers by synonym, in several languages and with the record and kind
    words CRMs add around them; unrecognised columns are left out."""
    mapping: dict[str, str] = {}
    for column in columns:
        key = normalize_header(column)
        target = _guess(key)
        if target is None:
            bare = _KIND_SUFFIX.sub("", _OWNER_PREFIX.sub("", key))
            if bare and bare != key:
                target = _guess(bare)
        if target is not None:
            mapping[column] = target
    return mapping


def has_identity(mapping: Mapping[str, str]) -> bool:
    """True when the mapping yields at least a name or an e-mail column."""
    return bool(set(mapping.values()) & {"name", "first_name", "last_name", "email"})


def resolve(mapping: Mapping[str, str], columns: list[str]) -> list[str | None]:
    """Target for each column position: exact header first, then normalised header.

    A normalised key is used once, so a repeated header (HubSpot repeats ``Phone
    Number`` for the associated company) maps only its first occurrence.
    """
    by_key = {normalize_header(k): v for k, v in mapping.items()}
    used: set[str] = set()
    targets: list[str | None] = []
    for column in columns:
        if column in mapping:
            targets.append(mapping[column])
            used.add(normalize_header(column))
            continue
        key = normalize_header(column)
        if key in by_key and key not in used:
            used.add(key)
            targets.append(by_key[key])
        else:
            targets.append(None)
    return targets
