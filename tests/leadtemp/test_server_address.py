"""A server book's address: verified TLS unless turned off, never a password in it."""

from __future__ import annotations

from pathlib import Path

import pytest

from leadtemp.errors import DatabaseError
from leadtemp.paths import book_location, resolve_db_path
from leadtemp.server_address import ServerAddress, as_path, is_server_address


def test_an_address_is_verified_against_the_systems_cas_by_default() -> None:
    address = ServerAddress.parse("postgresql://sam@db.example.com/agency")
    arguments = address.connect_arguments(None)
    assert arguments["sslmode"] == "verify-full" and arguments["sslrootcert"] == "system"
    assert (arguments["host"], arguments["port"], arguments["dbname"]) == ("db.example.com", "5432", "agency")
    assert str(address) == "postgresql://sam@db.example.com/agency"
    assert address.account == "sam@db.example.com:5432/agency"


def test_verification_is_off_only_when_asked_and_a_ca_file_replaces_the_systems() -> None:
    address = ServerAddress.parse("postgresql://sam@db.example.com:6543/agency?sslrootcert=/etc/ca.pem")
    assert address.connect_arguments("pw")["sslrootcert"] == "/etc/ca.pem"
    unverified = address.with_options(sslmode="require")
    assert not unverified.verified and "sslrootcert" not in unverified.connect_arguments(None)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("postgresql://sam:hunter2@db/agency", "holds a password"),
        ("postgresql://db/agency", "give the user"),
        ("postgresql://sam@db/", "give the user"),
        ("postgresql://sam@db/agency?sslmode=disable", "sslmode must be one of"),
        ("postgresql://sam@db/agency?options=-c", "unknown option"),
        ("postgresql://sam@db:port/agency", "port is not a number"),
    ],
)
def test_a_bad_address_is_refused_with_what_to_fix(text: str, says: str) -> None:
    with pytest.raises(DatabaseError) as refused:
        ServerAddress.parse(text)
    assert says in str(refused.value) and "hunter2" not in str(refused.value)


def test_the_address_survives_being_a_books_path() -> None:
    text = "postgresql://sam@db.example.com:6543/agency?sslrootcert=/etc/ca.pem"
    path = resolve_db_path(text)
    assert isinstance(path, Path) and is_server_address(path)
    assert ServerAddress.parse(str(path)) == ServerAddress.parse(text)
    assert as_path(ServerAddress.parse(str(path))) == path
    assert not is_server_address(Path("postgresql.db"))


def test_a_window_shows_where_its_book_is_without_options_or_password() -> None:
    """The status bar names a server book as messages do, whatever the address carried."""
    path = as_path(ServerAddress.parse("postgresql://sam@db.example.com:6543/agency?sslrootcert=/tmp/ca.pem"))
    assert book_location(path) == "postgresql://sam@db.example.com:6543/agency"
    assert book_location(Path("/home/sam/leads.db")) == "/home/sam/leads.db"
