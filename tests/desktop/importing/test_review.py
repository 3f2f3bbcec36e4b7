"""The review table's model: the preview's rows with one chosen action each, edited through the
Action column's combo, and set for every duplicate at once as one change."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QTableView
from pytestqt.qtbot import QtBot

from desktop.importing.review import ACTION_COLUMN, ACTION_ROLE, CHOICES_ROLE, ActionDelegate, ReviewModel
from leadtemp.importing.commit import commit_import
from leadtemp.importing.preview import ImportPreview, preview_file
from leadtemp.importing.preview_rows import RowStatus
from leadtemp.service import LeadService

pytestmark = pytest.mark.qt_log_level_fail("WARNING")

LEADS = (
    "name,email,phone,company\n"
    "Dana Lee,dana@example.com,,Acme\n"
    "Sam Ortiz,sam@example.com,,Globex\n"
    ",,+1 415 555 0100,\n"
    "Ana Silva,ana@example.com,,Initech\n"
    "Sam Ortiz,sam@example.com,+1 415 555 0199,Globex\n"
)


def _preview(service: LeadService, tmp_path: Path, text: str = LEADS) -> ImportPreview:
    path = tmp_path / "leads.csv"
    path.write_text(text, encoding="utf-8")
    return preview_file(service, path)


def _model(service: LeadService, tmp_path: Path, text: str = LEADS) -> ReviewModel:
    service.add_contact("Dana Lee", email="dana@example.com", company="Acme")
    model = ReviewModel()
    model.set_preview(_preview(service, tmp_path, text))
    return model


def _column(model: ReviewModel, column: int, role: int = Qt.ItemDataRole.DisplayRole) -> list[object]:
    return [model.index(row, column).data(role) for row in range(model.rowCount())]


def test_the_model_passes_the_model_tester(qtmodeltester, service: LeadService, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    model = _model(service, tmp_path)
    qtmodeltester.check(model, force_py=True)
    model.set_all(RowStatus.DUPLICATE, "import")
    qtmodeltester.check(model, force_py=True)


def test_rows_show_their_number_name_status_and_action(service: LeadService, tmp_path: Path) -> None:
    model = _model(service, tmp_path)
    assert _column(model, 0) == ["2", "3", "4", "5", "6"]
    assert _column(model, 1) == ["Dana Lee", "Sam Ortiz", "—", "Ana Silva", "Sam Ortiz"]
    assert _column(model, 2) == [
        "duplicate: same e-mail address as #1 Dana Lee",
        "new",
        "invalid: no name, e-mail address or company (row has phone: +1 415 555 0100)",
        "new",
        "duplicate: same e-mail address as row 3 Sam Ortiz",
    ]
    assert _column(model, ACTION_COLUMN) == ["skip", "import", "skip", "import", "update (fill empty fields)"]
    assert _column(model, ACTION_COLUMN, ACTION_ROLE) == ["skip", "import", "skip", "import", "update"]
    assert model.index(2, ACTION_COLUMN).data(CHOICES_ROLE) == ["skip"]
    editable = [
        bool(model.flags(model.index(row, ACTION_COLUMN)) & Qt.ItemFlag.ItemIsEditable) for row in range(5)
    ]
    assert editable == [True, True, False, True, True]
    assert not model.flags(model.index(0, 1)) & Qt.ItemFlag.ItemIsEditable
    tip = model.index(2, 2).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "invalid: no name, e-mail address or company (row has phone: +1 415 555 0100)"
    assert model.index(1, 1).data(Qt.ItemDataRole.ToolTipRole) is None


def test_choices_become_decisions_and_bad_ones_are_refused(
    qtbot: QtBot, service: LeadService, tmp_path: Path
) -> None:
    model = _model(service, tmp_path)
    with qtbot.waitSignal(model.actionsChanged), qtbot.waitSignal(model.dataChanged):
        model.set_action(1, "skip")
    model.set_action(0, "update")
    model.set_action(0, "skip")  # back to its default: no longer a decision
    assert model.decisions() == {1: "skip"}
    with pytest.raises(ValueError, match="row 4 cannot be set to import"):
        model.set_action(2, "import")
    assert not model.setData(model.index(1, ACTION_COLUMN), "replace", ACTION_ROLE)
    assert not model.setData(model.index(1, 1), "skip", ACTION_ROLE)
    assert model.setData(model.index(1, ACTION_COLUMN), "import", ACTION_ROLE)
    assert model.decisions() == {}


def test_setting_every_duplicate_is_one_change(qtbot: QtBot, service: LeadService, tmp_path: Path) -> None:
    lines = "".join(f"Lead {n},lead{n}@example.com,,Acme\n" for n in range(300))
    path = tmp_path / "many.csv"
    path.write_text("name,email,phone,company\n" + lines, encoding="utf-8")
    commit_import(service, preview_file(service, path))
    model = ReviewModel()
    model.set_preview(preview_file(service, path))
    changes: list[None] = []
    model.actionsChanged.connect(lambda: changes.append(None))
    assert model.set_all(RowStatus.DUPLICATE, "import") == 300
    assert len(changes) == 1
    assert set(_column(model, ACTION_COLUMN, ACTION_ROLE)) == {"import"}
    assert model.set_all(RowStatus.INVALID, "import") == 0
    assert model.set_all(RowStatus.DUPLICATE, "skip") == 300
    assert model.decisions() == {}


def test_the_combo_applies_the_chosen_action(qtbot: QtBot, service: LeadService, tmp_path: Path) -> None:
    model = _model(service, tmp_path)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.setItemDelegateForColumn(ACTION_COLUMN, ActionDelegate(view))
    view.show()
    index = model.index(4, ACTION_COLUMN)
    view.edit(index)
    combo = view.viewport().findChild(QComboBox)
    assert combo is not None
    assert [combo.itemData(i) for i in range(combo.count())] == ["update", "replace", "skip", "import"]
    assert combo.currentData() == "update"
    combo.setCurrentIndex(1)
    combo.activated.emit(1)
    assert model.action(4) == "replace"
    assert model.decisions() == {4: "replace"}
    qtbot.waitUntil(lambda: view.viewport().findChild(QComboBox) is None or not combo.isVisible())


def test_no_preview_means_no_rows(service: LeadService, tmp_path: Path) -> None:
    model = _model(service, tmp_path)
    model.set_preview(None)
    assert model.rowCount() == 0
    assert model.decisions() == {}
    assert model.set_all(RowStatus.DUPLICATE, "skip") == 0


def test_a_possible_duplicate_says_why_and_is_imported_unless_chosen_otherwise(
    service: LeadService, tmp_path: Path
) -> None:
    text = "name,email,company\nDana Lee,dana.lee@gmail.example,Acme Inc\nSam Ortiz,sam@example.com,\n"
    model = _model(service, tmp_path, text)
    assert _column(model, 2) == [
        "possible duplicate: same name and company as #1 Dana Lee, but a different e-mail address",
        "new",
    ]
    assert _column(model, ACTION_COLUMN, ACTION_ROLE) == ["import", "import"]
    assert model.index(0, ACTION_COLUMN).data(CHOICES_ROLE) == ["import", "update", "replace", "skip"]
    possible = model.index(0, 2).data(Qt.ItemDataRole.ForegroundRole)
    other = _model(service, tmp_path)
    duplicate = other.index(0, 2).data(Qt.ItemDataRole.ForegroundRole)
    assert possible is not None and duplicate is not None and possible.color() != duplicate.color()
    preview = model.preview
    assert preview is not None
    assert preview.counts(model.decisions()).possible == 1
    model.set_action(0, "update")
    assert preview.counts(model.decisions()).possible == 0
