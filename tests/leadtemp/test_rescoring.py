"""Score states folded from the log agree with folding each contact's log one by one."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path
from unittest.mock import patch

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from leadtemp.model import SIGNAL_CATEGORIES, Category
from leadtemp.rescoring import compute_states, rebuild_states
from leadtemp.scoring.rules import DEFAULT_HALF_LIVES, Rules
from leadtemp.scoring.state import (
    LAST_TOUCH,
    LASTING,
    NEWEST,
    state_from_log,
    state_from_values,
    state_to_row,
)
from leadtemp.store import Store
from tests.leadtemp.test_store import DAY, add, fill

pytestmark = pytest.mark.both_backends


@pytest.fixture
def store(book_location: str | Path) -> Iterator[Store]:
    opened = Store(book_location)
    yield opened
    opened.close()


def expected_rows(store: Store, rules: Rules, until: float | None = None) -> dict[int, list[object]]:
    return {
        contact_id: state_to_row(
            state_from_log(
                [(k, at) for k, at in store.log_for(contact_id) if until is None or at <= until], rules
            )
        )
        for contact_id in store.contact_ids(include_archived=True)
    }


def same_state(have: list[object], want: list[object], rules: Rules) -> bool:
    if have[LAST_TOUCH:LASTING] != want[LAST_TOUCH:LASTING]:
        return False
    moment = float(want[NEWEST] or 0.0)  # type: ignore[arg-type]
    slots = [(2 * index, rules.half_life(category)) for index, category in enumerate(SIGNAL_CATEGORIES)]
    for slot, half_life in [*slots, (LASTING, rules.lasting_half_life)]:
        scale = half_life * DAY
        values = []
        for row in (have, want):
            value, ref = row[slot], row[slot + 1]
            values.append(0.0 if ref is None else value * math.exp2((ref - moment) / scale))  # type: ignore[operator]
        if not math.isclose(values[0], values[1], rel_tol=1e-9, abs_tol=1e-12):
            return False
    return True


#: Same-day repeats on top of ``fill``'s log (days before its start): a visit, three opens, a
#: second pricing request, two unsubscribes and a kind the rules do not know.
REPEATS = [
    ("website_visit", 40.01),
    ("email_open", 2.5),
    ("email_open", 2.4),
    ("email_open", 2.45),
    ("pricing_request", 12.01),
    ("carrier_pigeon", 3.01),
    ("unsubscribed", 0.5),
    ("unsubscribed", 0.49),
]


def fill_with_repeats(store: Store, start: float = 1_700_000_000.0) -> list[int]:
    ids = fill(store, start=start)
    with store.transaction():
        for contact_id in ids:
            for kind, days in REPEATS:
                store.insert_interaction(contact_id, kind, start - days * DAY, "", start)
    return ids


@pytest.fixture(params=["sqlite", "python"])
def fold(request: pytest.FixtureRequest, store: Store, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each test with the log folded by SQLite and by Python (a build without math functions)."""
    if request.param == "python":
        monkeypatch.setattr(store, "has_math_functions", lambda: False)
    else:
        assert store.has_math_functions()
    return str(request.param)


@pytest.mark.parametrize(
    "rules",
    [
        Rules(),
        Rules(half_lives={**DEFAULT_HALF_LIVES, "behavioral": 0.1, "explicit_interest": 0.2}),
        Rules(daily_limit={"behavioral": 0, "engagement": 2, "explicit_interest": 1, "negative": 0}),
    ],
    ids=["defaults", "half-lives of hours", "other daily limits"],
)
def test_compute_states_agrees_with_folding_each_log(store: Store, rules: Rules, fold: str) -> None:
    fill_with_repeats(store)
    computed = compute_states(store, rules)
    expected = expected_rows(store, rules)
    assert computed.keys() == expected.keys()
    for contact_id, row in computed.items():
        assert same_state(row, expected[contact_id], rules), contact_id


def test_compute_states_can_stop_at_a_time_and_take_a_few_contacts(store: Store) -> None:
    ids = fill(store, contacts=4)
    rules = Rules()
    until = 1_700_000_000.0 - 10 * DAY
    computed = compute_states(store, rules, ids[1:3], until=until)
    expected = expected_rows(store, rules, until)
    assert set(computed) == set(ids[1:3])
    for contact_id, row in computed.items():
        assert same_state(row, expected[contact_id], rules)


def test_a_contact_asked_for_twice_is_folded_once(store: Store) -> None:
    """A capture asks for its touched leads and the leads its joins logged on, which can repeat."""
    ids = fill(store, contacts=4)
    rules = Rules()
    computed = compute_states(store, rules, [ids[0], ids[1], ids[0], ids[1]])
    expected = expected_rows(store, rules)
    assert set(computed) == {ids[0], ids[1]}
    for contact_id, row in computed.items():
        assert same_state(row, expected[contact_id], rules)


def test_everybody_as_of_a_time_counts_only_what_happened_by_then(store: Store, fold: str) -> None:
    fill_with_repeats(store)
    rules = Rules()
    for until in (1_700_000_000.0 - 2.45 * DAY, 1_700_000_000.0 - 0.495 * DAY):
        computed = compute_states(store, rules, until=until)
        expected = expected_rows(store, rules, until)
        for contact_id, row in computed.items():
            assert same_state(row, expected[contact_id], rules), (until, contact_id)


def test_an_unknown_kind_counts_as_a_touch_only(store: Store) -> None:
    contact_id = add(store)
    with store.transaction():
        store.insert_interaction(contact_id, "carrier_pigeon", 5 * DAY, "", 0.0)
    row = compute_states(store, Rules())[contact_id]
    assert row[8] == row[11] == 5 * DAY
    assert row[:8] == [0.0, None, 0.0, None, 0.0, None, 0.0, None]


def test_rebuild_states_stores_the_fingerprint_and_keeps_last_temperatures(store: Store) -> None:
    ids = fill(store)
    rules = Rules(half_lives={**DEFAULT_HALF_LIVES, "engagement": 10})
    with store.transaction():
        store.set_last_temperature(ids[0], "hot")
        assert rebuild_states(store, rules) == len(ids)
    assert store.stale_state_ids(rules.fingerprint()) == []
    assert store.stale_state_ids(Rules().fingerprint()) == ids
    assert state_from_values(store.state_values(ids[0]) or ()).last_temperature == "hot"
    expected = expected_rows(store, rules)
    for contact_id in ids:
        assert same_state(
            state_to_row(state_from_values(store.state_values(contact_id) or ())), expected[contact_id], rules
        )


def test_stale_states_are_the_ones_of_other_rules_and_the_missing_ones(store: Store) -> None:
    ids = fill(store)
    rules = Rules()
    with store.transaction():
        rebuild_states(store, rules)
    assert store.stale_state_ids(rules.fingerprint()) == []
    with store.transaction():
        store.conn.execute(
            "UPDATE score_state SET fingerprint = 'other rules' WHERE contact_id = ?", (ids[1],)
        )
    assert store.stale_state_ids(rules.fingerprint()) == [ids[1]]
    with store.transaction():
        store.conn.execute("DELETE FROM score_state WHERE contact_id = ?", (ids[0],))
    assert sorted(store.stale_state_ids(rules.fingerprint())) == sorted([ids[0], ids[1]])


def test_rebuild_reports_progress(store: Store, fold: str) -> None:
    fill(store)
    seen: list[tuple[int, int]] = []
    with store.transaction():
        rebuild_states(store, Rules(), progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1][0] == seen[-1][1]
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    if fold == "python":
        assert seen[-1][1] == store.counts()["interactions"]


def test_sqlite_folds_everybody_per_kind_and_python_only_the_few(db_path: Path) -> None:
    """Where the build has math functions, a full rebuild reads one row per contact and kind: no
    statement reads the log row by row, each kind is folded on its stretch of the kind index; a
    few contacts are still read by their index (SQLite's trace of its statements: the server runs
    the same ones)."""
    store = Store(db_path)
    ids = fill_with_repeats(store)
    statements: list[str] = []

    def per_kind_folds() -> list[str]:
        return [s for s in statements if "interactions_by_kind" in s and "GROUP BY contact_id" in s]

    store.conn.set_trace_callback(statements.append)
    try:
        compute_states(store, Rules())
        assert not [s for s in statements if "CASE kind" in s]
        assert len(per_kind_folds()) >= len(set(store.logged_kinds()))
        statements.clear()
        compute_states(store, Rules(), ids[:1])
        assert not per_kind_folds()
    finally:
        store.conn.set_trace_callback(None)
        store.close()


def test_many_contacts_are_folded_in_one_scan(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    import leadtemp.store.store as store_module

    ids = fill(store, contacts=5)
    rules = Rules()
    few = compute_states(store, rules, ids[:3])
    monkeypatch.setattr(store_module, "_FEW_CONTACTS", 1)
    scanned = compute_states(store, rules, ids[:3])
    assert scanned == few


@pytest.mark.parametrize("few", [True, False], ids=["read by id", "one scan"])
def test_every_fold_keeps_the_moment_a_sum_was_last_worth_warm(
    store: Store, fold: str, few: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A download 70 days ago is worth the warm points; a visit today leaves the sum below them, so
    the behavioral sum stays anchored at the download, whichever way the log is folded."""
    from leadtemp import rescoring

    if not few:
        monkeypatch.setattr(rescoring, "_FEW_CANDIDATES", 0)
    start = 1_700_000_000.0
    with store.transaction():
        warm_then = store.insert_contact({"name": "Warm then"}, start)
        visits = store.insert_contact({"name": "Visits only"}, start)
        for contact_id, kind, days in (
            (warm_then, "content_download", 70),
            (warm_then, "website_visit", 0.01),
            (warm_then, "email_open", 3),
            (visits, "website_visit", 20),
            (visits, "website_visit", 0.5),
        ):
            store.insert_interaction(contact_id, kind, start - days * DAY, "", start)
    rules = Rules()
    have = compute_states(store, rules)
    want = expected_rows(store, rules)
    behavioral = 2 * SIGNAL_CATEGORIES.index(Category.BEHAVIORAL)
    assert have[warm_then][behavioral + 1] == want[warm_then][behavioral + 1] == start - 70 * DAY
    assert have[visits][behavioral + 1] == want[visits][behavioral + 1] == start - 0.5 * DAY
    for contact_id in (warm_then, visits):
        assert same_state(have[contact_id], want[contact_id], rules)
        assert have[contact_id][1::2][:4] == want[contact_id][1::2][:4]


#: Kinds under the warm points on their own (twice, as the commonest), over them, and others.
_SIGNAL_KINDS = [
    *("website_visit", "email_open") * 2,
    *("social_follow", "content_download", "email_click", "referral", "pricing_request", "email_sent"),
]
#: Per contact, (kind, seconds before the book's start) on a six-hour grid, so instants are shared.
_signal_logs = st.lists(
    st.lists(
        st.tuples(
            st.sampled_from(_SIGNAL_KINDS),
            st.integers(min_value=0, max_value=300 * 4).map(lambda quarters: quarters * 6 * 3600.0),
        ),
        max_size=20,
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=80, deadline=None)
@example(
    logs=[
        [
            ("content_download", 200 * DAY),
            ("website_visit", 150 * DAY),
            ("website_visit", 149 * DAY),
            ("website_visit", 0.0),
        ]
    ],
    rules=Rules(),
)
@given(logs=_signal_logs, rules=st.sampled_from([Rules(), Rules(warm_signal_points=15)]))
def test_sqlite_finds_the_same_warm_moments_as_folding_each_log_in_order(
    logs: list[list[tuple[str, float]]], rules: Rules
) -> None:
    """Folded by SQLite for the whole book (reading only the signals after each sum's newest one
    worth the warm points on its own), every sum keeps the anchor and the value that folding
    each contact's log in time order gives."""
    from leadtemp import rescoring

    store = Store(":memory:")
    try:
        start = 1_700_000_000.0
        with store.transaction():
            for log in logs:
                contact_id = store.insert_contact({"name": "Lead"}, start)
                for kind, before in log:
                    store.insert_interaction(contact_id, kind, start - before, "", start)
        with patch.object(rescoring, "_FEW_CANDIDATES", 0):
            have = compute_states(store, rules)
        want = expected_rows(store, rules)
        for contact_id, row in want.items():
            assert have[contact_id][1::2][:4] == row[1::2][:4]
            assert have[contact_id][LASTING + 1] == row[LASTING + 1]
            assert same_state(have[contact_id], row, rules)
    finally:
        store.close()
