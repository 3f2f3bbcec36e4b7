"""Quick-add's optional qualification: the answers chosen are set with the log as one undo step, a
timeline it cannot read keeps Save off, and nothing chosen leaves the answers as they are."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desktop.window.main_window import MainWindow
from leadtemp.service import LeadService
from tests.desktop.conftest import settle
from tests.desktop.today.test_quick_add_next_step import _quick_add


def test_answers_chosen_in_quick_add_are_set_with_the_log_in_one_undo_step(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int], service: LeadService
) -> None:
    walt = leads["Walt Mild"]
    service.qualify(walt, {"authority": "yes"})
    dialog = _quick_add(qtbot, window, walt)
    assert dialog.kind_combo.set_kind("email_reply")
    fields = dialog.qualify_row
    fields.combos["budget"].setCurrentIndex(fields.combos["budget"].findData("yes"))
    fields.combos["need"].setCurrentIndex(fields.combos["need"].findData("no"))
    fields.timeline.setText("Q2x")
    assert not dialog.save_button.isEnabled()
    assert "Cannot read timeline" in fields.error.text()
    fields.timeline.setText("2026-Q2")
    assert dialog.save_button.isEnabled()
    dialog.accept()
    settle(qtbot, window)
    answers = service.qualification(walt)
    assert [a.value for a in answers.answers] == ["yes", "yes", "no", "2026-Q2"]
    assert window.undo_stack.count() == 1
    window.menu_actions.undo.trigger()
    settle(qtbot, window)
    answers = service.qualification(walt)
    assert [a.value for a in answers.answers] == ["unknown", "yes", "unknown", "unknown"]
    assert len(service.interactions(walt)) == 2


def test_quick_add_without_answers_changes_none(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int], service: LeadService
) -> None:
    walt = leads["Walt Mild"]
    service.qualify(walt, {"budget": "no"}, {"budget": "spent for the year"})
    before = service.qualification(walt)
    dialog = _quick_add(qtbot, window, walt)
    assert dialog.kind_combo.set_kind("email_reply")
    assert dialog.values().qualification == {}
    dialog.accept()
    settle(qtbot, window)
    assert service.qualification(walt) == before
