"""Editor for the nurture checklist templates: one ordered list of steps per temperature.

A step keeps its id while it is reworded or moved, so contacts keep their ticks; only new steps
get a fresh id (derived by the core from their text).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.widgets.labels import TEMPERATURE_HINTS
from leadtemp.model import Temperature
from leadtemp.scoring.checklists import Templates

ID_ROLE = Qt.ItemDataRole.UserRole + 1
_NEW_STEP = "New step"


class ChecklistEditor(QWidget):
    """Add, remove, reorder (buttons or drag) and reword steps; emits ``changed`` on every edit."""

    changed = Signal()

    def __init__(self, templates: Templates, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.temperature_combo = QComboBox(self)
        self.temperature_combo.setObjectName("checklist-temperature")
        self.temperature_combo.setAccessibleName("Checklist for temperature")
        self.lists: dict[Temperature, QListWidget] = {}
        self._stack = QStackedWidget(self)
        for temperature in Temperature:
            self.temperature_combo.addItem(
                f"{temperature.label} — {TEMPERATURE_HINTS[temperature].lower()}", temperature.value
            )
            steps = QListWidget(self)
            steps.setObjectName(f"checklist-{temperature.value}")
            steps.setAccessibleName(f"{temperature.label} checklist steps")
            steps.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
            steps.setDefaultDropAction(Qt.DropAction.MoveAction)
            steps.setAlternatingRowColors(True)
            steps.setWordWrap(True)
            steps.setSpacing(1)
            steps.setEditTriggers(
                QAbstractItemView.EditTrigger.DoubleClicked
                | QAbstractItemView.EditTrigger.EditKeyPressed
                | QAbstractItemView.EditTrigger.SelectedClicked
            )
            steps.itemChanged.connect(lambda _item: self.changed.emit())
            steps.model().rowsMoved.connect(lambda *_args: self.changed.emit())
            steps.currentRowChanged.connect(lambda _row: self._update_buttons())
            self.lists[temperature] = steps
            self._stack.addWidget(steps)
        self.temperature_combo.currentIndexChanged.connect(self._show_temperature)

        self.add_button = self._button("&Add step", "Add a step at the end and type it", self.add_step)
        self.remove_button = self._button("&Remove", "Remove the selected step", self.remove_step)
        self.up_button = self._button("Move &up", "Move the selected step earlier", self._move_up)
        self.down_button = self._button("Move do&wn", "Move the selected step later", self._move_down)
        buttons = QVBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        chooser = QHBoxLayout()
        label = QLabel("Checklist &for:", self)
        label.setBuddy(self.temperature_combo)
        chooser.addWidget(label)
        chooser.addWidget(self.temperature_combo, 1)
        body = QHBoxLayout()
        body.addWidget(self._stack, 1)
        body.addLayout(buttons)
        hint = QLabel(
            "Double-click a step to reword it; drag or use the buttons to reorder. "
            "Rewording keeps the ticks contacts already have.",
            self,
        )
        hint.setWordWrap(True)
        hint.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(chooser)
        layout.addLayout(body, 1)
        layout.addWidget(hint)
        self.set_templates(templates)

    def _button(self, text: str, tip: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text, self)
        button.setToolTip(tip)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    @property
    def temperature(self) -> Temperature:
        return Temperature(self.temperature_combo.currentData())

    def current_list(self) -> QListWidget:
        return self.lists[self.temperature]

    def set_temperature(self, temperature: Temperature) -> None:
        self.temperature_combo.setCurrentIndex(self.temperature_combo.findData(temperature.value))

    def _show_temperature(self, index: int) -> None:
        self._stack.setCurrentIndex(index)
        self._update_buttons()

    def set_templates(self, templates: Templates) -> None:
        for temperature, steps in self.lists.items():
            steps.blockSignals(True)
            steps.clear()
            for item in templates.get(temperature, ()):
                self._append(steps, item.text, item.id)
            steps.setCurrentRow(0)
            steps.blockSignals(False)
        self._update_buttons()
        self.changed.emit()

    @staticmethod
    def _append(steps: QListWidget, text: str, item_id: str) -> QListWidgetItem:
        item = QListWidgetItem(text)
        item.setData(ID_ROLE, item_id)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        item.setToolTip("Double-click to reword")
        steps.addItem(item)
        return item

    def add_step(self) -> None:
        steps = self.current_list()
        item = self._append(steps, _NEW_STEP, "")
        steps.setCurrentItem(item)
        steps.setFocus()
        steps.editItem(item)
        self._update_buttons()
        self.changed.emit()

    def remove_step(self) -> None:
        steps = self.current_list()
        row = steps.currentRow()
        if row < 0:
            return
        steps.takeItem(row)
        self._update_buttons()
        self.changed.emit()

    def move_step(self, offset: int) -> None:
        steps = self.current_list()
        row = steps.currentRow()
        target = row + offset
        if row < 0 or not 0 <= target < steps.count():
            return
        item = steps.takeItem(row)
        steps.insertItem(target, item)
        steps.setCurrentRow(target)
        self._update_buttons()
        self.changed.emit()

    def _move_up(self) -> None:
        self.move_step(-1)

    def _move_down(self) -> None:
        self.move_step(1)

    def _update_buttons(self) -> None:
        steps = self.current_list()
        row = steps.currentRow()
        self.remove_button.setEnabled(row >= 0)
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < steps.count() - 1)

    def to_json(self) -> dict[str, list[dict[str, str]]]:
        """Raw templates for ``templates_from_json``, which validates them."""
        data: dict[str, list[dict[str, str]]] = {}
        for temperature, steps in self.lists.items():
            rows = []
            for row in range(steps.count()):
                item = steps.item(row)
                entry = {"text": item.text()}
                if item.data(ID_ROLE):
                    entry["id"] = str(item.data(ID_ROLE))
                rows.append(entry)
            data[temperature.value] = rows
        return data
