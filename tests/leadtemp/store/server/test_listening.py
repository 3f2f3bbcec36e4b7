"""A desktop's listening connection on a server book: it hears what another desktop's service and
every table's writes commit, only once they commit, and comes back by itself after losing the server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from leadtemp.errors import DatabaseError
from leadtemp.service import LeadService
from leadtemp.store.server.listening import UNHEARD, ChangeListener
from tests.conftest import FakeClock


@pytest.fixture
def listener(pg_book: str) -> Iterator[ChangeListener]:
    service = LeadService.open(pg_book)
    heard = service.change_listener()
    service.close()
    assert heard is not None
    assert heard.wait(0.1) == {UNHEARD}
    yield heard
    heard.close()


def test_a_file_has_no_listener_its_window_polls_data_version(db_path: Path) -> None:
    service = LeadService.open(db_path)
    assert service.change_listener() is None
    service.close()


def test_another_desktop_s_write_is_heard_once_it_commits(
    listener: ChangeListener, pg_book: str, clock: FakeClock
) -> None:
    sam = LeadService.open(pg_book, now=clock, actor="Sam")
    try:
        assert listener.wait(0.05) == set()
        with sam.transaction():
            contact_id = sam.add_contact("Dana Lee").contact_id
            assert listener.wait(0.2) == set(), "nothing is heard before the commit"
        assert "contacts" in listener.wait(2.0)
        sam.log_interaction(contact_id, "pricing_request")
        heard = listener.wait(2.0)
        assert {"interactions", "lead_changes"} <= heard
        assert listener.wait(0.05) == set(), "a commit's tables are reported together, once"
    finally:
        sam.close()


def test_a_lost_connection_is_said_and_made_again(listener: ChangeListener, pg_book: str) -> None:
    other = LeadService.open(pg_book)
    try:
        ended = other.store.conn.raw.execute(  # type: ignore[attr-defined]
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'LISTEN leadtemp'"
        ).fetchall()
    finally:
        other.close()
    assert (True,) in ended
    with pytest.raises(DatabaseError, match="lost the connection to"):
        listener.wait(1.0)
    assert listener.wait(0.05) == {UNHEARD}
