"""Hostile and odd input: settings JSON, date input and free text, fuzzed with hypothesis.

Parsers either accept a value or refuse it with a :class:`ValidationError`; nothing else may
escape. Text in any script, with emoji, combining marks, bidi controls or at full length comes
back from the database, and from the CLI's ``--json`` output, exactly as the service cleaned it.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from leadtemp import clock
from leadtemp.cli import main
from leadtemp.errors import ValidationError
from leadtemp.scoring.catalogue import DEFAULT_KINDS
from leadtemp.scoring.checklists import templates_from_json
from leadtemp.scoring.rules import DEFAULT_CAPS, DEFAULT_HALF_LIVES, Rules
from leadtemp.service import MAX_INTERACTION_NOTE, LeadService
from leadtemp.validation import MAX_NAME, MAX_NOTES, MAX_TEXT, clean_text

SPECIALS = [
    "שלום",
    "مرحبا بالعالم",
    "\u202eevil\u202c",
    "\u200f",
    "👩🏽\u200d💻",
    "🇫🇷",
    "e\u0301",
    "\u0300" * 30,
    "\ufeff",
    "Zoë Saldaña",
    "北京市",
    "\u0000",
    "\r\n",
    "\t",
    "'; DROP TABLE contacts; --",
    '=HYPERLINK("http://x")',
]
odd_text = st.lists(st.one_of(st.sampled_from(SPECIALS), st.text(max_size=20)), max_size=12).map("".join)

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=10),
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
RULE_KEYS = ["warm_min", "hot_min", "caps", "half_lives", "points", "icp", "default_fit", "trend_window_days"]
NAMES = [*DEFAULT_CAPS, *DEFAULT_HALF_LIVES, *(kind.name for kind in DEFAULT_KINDS), "nope"]
number_maps = st.dictionaries(st.sampled_from(NAMES), json_scalars, max_size=5)
icp_values = st.fixed_dictionaries(
    {},
    optional={
        "industries": st.one_of(st.lists(st.text(max_size=8), max_size=3), json_scalars),
        "roles": st.one_of(st.lists(st.text(max_size=8), max_size=3), json_scalars),
        "company_size_min": json_scalars,
        "company_size_max": json_scalars,
    },
)
rule_documents = st.one_of(
    json_values,
    st.dictionaries(
        st.sampled_from(RULE_KEYS),
        st.one_of(json_scalars, number_maps, icp_values, json_values),
        max_size=6,
    ),
)


@given(rule_documents)
@settings(max_examples=400, deadline=None)
def test_rules_json_is_accepted_or_refused_with_a_validation_error(document: Any) -> None:
    try:
        rules = Rules.from_json(document)
    except ValidationError as error:
        assert str(error)
        return
    assert Rules.from_json(json.loads(json.dumps(rules.to_json()))) == rules
    assert 0 < rules.warm_min < rules.hot_min


@pytest.mark.parametrize("bad", [math.inf, -math.inf, math.nan, 1e308, 10**400, -(10**400)])
@pytest.mark.parametrize("key", ["warm_min", "hot_min", "default_fit", "trend_window_days"])
def test_non_finite_and_huge_numbers_in_rules_are_refused(key: str, bad: float) -> None:
    documents: list[dict[str, Any]] = [{key: bad}, {"caps": {"fit": bad}}, {"half_lives": {"negative": bad}}]
    if isinstance(bad, float) and not math.isfinite(bad):
        documents.append({"icp": {"company_size_min": bad}})
    for document in documents:
        with pytest.raises(ValidationError):
            Rules.from_json(document)


@given(st.one_of(json_values, st.dictionaries(st.sampled_from(["cold", "warm", "hot"]), json_values)))
@settings(max_examples=200, deadline=None)
def test_checklist_templates_json_is_accepted_or_refused(document: Any) -> None:
    with contextlib.suppress(ValidationError):
        templates_from_json(document)


date_like = st.text(alphabet="0123456789-:T+Z.,W /", max_size=32)


@given(st.one_of(st.text(max_size=40), date_like))
@settings(max_examples=500, deadline=None)
def test_date_input_is_parsed_to_utc_or_refused(text: str) -> None:
    try:
        parsed = clock.parse_datetime(text)
    except ValidationError as error:
        assert "\n" not in str(error)
        return
    assert parsed.tzinfo is UTC
    assert datetime(1970, 1, 2, tzinfo=UTC) <= parsed <= datetime(9000, 1, 1, tzinfo=UTC)


@given(st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(8999, 1, 1), timezones=st.timezones()))
@settings(max_examples=200, deadline=None)
def test_a_written_date_reads_back_as_the_same_instant(moment: datetime) -> None:
    assert clock.parse_datetime(moment.isoformat()).timestamp() == moment.timestamp()


@contextlib.contextmanager
def scratch_service() -> Iterator[LeadService]:
    with tempfile.TemporaryDirectory() as folder:
        service = LeadService.open(Path(folder) / "fuzz.db")
        try:
            yield service
        finally:
            service.close()


@given(name=odd_text, company=odd_text, notes=odd_text, note=odd_text, renamed=odd_text)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_text_survives_the_database(name: str, company: str, notes: str, note: str, renamed: str) -> None:
    assume(0 < len(clean_text(name)) <= MAX_NAME and 0 < len(clean_text(renamed)) <= MAX_NAME)
    assume(len(clean_text(company)) <= MAX_TEXT)
    with scratch_service() as service:
        contact_id = service.add_contact(name, company=company, notes=notes).contact_id
        service.log_interaction(contact_id, "email_reply", note=note)
        stored = service.contact(contact_id)
        assert (stored.name, stored.company, stored.notes) == tuple(map(clean_text, (name, company, notes)))
        assert service.interactions(contact_id)[0].note == clean_text(note)
        service.edit_contact(contact_id, name=renamed)
        assert service.contact(contact_id).name == clean_text(renamed)
        assert service.search(clean_text(renamed))[0].contact_id == contact_id


def test_full_length_text_survives_the_database() -> None:
    name = ("👩🏽\u200d💻" * 100)[:MAX_NAME]
    assert len(clean_text(name)) <= MAX_NAME
    notes = ("שלום e\u0301 🇫🇷 " * 20_000)[:MAX_NOTES]
    note = ("مرحبا \u0301" * 2_000)[:MAX_INTERACTION_NOTE]
    with scratch_service() as service:
        contact_id = service.add_contact(name, notes=notes).contact_id
        service.log_interaction(contact_id, "email_reply", note=note)
        service.close()
        reopened = LeadService.open(service.path)
        try:
            assert reopened.contact(contact_id).name == clean_text(name)
            assert reopened.contact(contact_id).notes == clean_text(notes)
            assert reopened.interactions(contact_id)[0].note == clean_text(note)
        finally:
            reopened.close()


def cli(db: Path, *args: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(["--db", str(db), *args])
    return code, out.getvalue()


@given(name=odd_text, notes=odd_text, note=odd_text)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_text_survives_the_cli_json_output(name: str, notes: str, note: str) -> None:
    assume(0 < len(clean_text(name)) <= MAX_NAME)
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "cli.db"
        code, out = cli(db, "add-contact", f"--notes={notes}", "--json", "--", name)
        assert code == 0
        contact_id = str(json.loads(out)["id"])
        assert cli(db, "log", contact_id, "email_reply", f"--note={note}")[0] == 0
        code, out = cli(db, "show", contact_id, "--json")
        shown = json.loads(out)
        assert (shown["name"], shown["notes"]) == (clean_text(name), clean_text(notes))
        assert shown["interactions"][0]["note"] == clean_text(note)
        code, out = cli(db, "board", "--json")
        assert [card["name"] for column in json.loads(out).values() for card in column] == [clean_text(name)]


def test_undecodable_command_line_bytes_are_stored_not_crashed_on(tmp_path: Path) -> None:
    """Arguments the OS could not decode arrive as lone surrogates, which SQLite cannot store."""
    db = tmp_path / "bytes.db"
    code, out = cli(db, "add-contact", "--json", "--", "Caf\udce9 Owner")
    assert code == 0
    contact_id = str(json.loads(out)["id"])
    assert cli(db, "log", contact_id, "email_reply", "--note=caf\udce9")[0] == 0
    shown = json.loads(cli(db, "show", contact_id, "--json")[1])
    assert shown["name"] == "Caf\ufffd Owner"
    assert shown["interactions"][0]["note"] == "caf\ufffd"
