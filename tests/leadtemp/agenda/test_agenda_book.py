"""Next steps and snoozes in the whole book: JSON export and import, merge and its undo, purge,
an import's undo, and the cadence as rule keys."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from leadtemp.errors import ValidationError
from leadtemp.exporting.json_export import export_json
from leadtemp.importing.jsonfile import import_json
from leadtemp.scoring.tuning import rule_keys, rules_with
from leadtemp.service import LeadService
from tests.conftest import FakeClock
from tests.leadtemp.agenda.test_today import WARM_SIGNALS, added, sections


def test_next_steps_and_snoozes_round_trip_through_the_json_export(
    service: LeadService, clock: FakeClock, tmp_path: Path
) -> None:
    dana = added(service, clock, "Dana", 3, *WARM_SIGNALS)
    sam = added(service, clock, "Sam", 3)
    service.set_next_step(dana, "send the quote", date(2026, 3, 5))
    service.snooze(sam, date(2026, 3, 9))
    path = tmp_path / "book.json"
    export_json(service, path)
    data = json.loads(path.read_text())
    assert [(row["contact_id"], row["text"], row["due"]) for row in data["next_steps"]] == [
        (dana, "send the quote", "2026-03-05")
    ]
    assert [(row["contact_id"], row["until"]) for row in data["snoozes"]] == [(sam, "2026-03-09")]

    fresh = LeadService.open(tmp_path / "fresh.db", now=clock)
    try:
        summary = import_json(fresh, path)
        assert (summary.counts["next_steps"], summary.counts["snoozes"]) == (1, 1)
        assert fresh.next_step(dana) == service.next_step(dana)
        assert fresh.snoozed(sam) == service.snoozed(sam)
        assert fresh.today() == service.today()
    finally:
        fresh.close()


def test_a_merge_keeps_the_step_due_first_and_notes_the_other(service: LeadService, clock: FakeClock) -> None:
    kept = added(service, clock, "Dana Lee", 3)
    later = added(service, clock, "Dana L.", 3)
    service.set_next_step(kept, "send the quote", date(2026, 3, 9))
    service.set_next_step(later, "call back", date(2026, 3, 4))

    merge = service.merge_contacts(kept, later)

    step = service.next_step(kept)
    assert step is not None and (step.text, step.due) == ("call back", date(2026, 3, 4))
    notes = service.contact(kept).notes
    assert notes.endswith(
        f"Next step not kept in the merge with #{later} Dana L.: send the quote (due 2026-03-09)"
    )

    service.unmerge(merge.undo)

    kept_step, other_step = service.next_step(kept), service.next_step(later)
    assert kept_step is not None and kept_step.text == "send the quote"
    assert other_step is not None and other_step.text == "call back"
    assert "Next step" not in service.contact(kept).notes


def test_a_merge_keeps_the_kept_leads_own_step_when_it_is_due_first(
    service: LeadService, clock: FakeClock
) -> None:
    kept = added(service, clock, "Dana Lee", 3)
    other = added(service, clock, "Dana L.", 3)
    service.set_next_step(kept, "send the quote", date(2026, 3, 4))
    service.set_next_step(other, "call back", date(2026, 3, 4))
    service.snooze(other, date(2026, 3, 20))

    service.merge_contacts(kept, other)

    step = service.next_step(kept)
    assert step is not None and step.text == "send the quote"
    assert "call back (due 2026-03-04)" in service.contact(kept).notes
    assert service.snoozed(kept) is None  # the other's snooze does not hide the lead kept


def test_a_merge_gives_the_kept_lead_the_others_step_when_it_has_none(
    service: LeadService, clock: FakeClock
) -> None:
    kept = added(service, clock, "Dana Lee", 3)
    other = added(service, clock, "Dana L.", 3)
    service.set_next_step(other, "call back", date(2026, 3, 4))
    service.merge_contacts(kept, other)
    step = service.next_step(kept)
    assert step is not None and step.text == "call back"
    assert "Next step" not in service.contact(kept).notes


def test_purging_a_lead_takes_its_step_and_snooze(service: LeadService, clock: FakeClock) -> None:
    gone = added(service, clock, "Gone", 3)
    service.set_next_step(gone, "call", date(2026, 3, 4))
    service.snooze(gone, date(2026, 3, 9))
    service.archive_contact(gone)
    service.purge_contact(gone)
    conn = service.store.conn
    assert conn.execute("SELECT count(*) FROM next_steps").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM snoozes").fetchone()[0] == 0


def test_the_cadence_is_a_rule_key_in_its_range(service: LeadService, clock: FakeClock) -> None:
    keys = {key.key: key for key in rule_keys(service.rules)}
    assert [(keys[f"cadence.{t}"].value, keys[f"cadence.{t}"].low) for t in ("hot", "warm", "cold")] == [
        (1, 1),
        (7, 1),
        (30, 1),
    ]
    sam = added(service, clock, "Sam", 4, *WARM_SIGNALS)
    assert sam not in sections(service)

    service.update_settings(rules_with(service.rules, {"cadence.warm": "3"}))

    assert sam in sections(service)
    with pytest.raises(ValidationError, match="between 1 and 365"):
        rules_with(service.rules, {"cadence.warm": "0"})
