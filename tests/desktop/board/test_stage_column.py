"""The lead list's Stage column: the card's stage chip, the plain stage in the book's words, and
nothing in a recruiting book until the answers say something; its header sorts by stage."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.board.arranged import OPEN_COLUMNS, ArrangedModel, FacetBook, LeadColumn
from desktop.board.model import BoardModel
from leadtemp.book_kinds import BookKind, words_for
from leadtemp.model import Stage
from tests.desktop.board.test_model import NOW, board_of, make_card

_STAGE = OPEN_COLUMNS.index(LeadColumn.STAGE)


def _table(book: BookKind) -> tuple[ArrangedModel, BoardModel]:
    board = BoardModel(lambda: NOW)
    board.book, board.words = book, words_for(book)
    board.load(
        board_of(
            [
                make_card(1, 90, name="Plain"),
                make_card(2, 50, name="Broke", lacks=("budget",)),
                make_card(3, 20, name="Fits", stage=Stage.PROSPECT),
                make_card(4, 10, name="Ready", stage=Stage.QUALIFIED),
            ]
        )
    )
    return ArrangedModel(board, FacetBook(), columns=OPEN_COLUMNS), board


def _stages(table: ArrangedModel) -> dict[str, str]:
    return {table.index(row, 0).data(): table.index(row, _STAGE).data() for row in range(table.rowCount())}


def test_a_sales_list_shows_every_stage(qtbot: QtBot) -> None:
    table, _board = _table(BookKind.SALES)
    assert table.headerData(_STAGE, Qt.Orientation.Horizontal) == "Stage"
    assert _stages(table) == {"Plain": "Lead", "Broke": "No budget", "Fits": "Prospect", "Ready": "Qualified"}
    table.sort(_STAGE, Qt.SortOrder.DescendingOrder)
    assert [table.index(row, 0).data() for row in range(4)] == ["Ready", "Fits", "Plain", "Broke"]


def test_a_recruiting_list_leaves_out_a_stage_that_says_nothing(qtbot: QtBot) -> None:
    table, _board = _table(BookKind.RECRUITING)
    assert _stages(table) == {"Plain": "", "Broke": "No budget", "Fits": "Prospect", "Ready": "Qualified"}
