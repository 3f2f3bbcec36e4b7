"""The Today tab: the agenda in its order, live clocks, one click to log what was done (the entry
leaves at once), next steps and snoozes from the menus, and catching up with other processes."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMenu, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from desktop.dialogs.next_step import NextStepDialog
from desktop.today.model import Action, TodayRole
from desktop.window.lead_views import LeadView
from desktop.window.main_window import MainWindow
from leadtemp.agenda.entries import Section
from leadtemp.clock import local_date
from leadtemp.service import LeadService
from tests.conftest import FakeClock
from tests.desktop.conftest import settle
from tests.reliability.helpers import REPO, child_env


def _open_today(qtbot: QtBot, window: MainWindow) -> None:
    window.menu_actions.today.trigger()
    assert window.views.currentWidget() is window.today.view
    qtbot.waitUntil(lambda: window.today.model.loaded and not window.workers.busy, timeout=5000)


def _listed(window: MainWindow) -> list[tuple[int, Section]]:
    return [(entry.contact_id, entry.section) for entry in window.today.model.entries()]


def _fresh_today(db_path: Path, clock: FakeClock) -> list[tuple[int, Section]]:
    other = LeadService.open(db_path, now=clock)
    try:
        return [(entry.contact_id, entry.section) for entry in other.today()]
    finally:
        other.close()


def _click(window: MainWindow, contact_id: int, action: Action) -> None:
    view = window.today.view
    row = window.today.model.row_of(contact_id)
    assert row is not None
    index = window.today.model.index(row, 0)
    view.list.scrollTo(index)
    option = QStyleOptionViewItem()
    view.list.initViewItemOption(option)
    option.rect = view.list.visualRect(index)
    rects = dict(view.delegate.button_rects(option, index))
    center = rects[action].center()
    QTest.mouseClick(view.list.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, center)


def test_ctrl_t_shows_the_agenda_in_its_order_with_sections(
    qtbot: QtBot,
    window: MainWindow,
    leads: dict[str, int],
    db_path: Path,
    clock: FakeClock,
    service: LeadService,
) -> None:
    service.set_next_step(leads["Cora Cold"], "send the onboarding guide", local_date(clock()))
    window.today.refresh()
    _open_today(qtbot, window)
    listed = _listed(window)
    assert listed == _fresh_today(db_path, clock)
    sections = [section for _id, section in listed]
    assert Section.WAITING in sections and (leads["Cora Cold"], Section.DUE) in listed
    assert sections == sorted(sections, key=list(Section).index)
    model = window.today.model
    first = model.index(0, 0)
    assert first.data(TodayRole.FirstOfSectionRole) is True
    assert window.views.tabText(1) == f"&Today ({len(listed)})"
    cora = model.index(model.row_of(leads["Cora Cold"]) or 0, 0)
    assert cora.data(TodayRole.StepTextRole) == "Next: send the onboarding guide"
    assert cora.data(TodayRole.ClockTextRole) == "due today"

    assert window.arrange_bar.isHidden()  # Sort and Filter are the leads', not Today's
    window.menu_actions.today.trigger()
    assert window.views.currentWidget() is window.lead_views
    assert not window.arrange_bar.isHidden()


def test_the_wait_clock_ticks_and_turns_red_after_five_minutes(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int], clock: FakeClock
) -> None:
    window.log(leads["Walt Mild"], "pricing_request", clock())
    settle(qtbot, window)
    _open_today(qtbot, window)
    model = window.today.model
    index = model.index(model.row_of(leads["Walt Mild"]) or 0, 0)
    assert index.data(TodayRole.EntryRole).section is Section.WAITING
    clock.advance(minutes=3)
    assert index.data(TodayRole.ClockTextRole) == "waiting 3 min"
    assert index.data(TodayRole.LateRole) is False
    with qtbot.waitSignal(model.dataChanged, timeout=1000):
        clock.advance(minutes=4)
        model.tick()
    assert index.data(TodayRole.ClockTextRole) == "waiting 7 min"
    assert index.data(TodayRole.LateRole) is True


def test_called_logs_the_outreach_and_the_entry_leaves_at_once(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int], db_path: Path, clock: FakeClock
) -> None:
    _open_today(qtbot, window)
    waiting = [cid for cid, section in _listed(window) if section is Section.WAITING]
    assert waiting
    lead = waiting[0]
    _click(window, lead, Action.CALLED)
    assert lead not in [cid for cid, _section in _listed(window)]
    settle(qtbot, window)
    assert lead not in [cid for cid, _section in _listed(window)]
    other = LeadService.open(db_path, now=clock)
    try:
        assert "call_made" in [interaction.kind for interaction in other.interactions(lead)]
    finally:
        other.close()

    window.undo()
    settle(qtbot, window)
    qtbot.waitUntil(lambda: lead in [cid for cid, _section in _listed(window)], timeout=3000)


def test_done_completes_a_due_step(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int], service: LeadService, clock: FakeClock
) -> None:
    cora = leads["Cora Cold"]
    service.set_next_step(cora, "send the onboarding guide", local_date(clock()))
    window.today.refresh()
    _open_today(qtbot, window)
    qtbot.waitUntil(lambda: (cora, Section.DUE) in _listed(window), timeout=3000)
    _click(window, cora, Action.DONE)
    assert cora not in [cid for cid, _ in _listed(window)]
    settle(qtbot, window)
    assert service.next_step(cora) is None
    assert cora not in [cid for cid, _ in _listed(window)]


def _trigger(menu: QMenu, *path: str) -> None:
    for number, text in enumerate(path):
        action = next(a for a in menu.actions() if a.text().replace("&", "").startswith(text))
        if number == len(path) - 1:
            action.trigger()
        else:
            sub = action.menu()
            assert isinstance(sub, QMenu)
            menu = sub


def test_snooze_until_tomorrow_from_the_card_menu_takes_the_lead_off_today(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int], service: LeadService, clock: FakeClock
) -> None:
    _open_today(qtbot, window)
    lead = _listed(window)[0][0]
    clock.advance(minutes=1)  # a snooze set after the buying signals logged so far
    _trigger(window.build_card_menu(lead), "Snooze", "Until Tomorrow")
    assert lead not in [cid for cid, _ in _listed(window)]
    settle(qtbot, window)
    snooze = service.snoozed(lead)
    assert snooze is not None and snooze.until == local_date(clock()) + timedelta(days=1)
    window.undo()
    settle(qtbot, window)
    assert service.snoozed(lead) is None


def test_next_step_from_the_card_menu_and_the_panel(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int], service: LeadService, clock: FakeClock
) -> None:
    walt = leads["Walt Mild"]
    _trigger(window.build_card_menu(walt), "Set Next Step")
    qtbot.waitUntil(lambda: isinstance(window.active_dialog, NextStepDialog), timeout=3000)
    dialog = window.active_dialog
    assert isinstance(dialog, NextStepDialog)
    dialog.accept()
    assert dialog.isVisible() and dialog.error.problem  # a step needs its words
    dialog.text.setText("call about the proposal")
    due = local_date(clock()) + timedelta(days=3)
    dialog.due.setDate(dialog.due.date().addDays(2))
    dialog.accept()
    settle(qtbot, window)
    step = service.next_step(walt)
    assert step is not None and (step.text, step.due) == ("call about the proposal", due)

    window.board_view.select_contact(walt)
    panel = window.panel
    assert panel is not None
    qtbot.waitUntil(lambda: "call about the proposal" in panel.step_label.text(), timeout=2000)
    panel.step_done_button.click()
    settle(qtbot, window)
    assert service.next_step(walt) is None
    qtbot.waitUntil(lambda: "none scheduled" in panel.step_label.text(), timeout=2000)


def test_the_panel_says_when_a_hot_lead_goes_warm(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int], service: LeadService
) -> None:
    hattie = leads["Hattie Hot"]
    window.board_view.select_contact(hattie)
    panel = window.panel
    assert panel is not None
    qtbot.waitUntil(lambda: panel.shown_contact_id == hattie and not panel.reading)
    cools = service.cools_on(hattie)
    assert cools is not None
    text = panel.cools_label.text()
    assert text.startswith("Goes warm on ") and f" {cools.day} " in text + " "
    assert not panel.cools_label.isHidden()


def test_today_catches_up_with_another_process(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int], db_path: Path, clock: FakeClock
) -> None:
    _open_today(qtbot, window)
    wanda = leads["Wanda Warm"]
    assert (wanda, Section.WAITING) not in _listed(window)
    command = [sys.executable, "-m", "leadtemp", "--db", str(db_path), "log", str(wanda)]
    done = subprocess.run(
        [*command, "pricing_request", "--at", clock().isoformat()],
        capture_output=True,
        text=True,
        env=child_env(),
        cwd=REPO,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    qtbot.waitUntil(lambda: (wanda, Section.WAITING) in _listed(window), timeout=3000)


def test_an_entry_selected_in_today_shows_in_the_panel_and_its_menu_logs(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int]
) -> None:
    _open_today(qtbot, window)
    lead = _listed(window)[0][0]
    assert window.today.view.select_contact(lead)
    assert window.panel is not None and window.panel.contact_id == lead
    window.today._show_menu(lead, QPoint(0, 0))
    menu = window.today.menu
    assert menu is not None
    texts = [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]
    assert texts[:2] == ["Called", "Emailed"]
    menu.close()


def test_a_hot_cards_tooltip_gains_the_day_it_goes_warm(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int], service: LeadService
) -> None:
    hattie = leads["Hattie Hot"]
    card = window.board_model.card(hattie)
    assert card is not None
    index = window.board_model.column(card.temperature).index_of(hattie)
    first = index.data(Qt.ItemDataRole.ToolTipRole)
    assert "Goes warm" not in first
    cools = service.cools_on(hattie)
    assert cools is not None
    expected = f"Goes warm on {cools.strftime('%a %b')} {cools.day} if nothing happens"
    qtbot.waitUntil(lambda: expected in index.data(Qt.ItemDataRole.ToolTipRole).split("\n"), timeout=3000)
    cora = window.board_model.column(window.board_model.card(leads["Cora Cold"]).temperature)  # type: ignore[union-attr]
    assert "Goes" not in cora.index_of(leads["Cora Cold"]).data(Qt.ItemDataRole.ToolTipRole)


@pytest.mark.parametrize("behind", [LeadView.BOARD, LeadView.LIST])
def test_after_an_action_the_next_entry_is_current_and_the_panel_shows_it(
    qtbot: QtBot, window: MainWindow, leads: dict[str, int], behind: LeadView
) -> None:
    """Emailed on an entry: it leaves, the one below becomes current, and the panel shows that lead
    once the write and the board's catch-up are done, whichever leads' view is behind Today."""
    window.lead_views.show_view(behind)
    _open_today(qtbot, window)
    listed = [cid for cid, _section in _listed(window)]
    assert len(listed) >= 2
    first, second = listed[0], listed[1]
    _click(window, first, Action.EMAILED)
    settle(qtbot, window)
    qtbot.waitUntil(lambda: window.today.model.loaded and not window.workers.busy, timeout=5000)
    settle(qtbot, window)
    assert window.today.view.selected_contact() == second
    panel = window.panel
    assert panel is not None
    qtbot.waitUntil(lambda: not panel.reading, timeout=3000)
    assert panel.contact_id == second
    assert panel.shown_contact_id == second
