"""The board's list models: Qt's model contract, board order, and single-row moves."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.board.model import MIME_TYPE, BoardModel, CardRole, contact_id_from_mime
from leadtemp.model import Board, Card, Temperature
from leadtemp.scoring.order import card_sort_key
from leadtemp.service import Change, LeadService
from tests.conftest import FakeClock
from tests.desktop.conftest import HOT_KINDS

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def make_card(contact_id: int, score: int, temperature: Temperature | None = None, **fields: object) -> Card:
    temperature = temperature or (
        Temperature.HOT if score >= 71 else Temperature.WARM if score >= 31 else Temperature.COLD
    )
    values: dict[str, object] = {
        "contact_id": contact_id,
        "name": f"Lead {contact_id}",
        "company": f"Company {contact_id % 7}",
        "email": f"lead{contact_id}@example.com",
        "score": score,
        "temperature": temperature,
        "computed_temperature": temperature,
        "pinned": False,
        "trend": 0,
        "trend_delta": 0,
        "last_touch_at": NOW - timedelta(days=contact_id % 5),
        "days_since_touch": contact_id % 5,
        "next_step": "Send pricing or a proposal",
        "waiting_since": None,
    }
    values.update(fields)
    return Card(**values)  # type: ignore[arg-type]


def board_of(cards: list[Card]) -> Board:
    columns: dict[Temperature, list[Card]] = {t: [] for t in Temperature}
    for card in cards:
        columns[card.temperature].append(card)
    for column in columns.values():
        column.sort(key=card_sort_key)
    return Board(columns[Temperature.COLD], columns[Temperature.WARM], columns[Temperature.HOT])


def change_for(old: Card | None, new: Card | None, contact_id: int) -> Change:
    return Change(
        contact_id,
        "logged",
        f"Lead {contact_id}",
        new,
        score=new.score if new else None,
        old_score=old.score if old else None,
        old_temperature=old.temperature if old else None,
        new_temperature=new.temperature if new else None,
        cause="pricing_request",
    )


def ids(model: BoardModel, temperature: Temperature) -> list[int]:
    column = model.column(temperature)
    return [column.index(row, 0).data(CardRole.ContactIdRole) for row in range(column.rowCount())]


def shown_ids(model: BoardModel, temperature: Temperature) -> list[int]:
    proxy = model.proxy(temperature)
    return [proxy.index(row, 0).data(CardRole.ContactIdRole) for row in range(proxy.rowCount())]


@pytest.fixture
def model(qtbot: QtBot) -> BoardModel:
    board = BoardModel(lambda: NOW)
    board.load(board_of([make_card(i, score) for i, score in enumerate([5, 12, 40, 55, 63, 80, 95, 20], 1)]))
    return board


def test_columns_pass_qt_model_tester_through_changes(qtmodeltester: ModelTester, model: BoardModel) -> None:
    for temperature in Temperature:
        qtmodeltester.check(model.column(temperature))
        qtmodeltester.check(model.proxy(temperature))
    old = model.card(3)
    assert old is not None
    moved = replace(old, score=85, temperature=Temperature.HOT, computed_temperature=Temperature.HOT)
    model.apply(change_for(old, moved, 3))
    model.put(1, replace(model.card(1), score=25))  # type: ignore[arg-type]
    model.set_filter("company 1")
    model.set_filter("")
    model.put(2, None)


def test_rows_follow_board_order_and_roles(model: BoardModel) -> None:
    assert ids(model, Temperature.COLD) == [8, 2, 1]
    assert ids(model, Temperature.WARM) == [5, 4, 3]
    assert ids(model, Temperature.HOT) == [7, 6]
    hot = model.column(Temperature.HOT)
    index = hot.index(0, 0)
    assert index.data(Qt.ItemDataRole.DisplayRole) == "Lead 7"
    assert index.data(CardRole.ScoreRole) == 95
    assert index.data(CardRole.TemperatureRole) == "hot"
    assert index.data(CardRole.CompanyRole) == "Company 0"
    assert index.data(CardRole.TouchTextRole) == "Touched 2 days ago"
    assert index.data(CardRole.NextStepRole) == "Send pricing or a proposal"
    assert index.data(CardRole.WaitingTextRole) is None
    assert "score 95" in index.data(Qt.ItemDataRole.AccessibleTextRole)
    assert [model.total(t) for t in Temperature] == [3, 3, 2]


def test_a_score_change_moves_only_that_row(qtbot: QtBot, model: BoardModel) -> None:
    warm = model.column(Temperature.WARM)
    old = model.card(3)
    assert old is not None
    with (
        qtbot.assertNotEmitted(warm.modelReset),
        qtbot.assertNotEmitted(warm.rowsRemoved),
        qtbot.assertNotEmitted(warm.rowsInserted),
        qtbot.waitSignal(warm.rowsMoved) as moved,
    ):
        model.apply(change_for(old, replace(old, score=69), 3))
    assert moved.args[1:3] == [2, 2] and moved.args[4] == 0
    assert ids(model, Temperature.WARM) == [3, 5, 4]


def test_a_card_changing_column_is_one_remove_and_one_insert(qtbot: QtBot, model: BoardModel) -> None:
    warm, hot = model.column(Temperature.WARM), model.column(Temperature.HOT)
    old = model.card(5)
    assert old is not None
    new = replace(old, score=90, temperature=Temperature.HOT, computed_temperature=Temperature.HOT)
    with (
        qtbot.assertNotEmitted(warm.modelReset),
        qtbot.assertNotEmitted(hot.modelReset),
        qtbot.waitSignal(warm.rowsRemoved) as removed,
        qtbot.waitSignal(hot.rowsInserted) as inserted,
        qtbot.waitSignal(model.cardMoved) as moved,
    ):
        model.apply(change_for(old, new, 5))
    assert removed.args[1:] == [0, 0]
    assert inserted.args[1:] == [1, 1]
    assert ids(model, Temperature.HOT) == [7, 5, 6]
    assert moved.args[0].describe() == "Lead 5: warm -> hot, pricing request"
    assert [model.total(t) for t in Temperature] == [3, 2, 3]


def test_an_unchanged_position_only_updates_data(qtbot: QtBot, model: BoardModel) -> None:
    hot = model.column(Temperature.HOT)
    old = model.card(7)
    assert old is not None
    with qtbot.assertNotEmitted(hot.rowsMoved), qtbot.waitSignal(hot.dataChanged) as changed:
        model.apply(change_for(old, replace(old, next_step="Ask for the decision"), 7))
    assert changed.args[0].row() == 0
    assert hot.index(0, 0).data(CardRole.NextStepRole) == "Ask for the decision"


def test_leaving_the_board_removes_the_row(qtbot: QtBot, model: BoardModel) -> None:
    cold = model.column(Temperature.COLD)
    with qtbot.waitSignal(cold.rowsRemoved):
        model.apply(change_for(model.card(2), None, 2))
    assert ids(model, Temperature.COLD) == [8, 1]
    assert model.card(2) is None


def test_mime_data_carries_only_the_contact_id(model: BoardModel) -> None:
    hot = model.column(Temperature.HOT)
    data = hot.mimeData([hot.index(1, 0)])
    assert data is not None
    assert data.formats() == [MIME_TYPE]
    assert bytes(data.data(MIME_TYPE).data()) == b"6"
    assert contact_id_from_mime(data) == 6
    assert hot.supportedDragActions() == Qt.DropAction.CopyAction
    assert hot.mimeData([]) is None


def test_drops_go_to_the_handler_except_on_the_same_column(model: BoardModel) -> None:
    calls: list[tuple[int, Temperature]] = []
    hot, cold = model.column(Temperature.HOT), model.column(Temperature.COLD)
    data = hot.mimeData([hot.index(0, 0)])
    assert data is not None
    action = Qt.DropAction.CopyAction
    assert not cold.dropMimeData(data, action, -1, 0, QModelIndex())
    model.drop_handler = lambda contact_id, temperature: calls.append((contact_id, temperature)) is None
    assert not hot.canDropMimeData(data, action, -1, 0, QModelIndex())
    assert not hot.dropMimeData(data, action, -1, 0, QModelIndex())
    assert cold.canDropMimeData(data, action, -1, 0, QModelIndex())
    assert cold.dropMimeData(data, action, -1, 0, QModelIndex())
    assert calls == [(7, Temperature.COLD)]
    assert ids(model, Temperature.HOT) == [7, 6]


def test_filter_matches_every_word_in_name_company_or_email(qtbot: QtBot, model: BoardModel) -> None:
    model.set_filter("company 3")
    assert shown_ids(model, Temperature.WARM) == [3]
    assert shown_ids(model, Temperature.COLD) == []
    model.set_filter("LEAD8@EXAMPLE")
    assert shown_ids(model, Temperature.COLD) == [8]
    assert ids(model, Temperature.COLD) == [8, 2, 1]
    assert (model.shown(Temperature.COLD), model.total(Temperature.COLD)) == (1, 3)
    old = model.card(1)
    assert old is not None
    with qtbot.assertNotEmitted(model.column(Temperature.COLD).modelReset):
        model.apply(change_for(old, replace(old, score=29), 1))
    assert shown_ids(model, Temperature.COLD) == [8]
    model.set_filter("lead")
    assert shown_ids(model, Temperature.COLD) == [1, 8, 2]
    model.set_filter("")
    assert shown_ids(model, Temperature.COLD) == ids(model, Temperature.COLD) == [1, 8, 2]


def test_role_names_are_named_after_the_roles(model: BoardModel) -> None:
    names = model.column(Temperature.HOT).roleNames()
    assert bytes(names[CardRole.ContactIdRole].data()) == b"contactId"
    assert bytes(names[CardRole.SearchTextRole].data()) == b"searchText"


def test_sync_moves_single_rows_and_keeps_skipped_cards(qtbot: QtBot, model: BoardModel) -> None:
    cards = {cid: model.card(cid) for cid in range(1, 9)}
    fresh = [card for card in cards.values() if card is not None]
    fresh = [replace(card, score=card.score - 1) if card.contact_id == 6 else card for card in fresh]
    fresh = [replace(card, score=1) if card.contact_id == 5 else card for card in fresh]
    hot = model.column(Temperature.HOT)
    with qtbot.assertNotEmitted(hot.modelReset):
        moved = model.sync(board_of(fresh), skip={5})
    assert moved == [6]
    assert model.card(6).score == 79  # type: ignore[union-attr]
    assert model.card(5).score == 63  # type: ignore[union-attr]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.integers(0, 100), min_size=1, max_size=30),
    st.lists(st.tuples(st.integers(0, 29), st.integers(-1, 100)), max_size=40),
    st.sampled_from(["", "company 2", "lead 1"]),
)
def test_columns_stay_sorted_through_any_updates(
    scores: list[int], updates: list[tuple[int, int]], needle: str
) -> None:
    model = BoardModel(lambda: NOW)
    cards = {i: make_card(i, score) for i, score in enumerate(scores)}
    model.load(board_of(list(cards.values())))
    model.set_filter(needle)
    rng = random.Random(len(scores))
    for target, score in updates:
        contact_id = target % (len(scores) + 2)
        if score < 0:
            model.put(contact_id, None)
            cards.pop(contact_id, None)
        else:
            card = make_card(contact_id, score, pinned=rng.random() < 0.1)
            model.put(contact_id, card)
            cards[contact_id] = card
    expected = board_of(list(cards.values()))
    for temperature in Temperature:
        shown = shown_ids(model, temperature)
        wanted = [
            card.contact_id
            for card in expected.column(temperature)
            if all(term in f"{card.name}\n{card.company}\n{card.email}".casefold() for term in needle.split())
        ]
        assert shown == wanted
        assert model.total(temperature) == len(expected.column(temperature))


def test_model_order_matches_the_service(
    service: LeadService, clock: FakeClock, leads: dict[str, int]
) -> None:
    for index in range(12):
        contact_id = service.add_contact(f"Extra {index}").contact_id
        for kind in HOT_KINDS[: index % 5]:
            service.log_interaction(contact_id, kind, clock() - timedelta(days=index))
    board = service.board()
    model = BoardModel(service.now)
    model.load(board)
    for temperature in Temperature:
        assert ids(model, temperature) == [card.contact_id for card in board.column(temperature)]
