"""Which company an address names: its domain, never a free-mail provider's."""

from __future__ import annotations

import pytest

from leadtemp.companies.domains import company_domain, email_domain, name_from_domain, name_key


@pytest.mark.parametrize(
    "email",
    ["dana@gmail.com", "sam@Outlook.com", "kim@yahoo.co.uk", "x@proton.me", "y@gmx.de", "z@icloud.com"],
)
def test_a_free_mail_address_names_no_company(email: str) -> None:
    assert email_domain(email) != ""
    assert company_domain(email) == ""


@pytest.mark.parametrize(
    ("email", "domain"),
    [
        ("Dana.Lee@Acme.COM", "acme.com"),
        (" sam@northwind-traders.example. ", "northwind-traders.example"),
        ("odd@with@at.example", "at.example"),
        ("no-at-sign", ""),
        ("dana@localhost", ""),
        ("", ""),
    ],
)
def test_a_company_address_names_its_domain_in_lower_case(email: str, domain: str) -> None:
    assert company_domain(email) == domain


def test_a_domain_gives_a_name_to_start_with_and_names_fold_to_one_key() -> None:
    assert name_from_domain("northwind-traders.example") == "Northwind Traders"
    assert name_from_domain("acme.co.uk") == "Acme"
    assert name_key(" ACME  Corp ") == name_key("acme corp") == name_key("Acmé Corp".replace("é", "e"))
    assert name_key("Société Générale") == name_key("societe generale")
