"""Preset detection from headers and the generic header guesser."""

from __future__ import annotations

import pytest

from leadtemp.importing.read import PRESET_NAMES, PRESETS, detect_preset, guess_mapping, parse_csv
from leadtemp.importing.read.presets import TARGETS

THUNDERBIRD = (
    "First Name,Last Name,Display Name,Nickname,Primary Email,Secondary Email,Screen Name,Work Phone,"
    "Home Phone,Fax Number,Pager Number,Mobile Number,Home Address,Home Address 2,Home City,Home State,"
    "Home ZipCode,Home Country,Work Address,Work Address 2,Work City,Work State,Work ZipCode,Work Country,"
    "Job Title,Department,Organization,Web Page 1,Web Page 2,Birth Year,Birth Month,Birth Day,Custom 1,"
    "Custom 2,Custom 3,Custom 4,Notes"
)


@pytest.mark.parametrize(
    ("header", "preset"),
    [
        ("First Name,Last Name,URL,Email Address,Company,Position,Connected On", "linkedin"),
        ("First Name,Last Name,Email Address,Company,Position,Connected On", "linkedin"),
        ("Name,Given Name,Additional Name,Family Name,Group Membership,E-mail 1 - Type", "google"),
        ("First Name,Middle Name,Last Name,Organization Name,E-mail 1 - Value,Phone 1 - Value", "google"),
        ("Title,First Name,Middle Name,Last Name,Company,Job Title,E-mail Address,Business Phone", "outlook"),
        ("First Name,Last Name,Email,Phone Number,Company Name,Job Title,Industry", "hubspot"),
        ("Record ID - Contact,First Name,Last Name,Email,Create Date", "hubspot"),
        (THUNDERBIRD, "thunderbird"),
        (THUNDERBIRD + ",", "thunderbird"),
        ("Name,Email,Company", None),
        ("foo,bar", None),
    ],
)
def test_detect_preset(header: str, preset: str | None) -> None:
    assert detect_preset(header.split(",")) == preset


def test_preset_tables_use_known_targets() -> None:
    assert set(PRESET_NAMES) == {*PRESETS, "generic"}
    for mapping in PRESETS.values():
        assert set(mapping.values()) <= set(TARGETS)


@pytest.mark.parametrize(
    ("header", "target"),
    [
        ("E-mail", "email"),
        ("Email Address", "email"),
        ("mail", "email"),
        ("E-Mail-Adresse", "email"),
        ("Work Email", "email"),
        ("Organisation", "company"),
        ("organization", "company"),
        ("Company Name", "company"),
        ("Title", "role"),
        ("Job Title", "role"),
        ("position", "role"),
        ("Full Name", "name"),
        ("Display Name", "name"),
        ("Contact", "name"),
        ("FIRST_NAME", "first_name"),
        ("Prénom", "first_name"),
        ("Surname", "last_name"),
        ("Mobile Phone", "phone"),
        ("Phone number", "phone"),
        ("Sector", "industry"),
        ("Comments", "notes"),
        ("Person - Email - Work", "email"),
        ("Person - Phone - Mobile", "phone"),
        ("Person - Job title", "role"),
        ("Organization - Name", "company"),
        ("Contact Email", "email"),
        ("Email (Work)", "email"),
        ("Nom", "last_name"),
        ("Société", "company"),
        ("Fonction", "role"),
        ("Adresse e-mail", "email"),
        ("Correo electrónico", "email"),
        ("Apellidos", "last_name"),
        ("Teléfono", "phone"),
        ("Cognome", "last_name"),
        ("Azienda", "company"),
        ("Achternaam", "last_name"),
        ("E-mailadres", "email"),
    ],
)
def test_guess_mapping_synonyms(header: str, target: str) -> None:
    assert guess_mapping([header]) == {header: target}


def test_guess_mapping_leaves_unknown_columns_out() -> None:
    unknown = [
        "Favourite colour",
        "E-mail 1 - Type",
        "Contact owner",
        "Lead Source",
        "Person - Label",
        "Primary",
    ]
    assert guess_mapping(unknown) == {}


def test_a_french_spreadsheet_export_imports_without_a_mapping_step() -> None:
    text = (
        "Prénom;Nom;Adresse e-mail;Téléphone;Société;Fonction;Remarques\r\n"
        "Amélie;Lefèvre;amelie@exemple.fr;01 23 45 67 89;Société Générale;Directrice;Salon de Lyon\r\n"
    )
    result = parse_csv(text.encode("cp1252"))
    (draft,) = result.drafts
    assert (draft.name, draft.emails, draft.phones) == (
        "Amélie Lefèvre",
        ["amelie@exemple.fr"],
        ["01 23 45 67 89"],
    )
    assert (draft.company, draft.role, draft.notes) == ("Société Générale", "Directrice", "Salon de Lyon")
