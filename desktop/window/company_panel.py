"""The whole company in one window: its people with their temperatures and roles, the company's
temperature and why, who joined the conversation, everyone's interactions, and its industry and
size to edit. Read and written on the worker; the lists are models over the company's view."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.widgets.humanize import local_text
from desktop.widgets.labels import on_temperature_color, temperature_color
from leadtemp.companies.records import CompanyPerson, CompanyView, TimelineEntry
from leadtemp.companies.seniority import Seniority

if TYPE_CHECKING:
    from desktop.workers import Progress, Workers
    from leadtemp.service import LeadService

AnyIndex = QModelIndex | QPersistentModelIndex
_NO_SIZE = -1
#: The people table's columns.
PEOPLE_COLUMNS = ("Name", "Role", "Seniority", "Temperature", "Score")


class PeopleModel(QAbstractTableModel):
    """The company's people, hottest first."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._people: tuple[CompanyPerson, ...] = ()

    def set_people(self, people: tuple[CompanyPerson, ...]) -> None:
        self.beginResetModel()
        self._people = people
        self.endResetModel()

    def person(self, row: int) -> CompanyPerson:
        return self._people[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._people)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(PEOPLE_COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return PEOPLE_COLUMNS[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._people):
            return None
        person = self._people[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return _person_cell(person, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 2:
            return "Set by you" if person.seniority_chosen else "From the title; right-click to set it"
        if role == Qt.ItemDataRole.UserRole:
            return person.contact_id
        return None


def _person_cell(person: CompanyPerson, column: int) -> str:
    if column == 0:
        return person.name
    if column == 1:
        return person.role
    if column == 2:
        return "" if person.seniority is None else person.seniority.value
    if column == 3:
        return person.closed or person.temperature.label
    return str(person.score)


class TimelineModel(QAbstractListModel):
    """Everyone's interactions, newest first, one line each."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._entries: tuple[TimelineEntry, ...] = ()

    def set_entries(self, entries: tuple[TimelineEntry, ...]) -> None:
        self.beginResetModel()
        self._entries = entries
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            note = f" — {entry.note}" if entry.note else ""
            return f"{local_text(entry.occurred_at)} · {entry.name} · {entry.label}{note}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return entry.note or entry.label
        return None


def _read(service: LeadService, _progress: Progress, company_id: int) -> CompanyView:
    return service.company(company_id)


class CompanyPanel(QDialog):
    """One company; ``contactRequested`` asks the window to show one of its people."""

    contactRequested = Signal(int)
    #: Emitted whenever a read has been shown (tests wait for it).
    shown = Signal()

    def __init__(self, workers: Workers, company_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("company-panel")
        self.setWindowTitle("Company")
        self._workers = workers
        self.company_id = company_id
        self.view: CompanyView | None = None
        self._reads = 0

        self.name_label = QLabel(self)
        self.name_label.setObjectName("company-panel-name")
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.45)
        font.setBold(True)
        self.name_label.setFont(font)
        self.facts_label = QLabel(self)
        self.temperature_chip = QLabel(self)
        self.temperature_chip.setObjectName("company-panel-temperature")
        self.reason_label = QLabel(self)
        self.reason_label.setWordWrap(True)
        self.joins_label = QLabel(self)
        self.joins_label.setObjectName("company-panel-joins")
        self.joins_label.setWordWrap(True)

        self.people_model = PeopleModel(self)
        self.people = QTableView(self)
        self.people.setObjectName("company-panel-people")
        self.people.setModel(self.people_model)
        self.people.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.people.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.people.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.people.verticalHeader().hide()
        self.people.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.people.horizontalHeader().setStretchLastSection(True)
        self.people.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.people.customContextMenuRequested.connect(self._people_menu)
        self.people.doubleClicked.connect(
            lambda index: self.contactRequested.emit(self.people_model.person(index.row()).contact_id)
        )
        self.people_menu: QMenu | None = None

        self.timeline_model = TimelineModel(self)
        self.timeline = QListView(self)
        self.timeline.setObjectName("company-panel-timeline")
        self.timeline.setModel(self.timeline_model)
        self.timeline.setUniformItemSizes(True)

        self.industry_edit = QLineEdit(self)
        self.industry_edit.setObjectName("company-panel-industry")
        self.size_spin = QSpinBox(self)
        self.size_spin.setObjectName("company-panel-size")
        self.size_spin.setRange(_NO_SIZE, 10_000_000)
        self.size_spin.setSpecialValueText("unknown")
        self.save_button = QPushButton("&Save", self)
        self.save_button.clicked.connect(self.save)
        form = QFormLayout()
        form.addRow("&Industry:", self.industry_edit)
        size_row = QHBoxLayout()
        size_row.addWidget(self.size_spin, 1)
        size_row.addWidget(self.save_button)
        form.addRow("Si&ze (people):", size_row)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.name_label, 1)
        top.addWidget(self.temperature_chip)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.facts_label)
        layout.addWidget(self.reason_label)
        layout.addWidget(self.joins_label)
        layout.addWidget(QLabel("<b>People</b>", self))
        layout.addWidget(self.people, 2)
        layout.addWidget(QLabel("<b>Everyone's interactions</b>", self))
        layout.addWidget(self.timeline, 3)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(620, 640)
        self.refresh()

    def refresh(self) -> None:
        """Read the company again on the worker (a write may have changed it)."""
        self._reads += 1
        read, company_id = self._reads, self.company_id
        task = self._workers.run(
            "",
            lambda service, progress: _read(service, progress, company_id),
            lambda view: self._show(view, read),
            lambda _error: self.reject(),
        )
        self.destroyed.connect(task.cancel)

    def _show(self, view: CompanyView, read: int) -> None:
        if read != self._reads:
            return
        self.view = view
        record = view.record
        self.setWindowTitle(f"{record.name} — company")
        self.name_label.setText(record.name)
        facts = [part for part in (record.domain, record.industry) if part]
        if record.size is not None:
            facts.append(f"{record.size:,} people work there")
        facts.append(f"{record.people} {'lead' if record.people == 1 else 'leads'} in the book")
        self.facts_label.setText(" · ".join(facts))
        temperature = view.temperature.temperature
        self.temperature_chip.setText(temperature.label.upper())
        self.temperature_chip.setStyleSheet(
            f"QLabel {{ background: {temperature_color(self, temperature).name()}; "
            f"color: {on_temperature_color(self).name()}; border-radius: 4px; padding: 2px 8px; "
            "font-weight: bold; }"
        )
        self.reason_label.setText(view.temperature.reason[0].upper() + view.temperature.reason[1:])
        joins = [
            f"{join.newcomer} joined {join.earlier}'s conversation on {local_text(join.joined_at)}"
            for join in view.joins
        ]
        self.joins_label.setText("New stakeholders: " + "; ".join(joins) if joins else "")
        self.joins_label.setHidden(not joins)
        self.people_model.set_people(view.people)
        self.timeline_model.set_entries(view.timeline)
        self.industry_edit.setText(record.industry)
        self.size_spin.setValue(_NO_SIZE if record.size is None else record.size)
        self.shown.emit()

    def save(self) -> None:
        """Keep the industry and size as typed, on the worker, then show the company again."""
        company_id, industry, size = (
            self.company_id,
            self.industry_edit.text().strip(),
            self.size_spin.value(),
        )

        def write(service: LeadService, _progress: Progress) -> None:
            service.edit_company(company_id, industry=industry, size=size)

        self._workers.run("Saving the company…", write, lambda _result: self.refresh())

    def set_seniority(self, contact_id: int, seniority: Seniority | None) -> None:
        def write(service: LeadService, _progress: Progress) -> None:
            service.set_seniority(contact_id, seniority)

        self._workers.run("", write, lambda _result: self.refresh())

    def _people_menu(self, position: QPoint) -> None:
        index = self.people.indexAt(position)
        if not index.isValid():
            return
        person = self.people_model.person(index.row())
        if self.people_menu is not None:
            self.people_menu.deleteLater()
        menu = self.people_menu = QMenu(self.people)
        menu.setObjectName("company-panel-people-menu")
        menu.addAction("Show on the Board", lambda: self.contactRequested.emit(person.contact_id))
        menu.addSeparator()
        for level in Seniority:
            action = menu.addAction(
                f"Seniority: {level.value}", partial(self.set_seniority, person.contact_id, level)
            )
            action.setCheckable(True)
            action.setChecked(person.seniority_chosen and person.seniority is level)
        menu.addAction("Seniority from the title", lambda: self.set_seniority(person.contact_id, None))
        menu.popup(self.people.viewport().mapToGlobal(position))
