"""Budget talk and urgency found by capture suggest answers on the review page: shown on their
lines, set only for the lines the user ticks (never silently), with the capture as one undo step."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.capture.dialog import CaptureDialog
from desktop.capture.review_model import ACCEPT_COLUMN, KIND_COLUMN, SUGGEST_COLUMN
from desktop.window.main_window import MainWindow
from leadtemp.service import LeadService
from tests.desktop.conftest import settle

MESSAGE = """\
From: Dana Lee <dana.lee@acme-logistics.com>
To: Sam <sam.freelance@gmail.com>
Subject: Warehouse app
Date: Sun, 1 Mar 2026 10:00:00 +0000
Message-ID: <budget-1@acme-logistics.com>
Content-Type: text/plain; charset=utf-8

Hi Sam,

We have the budget approved for a warehouse app. We need this by the end of April, could you help?

Dana
"""


@pytest.fixture
def book_window(open_window: Callable[[Path], MainWindow], db_path: Path, service: LeadService) -> MainWindow:
    service.set_my_addresses(["sam.freelance@gmail.com"])
    service.add_contact("Dana Lee", email="dana.lee@acme-logistics.com", company="Acme Logistics")
    return open_window(db_path)


def _review(qtbot: QtBot, window: MainWindow, path: Path) -> CaptureDialog:
    window.open_capture_dialog(str(path))
    dialog = window.active_dialog
    assert isinstance(dialog, CaptureDialog)
    qtbot.waitUntil(lambda: dialog.model.preview is not None, timeout=10_000)
    return dialog


def _row(dialog: CaptureDialog, kind: str) -> int:
    model = dialog.model
    return next(row for row in range(model.rowCount()) if model.line(row).kind == kind)


def test_suggested_answers_are_shown_unticked_and_set_only_when_ticked(
    qtbot: QtBot, book_window: MainWindow, service: LeadService, tmp_path: Path
) -> None:
    path = tmp_path / "dana.eml"
    path.write_text(MESSAGE)
    dialog = _review(qtbot, book_window, path)
    model = dialog.model
    budget, urgency = _row(dialog, "budget_discussion"), _row(dialog, "urgency_expressed")
    assert model.index(budget, SUGGEST_COLUMN).data() == "Budget: yes"
    assert model.index(urgency, SUGGEST_COLUMN).data() == "Timeline: 2026-Q1"  # the message's quarter
    inquiry = _row(dialog, "inquiry")
    assert model.index(inquiry, SUGGEST_COLUMN).data() == ""
    assert not model.flags(model.index(inquiry, SUGGEST_COLUMN)) & Qt.ItemFlag.ItemIsUserCheckable
    assert model.index(budget, SUGGEST_COLUMN).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert model.answers() == {}

    assert model.setData(
        model.index(budget, SUGGEST_COLUMN), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole
    )
    assert model.setData(
        model.index(urgency, SUGGEST_COLUMN), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole
    )
    # Rejecting a line drops its suggestion too.
    model.setData(
        model.index(urgency, ACCEPT_COLUMN), Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole
    )
    assert (
        model.index(urgency, SUGGEST_COLUMN).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    )
    assert "the answers ticked for 1 lead" in dialog.status.text()
    dialog.accept()
    settle(qtbot, book_window)

    budget_answer, _, _, timeline = service.qualification(1).answers
    assert budget_answer.value == "yes" and "budget approved" in budget_answer.note
    assert budget_answer.learned_at is not None and budget_answer.learned_at.astimezone().date() == date(
        2026, 3, 1
    )
    assert not timeline.known
    assert "budget_discussion" in [i.kind for i in service.interactions(1)]
    assert book_window.undo_stack.count() == 1

    book_window.undo()
    settle(qtbot, book_window)
    assert not service.qualification(1).budget.known
    assert service.interactions(1) == []


def test_a_capture_with_nothing_ticked_sets_no_answer(
    qtbot: QtBot, book_window: MainWindow, service: LeadService, tmp_path: Path
) -> None:
    path = tmp_path / "dana.eml"
    path.write_text(MESSAGE)
    dialog = _review(qtbot, book_window, path)
    assert dialog.model.index(_row(dialog, "budget_discussion"), KIND_COLUMN).data()
    dialog.accept()
    settle(qtbot, book_window)
    assert "budget_discussion" in [i.kind for i in service.interactions(1)]
    assert all(not answer.known for answer in service.qualification(1).answers)
