"""The whole company in the window: board cards badged when several of a company's people engaged
this week (read on the worker, painted by the delegate), and the company panel opened from the
contact panel's company, with its people, temperature, joins, timeline and edits."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QFont, QImage, QPainter
from pytestqt.qtbot import QtBot

from desktop.board.delegate import CardDelegate
from desktop.board.model import CardRole
from desktop.theme import ThemeManager
from desktop.window.main_window import MainWindow
from leadtemp.companies.seniority import Seniority
from leadtemp.model import Card, Temperature
from leadtemp.service import LeadService
from tests.conftest import FakeClock
from tests.desktop.conftest import settle

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore(
        r"This plugin does not support (propagateSizeHints|grabbing the keyboard|raise)"
    ),
]
BADGE = "3 people from Acme engaged this week"


@pytest.fixture
def acme(service: LeadService, clock: FakeClock) -> dict[str, int]:
    """Three people at Acme who all talked with you this week, and a lead elsewhere."""
    ids = {
        "Dana Lee": service.add_contact(
            "Dana Lee", email="dana@acme.example", company="Acme", role="CEO"
        ).contact_id,
        "Sam Ortiz": service.add_contact("Sam Ortiz", email="sam@acme.example", role="CTO").contact_id,
        "Kim Park": service.add_contact("Kim Park", email="kim@acme.example", role="Developer").contact_id,
        "Lou Reed": service.add_contact("Lou Reed", email="lou@gmail.com").contact_id,
    }
    service.log_interaction(ids["Dana Lee"], "meeting_held", clock.current - timedelta(days=4))
    service.log_interaction(ids["Sam Ortiz"], "email_reply", clock.current - timedelta(days=2))
    service.log_interaction(ids["Kim Park"], "pricing_request", clock.current - timedelta(days=1))
    service.log_interaction(ids["Lou Reed"], "email_reply", clock.current - timedelta(days=1))
    return ids


@pytest.fixture
def window(open_window: Callable[[Path], MainWindow], db_path: Path, acme: dict[str, int]) -> MainWindow:
    return open_window(db_path)


def badge_of(window: MainWindow, contact_id: int) -> object:
    card = window.board_model.card(contact_id)
    assert card is not None
    return window.board_model.column(card.temperature).index_of(contact_id).data(CardRole.CompanyBadgeRole)


def test_cards_of_a_company_where_several_people_engaged_this_week_carry_the_badge(
    qtbot: QtBot, window: MainWindow, acme: dict[str, int], clock: FakeClock
) -> None:
    qtbot.waitUntil(lambda: badge_of(window, acme["Dana Lee"]) == BADGE, timeout=5000)
    assert [badge_of(window, acme[name]) for name in ("Sam Ortiz", "Kim Park", "Lou Reed")] == [
        BADGE,
        BADGE,
        None,
    ]
    card = window.board_model.card(acme["Kim Park"])
    assert card is not None
    index = window.board_model.column(card.temperature).index_of(card.contact_id)
    assert BADGE in index.data() or BADGE in str(index.data(0x03))  # tooltip role
    # The minute's refresh reads them again: a second person at Lou's company engaged meanwhile.
    assert window.service is not None
    pal = window.service.add_contact("Pal Joey", email="pal@gmail.com", company="Reed & Co").contact_id
    window.service.edit_contact(acme["Lou Reed"], company="Reed & Co")
    window.service.log_interaction(pal, "email_reply", clock.current - timedelta(hours=1))
    settle(qtbot, window)
    window.refresh_now()
    qtbot.waitUntil(
        lambda: badge_of(window, acme["Lou Reed"]) == "2 people from Reed & Co engaged this week",
        timeout=5000,
    )


def paint(card: Card, badge: str | None, themes: ThemeManager) -> QImage:
    delegate = CardDelegate(lambda: themes.theme)
    image = QImage(320, delegate.card_height(QFont()), QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    delegate.paint_card(
        painter,
        image.rect(),
        QFont(),
        card,
        selected=False,
        hovered=False,
        now_text=(None, "Touched today"),
        badge=badge,
    )
    painter.end()
    return image


def test_the_delegate_paints_the_badge_on_the_company_line(
    qtbot: QtBot, window: MainWindow, acme: dict[str, int], themes: ThemeManager
) -> None:
    card = window.board_model.card(acme["Dana Lee"])
    assert card is not None
    plain, badged = paint(card, None, themes), paint(card, BADGE, themes)
    assert plain != badged
    line = QRect(0, 0, plain.width(), plain.height() // 2)
    assert plain.copy(line) != badged.copy(line)
    assert paint(card, BADGE, themes) == badged


def open_company(qtbot: QtBot, window: MainWindow, contact_id: int) -> None:
    window.lead_views.select_contact(contact_id)
    panel = window.panel
    assert panel is not None
    qtbot.waitUntil(lambda: panel.detail is not None and panel.detail.contact.id == contact_id, timeout=5000)
    assert panel.company_link.isVisibleTo(panel)
    assert "Acme: 3 people" in panel.company_link.text()
    panel.company_link.linkActivated.emit(panel.company_link.text().split("'")[1])
    assert window.company_panel is not None
    qtbot.waitUntil(
        lambda: window.company_panel is not None and window.company_panel.view is not None, timeout=5000
    )


def test_the_company_panel_shows_people_temperature_joins_and_timeline(
    qtbot: QtBot, window: MainWindow, acme: dict[str, int], tmp_path: Path
) -> None:
    open_company(qtbot, window, acme["Sam Ortiz"])
    company = window.company_panel
    assert company is not None and company.view is not None
    people = company.people_model
    rows = [[people.index(row, column).data() for column in range(5)] for row in range(people.rowCount())]
    assert [row[:3] for row in rows] == [
        ["Kim Park", "Developer", "user"],
        ["Sam Ortiz", "CTO", "decision-maker"],
        ["Dana Lee", "CEO", "decision-maker"],
    ]
    assert rows[0][3] == "Hot"
    assert company.temperature_chip.text() == "HOT"
    assert company.reason_label.text().startswith("Kim Park is hot, the hottest of 3 at Acme")
    assert "Sam Ortiz joined Dana Lee's conversation" in company.joins_label.text()
    assert "Kim Park joined Sam Ortiz's conversation" in company.joins_label.text()
    timeline = [
        company.timeline_model.index(row, 0).data() for row in range(company.timeline_model.rowCount())
    ]
    assert len(timeline) == 5 and "Kim Park · Pricing request" in timeline[1]
    assert "Sam Ortiz · Stakeholder joined — Kim Park (Developer) joined the conversation" in timeline[0]
    assert any("Stakeholder joined — Sam Ortiz (CTO) joined the conversation" in line for line in timeline)
    company.resize(640, 620)
    window.resize(1280, 760)
    qtbot.wait(50)
    window.grab().save(str(tmp_path / "window.png"))
    company.grab().save(str(tmp_path / "company.png"))


def test_the_company_panel_edits_industry_size_and_seniority_on_the_worker(
    qtbot: QtBot, window: MainWindow, acme: dict[str, int]
) -> None:
    open_company(qtbot, window, acme["Dana Lee"])
    company = window.company_panel
    assert company is not None and window.service is not None
    company.industry_edit.setText("Retail")
    company.size_spin.setValue(250)
    with qtbot.waitSignal(company.shown, timeout=5000):
        company.save()
    record = window.service.company(company.company_id).record
    assert (record.industry, record.size) == ("Retail", 250)
    assert "Retail · 250 people work there" in company.facts_label.text()
    with qtbot.waitSignal(company.shown, timeout=5000):
        company.set_seniority(acme["Kim Park"], Seniority.INFLUENCER)
    kim = [
        company.people_model.person(row)
        for row in range(3)
        if company.people_model.person(row).name == "Kim Park"
    ]
    assert (kim[0].seniority, kim[0].seniority_chosen) == (Seniority.INFLUENCER, True)
    assert window.service.seniority(acme["Kim Park"]) == (Seniority.INFLUENCER, True)
    # Double-clicking a person (or "Show on the Board") selects the lead.
    company.contactRequested.emit(acme["Kim Park"])
    assert window.selected_contact() == acme["Kim Park"]
    settle(qtbot, window)
    assert window.board_model.card(acme["Kim Park"]) is not None
    assert window.board_model.card(acme["Kim Park"]).temperature is Temperature.HOT  # type: ignore[union-attr]
