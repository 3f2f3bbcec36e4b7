"""One message classified: direction from the user's addresses, reply or inquiry, buying signals in
the lead's own words only, contact forms, and the mail that logs nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage

from leadtemp.capture.events import Observation, Skipped, SkipReason
from leadtemp.capture.mail import observe_message
from leadtemp.capture.options import CaptureOptions

ME = ("sam@studio.example", "sam.rivera@gmail.com")


def _message(raw: str | bytes) -> EmailMessage:
    data = raw.encode() if isinstance(raw, str) else raw
    return message_from_bytes(data, policy=policy.default)  # type: ignore[return-value]


def _mail(headers: str, body: str = "Hello.\n") -> EmailMessage:
    base = "Date: Tue, 3 Mar 2026 09:15:00 +0000\nMessage-ID: <m1@acme.example>\n"
    return _message(base + headers.strip() + "\nContent-Type: text/plain; charset=utf-8\n\n" + body)


def _observe(message: EmailMessage, options: CaptureOptions | None = None) -> list[Observation | Skipped]:
    return list(observe_message(message, options or CaptureOptions(me=ME)))


def _kinds(items: list[Observation | Skipped]) -> list[str]:
    return [item.kind if isinstance(item, Observation) else f"skip:{item.reason.value}" for item in items]


def test_mail_you_send_is_outreach_to_each_recipient_but_yourself() -> None:
    items = _observe(
        _mail(
            "From: Sam <SAM@studio.example>\nTo: Dana <dana@acme.example>, sam.rivera@gmail.com\n"
            "Cc: ari@northwind.example\nSubject: Ideas"
        )
    )
    assert _kinds(items) == ["email_sent", "email_sent"]
    assert [item.addresses for item in items if isinstance(item, Observation)] == [
        ("dana@acme.example",),
        ("ari@northwind.example",),
    ]
    assert {item.source_key for item in items} == {
        "m1@acme.example#to:dana@acme.example",
        "m1@acme.example#to:ari@northwind.example",
    }


def test_a_lead_answering_your_message_replies_and_a_first_message_is_an_inquiry() -> None:
    options = CaptureOptions(me=ME)
    sent = _mail("From: sam@studio.example\nTo: dana@acme.example\nSubject: Ideas").as_string()
    list(observe_message(_message(sent.replace("m1@acme.example", "mine-1@studio.example")), options))
    reply = _mail(
        "From: dana@acme.example\nTo: sam@studio.example\nSubject: Thoughts\n"
        "In-Reply-To: <mine-1@studio.example>"
    )
    first = _mail("From: kim@new.example\nTo: sam@studio.example\nSubject: Website for my shop")

    assert _kinds(_observe(reply, options)) == ["email_reply"]
    (inquiry,) = _observe(first, options)
    assert isinstance(inquiry, Observation) and inquiry.kind == "inquiry" and inquiry.may_propose_lead


def test_re_to_a_thread_you_started_is_a_reply_without_references() -> None:
    options = CaptureOptions(me=ME)
    list(
        observe_message(
            _mail("From: sam@studio.example\nTo: dana@acme.example\nSubject: Redesign plan"), options
        )
    )
    answer = _mail("From: dana@acme.example\nTo: sam@studio.example\nSubject: RE: Redesign  plan")
    stranger = _mail("From: dana@acme.example\nTo: sam@studio.example\nSubject: Re: something else")
    assert _kinds(_observe(answer, options)) == ["email_reply"]
    assert _kinds(_observe(stranger, options)) == ["inquiry"]


def test_buying_signals_come_from_the_leads_own_words_not_quotes_or_signature() -> None:
    body = (
        "Hi Sam,\n\nCould you send me a quote? We need this by June.\n\nBest,\nDana\n-- \n"
        "Dana Lee, Budget Planning Ltd\n\nOn Mon, 2 Mar 2026 at 10:00, Sam <sam@studio.example> wrote:\n"
        "> Happy to discuss the proposal and a demo.\n"
    )
    items = _observe(
        _mail(
            "From: dana@acme.example\nTo: sam@studio.example\nSubject: Re: Ideas\n"
            "In-Reply-To: <x@studio.example>",
            body,
        )
    )
    assert _kinds(items) == ["email_reply", "pricing_request", "urgency_expressed"]
    pricing = items[1]
    assert isinstance(pricing, Observation)
    assert pricing.evidence == "a quote" and pricing.source_key == "m1@acme.example#pricing_request"
    assert "from mail" in pricing.note and "Could you send me a quote?" in pricing.note
    reply = items[0]
    assert isinstance(reply, Observation)
    assert (
        reply.note == "from mail: Re: Ideas \u2014 Hi Sam, Could you send me a quote? We need this by June."
    )


def test_a_setting_keeps_subjects_only() -> None:
    (item,) = _observe(
        _mail("From: kim@new.example\nTo: sam@studio.example\nSubject: Hello", "My private details\n"),
        CaptureOptions(me=ME, subjects_only=True),
    )
    assert isinstance(item, Observation) and item.note == "from mail: Hello"


def test_html_only_mail_and_encoded_headers_and_other_charsets_are_read() -> None:
    html = (
        "Date: Wed, 04 Mar 2026 16:45:00 +0100\nMessage-ID: <h1@bakery.example>\n"
        "From: =?utf-8?b?TWluYSBPa2Fmb3I=?= <mina@bakery.example>\nTo: sam@studio.example\n"
        "Subject: =?utf-8?q?F=C3=BCr_die_B=C3=A4ckerei?=\nContent-Type: text/html; charset=utf-8\n\n"
        "<html><style>.x{}</style><body><p>Could we <b>book a call</b>?</p>"
        "<blockquote>Our pricing is on the site</blockquote></body></html>\n"
    )
    items = _observe(_message(html))
    assert _kinds(items) == ["inquiry", "demo_booked"]
    first = items[0]
    assert isinstance(first, Observation)
    assert (
        first.name == "Mina Okafor"
        and first.note == "from mail: Für die Bäckerei \u2014 Could we book a call?"
    )
    cyrillic = (
        b"Date: Tue, 3 Mar 2026 09:15:00 +0000\nFrom: ivan@example.ru\nTo: sam@studio.example\n"
        b"Subject: =?koi8-r?b?8NLJ18XU?=\nContent-Type: text/plain; charset=koi8-r\n\n"
        + "Привет, нужен budget.".encode("koi8-r")
    )
    assert _kinds(_observe(_message(cyrillic))) == ["inquiry", "budget_discussion"]
    unknown = (
        b"Date: Tue, 3 Mar 2026 09:15:00 +0000\nFrom: x@example.com\n"
        b"Content-Type: text/plain; charset=x-nonsense\n\nprice list caf\xe9"
    )
    (item, signal) = _observe(_message(unknown))
    assert isinstance(item, Observation) and "caf" in item.note and _kinds([signal]) == ["pricing_request"]


def test_a_contact_form_notification_is_about_the_visitor() -> None:
    form = _mail(
        "From: Formspree <noreply@formspree.io>\nTo: sam@studio.example\n"
        "Subject: New submission from studio.example",
        "Name: Kim Park\nEmail: KIM@new.example\nCompany: Park & Co\nMessage: Hi! What are your rates for a\n"
        "five-page site?\n\n--\nSent by Formspree\n",
    )
    items = _observe(form)
    assert _kinds(items) == ["contact_form", "pricing_request"]
    entry = items[0]
    assert isinstance(entry, Observation)
    assert (entry.addresses, entry.name, entry.company, entry.may_propose_lead) == (
        ("kim@new.example",),
        "Kim Park",
        "Park & Co",
        True,
    )
    assert "What are your rates for a five-page site?" in entry.note and "Formspree" not in entry.note
    short = _mail(
        "From: WordPress <wordpress@studio.example>\nReply-To: Lou <lou@else.example>\n"
        "To: sam@studio.example\nSubject: [Studio] Contact form",
        "Message: Please get in touch.\n",
    )
    (plain,) = _observe(short)
    assert isinstance(plain, Observation) and (plain.kind, plain.addresses, plain.name) == (
        "inquiry",
        ("lou@else.example",),
        "Lou",
    )


def test_newsletters_lists_automated_and_own_mail_log_nothing() -> None:
    cases = {
        "List-Unsubscribe: <mailto:u@news.example>": "automated",
        "List-Id: <team.lists.example>": "automated",
        "Precedence: bulk": "automated",
        "Auto-Submitted: auto-replied": "automated",
    }
    for extra, reason in cases.items():
        message = _mail(f"From: dana@acme.example\nTo: sam@studio.example\nSubject: pricing\n{extra}")
        assert _kinds(_observe(message)) == [f"skip:{reason}"], extra
    no_reply = _mail("From: GitHub <noreply@github.com>\nTo: sam@studio.example\nSubject: a quote")
    assert _kinds(_observe(no_reply)) == ["skip:automated"]
    own = _mail("From: sam@studio.example\nTo: Sam.Rivera+notes@gmail.com\nSubject: note")
    assert _kinds(_observe(own)) == ["skip:own"]
    many = ", ".join(f"lead{n}@example.com" for n in range(10_000))
    mailing = _mail(f"From: sam@studio.example\nTo: {many}\nSubject: My newsletter")
    (item,) = _observe(mailing)
    assert isinstance(item, Skipped) and item.reason is SkipReason.AUTOMATED and "10000" in item.detail


def test_broken_messages_are_skipped_as_unreadable_with_a_reason() -> None:
    no_sender = _message("Date: Tue, 3 Mar 2026 09:15:00 +0000\nSubject: hi\n\nbody\n")
    no_date = _message("From: dana@acme.example\nSubject: hi\n\nbody\n")
    garbage = _message(b"\x00\xff\xfe not a message at all\n\n")
    for message, detail in ((no_sender, "no sender"), (no_date, "no date"), (garbage, "")):
        (item,) = _observe(message)
        assert isinstance(item, Skipped) and item.reason is SkipReason.UNREADABLE
        assert detail in item.detail


def test_since_leaves_older_mail_unread() -> None:
    options = CaptureOptions(me=ME, since=datetime(2026, 3, 4, tzinfo=UTC))
    assert _observe(_mail("From: dana@acme.example\nTo: sam@studio.example\nSubject: old"), options) == []


def test_a_message_without_message_id_has_a_stable_key() -> None:
    raw = "Date: Tue, 3 Mar 2026 09:15:00 +0000\nFrom: dana@acme.example\nTo: sam@studio.example\n"
    raw += "Subject: hi\n\nx\n"
    first, second = _observe(_message(raw)), _observe(_message(raw))
    assert first[0].source_key == second[0].source_key and first[0].source_key.startswith("sha1:")
