"""Dragging a card to another column pins that temperature, through the model's drop methods."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from desktop.board.model import MIME_TYPE, CardRole
from desktop.window.main_window import MainWindow
from leadtemp.model import Temperature
from leadtemp.service import LeadService
from tests.desktop.conftest import names, settle

COPY = Qt.DropAction.CopyAction


def drag_data(window: MainWindow, temperature: Temperature, contact_id: int):  # type: ignore[no-untyped-def]
    model = window.board_model.column(temperature)
    data = model.mimeData([model.index_of(contact_id)])
    assert data is not None
    return data


def test_drop_on_another_column_pins_the_contact(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int], service: LeadService
) -> None:
    cora = leads["Cora Cold"]
    data = drag_data(window, Temperature.COLD, cora)
    cold = window.board_model.column(Temperature.COLD)
    hot = window.board_model.column(Temperature.HOT)
    with (
        qtbot.assertNotEmitted(cold.modelReset),
        qtbot.waitSignal(cold.rowsRemoved),
        qtbot.waitSignal(hot.rowsInserted),
    ):
        assert hot.dropMimeData(data, COPY, -1, 0, QModelIndex())
    pin = service.get_pin(cora)
    assert pin is not None and pin.temperature is Temperature.HOT
    assert "Cora Cold" in names(window, Temperature.HOT)
    assert "Cora Cold" not in names(window, Temperature.COLD)
    index = hot.index_of(cora)
    assert index.data(CardRole.PinnedRole) is True
    assert index.data(CardRole.ComputedTemperatureRole) == "cold"
    assert window.notices.messages() == ["Cora Cold: cold -> hot, pinned hot"]
    assert window.undo_stack.undoText() == "Pin Cora Cold as hot"


def test_drop_on_the_same_column_does_nothing(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int], service: LeadService
) -> None:
    wanda = leads["Wanda Warm"]
    data = drag_data(window, Temperature.WARM, wanda)
    warm = window.board_model.column(Temperature.WARM)
    assert not warm.canDropMimeData(data, COPY, -1, 0, QModelIndex())
    with qtbot.assertNotEmitted(warm.rowsRemoved), qtbot.assertNotEmitted(warm.rowsMoved):
        assert not warm.dropMimeData(data, COPY, -1, 0, QModelIndex())
    assert service.get_pin(wanda) is None
    assert window.undo_stack.count() == 0


def test_drag_offers_copy_only_so_the_view_never_removes_the_source_row(
    window: MainWindow, leads: dict[str, int]
) -> None:
    for temperature in Temperature:
        model = window.board_model.column(temperature)
        assert model.supportedDragActions() == COPY
        assert model.supportedDropActions() == COPY
        assert model.mimeTypes() == [MIME_TYPE]
        view = window.board_view.view(temperature)
        assert view.defaultDropAction() == COPY
    cold = window.board_model.column(Temperature.COLD)
    assert not cold.removeRows(0, 1)
    assert cold.rowCount() == 2


def test_dropped_pin_can_be_undone_and_redone(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int], service: LeadService
) -> None:
    hugo = leads["Hugo Fire"]
    cold = window.board_model.column(Temperature.COLD)
    assert cold.dropMimeData(drag_data(window, Temperature.HOT, hugo), COPY, -1, 0, QModelIndex())
    settle(qtbot, window)
    assert "Hugo Fire" in names(window, Temperature.COLD)
    window.menu_actions.undo.trigger()
    settle(qtbot, window)
    assert service.get_pin(hugo) is None
    assert "Hugo Fire" in names(window, Temperature.HOT)
    window.menu_actions.redo.trigger()
    settle(qtbot, window)
    assert "Hugo Fire" in names(window, Temperature.COLD)


def test_foreign_or_unknown_data_is_refused(window: MainWindow) -> None:
    from PySide6.QtCore import QMimeData

    hot = window.board_model.column(Temperature.HOT)
    text = QMimeData()
    text.setText("7")
    assert not hot.canDropMimeData(text, COPY, -1, 0, QModelIndex())
    unknown = QMimeData()
    unknown.setData(MIME_TYPE, b"99999")
    assert not hot.dropMimeData(unknown, COPY, -1, 0, QModelIndex())
