"""Schema migrations: a database written at every earlier version opens with the current code,
keeps its data and gets its score states rebuilt; each step is tested from the one before."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from leadtemp.clock import to_timestamp
from leadtemp.errors import DatabaseError
from leadtemp.model import Temperature
from leadtemp.scoring.decay import compute_fit, score_interactions
from leadtemp.scoring.rules import Rules
from leadtemp.scoring.state import state_from_log, state_from_values
from leadtemp.scoring.temperature import MODEL_CHANGED, MODEL_SETTING, MODEL_VERSION
from leadtemp.service import LeadService
from leadtemp.store import LATEST_VERSION, Store, migrations
from tests.conftest import FakeClock

DAY = 86400.0
RULES_JSON = {"warm_min": 25, "hot_min": 60, "half_lives": {"explicit_interest": 21}}


def build(path: Path, version: int, now: float) -> None:
    """A database at ``version`` (only the first migrations applied) holding a small lead book."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        assert migrations.migrate(conn, target=version) == list(range(1, version + 1))
        conn.execute("BEGIN")
        contacts = [
            # id, name, email, company, role, industry, size, source, fit, notes, outcome, archived, age
            (
                1,
                "Dana Lee",
                "dana@example.com",
                "Acme",
                "CEO",
                "software",
                40,
                "referral",
                8,
                "",
                "open",
                0,
                90,
            ),
            (2, "Ari Novak", "", "Northwind", "", "", None, "", None, "met at expo", "open", 0, 60),
            (3, "Mina Okafor", "mina@example.com", "", "", "", None, "", 3, "", "won", 0, 30),
            (4, "Old Lead", "", "", "", "", None, "", None, "", "open", 1, 400),
        ]
        conn.executemany(
            "INSERT INTO contacts (id, name, email, company, role, industry, company_size, source, fit, "
            "notes, outcome, archived, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(*row[:-1], now - row[-1] * DAY, now) for row in contacts],
        )
        log = [
            # id, contact, kind, days ago, note
            (1, 1, "website_visit", 20, ""),
            (2, 1, "pricing_request", 2, "asked for a quote"),
            (3, 1, "demo_booked", 1, ""),
            (4, 2, "webinar_attended", 10, ""),
            (5, 2, "not_interested", 3, ""),
            (6, 3, "proposal_request", 5, ""),
            (7, 1, "call_made", 0.5, ""),
            (8, 4, "email_bounced", 300, ""),
        ]
        conn.executemany(
            "INSERT INTO interactions (id, contact_id, kind, occurred_at, note, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(i, c, kind, now - days * DAY, note, now - days * DAY) for i, c, kind, days, note in log],
        )
        conn.execute(
            "INSERT INTO pins (contact_id, temperature, since, expires_at) VALUES (2, 'hot', ?, NULL)", (now,)
        )
        conn.execute(
            "INSERT INTO checklist_progress (contact_id, temperature, item_id, done_at) "
            "VALUES (1, 'hot', 'respond_now', ?)",
            (now,),
        )
        conn.execute("INSERT INTO settings (key, value) VALUES ('rules', ?)", (json.dumps(RULES_JSON),))
        if version >= 2:
            # What an older release left behind: states built with other rules, one row missing.
            conn.execute(
                "UPDATE score_state SET fingerprint = 'old-rules', behavioral = 99, last_temperature = 'warm'"
            )
            conn.execute("DELETE FROM score_state WHERE contact_id = 3")
        conn.execute("COMMIT")
        assert migrations.schema_version(conn) == version
    finally:
        conn.close()


def dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """The rows every version has, in a stable order."""
    conn = sqlite3.connect(path)
    try:
        return {
            "contacts": conn.execute(
                "SELECT id, name, email, phone, company, role, industry, company_size, source, fit, notes, "
                "outcome, archived, created_at, updated_at FROM contacts ORDER BY id"
            ).fetchall(),
            "interactions": conn.execute(
                "SELECT id, contact_id, kind, occurred_at, note, created_at FROM interactions ORDER BY id"
            ).fetchall(),
            "pins": conn.execute(
                "SELECT contact_id, temperature, since, expires_at FROM pins ORDER BY contact_id"
            ).fetchall(),
            "checklist_progress": conn.execute(
                "SELECT contact_id, temperature, item_id, done_at FROM checklist_progress"
            ).fetchall(),
            "settings": conn.execute("SELECT * FROM settings ORDER BY key").fetchall(),
        }
    finally:
        conn.close()


def tables(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'index')")
        }
    finally:
        conn.close()


@pytest.fixture
def opened(db_path: Path, clock: FakeClock) -> Iterator[list[LeadService]]:
    services: list[LeadService] = []
    yield services
    for service in services:
        service.close()


def test_the_steps_are_numbered_in_order() -> None:
    assert LATEST_VERSION == len(migrations.MIGRATIONS) >= 3


@pytest.mark.parametrize("version", range(1, LATEST_VERSION))
def test_an_older_database_opens_with_its_data_kept_and_states_rebuilt(
    db_path: Path, clock: FakeClock, opened: list[LeadService], version: int
) -> None:
    now = to_timestamp(clock.current)
    build(db_path, version, now)
    before = dump(db_path)
    service = LeadService.open(db_path, now=clock)
    opened.append(service)
    assert migrations.schema_version(service.store.conn) == LATEST_VERSION
    assert dump(db_path) == before
    rules = service.rules
    assert (rules.warm_min, rules.hot_min, rules.half_lives["explicit_interest"]) == (25, 60, 21)
    # Every contact has a state built with the current rules that matches its log.
    fingerprint = rules.fingerprint()
    assert service.store.stale_state_ids(fingerprint) == []
    for contact_id in (1, 2, 3, 4):
        state = state_from_values(service.store.state_values(contact_id) or ())
        expected = state_from_log(service.store.log_for(contact_id), rules)
        assert state.fingerprint == fingerprint
        assert (state.last_touch, state.last_buying_signal, state.last_outreach) == (
            expected.last_touch,
            expected.last_buying_signal,
            expected.last_outreach,
        )
    # The board scores them exactly as the log does, pins and outcomes included.
    cards = {card.contact_id: card for card in service.board().all_cards()}
    assert set(cards) == {1, 2}
    for contact_id, card in cards.items():
        contact = service.contact(contact_id)
        log = service.interactions(contact_id)
        assert card.score == score_interactions(log, compute_fit(contact, rules), rules, clock.current).score
    assert cards[2].pinned and cards[2].temperature is Temperature.HOT
    assert service.checklist(1)[0].done == (cards[1].temperature is Temperature.HOT)


def test_step_2_adds_score_states_for_existing_contacts(db_path: Path, clock: FakeClock) -> None:
    build(db_path, 1, to_timestamp(clock.current))
    before = dump(db_path)
    conn = sqlite3.connect(db_path, isolation_level=None)
    assert migrations.migrate(conn, target=2) == [2]
    rows = conn.execute("SELECT contact_id, fingerprint FROM score_state ORDER BY contact_id").fetchall()
    conn.close()
    assert rows == [(1, ""), (2, ""), (3, ""), (4, "")]
    assert "interactions_by_time" in tables(db_path)
    assert dump(db_path) == before


def test_step_3_adds_import_batches_without_touching_contacts(db_path: Path, clock: FakeClock) -> None:
    build(db_path, 2, to_timestamp(clock.current))
    before = dump(db_path)
    conn = sqlite3.connect(db_path, isolation_level=None)
    assert migrations.migrate(conn, target=3) == [3]
    extra = conn.execute("SELECT batch_id, source_file FROM contacts ORDER BY id").fetchall()
    conn.close()
    assert extra == [(None, "")] * 4
    assert {"import_batches", "import_updates", "contacts_by_batch"} <= tables(db_path)
    assert dump(db_path) == before


@pytest.mark.parametrize("version", range(1, 4))
def test_step_4_dates_existing_outcomes_by_their_contacts_last_update(
    db_path: Path, clock: FakeClock, opened: list[LeadService], version: int
) -> None:
    now = to_timestamp(clock.current)
    build(db_path, version, now)
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("UPDATE contacts SET updated_at = ? WHERE id = 3", (now - 7 * DAY,))
    conn.close()
    before = dump(db_path)
    service = LeadService.open(db_path, now=clock)
    opened.append(service)
    assert dump(db_path) == before
    rows = service.store.conn.execute(
        "SELECT contact_id, outcome, changed_at FROM outcome_changes"
    ).fetchall()
    assert rows == [(3, "won", now - 7 * DAY)]
    assert service.detail(3).outcome_at == clock.current - timedelta(days=7)
    assert service.detail(1).outcome_history == ()


def test_migrating_an_up_to_date_database_does_nothing(db_path: Path) -> None:
    Store(db_path).close()
    conn = sqlite3.connect(db_path, isolation_level=None)
    assert migrations.migrate(conn) == []
    conn.close()


def test_a_failing_step_leaves_the_previous_version_intact(
    db_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(db_path, LATEST_VERSION - 1, to_timestamp(clock.current))
    before, names = dump(db_path), tables(db_path)

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (id INTEGER)")
        conn.execute("ALTER TABLE contacts ADD COLUMN half_done TEXT")
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS[:-1], broken))
    with pytest.raises((sqlite3.Error, DatabaseError)):
        Store(db_path)
    conn = sqlite3.connect(db_path)
    assert migrations.schema_version(conn) == LATEST_VERSION - 1
    columns = [row[1] for row in conn.execute("PRAGMA table_info(contacts)")]
    conn.close()
    assert "half_done" not in columns
    assert tables(db_path) == names
    assert dump(db_path) == before


def test_the_rules_stored_by_an_older_version_still_load(db_path: Path, clock: FakeClock) -> None:
    build(db_path, 1, to_timestamp(clock.current))
    service = LeadService.open(db_path, now=clock)
    try:
        assert service.rules == Rules.from_json(RULES_JSON)
    finally:
        service.close()


@pytest.mark.parametrize("version", range(1, 5))
def test_step_5_moves_a_linkedin_profile_out_of_the_notes_into_its_field(
    db_path: Path, clock: FakeClock, opened: list[LeadService], version: int
) -> None:
    now = to_timestamp(clock.current)
    build(db_path, version, now)
    written = {
        5: ("Li Wei", "met in Shenzhen\nLinkedIn: http://cn.linkedin.com/in/Li-Wei-3a9b1c/?trk=people"),
        6: ("Somebody", "Ask Wei about https://www.linkedin.com/in/li-wei-3a9b1c"),
        7: (
            "Two Profiles",
            "URL: https://www.linkedin.com/in/first\nLinkedIn: linkedin.com/in/First/\n"
            "LinkedIn: https://www.linkedin.com/in/second",
        ),
        8: ("Acme Page", "LinkedIn: https://www.linkedin.com/company/acme"),
    }
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.executemany(
        "INSERT INTO contacts (id, name, notes, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
        [(contact_id, name, notes, now, now) for contact_id, (name, notes) in written.items()],
    )
    conn.close()
    service = LeadService.open(db_path, now=clock)
    opened.append(service)
    moved = {c.id: (c.linkedin, c.notes) for c in service.contacts(include_archived=True)}
    assert moved[5] == ("https://www.linkedin.com/in/li-wei-3a9b1c", "met in Shenzhen")
    assert moved[6] == ("", written[6][1])
    assert moved[7] == ("https://www.linkedin.com/in/first", "LinkedIn: https://www.linkedin.com/in/second")
    assert moved[8] == ("", written[8][1])
    assert moved[1] == ("", "") and moved[2] == ("", "met at expo")


@pytest.mark.parametrize("version", range(1, 6))
def test_step_6_adds_an_empty_rules_history_and_a_rules_change_is_recorded_after_it(
    db_path: Path, clock: FakeClock, opened: list[LeadService], version: int
) -> None:
    build(db_path, version, to_timestamp(clock.current))
    service = LeadService.open(db_path, now=clock)
    opened.append(service)
    assert service.rules_history() == []
    assert service.rules == Rules.from_json(RULES_JSON)
    service.update_settings(service.rules.with_changes(hot_min=65), action="hot_min=65")
    (change,) = service.rules_history()
    assert (change.action, change.after["hot_min"], change.before["hot_min"]) == ("hot_min=65", 65, 60)
    service.undo_rules()
    assert service.rules == Rules.from_json(RULES_JSON)


def test_step_7_gives_lasting_facts_their_own_sum_and_says_which_leads_that_moved(
    db_path: Path, clock: FakeClock, opened: list[LeadService]
) -> None:
    now = to_timestamp(clock.current)
    build(db_path, 6, now)
    conn = sqlite3.connect(db_path, isolation_level=None)
    try:
        # A past buyer with light fresh touches, cold under model 2 (its purchase faded in weeks).
        conn.execute(
            "INSERT INTO contacts (id, name, fit, created_at, updated_at) VALUES (5, 'Past Buyer', 10, ?, ?)",
            (now - 200 * DAY, now),
        )
        conn.executemany(
            "INSERT INTO interactions (contact_id, kind, occurred_at, note, created_at) "
            "VALUES (5, ?, ?, '', ?)",
            [(kind, now - days * DAY, now) for kind, days in (("repeat_customer", 150), ("email_open", 2))],
        )
        conn.execute(
            "INSERT INTO score_state (contact_id, fingerprint, last_temperature) VALUES (5, 'x', 'cold')"
        )
        conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, '2')", (MODEL_SETTING,))
    finally:
        conn.close()
    service = LeadService.open(db_path, now=clock)
    opened.append(service)
    state = state_from_values(service.store.state_values(5) or ())
    assert state.lasting.ref == now - 150 * DAY and state.lasting.value == 15
    changes = service.refresh()
    assert [(c.contact_id, c.new_temperature, c.reason) for c in changes] == [
        (5, Temperature.WARM, f"cold -> warm: {MODEL_CHANGED}")
    ]
    assert service.store.get_setting(MODEL_SETTING) == MODEL_VERSION


def test_step_8_ranks_each_day_of_the_log_and_says_which_leads_the_daily_limit_moved(
    db_path: Path, clock: FakeClock, opened: list[LeadService]
) -> None:
    now = to_timestamp(clock.current)
    build(db_path, 7, now)
    conn = sqlite3.connect(db_path, isolation_level=None)
    try:
        # One afternoon of reloading the home page: warm under model 3 (twelve visits), one visit now.
        conn.execute(
            "INSERT INTO contacts (id, name, fit, created_at, updated_at) VALUES (5, 'Reloader', 5, ?, ?)",
            (now - 30 * DAY, now),
        )
        conn.executemany(
            "INSERT INTO interactions (contact_id, kind, occurred_at, note, created_at) "
            "VALUES (5, 'website_visit', ?, '', ?)",
            [(now - DAY - minutes * 60, now) for minutes in range(12)],
        )
        conn.execute(
            "INSERT INTO score_state (contact_id, fingerprint, last_temperature) VALUES (5, 'x', 'warm')"
        )
        conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, '3')", (MODEL_SETTING,))
    finally:
        conn.close()
    service = LeadService.open(db_path, now=clock)
    opened.append(service)
    ranks = service.store.conn.execute(
        "SELECT day_rank FROM interactions WHERE contact_id = 5 ORDER BY occurred_at"
    ).fetchall()
    assert [rank for (rank,) in ranks] == list(range(1, 13))
    changes = service.refresh()
    assert (5, Temperature.COLD, f"warm -> cold: {MODEL_CHANGED}") in [
        (c.contact_id, c.new_temperature, c.reason) for c in changes
    ]
    assert service.refresh() == []


def test_a_book_scored_by_the_older_model_says_once_which_leads_it_moved_and_why(
    db_path: Path, clock: FakeClock, opened: list[LeadService]
) -> None:
    build(db_path, LATEST_VERSION, to_timestamp(clock.current))
    LeadService.open(db_path, now=clock).close()
    conn = sqlite3.connect(db_path, isolation_level=None)
    try:
        # What the older release last saw: Dana warm (its caps kept buying signals under hot), and
        # no model version among the settings.
        conn.execute("UPDATE score_state SET last_temperature = 'warm' WHERE contact_id = 1")
        conn.execute("DELETE FROM settings WHERE key = ?", (MODEL_SETTING,))
    finally:
        conn.close()
    service = LeadService.open(db_path, now=clock)
    opened.append(service)
    assert service.store.get_setting(MODEL_SETTING) is None
    changes = service.refresh()
    assert [(c.contact_id, c.new_temperature) for c in changes] == [
        (1, Temperature.HOT),
    ]
    assert {c.reason for c in changes} == {f"warm -> hot: {MODEL_CHANGED}"}
    assert service.store.get_setting(MODEL_SETTING) == MODEL_VERSION
    assert service.refresh() == []


def test_a_new_book_never_says_the_model_changed(
    db_path: Path, clock: FakeClock, opened: list[LeadService]
) -> None:
    service = LeadService.open(db_path, now=clock)
    opened.append(service)
    contact_id = service.add_contact("Dana Lee").contact_id
    service.log_interaction(contact_id, "pricing_request")
    clock.advance(days=20)
    assert [c.cause for c in service.refresh()] == ["signals faded"]


@pytest.mark.parametrize("version", range(1, migrations.COMPANIES_VERSION))
def test_step_13_gives_every_contact_the_company_its_domain_or_company_name_says(
    db_path: Path, clock: FakeClock, opened: list[LeadService], version: int
) -> None:
    build(db_path, version, to_timestamp(clock.current))
    service = LeadService.open(db_path, now=clock)
    opened.append(service)
    # Dana and Mina write from example.com (Dana's company is Acme); Ari has only a company name.
    summaries = {summary.record.name: summary.record for summary in service.companies()}
    assert {name: (record.domain, record.people) for name, record in summaries.items()} == {
        "Acme": ("example.com", 2),
        "Northwind": ("", 1),
    }
    assert (summaries["Acme"].industry, summaries["Acme"].size) == ("software", 40)
    assert service.company_of(1) == service.company_of(3) == summaries["Acme"].id
    assert service.company_of(2) == summaries["Northwind"].id
    assert service.company_of(4) is None


def test_step_15_lets_a_report_read_each_leads_log_in_order_without_sorting_it(
    db_path: Path, clock: FakeClock, opened: list[LeadService]
) -> None:
    from leadtemp.store.history import coded_logs_until

    now = to_timestamp(clock.current)
    build(db_path, 14, now)
    service = LeadService.open(db_path, now=clock)
    opened.append(service)
    conn = service.store.conn
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    try:
        logs = dict(coded_logs_until(service.store, now, [("email_reply", 0, 0)], 0))
    finally:
        conn.set_trace_callback(None)
    assert set(logs) == {
        contact_id for (contact_id,) in conn.execute("SELECT DISTINCT contact_id FROM interactions")
    }
    for log in logs.values():
        assert [at for _, _, at in log] == sorted(at for _, _, at in log)
    plan = " ".join(str(row[3]) for row in conn.execute(f"EXPLAIN QUERY PLAN {statements[-1]}"))
    assert "COVERING INDEX interactions_by_contact_in_order" in plan and "TEMP B-TREE" not in plan


def test_step_16_lets_the_board_read_the_trend_from_the_index_alone(
    db_path: Path, clock: FakeClock, opened: list[LeadService]
) -> None:
    now = to_timestamp(clock.current)
    build(db_path, 15, now)
    service = LeadService.open(db_path, now=clock)
    opened.append(service)
    store = service.store
    weights = {"email_reply": 10.0, "website_visit": 3.0, "pricing_request": 40.0}
    start, split = now - 60 * DAY, now - 30 * DAY
    rates = store.signal_rates(start, split, now, weights)
    expected: dict[int, list[float]] = {}
    for contact_id, kind, at in store.conn.execute("SELECT contact_id, kind, occurred_at FROM interactions"):
        if kind in weights and start < at <= now:
            pair = expected.setdefault(contact_id, [0.0, 0.0])
            pair[0 if at > split else 1] += weights[kind]
    assert expected and rates == {contact_id: tuple(pair) for contact_id, pair in expected.items()}
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    try:
        store.signal_rates(start, split, now, weights)
    finally:
        store.conn.set_trace_callback(None)
    plan = " ".join(str(row[3]) for row in store.conn.execute(f"EXPLAIN QUERY PLAN {statements[-1]}"))
    assert "COVERING INDEX interactions_by_time_and_contact" in plan
    assert "interactions_by_time" not in tables(db_path)
