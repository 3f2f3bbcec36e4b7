"""The commit step through the service: matching, proposed leads, one batch per run, duplicates by
source key, and undo of a whole batch."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from leadtemp.capture.events import Observation, Skipped, SkipReason
from leadtemp.capture.sources import CaptureOptions, read_capture_source
from leadtemp.errors import NotFoundError, ValidationError
from leadtemp.model import Temperature
from leadtemp.service import LeadService
from tests.conftest import FakeClock
from tests.leadtemp.capture.sample_paths import ME, TAKEOUT

pytestmark = pytest.mark.both_backends

WHEN = datetime(2026, 3, 5, 12, 0, tzinfo=UTC)


@pytest.fixture
def book(service: LeadService, clock: FakeClock) -> LeadService:
    clock.current = datetime(2026, 3, 7, 9, 0, tzinfo=UTC)
    service.set_my_addresses(ME)
    service.add_contact("Dana Lee", email="dana.lee@acme.example", company="Acme")
    return service


def _takeout(book: LeadService) -> list[Observation | Skipped]:
    return list(read_capture_source(TAKEOUT, CaptureOptions(me=tuple(book.my_addresses()))))


def _mail(kind: str, address: str, key: str, *, propose: bool = False, name: str = "") -> Observation:
    return Observation(
        "mail", key, kind, WHEN, (address,), name=name, note="from mail", may_propose_lead=propose
    )


def test_a_takeout_logs_the_leads_mail_and_proposes_the_inquirers(book: LeadService) -> None:
    preview = book.preview_capture(_takeout(book), label=TAKEOUT.name)

    dana = [line for line in preview.lines if line.contact_id == 1]
    assert [line.kind for line in dana] == [
        "email_sent",
        "email_reply",
        "pricing_request",
        "budget_discussion",
        "urgency_expressed",
    ]
    assert dana[2].evidence == "a quote"
    assert {lead.name: lead.address for lead in preview.proposed} == {
        "Ari Novak": "ari@northwind.example",
        "Mina Okafor": "mina@bakery.example",
    }
    assert preview.skipped_counts() == {
        "automated": 2,
        "own": 1,
        "unknown sender": 1,
        "unreadable": 1,
    }
    assert book.captures() == [] and len(book.contacts()) == 1

    report = book.commit_capture(preview)

    assert report.logged_total == 9 and report.logged["pricing_request"] == 1
    assert sorted(name for _, name in report.created) == ["Ari Novak", "Mina Okafor"]
    assert book.card(1).temperature is Temperature.HOT
    assert any(move.startswith("Dana Lee: cold -> hot") for move in report.moved)
    ari = next(contact for contact in book.contacts() if contact.name == "Ari Novak")
    assert (ari.email, ari.company) == ("ari@northwind.example", "Northwind Traders")
    assert sorted(i.kind for i in book.interactions(ari.id)) == ["contact_form", "proposal_request"]
    assert book.card(ari.id).temperature is Temperature.HOT
    (batch,) = book.captures()
    assert (batch.id, batch.label, batch.summary["leads_created"]) == (report.batch_id, TAKEOUT.name, 2)
    call = book.log_interaction(1, "call_made").interaction_id
    captured = book.captured_interactions(1)
    assert len(captured) == 5 and call not in captured and set(captured.values()) == {batch.id}
    assert "dana.lee+work@acme.example" in book.contact_addresses(1)


def test_capturing_the_same_mbox_twice_logs_nothing_new(book: LeadService) -> None:
    first = book.commit_capture(book.preview_capture(_takeout(book), label=TAKEOUT.name))
    logged = {contact.id: len(book.interactions(contact.id)) for contact in book.contacts()}

    again = book.preview_capture(_takeout(book), label=TAKEOUT.name)
    assert again.lines and all(line.duplicate for line in again.lines) and again.proposed == ()
    second = book.commit_capture(again)

    assert second.batch_id is None and second.logged == {} and second.created == ()
    assert second.skipped["duplicate"] == first.logged_total
    assert {contact.id: len(book.interactions(contact.id)) for contact in book.contacts()} == logged
    assert len(book.captures()) == 1


def test_undo_takes_the_whole_batch_back_and_it_can_be_captured_again(book: LeadService) -> None:
    book.log_interaction(1, "website_visit", note="by hand")
    report = book.commit_capture(book.preview_capture(_takeout(book), label=TAKEOUT.name))
    assert report.batch_id is not None

    undone = book.undo_capture(report.batch_id)

    assert (undone.removed_interactions, undone.removed_leads) == (9, 2)
    assert [contact.name for contact in book.contacts()] == ["Dana Lee"]
    assert [i.kind for i in book.interactions(1)] == ["website_visit"]
    assert book.contact_addresses(1) == ["dana.lee@acme.example"]
    assert book.captures()[0].undone
    with pytest.raises(ValidationError, match="already undone"):
        book.undo_capture(report.batch_id)
    with pytest.raises(NotFoundError, match="no capture with id 99"):
        book.undo_capture(99)
    again = book.commit_capture(book.preview_capture(_takeout(book), label=TAKEOUT.name))
    assert again.logged_total == 9


def test_a_lead_is_matched_by_every_address_it_has_whatever_its_form(book: LeadService) -> None:
    gmail = book.add_contact("Ari Novak", email="Ari.Novak@gmail.com").contact_id
    items = [
        _mail("inquiry", "arinovak+site@googlemail.com", "a1", propose=True, name="Ari N."),
        _mail("email_reply", "ARI.NOVAK@GMAIL.COM", "a2"),
        _mail("email_reply", "dana.lee+x@Acme.example", "d1"),
    ]

    preview = book.preview_capture(items, label="test")

    assert [line.contact_id for line in preview.lines] == [gmail, gmail, 1]
    assert preview.proposed == ()


def test_one_unknown_person_is_one_proposed_lead_with_all_their_mail(book: LeadService) -> None:
    items = [
        _mail("email_reply", "kim@new.example", "k0"),
        _mail("inquiry", "kim@new.example", "k1", propose=True, name="Kim Park"),
        _mail("pricing_request", "Kim+work@new.example", "k2"),
        _mail("email_reply", "stranger@else.example", "s1"),
    ]

    preview = book.preview_capture(items, label="test")
    report = book.commit_capture(preview)

    assert [line.lead_name for line in preview.lines] == ["Kim Park"] * 3
    assert report.created == ((2, "Kim Park"),)
    assert sorted(i.kind for i in book.interactions(2)) == ["email_reply", "inquiry", "pricing_request"]
    assert report.skipped == {"unknown sender": 1}


def test_only_the_accepted_lines_are_logged(book: LeadService) -> None:
    items = [
        _mail("email_reply", "dana.lee@acme.example", "d1"),
        _mail("inquiry", "kim@new.example", "k1", propose=True, name="Kim Park"),
    ]
    preview = book.preview_capture(items, label="test")

    report = book.commit_capture(preview, accepted=[0])

    assert report.logged == {"email_reply": 1} and report.created == ()
    assert [contact.name for contact in book.contacts()] == ["Dana Lee"]
    with pytest.raises(ValidationError, match="no capture line 5"):
        book.commit_capture(preview, accepted=[5])


def test_ignored_senders_and_own_addresses_log_nothing(book: LeadService) -> None:
    assert book.ignore_sender("Spam.Person@gmail.com") is True
    assert book.ignore_sender("spamperson@gmail.com") is True
    items = [
        _mail("inquiry", "spam.person+x@gmail.com", "x1", propose=True),
        _mail("email_reply", "sam@studio.example", "x2"),
    ]

    preview = book.preview_capture(items, label="test")

    assert preview.lines == ()
    assert [item.reason for item in preview.skipped] == [SkipReason.IGNORED_SENDER, SkipReason.OWN]
    assert book.ignored_senders() == ["spam.person@gmail.com", "spamperson@gmail.com"]
    assert book.unignore_sender("spamperson@gmail.com") is True
    with pytest.raises(ValidationError, match="not an e-mail address"):
        book.ignore_sender("nobody")


def test_my_addresses_are_remembered_cleaned(book: LeadService) -> None:
    assert book.set_my_addresses([" Sam@Studio.example ", "sam@studio.example"]) == ["sam@studio.example"]
    assert book.my_addresses() == ["sam@studio.example"]
    with pytest.raises(ValidationError, match="not an e-mail address"):
        book.set_my_addresses(["sam at studio"])
    assert book.my_addresses() == ["sam@studio.example"]


def test_mail_from_a_lead_without_an_address_finds_it_by_name(book: LeadService) -> None:
    card = book.add_contact("Mina Okafor", company="Bakery").contact_id
    book.add_contact("Kim Park")
    book.add_contact("Kim  park")
    items = [
        _mail("inquiry", "mina@bakery.example", "m1", propose=True, name="Okafor, Mina"),
        _mail("pricing_request", "mina@bakery.example", "m2"),
        _mail("inquiry", "kim@new.example", "k1", propose=True, name="Kim Park"),
    ]

    preview = book.preview_capture(items, label="test")
    report = book.commit_capture(preview)

    assert [line.contact_id for line in preview.lines] == [card, card, None]
    assert report.created == ((5, "Kim Park"),)
    assert book.contact_addresses(card) == ["mina@bakery.example"]
    assert sorted(i.kind for i in book.interactions(card)) == ["inquiry", "pricing_request"]


def test_mail_read_before_the_message_that_names_its_lead_goes_to_that_lead(book: LeadService) -> None:
    card = book.add_contact("Mina Okafor", company="Bakery").contact_id
    items = [
        _mail("pricing_request", "mina@bakery.example", "m0"),  # no name: nobody has the address yet
        _mail("inquiry", "mina@bakery.example", "m1", propose=True, name="Okafor, Mina"),
    ]

    preview = book.preview_capture(items, label="test")

    assert [line.contact_id for line in preview.lines] == [card, card]
    assert preview.skipped == ()


def test_the_same_name_at_the_same_company_domain_is_the_same_lead(book: LeadService) -> None:
    book.add_contact("Sam Ortiz", email="sam@globex.example")
    book.add_contact("Sam Ortiz", email="s.ortiz@globex.example")
    items = [
        _mail("inquiry", "d.lee@acme.example", "d1", propose=True, name="Dana Lee"),
        _mail("inquiry", "dana.lee.77@gmail.com", "d2", propose=True, name="Dana Lee"),
        _mail("inquiry", "sortiz@globex.example", "s1", propose=True, name="Sam Ortiz"),
    ]

    preview = book.preview_capture(items, label="test")

    assert [line.contact_id for line in preview.lines] == [1, None, None]
    assert [lead.address for lead in preview.proposed] == ["dana.lee.77@gmail.com", "sortiz@globex.example"]


def test_a_capture_that_brings_a_second_person_in_logs_the_join_under_the_books_actor(
    book: LeadService,
) -> None:
    """The join signals a capture makes are written with the capture's rows, in one go, each
    signed by whoever works the book, and go when the capture is undone."""
    book.act_as("Robin")
    sam = book.add_contact("Sam Ortiz", email="sam@acme.example", company="Acme", role="CTO").contact_id
    preview = book.preview_capture(
        [
            _mail("email_reply", "dana.lee@acme.example", "<a@x>"),
            Observation("mail", "<b@x>", "email_reply", WHEN.replace(hour=15), ("sam@acme.example",)),
        ],
        label="mailbox",
    )

    book.commit_capture(preview)

    (signal,) = [i for i in book.interactions(1) if i.kind == "stakeholder_joined"]
    assert signal.note == (
        "Sam Ortiz (CTO) joined the conversation: Email reply the same day as Dana Lee's Email reply"
    )
    assert (signal.actor, signal.occurred_at) == ("Robin", WHEN.replace(hour=15))
    assert [i.kind for i in book.interactions(sam)] == ["email_reply"]
    book.undo_capture(book.captures()[0].id)
    assert [i.kind for i in book.interactions(1)] == []


def test_the_cycle_collector_is_back_on_after_a_capture_even_one_that_fails(book: LeadService) -> None:
    """Previewing and committing pause the collector for their many small objects, and always
    give it back, whether the source reads through or breaks off."""

    def breaking() -> Iterator[Observation]:
        assert not gc.isenabled()
        yield _mail("email_reply", "dana.lee@acme.example", "<a@x>")
        raise OSError("the connection dropped")

    with pytest.raises(OSError):
        book.preview_capture(breaking(), label="mailbox")
    assert gc.isenabled()
    preview = book.preview_capture([_mail("email_reply", "dana.lee@acme.example", "<a@x>")], label="mailbox")
    assert book.commit_capture(preview).logged_total == 1 and gc.isenabled()
