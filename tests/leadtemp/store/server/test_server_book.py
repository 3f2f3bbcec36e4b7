"""The schema and the store on the test PostgreSQL server: every SQLite step has a form here, a
missing one or a newer schema is refused with a message, the day ranks follow every write, and
writers from two desktops lose nothing."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from leadtemp import integrity
from leadtemp.errors import DatabaseError
from leadtemp.service import LeadService
from leadtemp.store import LATEST_VERSION, Store
from leadtemp.store.migrations import MIGRATIONS
from leadtemp.store.server import migrations as server_migrations
from tests.conftest import FakeClock
from tests.leadtemp.test_day_ranks import expected_ranks, steps, stored_ranks
from tests.pg_server import PostgresServer


def database_of(uri: str) -> str:
    return uri.split("?")[0].rsplit("/", 1)[1]


def test_every_sqlite_schema_step_has_a_postgresql_form() -> None:
    assert len(MIGRATIONS) == LATEST_VERSION
    assert server_migrations.missing_steps() == []


def test_a_step_without_a_postgresql_form_stops_the_upgrade_before_any_step(
    pg_server: PostgresServer, pg_uri: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    steps = dict(server_migrations.STEPS)
    del steps[LATEST_VERSION]
    monkeypatch.setattr(server_migrations, "STEPS", steps)
    with pytest.raises(DatabaseError) as refused:
        Store(pg_uri)
    assert f"schema step {LATEST_VERSION} has no PostgreSQL form" in str(refused.value)
    assert (
        pg_server.sql("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", database_of(pg_uri))
        == "0"
    )


def test_a_book_from_a_newer_leadtemp_is_refused_and_left_alone(
    pg_server: PostgresServer, pg_uri: str
) -> None:
    Store(pg_uri).close()
    pg_server.sql(f"UPDATE leadtemp_schema SET version = {LATEST_VERSION + 1}", database_of(pg_uri))
    with pytest.raises(DatabaseError) as refused:
        Store(pg_uri)
    assert "newer version of LeadTemp" in str(refused.value)
    assert pg_server.sql("SELECT version FROM leadtemp_schema", database_of(pg_uri)) == str(
        LATEST_VERSION + 1
    )


def test_a_database_holding_other_tables_is_not_taken_for_a_book(
    pg_server: PostgresServer, pg_uri: str
) -> None:
    pg_server.sql("CREATE TABLE invoices (id int)", database_of(pg_uri))
    with pytest.raises(DatabaseError, match="holds tables of its own"):
        Store(pg_uri)


@pytest.fixture
def server_store(pg_uri: str) -> Iterator[Store]:
    store = Store(pg_uri)
    for contact in (1, 2):
        store.insert_contact({"name": f"Lead {contact}"}, 0)
    yield store
    store.close()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(script=steps)
def test_the_triggers_keep_each_rank_through_every_insert_delete_and_move(
    server_store: Store, script: list[tuple[str, int, str, float, int]]
) -> None:
    store = server_store
    store.conn.execute("DELETE FROM interactions")
    for action, contact_id, kind, at, pick in script:
        ids = [row[0] for row in store.conn.execute("SELECT id FROM interactions ORDER BY id")]
        if action == "insert" or not ids:
            store.insert_interaction(contact_id, kind, at, "", 0)
        elif action == "delete":
            store.delete_interaction(ids[pick % len(ids)])
        else:
            store.move_interactions([ids[pick % len(ids)]], contact_id)
    assert stored_ranks(store.conn) == expected_ranks(store.conn)


def test_writers_on_two_desktops_at_once_lose_nothing(pg_uri: str, clock: FakeClock) -> None:
    first = LeadService.open(pg_uri, now=clock)
    dana = first.add_contact("Dana").contact_id
    first.close()
    per_writer = 40
    failures: list[BaseException] = []

    def write(kind: str) -> None:
        service = LeadService.open(pg_uri, now=clock)
        try:
            for number in range(per_writer):
                service.log_interaction(dana, kind, note=f"{kind} {number}")
                service.pin(dana, "warm")
                service.unpin(dana)
        except BaseException as error:
            failures.append(error)
        finally:
            service.close()

    writers = [threading.Thread(target=write, args=(kind,)) for kind in ("email_open", "website_visit")]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    assert failures == []
    check = LeadService.open(pg_uri, now=clock)
    try:
        assert check.store.counts()["interactions"] == 2 * per_writer
        assert stored_ranks(check.store.conn) == expected_ranks(check.store.conn)
        assert check.store.get_pin(dana) is None
    finally:
        check.close()
    # The score cache each write folded into is the one the whole log gives.
    report = integrity.check(pg_uri)
    assert report.ok and report.notes == (), report.lines()


def test_a_read_only_opening_writes_nothing(pg_uri: str, clock: FakeClock) -> None:
    LeadService.open(pg_uri, now=clock).close()
    reader = LeadService.open(Path(pg_uri), now=clock, read_only=True)
    try:
        with pytest.raises(DatabaseError, match="may only read"):
            reader.add_contact("Dana")
    finally:
        reader.close()
