"""Two desktops on one book: two services on one SQLite file, each recording its own person.

Every write names who made it; a pin, tick, edit or outcome made on what a window saw at some
version is refused when someone else changed the same thing since (with who and what), merged
when they changed something else, and never overwrites theirs."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leadtemp.actors import ACTOR_ENV, ACTOR_SETTING, resolve_actor
from leadtemp.conflicts import ConflictError
from leadtemp.exporting.json_export import export_json
from leadtemp.importing.jsonfile import import_json
from leadtemp.model import Outcome, Temperature
from leadtemp.service import LeadService
from tests.conftest import FakeClock


def refusal(write: Callable[[], object]) -> str:
    """The message of the conflict ``write`` is refused with."""
    with pytest.raises(ConflictError) as refused:
        write()
    return str(refused.value)


@pytest.fixture
def desks(db_path: Path, clock: FakeClock) -> Iterator[tuple[LeadService, LeadService]]:
    """Alex's and Sam's windows on one book."""
    alex = LeadService.open(db_path, now=clock, actor="Alex")
    sam = LeadService.open(db_path, now=clock, actor="Sam")
    yield alex, sam
    alex.close()
    sam.close()


def test_each_write_records_who_made_it(desks: tuple[LeadService, LeadService], clock: FakeClock) -> None:
    alex, sam = desks
    lead = alex.add_contact("Dana Lee", company="Acme").contact_id
    sam.log_interaction(lead, "pricing_request")
    alex.log_interaction(lead, "email_sent")
    sam.pin(lead, "hot")
    sam.set_outcome(lead, "won")
    by_kind = {i.kind: i.actor for i in alex.interactions(lead)}
    assert by_kind == {"pricing_request": "Sam", "email_sent": "Alex"}
    assert [(c.outcome, c.actor) for c in alex.detail(lead).outcome_history] == [(Outcome.WON, "Sam")]
    changes = alex.changes_after(0)
    assert [(c.actor, c.summary) for c in changes] == [
        ("Sam", "logged a pricing request for Dana Lee and moved it to hot"),
        ("Alex", "logged an email sent for Dana Lee"),
        ("Sam", "pinned Dana Lee as hot"),
        ("Sam", "marked Dana Lee as won"),
    ]
    assert alex.lead_version(lead) == changes[-1].version == alex.detail(lead).version


def test_a_pin_on_a_lead_someone_moved_since_is_refused_with_who_and_what(
    desks: tuple[LeadService, LeadService], clock: FakeClock
) -> None:
    alex, sam = desks
    lead = alex.add_contact("Acme").contact_id
    seen = alex.lead_version(lead)
    sam.log_interaction(lead, "pricing_request")
    clock.advance(seconds=20)
    with pytest.raises(ConflictError) as refused:
        alex.pin(lead, "cold", seen=seen)
    assert str(refused.value) == (
        "Sam logged a pricing request for Acme and moved it to hot 20 s ago; your pin was not applied"
    )
    assert alex.get_pin(lead) is None
    # Once the window shows what Sam did, the pin goes through.
    alex.pin(lead, "cold", seen=alex.lead_version(lead))
    assert alex.card(lead).temperature is Temperature.COLD


def test_a_tick_collides_only_with_the_same_step_or_a_move(desks: tuple[LeadService, LeadService]) -> None:
    alex, sam = desks
    lead = alex.add_contact("Dana Lee").contact_id
    first, second = [entry.item.id for entry in alex.checklist(lead)][:2]
    seen = alex.lead_version(lead)
    sam.tick(lead, first)
    alex.tick(lead, second, seen=seen)  # another step: merged
    assert {e.item.id for e in alex.checklist(lead) if e.done} == {first, second}
    said = refusal(lambda: alex.tick(lead, first, done=False, seen=seen))
    assert said.startswith("Sam ticked \u201c") and said.endswith(
        "\u201d for Dana Lee just now; your tick was not applied"
    )
    assert {e.item.id for e in alex.checklist(lead) if e.done} == {first, second}


def test_an_edit_of_another_field_merges_and_one_of_the_same_field_is_refused(
    desks: tuple[LeadService, LeadService],
) -> None:
    alex, sam = desks
    lead = alex.add_contact("Dana Lee", email="dana@example.com", role="CTO").contact_id
    seen = alex.lead_version(lead)
    sam.edit_contact(lead, role="CEO")
    # The editor sends every field it shows; the role it shows is the one Sam wrote, unchanged.
    alex.edit_contact(lead, seen=seen, email="dana@acme.example", role="CEO")
    contact = alex.contact(lead)
    assert (contact.email, contact.role) == ("dana@acme.example", "CEO")
    assert refusal(lambda: alex.edit_contact(lead, seen=seen, role="Founder")) == (
        "Sam changed Dana Lee's role just now; your edit was not applied"
    )
    assert alex.contact(lead).role == "CEO"


def test_my_own_changes_elsewhere_never_collide(db_path: Path, clock: FakeClock) -> None:
    window = LeadService.open(db_path, now=clock, actor="Alex")
    command_line = LeadService.open(db_path, now=clock, actor="Alex")
    try:
        lead = window.add_contact("Dana Lee").contact_id
        seen = window.lead_version(lead)
        command_line.pin(lead, "hot")
        window.pin(lead, "warm", seen=seen)
        assert window.card(lead).temperature is Temperature.WARM
    finally:
        window.close()
        command_line.close()


def test_an_outcome_someone_else_set_since_is_not_overwritten(
    desks: tuple[LeadService, LeadService], clock: FakeClock
) -> None:
    alex, sam = desks
    lead = alex.add_contact("Dana Lee").contact_id
    seen = alex.lead_version(lead)
    sam.set_outcome(lead, "won")
    clock.advance(minutes=3)
    assert refusal(lambda: alex.set_outcome(lead, "lost", seen=seen)).startswith(
        "Sam marked Dana Lee as won 3 min ago; your change of outcome"
    )
    assert alex.contact(lead).outcome is Outcome.WON


def test_undo_of_my_pin_is_refused_once_someone_else_pinned_the_lead(
    desks: tuple[LeadService, LeadService],
) -> None:
    alex, sam = desks
    lead = alex.add_contact("Dana Lee").contact_id
    mine = alex.pin(lead, "hot", seen=alex.lead_version(lead)).version
    sam.log_interaction(lead, "website_visit")
    # Sam's log touched no pin: my undo still only undoes my own step.
    undone = alex.unpin(lead, seen=mine, step="undo")
    redone = alex.pin(lead, "hot", seen=undone.version, step="redo")
    sam.pin(lead, "cold")
    assert refusal(lambda: alex.unpin(lead, seen=redone.version, step="undo")) == (
        "Sam pinned Dana Lee as cold just now; your undo would overwrite it"
    )
    assert alex.card(lead).temperature is Temperature.COLD


def test_undo_of_my_edit_leaves_a_field_someone_else_changed_since(
    desks: tuple[LeadService, LeadService],
) -> None:
    alex, sam = desks
    lead = alex.add_contact("Dana Lee", role="CTO", email="a@example.com").contact_id
    mine = alex.edit_contact(lead, seen=alex.lead_version(lead), role="CEO").version
    sam.edit_contact(lead, email="b@example.com")
    alex.edit_contact(lead, seen=mine, step="undo", role="CTO")  # only my field: undone
    assert (alex.contact(lead).role, alex.contact(lead).email) == ("CTO", "b@example.com")
    again = alex.edit_contact(lead, seen=alex.lead_version(lead), role="CEO").version
    sam.edit_contact(lead, role="Founder")
    assert refusal(lambda: alex.edit_contact(lead, seen=again, step="undo", role="CTO")).startswith(
        "Sam changed Dana Lee's role"
    )
    assert alex.contact(lead).role == "Founder"


def test_two_desktops_pinning_one_lead_at_once_lose_nothing(db_path: Path, clock: FakeClock) -> None:
    """Each desktop pins from the version it read; at most one pin per read version lands, and each
    refusal names the other's pin: no write ever lands on a version its writer did not see."""
    setup = LeadService.open(db_path, now=clock, actor="setup")
    lead = setup.add_contact("Dana Lee").contact_id
    setup.close()
    outcomes: dict[str, list[str]] = {"Alex": [], "Sam": []}
    barrier = threading.Barrier(2)

    def desk(name: str, temperature: str) -> None:
        service = LeadService.open(db_path, now=clock, actor=name)
        try:
            for _ in range(15):
                seen = service.lead_version(lead)
                barrier.wait()
                try:
                    service.pin(lead, temperature, seen=seen)
                    outcomes[name].append(f"applied at {seen}")
                except ConflictError as refused:
                    assert refused.change.actor != name and refused.change.version > seen
                    outcomes[name].append("refused")
                barrier.wait()
        finally:
            service.close()

    threads = [threading.Thread(target=desk, args=args) for args in (("Alex", "hot"), ("Sam", "cold"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    check = LeadService.open(db_path, now=clock)
    try:
        pins = [c for c in check.changes_after(0) if c.action == "pinned"]
        # Every round, exactly one of the two pins lands: the second sees the first's version.
        assert len(pins) == 15
        assert sum(entry.startswith("applied") for entry in outcomes["Alex"] + outcomes["Sam"]) == 15
        last = pins[-1]
        assert check.card(lead).temperature is Temperature("hot" if last.actor == "Alex" else "cold")
    finally:
        check.close()


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["Alex", "Sam"]), st.sampled_from(["role", "company", "notes"]), st.booleans()
        ),
        min_size=1,
        max_size=8,
    )
)
def test_no_edit_ever_overwrites_a_value_it_did_not_see(
    tmp_path_factory: pytest.TempPathFactory, steps: list[tuple[str, str, bool]]
) -> None:
    """Whatever order two people edit in, from stale or fresh reads, each field ends with the last
    value written by someone who had seen the one before it (nothing silently lost)."""
    path = tmp_path_factory.mktemp("book") / "leads.db"
    people = {name: LeadService.open(path, actor=name) for name in ("Alex", "Sam")}
    try:
        lead = people["Alex"].add_contact("Dana Lee").contact_id
        read = {name: (service.lead_version(lead), service.contact(lead)) for name, service in people.items()}
        for number, (name, field, fresh) in enumerate(steps):
            service = people[name]
            if fresh:
                read[name] = (service.lead_version(lead), service.contact(lead))
            seen, shown = read[name]
            before = getattr(service.contact(lead), field)
            value = f"{name}-{number}"
            try:
                service.edit_contact(lead, seen=seen, **{field: value})
            except ConflictError:
                # Refused only when the value there is someone else's, written after this read.
                assert before != getattr(shown, field)
                assert getattr(service.contact(lead), field) == before
            else:
                # Applied only over a value this person saw, or wrote themselves.
                assert before == getattr(shown, field) or before.startswith(name)
                assert getattr(service.contact(lead), field) == value
    finally:
        for service in people.values():
            service.close()


def test_the_journal_and_the_actors_travel_in_the_json_export(
    desks: tuple[LeadService, LeadService], tmp_path: Path, clock: FakeClock
) -> None:
    alex, sam = desks
    lead = alex.add_contact("Dana Lee").contact_id
    sam.log_interaction(lead, "pricing_request")
    sam.pin(lead, "hot")
    alex.tick(lead, alex.checklist(lead)[0].item.id)
    sam.set_outcome(lead, "won")
    alex.set_actor_name("Alex Morgan")
    export_json(alex, tmp_path / "book.json")
    restored = LeadService.open(tmp_path / "copy.db", now=clock)
    try:
        summary = import_json(restored, tmp_path / "book.json")
        assert summary.counts["lead_changes"] == 4
        for table in ("interactions", "pins", "checklist_progress", "outcome_changes", "lead_changes"):
            query = f"SELECT * FROM {table} ORDER BY rowid"
            assert restored.store.conn.execute(query).fetchall() == alex.store.conn.execute(query).fetchall()
        assert restored.changes_after(0) == alex.changes_after(0)
        assert restored.actor == "Alex Morgan"
    finally:
        restored.close()


def test_the_actor_is_the_run_s_name_then_the_server_s_then_the_book_s_then_the_login() -> None:
    assert resolve_actor("Sam", "role", "Book", {ACTOR_ENV: "Env"}) == "Sam"
    assert resolve_actor(None, "role", "Book", {ACTOR_ENV: "Env"}) == "Env"
    assert resolve_actor(None, "role", "Book", {}) == "role"
    assert resolve_actor(None, None, "Book", {}) == "Book"
    assert resolve_actor(None, None, None, {}) != ""


def test_a_book_from_before_names_were_recorded_opens_with_no_one_named(
    db_path: Path, clock: FakeClock
) -> None:
    from leadtemp.clock import to_timestamp
    from leadtemp.store import LATEST_VERSION
    from tests.leadtemp.test_migrations import build

    build(db_path, LATEST_VERSION - 1, to_timestamp(clock.current))
    service = LeadService.open(db_path, now=clock, actor="Sam")
    try:
        assert {i.actor for i in service.interactions(1)} == {""}
        assert service.lead_version(1) == 0 and service.changes_after(0) == []
        change = service.pin(1, "cold", seen=0)
        assert service.lead_versions() == {1: change.version}
        assert service.store.conn.execute("SELECT actor FROM pins WHERE contact_id = 1").fetchone() == (
            "Sam",
        )
    finally:
        service.close()


def test_a_bulk_edit_is_journalled_per_lead_and_its_undo_refused_once_someone_changed_one(
    desks: tuple[LeadService, LeadService],
) -> None:
    alex, sam = desks
    ids = [alex.add_contact(name).contact_id for name in ("Dana Lee", "Ari Novak")]
    edit = alex.pin_many(ids, "hot")
    assert [(c.actor, c.contact_id) for c in sam.changes_after(0)] == [("Alex", ids[0]), ("Alex", ids[1])]
    versions = {change.contact_id: change.version for change in edit.changes}
    sam.log_interaction(ids[1], "website_visit")  # nothing the undo puts back: still all mine
    alex.restore_many(edit.undo, seen=versions)
    assert alex.get_pin(ids[0]) is None and alex.get_pin(ids[1]) is None
    again = alex.pin_many(ids, "warm")
    sam.unpin(ids[1])
    versions = {c.contact_id: c.version for c in again.changes}
    assert refusal(lambda: alex.restore_many(again.undo, seen=versions)) == (
        "Sam unpinned Ari Novak just now; your undo would overwrite it"
    )
    assert alex.get_pin(ids[0]) is not None


def test_a_new_book_in_folders_still_to_be_made_is_writable(tmp_path: Path) -> None:
    assert LeadService.writable_at(tmp_path / "new" / "folders" / "leads.db")
    (tmp_path / "a-file").write_text("")
    assert not LeadService.writable_at(tmp_path / "a-file" / "leads.db")


def test_undo_of_my_merge_is_refused_once_someone_else_changed_the_lead_kept(
    desks: tuple[LeadService, LeadService],
) -> None:
    alex, sam = desks
    keep = alex.add_contact("Dana Lee", company="Acme").contact_id
    other = alex.add_contact("Dana Lee", company="Acme {Europe}").contact_id
    merge = alex.merge_contacts(keep, other)
    assert alex.changes_after(0)[-1].summary == "merged #2 Dana Lee into Dana Lee"
    sam.pin(keep, "hot")
    assert refusal(lambda: alex.unmerge(merge.undo, seen=merge.change.version, step="undo")) == (
        "Sam pinned Dana Lee as hot just now; your undo would overwrite it"
    )
    assert alex.get_pin(keep) is not None and [c.id for c in alex.contacts()] == [keep]


def test_a_step_whose_text_has_braces_is_journalled_as_written(
    desks: tuple[LeadService, LeadService],
) -> None:
    alex, _ = desks
    keep = alex.add_contact("Dana Lee").contact_id
    other = alex.add_contact("Dana {Lee}").contact_id
    alex.merge_contacts(keep, other)
    assert alex.changes_after(0)[-1].summary == f"merged #{other} Dana {{Lee}} into Dana Lee"


def test_a_name_given_back_leaves_the_book_s_writes_to_the_login_name(service: LeadService) -> None:
    login = service.actor
    assert service.set_actor_name("Alex Morgan") == "Alex Morgan"
    assert service.store.get_setting(ACTOR_SETTING) == "Alex Morgan"
    assert service.set_actor_name(None) == login
    assert service.store.get_setting(ACTOR_SETTING) is None
