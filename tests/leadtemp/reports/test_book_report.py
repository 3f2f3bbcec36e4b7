"""Reports on constructed books whose answers are known: rates, intervals, cycles, response, sources."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from leadtemp.cli import main
from leadtemp.model import Outcome, Temperature
from leadtemp.reporting import leads_until
from leadtemp.reports.figures import wilson_interval
from leadtemp.reports.forecast import forecast_of
from leadtemp.reports.report import Report
from leadtemp.scoring.decay import Scorer, compute_fit
from leadtemp.scoring.rules import IdealClientProfile, Rules
from leadtemp.service import LeadService
from tests.conftest import FakeClock


def _conversion(report: Report, temperature: Temperature) -> tuple[int, int, int, int]:
    row = next(row for row in report.conversion if row.temperature is temperature)
    return row.leads, row.won, row.lost, row.open


@pytest.fixture
def book(service: LeadService, clock: FakeClock) -> dict[str, list[int]]:
    """Ten leads made hot by a pricing request (three won 15 days later, two lost), five warmed by a
    webinar (one won 40 days later), four that never did anything."""
    start = clock()
    hot = [service.add_contact(f"Hot {n}", source="referral").contact_id for n in range(10)]
    warm = [service.add_contact(f"Warm {n}", source="trade show").contact_id for n in range(5)]
    quiet = [service.add_contact(f"Quiet {n}", source="purchased list").contact_id for n in range(4)]
    clock.advance(days=1, hours=1)
    for contact_id in hot:
        service.log_interaction(contact_id, "pricing_request", start + timedelta(days=1))
    for contact_id in hot[:2]:
        service.log_interaction(contact_id, "email_sent", start + timedelta(days=1, minutes=3))
    service.log_interaction(hot[2], "email_sent", start + timedelta(days=1, minutes=30))
    for contact_id in warm:
        service.log_interaction(contact_id, "webinar_attended", start + timedelta(days=1))
    clock.advance(days=15, hours=-1)
    for contact_id in hot[:3]:
        service.set_outcome(contact_id, Outcome.WON)
    for contact_id in hot[3:5]:
        service.set_outcome(contact_id, Outcome.LOST)
    clock.advance(days=25)
    service.set_outcome(warm[0], Outcome.WON)
    clock.advance(days=80)  # 121 days after the start: every signal has cooled
    return {"hot": hot, "warm": warm, "quiet": quiet}


def test_each_lead_counts_once_in_the_highest_temperature_it_reached(
    service: LeadService, book: dict[str, list[int]]
) -> None:
    report = service.report()
    assert _conversion(report, Temperature.HOT) == (10, 3, 2, 5)
    assert _conversion(report, Temperature.WARM) == (5, 1, 0, 4)
    assert _conversion(report, Temperature.COLD) == (4, 0, 0, 4)
    hot = next(row for row in report.conversion if row.temperature is Temperature.HOT)
    assert hot.rate.value == pytest.approx(0.30)
    low, high = hot.rate.interval or (0, 0)
    assert (round(low, 3), round(high, 3)) == (0.108, 0.603)
    assert hot.text() == "hot: 3 of 10 won, 30 % (11-60 %); seeds: 15-30 %"
    # Today the same leads are cold: the report judged them as of their own history.
    open_hot = book["hot"][5]
    assert service.card(open_hot).temperature is Temperature.COLD


def test_time_to_close_runs_from_first_reaching_the_highest_temperature_to_the_win(
    service: LeadService, book: dict[str, list[int]]
) -> None:
    cycles = {row.temperature: row for row in service.report().time_to_close}
    assert cycles[Temperature.HOT].days == pytest.approx((15.0, 15.0, 15.0))
    assert cycles[Temperature.WARM].days == pytest.approx((40.0,))
    assert cycles[Temperature.COLD].days == ()
    assert cycles[Temperature.HOT].text() == "hot: median 15 days over 3 wins (15-15); seeds: 14-28 days"


def test_response_time_splits_wins_by_how_fast_the_first_answer_came(
    service: LeadService, book: dict[str, list[int]]
) -> None:
    report = service.report()
    groups = {group.name: (group.leads, group.won) for group in report.response}
    assert groups == {
        "within 5 minutes": (2, 2),
        "within an hour": (1, 1),
        "later": (0, 0),
        "never answered": (7, 0),
    }
    assert sorted(report.response_minutes) == pytest.approx([3.0, 3.0, 30.0])


def test_sources_and_the_weekly_funnel(service: LeadService, book: dict[str, list[int]]) -> None:
    report = service.report()
    sources = {group.name: (group.leads, group.won) for group in report.sources}
    assert sources == {"referral": (10, 3), "trade show": (5, 1), "purchased list": (4, 0)}
    # Twelve week ends, the last one now: only open leads are counted, all cold by now.
    assert len(report.weeks) == len(report.funnel) == 12
    assert report.funnel[-1] == {Temperature.COLD: 13, Temperature.WARM: 0, Temperature.HOT: 0}


def test_as_of_replays_the_report_as_it_stood(
    service: LeadService, clock: FakeClock, book: dict[str, list[int]]
) -> None:
    before_wins = clock() - timedelta(days=110)  # day 11: hot and warm, nothing closed yet
    report = service.report(as_of=before_wins)
    assert _conversion(report, Temperature.HOT) == (10, 0, 0, 10)
    assert report.funnel[-1] == {Temperature.COLD: 4, Temperature.WARM: 5, Temperature.HOT: 10}


def test_since_leaves_out_leads_closed_before_it(
    service: LeadService, clock: FakeClock, book: dict[str, list[int]]
) -> None:
    report = service.report(since=clock() - timedelta(days=90))  # after the hot wins, before the warm one
    assert _conversion(report, Temperature.HOT) == (5, 0, 0, 5)
    assert _conversion(report, Temperature.WARM) == (5, 1, 0, 4)


def test_a_won_lead_counts_only_what_happened_before_it_closed(
    service: LeadService, clock: FakeClock
) -> None:
    lead = service.add_contact("Early win").contact_id
    clock.advance(days=1)
    service.set_outcome(lead, Outcome.WON)
    clock.advance(days=1)
    service.log_interaction(lead, "demo_booked", clock())
    assert _conversion(service.report(), Temperature.COLD) == (1, 1, 0, 0)


def test_the_cli_prints_the_report_and_its_json(
    db_path: object, service: LeadService, book: dict[str, list[int]], capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(service.path)
    assert main(["--db", path, "report"]) == 0
    assert "hot: 3 of 10 won, 30 % (11-60 %); seeds: 15-30 %" in capsys.readouterr().out
    assert main(["--db", path, "report", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    hot = next(row for row in data["conversion"] if row["temperature"] == "hot")
    assert (hot["leads"], hot["won"], hot["lost"], hot["open"]) == (10, 3, 2, 5)
    assert hot["interval"] == pytest.approx(list(wilson_interval(3, 10)))
    assert data["as_of"].endswith("Z") and len(data["funnel"]) == 12


def test_a_start_after_the_end_is_refused_in_one_line(
    service: LeadService, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--db", str(service.path), "report", "--since", "2027-01-01", "--as-of", "2026-01-01"])
    assert code == 1
    assert capsys.readouterr().err.strip().count("\n") == 0


def test_archived_leads_are_neither_open_nor_in_the_funnel(
    service: LeadService, book: dict[str, list[int]]
) -> None:
    service.archive_contact(book["quiet"][0])
    report = service.report()
    cold = next(row for row in report.conversion if row.temperature is Temperature.COLD)
    assert (cold.leads, cold.open, cold.archived) == (4, 3, 1)
    assert report.funnel[-1][Temperature.COLD] == 12


def _expected_wins(report: Report, leads: list[tuple[int, Temperature]]) -> list[float]:
    """What the forecast's horizons expect from these leads, under the report's own assumptions."""
    return [horizon.expected for horizon in forecast_of(leads, report.forecast.assumptions).horizons]


def test_the_forecast_is_about_the_open_leads_at_their_temperature_on_the_board(
    service: LeadService, book: dict[str, list[int]]
) -> None:
    report = service.report()
    board = service.board()
    on_board = [(card.contact_id, card.computed_temperature) for card in board.all_cards()]
    assert len(on_board) == 13
    assert [horizon.expected for horizon in report.forecast.horizons] == _expected_wins(report, on_board)


def test_a_past_forecast_is_about_the_leads_open_then_at_their_temperature_then(
    service: LeadService, book: dict[str, list[int]], clock: FakeClock
) -> None:
    """Three days in, the ten pricing requests were hot and open (five closed later), the webinar
    leads warm; a lead added since is not in it."""
    service.add_contact("Added since")
    as_of = clock() - timedelta(days=118)
    report = service.report(as_of=as_of)
    then = (
        [(cid, Temperature.HOT) for cid in book["hot"]]
        + [(cid, Temperature.WARM) for cid in book["warm"]]
        + [(cid, Temperature.COLD) for cid in book["quiet"]]
    )
    assert [horizon.expected for horizon in report.forecast.horizons] == _expected_wins(report, then)
    assert {cid for cid, _ in report.forecast.horizons[0].leaders} <= set(book["hot"])


def test_each_leads_fit_is_its_own_though_worked_out_once_per_profile(
    service: LeadService, clock: FakeClock
) -> None:
    """Under an ideal-client profile, leads that differ in one field only (role, industry, size,
    a hand-set fit) and leads sharing a profile: the report's fit of each is what scoring that
    contact gives, so sharing the work per profile never hands one lead another's fit."""
    rules = Rules(
        icp=IdealClientProfile(
            industries=("software",), roles=("CEO",), company_size_min=5, company_size_max=50
        )
    )
    scorer = Scorer(rules)
    base = {"role": "CEO", "industry": "software", "company_size": 10}
    variants = [
        base,
        base,
        {**base, "role": "Designer"},
        {**base, "industry": "retail"},
        {**base, "company_size": 500},
        {**base, "fit": 2},
        {"role": "", "industry": "", "company_size": None},
    ]
    ids = [service.add_contact(f"Lead {n}", **fields).contact_id for n, fields in enumerate(variants)]
    leads = leads_until(service.store, scorer, clock().timestamp())
    fits = [leads[contact_id].fit for contact_id in ids]
    assert fits == [compute_fit(service.contact(contact_id), rules) for contact_id in ids]
    assert fits[0] == fits[1] and all(fit != fits[0] for fit in fits[2:])
