"""``leadtemp companies``, ``leadtemp company ID`` and ``leadtemp seniority``: JSON, edits, and
bad input refused with one line and nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.leadtemp.cli.test_contacts import Cli, add


@pytest.fixture
def cli(db_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(db_path, capsys)


def acme(cli: Cli) -> tuple[int, int]:
    dana = add(cli, "Dana Lee", "--email", "dana@acme.example", "--company", "Acme", "--role", "CEO")
    sam = add(cli, "Sam Ortiz", "--email", "sam@acme.example", "--role", "Marketing Manager")
    return dana, sam


def test_companies_lists_each_with_its_people_and_temperature(cli: Cli) -> None:
    dana, sam = acme(cli)
    add(cli, "Kim Park", "--email", "kim@gmail.com")
    cli.ok("log", str(dana), "meeting_held")
    cli.ok("log", str(sam), "email_reply")
    (acme_json,) = cli.json("companies")
    assert acme_json == {
        "id": 1,
        "name": "Acme",
        "domain": "acme.example",
        "industry": "",
        "size": None,
        "people": 2,
        "temperature": "hot",
        "temperature_reason": acme_json["temperature_reason"],
        "hottest_id": dana,
        "new_stakeholders": ["Sam Ortiz"],
    }
    assert "raised to hot: Sam Ortiz joined the conversation" in acme_json["temperature_reason"]
    assert cli.ok("companies").strip() == "#1 Acme (acme.example): hot, 2 people"


def test_company_shows_people_roles_joins_and_the_timeline(cli: Cli) -> None:
    dana, sam = acme(cli)
    cli.ok("log", str(dana), "meeting_held")
    cli.ok("log", str(sam), "email_reply")
    view = cli.json("company", "1")
    assert [(p["name"], p["role"], p["seniority"], p["seniority_set"]) for p in view["contacts"]] == [
        ("Dana Lee", "CEO", "decision-maker", False),
        ("Sam Ortiz", "Marketing Manager", "influencer", False),
    ]
    assert [(j["newcomer_id"], j["joined_id"]) for j in view["stakeholder_joins"]] == [(sam, dana)]
    assert [(e["name"], e["kind"]) for e in view["timeline"]][-1] == ("Dana Lee", "meeting_held")
    assert {e["kind"] for e in view["timeline"]} == {"meeting_held", "email_reply", "stakeholder_joined"}
    assert all(e["occurred_at"].endswith("Z") for e in view["timeline"])
    text = cli.ok("company", "1")
    assert "#2 Sam Ortiz (Marketing Manager, influencer): warm" in text
    assert "new stakeholder: Sam Ortiz joined Dana Lee's conversation" in text


def test_company_edits_its_name_industry_and_size(cli: Cli) -> None:
    acme(cli)
    edited = cli.json("company", "1", "--name", "Acme Corp", "--industry", "Retail", "--size", "120")
    assert (edited["name"], edited["industry"], edited["size"]) == ("Acme Corp", "Retail", 120)
    cleared = cli.json("company", "1", "--size", "", "--industry", "")
    assert (cleared["industry"], cleared["size"]) == ("", None)


def test_bad_input_is_one_line_and_changes_nothing(cli: Cli) -> None:
    acme(cli)
    before = cli.counts()
    code, _, err = cli("company", "7")
    assert (code, err.strip()) == (1, "leadtemp: error: no company with id 7")
    code, _, err = cli("company", "1", "--size", "lots")
    assert code == 2 and "company size must be a number" in err and err.count("\n") == 1
    code, _, err = cli("company", "1", "--name", " ")
    assert (code, err.strip()) == (1, "leadtemp: error: a company needs a name")
    code, _, err = cli("seniority", "1", "boss")
    assert code == 1 and "unknown seniority 'boss'" in err
    code, _, err = cli("seniority", "9", "user")
    assert (code, err.strip()) == (1, "leadtemp: error: no contact with id 9")
    assert cli.counts() == before
    assert cli.json("company", "1")["name"] == "Acme"


def test_seniority_is_set_per_contact_and_auto_goes_back_to_the_title(cli: Cli) -> None:
    _, sam = acme(cli)
    assert cli.json("seniority", str(sam), "decision-maker") == {
        "id": sam,
        "seniority": "decision-maker",
        "seniority_set": True,
    }
    assert cli.json("company", "1")["contacts"][1]["seniority"] == "decision-maker"
    assert cli.ok("seniority", str(sam), "auto").strip() == "#2 Sam Ortiz: influencer (from the title)"


def test_reading_a_missing_book_creates_nothing(cli: Cli) -> None:
    for command in (["companies"], ["company", "1"]):
        code, _, err = cli(*command)
        assert code == 1 and str(cli.db) in err
    assert not cli.db.exists()


def test_an_imported_list_gets_its_companies(cli: Cli, tmp_path: Path) -> None:
    people = tmp_path / "people.csv"
    people.write_text(
        "Name,Email,Company,Title\n"
        "Dana Lee,dana@acme.example,Acme,CEO\n"
        "Sam Ortiz,sam@acme.example,Acme Inc,CTO\n"
        "Kim Park,kim@gmail.com,Acme,Developer\n"
        "Bo Chen,bo@gmail.com,,\n"
    )
    cli.ok("import", str(people))
    (company,) = cli.json("companies")
    assert (company["name"], company["domain"], company["people"]) == ("Acme", "acme.example", 3)
