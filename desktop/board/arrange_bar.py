"""The bar above the leads that sorts and filters them: an order to pick, a Filter menu (pinned,
waiting, a due step, qualified, a source, an import) and what the filters hide, with a way to clear them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QMenu, QToolButton, QWidget

from desktop.board.arrangement import Arrangement, SortOrder
from leadtemp.book_kinds import BookKind, Words, words_for

#: An import as the Filter menu lists it: its id and what the user knows it by.
BatchChoice = tuple[int, str]


class ArrangeBar(QWidget):
    """Emits ``arrangementChanged`` with the new :class:`Arrangement` on every choice."""

    arrangementChanged = Signal(object)
    #: The Filter menu is about to open: the window makes sure the sources and imports are in.
    choicesWanted = Signal()

    def __init__(
        self,
        arrangement: Arrangement,
        sources: Callable[[], list[str]],
        batches: Callable[[], list[BatchChoice]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("arrange-bar")
        self.arrangement = arrangement
        self._sources = sources
        self._batches = batches
        self.sort = QComboBox(self)
        self.sort.setObjectName("board-sort")
        for order in SortOrder:
            self.sort.addItem(order.label, order.value)
        self.sort.currentIndexChanged.connect(self._sort_chosen)
        self.filter_button = QToolButton(self)
        self.filter_button.setObjectName("board-filter")
        self.filter_button.setText("Filter")
        self.filter_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu = QMenu(self.filter_button)
        self.menu.setObjectName("filter-menu")
        self.menu.aboutToShow.connect(self.fill_menu)
        self.filter_button.setMenu(self.menu)
        self.summary = QLabel(self)
        self.summary.setObjectName("filter-summary")
        self.clear_button = QToolButton(self)
        self.clear_button.setObjectName("clear-filters")
        self.clear_button.setText("Clear filters")
        self.clear_button.setAutoRaise(True)
        self.clear_button.clicked.connect(self.clear_filters)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        sort_label = QLabel("Sort:", self)
        sort_label.setBuddy(self.sort)
        layout.addWidget(sort_label)
        layout.addWidget(self.sort)
        layout.addWidget(self.filter_button)
        layout.addWidget(self.summary)
        layout.addWidget(self.clear_button)
        self.set_words(words_for(BookKind.SALES))
        self.set_arrangement(arrangement)

    def set_words(self, words: Words) -> None:
        """The tooltips name what the book holds ("Sort candidates by")."""
        self.sort.setAccessibleName(f"Sort {words.leads} by")
        self.sort.setToolTip(f"The order of the cards in each column and of the {words.lead} list")
        self.filter_button.setToolTip(
            f"Show only some {words.leads}: pinned, waiting, with a due step, qualified, by source or import"
        )

    def set_arrangement(self, arrangement: Arrangement) -> None:
        """Show ``arrangement`` without announcing it."""
        self.arrangement = arrangement
        self.sort.blockSignals(True)
        self.sort.setCurrentIndex(self.sort.findData(arrangement.sort.value))
        self.sort.blockSignals(False)
        described = arrangement.describe()
        self.summary.setText(f"Only: {described}" if described else "")
        self.summary.setVisible(bool(described))
        self.clear_button.setVisible(arrangement.filtered)
        self.filter_button.setText("Filter (on)" if arrangement.filtered else "Filter")

    def choose(self, arrangement: Arrangement) -> None:
        if arrangement != self.arrangement:
            self.set_arrangement(arrangement)
            self.arrangementChanged.emit(arrangement)

    def clear_filters(self) -> None:
        self.choose(self.arrangement.unfiltered())

    def _sort_chosen(self, _index: int) -> None:
        self.choose(self.arrangement.with_sort(SortOrder(self.sort.currentData())))

    def fill_menu(self) -> None:
        """The Filter menu as the arrangement stands, with the sources and imports the book has."""
        self.choicesWanted.emit()
        menu = self.menu
        menu.clear()
        current = self.arrangement
        for label, field in (
            ("&Pinned", "pinned"),
            ("&Waiting for an answer", "waiting"),
            ("Has a &due step", "due"),
            ("&Qualified only", "qualified"),
        ):
            action = menu.addAction(label)
            action.setCheckable(True)
            action.setChecked(bool(getattr(current, field)))
            action.toggled.connect(lambda on, f=field: self.choose(replace(self.arrangement, **{f: on})))
        menu.addSeparator()
        sources = menu.addMenu("&Source")
        sources.setObjectName("filter-source-menu")
        group = QActionGroup(sources)
        choices: list[tuple[str, str | None]] = [("Any source", None), ("No source", "")]
        choices += [(source, source) for source in self._sources()]
        if current.source and current.source not in self._sources():
            choices.append((current.source, current.source))
        for label, value in choices:
            self._radio(
                sources,
                group,
                label,
                current.source == value,
                partial(self._with, "source", value),
            )
        imports = menu.addMenu("&Import")
        imports.setObjectName("filter-import-menu")
        group = QActionGroup(imports)
        self._radio(
            imports, group, "Any import", current.batch is None, lambda: replace(self.arrangement, batch=None)
        )
        for batch_id, label in self._batches():
            self._radio(
                imports,
                group,
                label,
                current.batch == batch_id,
                partial(self._with, "batch", batch_id),
            )
        menu.addSeparator()
        clear = menu.addAction("&Clear Filters", self.clear_filters)
        clear.setEnabled(current.filtered)

    def _with(self, field: str, value: Any) -> Arrangement:
        return replace(self.arrangement, **{field: value})

    def _radio(
        self, menu: QMenu, group: QActionGroup, label: str, checked: bool, chosen: Callable[[], Arrangement]
    ) -> QAction:
        action = menu.addAction(label)
        action.setCheckable(True)
        action.setChecked(checked)
        group.addAction(action)
        action.triggered.connect(lambda _checked=False: self.choose(chosen()))
        return action
