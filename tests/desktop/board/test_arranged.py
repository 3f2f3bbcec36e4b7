"""The board's cards in the user's order and through the user's filters: sorting, filtering, rows
that follow the columns one at a time, and the arrangement remembered between sessions."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.board.arranged import OPEN_COLUMNS, ArrangedModel, FacetBook, LeadColumn
from desktop.board.arrangement import Arrangement, SortOrder, load_arrangement, save_arrangement
from desktop.board.model import BoardModel, CardRole
from leadtemp.model import Card, Temperature
from leadtemp.store.facets import LeadFacets
from tests.desktop.board.test_model import NOW, board_of, make_card


def shown(model: ArrangedModel) -> list[int]:
    return [model.index(row, 0).data(CardRole.ContactIdRole) for row in range(model.rowCount())]


def expected(board: BoardModel, model: ArrangedModel) -> list[int]:
    """What the model should show, worked out from scratch."""
    cards = [card for t in model.temperatures for card in board.column(t).cards() if model.accepts(card)]
    ordered = [card.contact_id for card in sorted(cards, key=model._key)]
    return list(reversed(ordered)) if model.descending else ordered


@pytest.fixture
def board(qtbot: QtBot) -> BoardModel:
    model = BoardModel(lambda: NOW)
    cards = [
        make_card(1, 5, name="Zoe", last_touch_at=NOW - timedelta(days=40)),
        make_card(2, 12, name="adam", last_touch_at=None, days_since_touch=None),
        make_card(3, 40, name="Mia", pinned=True),
        make_card(4, 55, name="Ben"),
        make_card(5, 80, name="Cleo", waiting_since=NOW - timedelta(minutes=30)),
        make_card(6, 95, name="Dan", waiting_since=NOW - timedelta(hours=3)),
        make_card(7, 90, name="Eve"),
    ]
    model.load(board_of(cards))
    return model


@pytest.fixture
def facets(qtbot: QtBot) -> FacetBook:
    book = FacetBook()
    book.replace(
        {
            1: LeadFacets("trade show", 3),
            2: LeadFacets("", None, "send the case study", date(2026, 3, 9)),
            5: LeadFacets("trade show", 3, "call back", date(2026, 3, 3)),
        }
    )
    return book


def test_each_order_sorts_a_column(board: BoardModel, facets: FacetBook) -> None:
    hot = ArrangedModel(board, facets, (Temperature.HOT,))
    assert shown(hot) == [6, 7, 5]
    hot.set_arrangement(Arrangement(sort=SortOrder.WAITING))
    assert shown(hot) == [6, 5, 7]
    every = ArrangedModel(board, facets)
    every.set_arrangement(Arrangement(sort=SortOrder.NAME))
    assert [board.card(cid).name for cid in shown(every)] == [
        "adam",
        "Ben",
        "Cleo",
        "Dan",
        "Eve",
        "Mia",
        "Zoe",
    ]  # type: ignore[union-attr]
    every.set_arrangement(Arrangement(sort=SortOrder.LAST_TOUCH))
    assert shown(every)[:2] == [2, 1]  # never touched, then the longest ago


def test_filters_keep_only_what_they_name(board: BoardModel, facets: FacetBook) -> None:
    every = ArrangedModel(board, facets)
    for arrangement, wanted in (
        (Arrangement(pinned=True), [3]),
        (Arrangement(waiting=True), [6, 5]),
        (Arrangement(source="trade show"), [5, 1]),
        (Arrangement(source=""), [6, 7, 4, 3, 2]),
        (Arrangement(batch=3, sort=SortOrder.NAME), [5, 1]),
        (Arrangement(waiting=True, source="trade show"), [5]),
        (Arrangement(due=True), [5, 2]),
    ):
        every.set_arrangement(arrangement)
        assert shown(every) == wanted, arrangement
    board.set_filter("cleo")
    every.set_arrangement(Arrangement())
    assert shown(every) == [5]


def test_facets_read_again_after_a_write_move_only_those_rows(
    qtbot: QtBot, board: BoardModel, facets: FacetBook
) -> None:
    every = ArrangedModel(board, facets)
    every.set_arrangement(Arrangement(source="trade show"))
    table = ArrangedModel(board, facets, columns=OPEN_COLUMNS)
    table.sort(OPEN_COLUMNS.index(LeadColumn.SOURCE), Qt.SortOrder.AscendingOrder)
    assert shown(every) == [5, 1]
    with qtbot.assertNotEmitted(every.modelReset), qtbot.assertNotEmitted(table.modelReset):
        facets.update({7: LeadFacets("trade show"), 1: LeadFacets("website")})
    assert shown(every) == [7, 5]
    assert shown(table) == expected(board, table)
    assert table.index(table.row_of(1), OPEN_COLUMNS.index(LeadColumn.SOURCE)).data() == "website"  # type: ignore[arg-type]


def test_the_lead_table_sorts_by_any_header_both_ways(board: BoardModel, facets: FacetBook) -> None:
    table = ArrangedModel(board, facets, columns=OPEN_COLUMNS)
    assert table.columnCount() == len(OPEN_COLUMNS)
    assert [table.headerData(c, Qt.Orientation.Horizontal) for c in range(len(OPEN_COLUMNS))] == [
        c.value for c in OPEN_COLUMNS
    ]
    table.sort(OPEN_COLUMNS.index(LeadColumn.SCORE), Qt.SortOrder.DescendingOrder)
    assert shown(table) == [6, 7, 5, 4, 3, 2, 1]
    table.sort(OPEN_COLUMNS.index(LeadColumn.SOURCE), Qt.SortOrder.AscendingOrder)
    assert shown(table)[-2:] == [1, 5]
    row = table.row_of(3)
    assert row is not None
    cells = [table.index(row, c).data() for c in range(7)]
    assert cells[:4] == ["Mia", "Company 3", "Warm (pinned)", 40]
    assert cells[4] == "Touched 3 days ago"
    assert cells[5] == "Send pricing or a proposal"  # no step scheduled: the checklist's next
    table.sort(OPEN_COLUMNS.index(LeadColumn.NEXT_STEP), Qt.SortOrder.AscendingOrder)
    assert shown(table)[:2] == [5, 2]
    assert table.index(0, 5).data() == "call back, due Mar 3"


def test_a_resort_keeps_the_selected_rows_on_their_leads(
    qtbot: QtBot, board: BoardModel, facets: FacetBook
) -> None:
    from PySide6.QtCore import QItemSelectionModel

    table = ArrangedModel(board, facets, columns=OPEN_COLUMNS)
    selection = QItemSelectionModel(table)
    rows = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for cid in (6, 4, 2):  # rows 0, 3 and 5: no order maps them onto each other
        selection.select(table.index_of(cid), rows)
    selection.select(table.index_of(7), rows)

    def selected() -> list[int]:
        return sorted({index.data(CardRole.ContactIdRole) for index in selection.selectedIndexes()})

    with qtbot.assertNotEmitted(table.modelReset):
        table.sort(0, Qt.SortOrder.DescendingOrder)
        assert selected() == [2, 4, 6, 7]
        table.sort(0, Qt.SortOrder.AscendingOrder)
        assert selected() == [2, 4, 6, 7]
        table.sort(4, Qt.SortOrder.AscendingOrder)
        assert selected() == [2, 4, 6, 7]
        table.set_arrangement(Arrangement(sort=SortOrder.WAITING))
        assert selected() == [2, 4, 6, 7]
    assert {len({i.column() for i in selection.selectedIndexes() if i.row() == r}) for r in range(7)} <= {
        0,
        len(OPEN_COLUMNS),
    }


def test_a_card_moving_in_the_order_keeps_every_selected_row_on_its_lead(
    qtbot: QtBot, board: BoardModel, facets: FacetBook
) -> None:
    from PySide6.QtCore import QItemSelectionModel

    table = ArrangedModel(board, facets, columns=OPEN_COLUMNS)
    selection = QItemSelectionModel(table)
    rows = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for cid in (7, 5, 4):  # rows 1, 2, 3 of 6, 7, 5, 4, 3, 2, 1
        selection.select(table.index_of(cid), rows)
    selection.setCurrentIndex(table.index_of(5), QItemSelectionModel.SelectionFlag.NoUpdate)

    def selected() -> list[int]:
        return sorted({index.data(CardRole.ContactIdRole) for index in selection.selectedIndexes()})

    for contact_id, score in ((7, 10), (2, 99), (5, 41), (4, 96)):
        old = board.card(contact_id)
        assert old is not None
        with qtbot.assertNotEmitted(table.layoutChanged), qtbot.assertNotEmitted(table.rowsMoved):
            board.put(contact_id, replace(old, score=score))
        assert shown(table) == expected(board, table)
        assert selected() == [4, 5, 7]
        assert selection.currentIndex().data(CardRole.ContactIdRole) == 5


def test_it_passes_the_model_tester_through_changes(
    qtmodeltester: ModelTester, board: BoardModel, facets: FacetBook
) -> None:
    table = ArrangedModel(board, facets, columns=OPEN_COLUMNS)
    table.sort(1, Qt.SortOrder.DescendingOrder)
    column = ArrangedModel(board, facets, (Temperature.WARM,))
    qtmodeltester.check(table)
    qtmodeltester.check(column)
    old = board.card(4)
    assert old is not None
    board.put(4, replace(old, score=20, temperature=Temperature.COLD, computed_temperature=Temperature.COLD))
    board.put(3, None)
    board.put(8, make_card(8, 60))
    assert shown(table) == expected(board, table)
    assert shown(column) == [8]


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_rows_follow_any_sequence_of_changes(qapp: object, data: st.DataObject) -> None:
    """Inserts, removals and score changes in any order leave the rows as a fresh sort would."""
    board = BoardModel(lambda: NOW)
    board.load(board_of([make_card(i, (i * 37) % 100) for i in range(1, 25)]))
    facets = FacetBook()
    orders = [
        (ArrangedModel(board, facets, (Temperature.WARM,)), None),
        (ArrangedModel(board, facets, columns=OPEN_COLUMNS), (4, Qt.SortOrder.DescendingOrder)),
        (ArrangedModel(board, facets, columns=OPEN_COLUMNS), (0, Qt.SortOrder.AscendingOrder)),
    ]
    waiting = ArrangedModel(board, facets)
    waiting.set_arrangement(Arrangement(waiting=True, sort=SortOrder.WAITING))
    orders.append((waiting, None))
    for model, header in orders:
        if header is not None:
            model.sort(*header)
    rng = random.Random(data.draw(st.integers(0, 10_000)))
    for _ in range(data.draw(st.integers(1, 30))):
        contact_id = rng.randint(1, 30)
        old = board.card(contact_id)
        if old is not None and rng.random() < 0.25:
            board.put(contact_id, None)
            continue
        score = rng.randint(0, 100)
        new: Card = make_card(contact_id, score, name=rng.choice(["Al", "Bo", "Cy"]))
        if rng.random() < 0.5:
            new = replace(new, waiting_since=NOW - timedelta(minutes=rng.randint(1, 500)))
        board.put(contact_id, new)
        for model, _header in orders:
            assert shown(model) == expected(board, model)


def test_the_arrangement_is_remembered(qapp: object) -> None:
    assert load_arrangement() == Arrangement()
    for arrangement in (
        Arrangement(
            sort=SortOrder.WAITING, source="trade show", pinned=True, waiting=True, due=True, batch=12
        ),
        Arrangement(sort=SortOrder.NAME, source=""),
        Arrangement(),
    ):
        save_arrangement(arrangement)
        assert load_arrangement() == arrangement
