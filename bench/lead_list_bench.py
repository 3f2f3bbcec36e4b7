"""Lead list benchmark: a QTableView over 100,000 leads through the board's model.

Each figure is a ratio to a bare QTableView over the same 100,000 rows in this process: a minimal
Python table model holding one tuple per row, whose ``sort`` is one ``list.sort`` on the column
(the cheapest a Python model can sort). Medians of ``--runs`` runs after a warm-up.

1. First paint: from the cards in memory to the table painted (LeadTemp also builds its sort keys,
   in the arrangement's order, and reads rows through the board's model).
2. Re-sort: a header click on the Name column, then on Score descending, until repainted; the
   selection is kept on its leads (the bare model drops it).
3. One card changing (a logged interaction moves its row): milliseconds until the table has moved
   the row and repainted, against the bare table repainting after one row's data changed (it
   cannot move a row without a whole re-sort).

    python -m bench.lead_list_bench [--rows 100000] [--runs 5]   (QT_QPA_PLATFORM=offscreen on servers)
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QApplication, QTableView

from desktop.board.arranged import OPEN_COLUMNS, ArrangedModel, FacetBook
from desktop.board.lead_table import LeadTableView
from desktop.board.model import BoardModel
from leadtemp.model import Board, Card, Temperature
from leadtemp.scoring.order import card_sort_key
from leadtemp.store.facets import LeadFacets

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SOURCES = ("purchased list", "trade show", "website", "referral", "")
TARGET_RATIO = 3.0


def cards(count: int, seed: int = 3) -> list[Card]:
    rng = random.Random(seed)
    made = []
    for contact_id in range(1, count + 1):
        score = rng.randint(0, 100)
        temperature = (
            Temperature.HOT if score >= 71 else Temperature.WARM if score >= 31 else Temperature.COLD
        )
        touch = NOW - timedelta(hours=rng.randint(0, 24 * 400))
        made.append(
            Card(
                contact_id,
                f"Lead {rng.randint(0, 10**9):09d}",
                f"Company {rng.randint(0, 5000)}",
                f"lead{contact_id}@example.com",
                score,
                temperature,
                temperature,
                False,
                0,
                0,
                touch,
                (NOW - touch).days,
                "Send a useful article",
                None,
            )
        )
    return made


def board_of(made: list[Card]) -> Board:
    columns: dict[Temperature, list[Card]] = {t: [] for t in Temperature}
    for card in made:
        columns[card.temperature].append(card)
    for column in columns.values():
        column.sort(key=card_sort_key)
    return Board(columns[Temperature.COLD], columns[Temperature.WARM], columns[Temperature.HOT])


class BareModel(QAbstractTableModel):
    """The baseline: one tuple per row, sorted in place."""

    def __init__(self, rows: list[tuple[Any, ...]]) -> None:
        super().__init__()
        self.rows = rows

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 7

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        return self.rows[index.row()][index.column()]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self.rows.sort(key=lambda row: row[column], reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()


def painted(app: QApplication, view: QTableView) -> None:
    view.viewport().repaint()
    app.processEvents()


def first_paint_bare(app: QApplication, made: list[Card]) -> tuple[float, QTableView, BareModel]:
    start = time.perf_counter()
    rows = [
        (c.name, c.company, c.temperature.label, c.score, c.days_since_touch, c.next_step, "") for c in made
    ]
    model = BareModel(rows)
    view = QTableView()
    view.verticalHeader().setSectionResizeMode(view.verticalHeader().ResizeMode.Fixed)
    view.setModel(model)
    view.setSortingEnabled(True)
    view.resize(1100, 700)
    view.show()
    painted(app, view)
    return time.perf_counter() - start, view, model


def first_paint_ours(app: QApplication, board: BoardModel, facets: FacetBook) -> tuple[float, LeadTableView]:
    start = time.perf_counter()
    model = ArrangedModel(board, facets, columns=OPEN_COLUMNS)
    view = LeadTableView(model, "lead-list", "")
    view.resize(1100, 700)
    view.show()
    painted(app, view)
    return time.perf_counter() - start, view


def resort(app: QApplication, view: QTableView, name_column: int, score_column: int) -> float:
    start = time.perf_counter()
    view.sortByColumn(name_column, Qt.SortOrder.AscendingOrder)
    painted(app, view)
    view.sortByColumn(score_column, Qt.SortOrder.DescendingOrder)
    painted(app, view)
    return time.perf_counter() - start


def change_latency(app: QApplication, board: BoardModel, view: LeadTableView, samples: int) -> list[float]:
    rng = random.Random(11)
    ids = [card.contact_id for card in board.column(Temperature.WARM).cards()]
    times = []
    for _ in range(samples):
        contact_id = rng.choice(ids)
        old = board.card(contact_id)
        assert old is not None
        new = replace(old, score=min(70, max(31, old.score + rng.choice((-9, 9)))), last_touch_at=NOW)
        start = time.perf_counter()
        board.put(contact_id, new)
        painted(app, view)
        times.append((time.perf_counter() - start) * 1000)
    return times


def bare_repaint(app: QApplication, view: QTableView, model: BareModel, samples: int) -> list[float]:
    times = []
    for sample in range(samples):
        start = time.perf_counter()
        row = sample % 20
        model.dataChanged.emit(model.index(row, 0), model.index(row, 6))
        painted(app, view)
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--changes", type=int, default=50)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    made = cards(args.rows)
    board = BoardModel(lambda: NOW)
    board.load(board_of(made))
    facets = FacetBook()
    facets.replace({card.contact_id: LeadFacets(SOURCES[card.contact_id % 5]) for card in made})
    bare_paint, ours_paint, bare_sort, ours_sort, bare_change = [], [], [], [], []
    view: LeadTableView | None = None
    for run in range(args.runs + 1):
        seconds, bare_view, _model = first_paint_bare(app, made)
        bare_sort_seconds = resort(app, bare_view, 0, 3)
        bare_change = bare_repaint(app, bare_view, _model, args.changes)
        bare_view.close()
        bare_view.deleteLater()
        seconds_ours, view = first_paint_ours(app, board, facets)
        view.selectRow(10)
        ours_sort_seconds = resort(app, view, 0, 3)
        if run:  # the first run warms up
            bare_paint.append(seconds)
            ours_paint.append(seconds_ours)
            bare_sort.append(bare_sort_seconds)
            ours_sort.append(ours_sort_seconds)
        if run < args.runs:
            view.close()
            view.deleteLater()
        app.processEvents()
    assert view is not None
    latency = change_latency(app, board, view, args.changes)
    paint_ratio = statistics.median(ours_paint) / statistics.median(bare_paint)
    sort_ratio = statistics.median(ours_sort) / statistics.median(bare_sort)
    print(f"{args.rows:,} rows, median of {args.runs} runs")
    print(
        f"first paint: bare {statistics.median(bare_paint) * 1000:.0f} ms, "
        f"LeadTemp {statistics.median(ours_paint) * 1000:.0f} ms, ratio {paint_ratio:.2f}x"
    )
    print(
        f"re-sort (name, then score descending): bare {statistics.median(bare_sort) * 1000:.0f} ms, "
        f"LeadTemp {statistics.median(ours_sort) * 1000:.0f} ms, ratio {sort_ratio:.2f}x"
    )
    change_ratio = statistics.median(latency) / statistics.median(bare_change)
    print(
        f"one card changing: median {statistics.median(latency):.1f} ms, "
        f"max {max(latency):.1f} ms over {len(latency)} changes; the bare table's repaint "
        f"{statistics.median(bare_change):.1f} ms, ratio {change_ratio:.2f}x"
    )
    verdict = "within" if max(paint_ratio, sort_ratio, change_ratio) <= TARGET_RATIO else "OVER"
    print(f"{verdict} the target of {TARGET_RATIO:.0f}x a bare table")


if __name__ == "__main__":
    main()
