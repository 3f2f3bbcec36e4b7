"""Shared fixtures: a fresh database per test and a clock the test controls."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from leadtemp.service import LeadService
from tests.pg_server import PostgresServer
from tests.pg_server import missing as pg_missing


class FakeClock:
    """A settable 'now' so scores, decay and staleness can be tested at exact times."""

    def __init__(self, start: datetime) -> None:
        self.current = start

    def __call__(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> datetime:
        self.current = self.current + timedelta(**delta)
        return self.current


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "leads.db"


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    """One PostgreSQL server for the whole run (CI must have it: there it fails, never skips)."""
    reason = pg_missing()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    server = PostgresServer()
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_uri(pg_server: PostgresServer) -> Iterator[str]:
    """The address of a fresh, empty database on the test server, dropped after the test."""
    name = pg_server.new_database()
    yield pg_server.uri(name)
    pg_server.drop_database(name)


@pytest.fixture(scope="session")
def pg_shared_book(pg_server: PostgresServer) -> str:
    """One database with the latest schema for the whole run (see ``pg_book``)."""
    name = pg_server.new_database()
    LeadService.open(pg_server.uri(name)).close()
    return name


@pytest.fixture
def pg_book(pg_server: PostgresServer, pg_shared_book: str) -> str:
    """An empty book on the test server: the run's one book, emptied first (much faster than a
    new database per test; a test that changes the schema or the roles takes ``pg_uri``)."""
    pg_server.empty(pg_shared_book)
    return pg_server.uri(pg_shared_book)


BACKENDS = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test marked ``both_backends`` (or in a module that is) runs once per backend."""
    if "book_location" in metafunc.fixturenames and metafunc.definition.get_closest_marker("both_backends"):
        metafunc.parametrize("book_location", BACKENDS, indirect=True)


@pytest.fixture
def book_location(request: pytest.FixtureRequest, db_path: Path) -> str | Path:
    """Where a test's book lives: a SQLite file, or (for ``both_backends``) a database on the
    test server too."""
    if getattr(request, "param", "sqlite") == "sqlite":
        return db_path
    uri: str = request.getfixturevalue("pg_book")
    return uri


@pytest.fixture
def service(book_location: str | Path, clock: FakeClock) -> Iterator[LeadService]:
    svc = LeadService.open(book_location, now=clock)
    yield svc
    svc.close()


@pytest.fixture
def zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    """Sets the user's time zone (the TZ variable) for one test, and puts the old one back."""

    def set_zone(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield set_zone
    monkeypatch.undo()
    time.tzset()
