"""The report as a shared page, a CSV table, and dated outcomes that reports can trust."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from pathlib import Path

import pytest

from leadtemp.cli import main
from leadtemp.demo import create_demo_database
from leadtemp.errors import ValidationError
from leadtemp.model import Outcome, Temperature
from leadtemp.reports.report_csv import HEADER, report_csv
from leadtemp.service import LeadService
from tests.conftest import FakeClock


def test_an_outcome_can_be_dated_when_it_happened_but_not_ahead_or_out_of_order(
    service: LeadService, clock: FakeClock
) -> None:
    lead = service.add_contact("Dated").contact_id
    clock.advance(days=30)
    service.set_outcome(lead, Outcome.LOST, on=clock() - timedelta(days=10))
    assert service.detail(lead).outcome_at == clock() - timedelta(days=10)
    with pytest.raises(ValidationError, match="in the future"):
        service.set_outcome(lead, Outcome.WON, on=clock() + timedelta(days=1))
    with pytest.raises(ValidationError, match="last changed on"):
        service.set_outcome(lead, Outcome.WON, on=clock() - timedelta(days=20))
    assert service.contact(lead).outcome is Outcome.LOST


def test_the_cli_dates_an_outcome_with_on(service: LeadService, clock: FakeClock) -> None:
    lead = service.add_contact("Won in May").contact_id
    path = str(service.path)
    assert main(["--db", path, "outcome", str(lead), "won", "--on", "2026-02-20T10:00Z"]) == 0
    assert service.detail(lead).outcome_at is not None
    assert service.detail(lead).outcome_at.isoformat() == "2026-02-20T10:00:00+00:00"  # type: ignore[union-attr]
    assert main(["--db", path, "outcome", str(lead), "lost", "--on", "2099-01-01"]) == 1


def test_html_is_one_page_with_charts_and_never_goes_over_the_book(
    service: LeadService, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    service.add_contact("Someone")
    page = tmp_path / "report.html"
    assert main(["--db", str(service.path), "report", "--html", str(page)]) == 0
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and text.count("<svg") == 2 and "seeds: 15-30 %" in text
    capsys.readouterr()
    assert main(["--db", str(service.path), "report", "--html", str(page)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert main(["--db", str(service.path), "report", "--html", str(page), "--force"]) == 0
    assert main(["--db", str(service.path), "report", "--html", str(service.path)]) == 1
    assert "is the database" in capsys.readouterr().err


def test_the_csv_has_a_row_per_figure(service: LeadService, clock: FakeClock) -> None:
    lead = service.add_contact("Hot").contact_id
    service.log_interaction(lead, "pricing_request", clock())
    rows = list(csv.reader(io.StringIO(report_csv(service.report()))))
    assert tuple(rows[0]) == HEADER
    conversion = {row[1]: row for row in rows if row[0] == "conversion"}
    assert conversion["hot"][2:4] == ["1", "0"] and conversion["cold"][2] == "0"
    assert sum(row[0] == "funnel" for row in rows) == 12 * 3


def test_the_demo_book_has_a_year_of_closed_deals_to_report_on(tmp_path: Path, clock: FakeClock) -> None:
    path = create_demo_database(tmp_path / "demo.db", now=clock)
    service = LeadService.open(path, now=clock)
    try:
        report = service.report()
    finally:
        service.close()
    conversion = {row.temperature: row for row in report.conversion}
    assert conversion[Temperature.HOT].won > 0 and conversion[Temperature.HOT].lost > 0
    assert report.closed_deals >= 30
    assert report.calibration is not None and report.forecast is not None
    fast = next(group for group in report.response if group.name == "within 5 minutes")
    assert fast.leads > 0
