"""Checking a mailbox on a real dovecot: the Sent folder read first so answers are replies, nothing
marked read, only new mail fetched the second time, a renumbered folder read again without logging
twice, an attachment never fetched, and a check that breaks off logs nothing."""

from __future__ import annotations

import imaplib
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from email.message import Message

import pytest
from imapclient import IMAPClient  # type: ignore[import-untyped]

from leadtemp.capture.imap.address import MailboxAddress
from leadtemp.capture.imap.check import MailCheck, check_mailbox, commit_mail_check
from leadtemp.capture.imap.errors import MailboxError
from leadtemp.capture.imap.fetch import fetch_chunks, fetch_literals, fetch_literals_together, fetch_messages
from leadtemp.capture.imap.session import open_session
from leadtemp.capture.options import CaptureOptions
from leadtemp.service import LeadService
from tests.leadtemp.capture.imap.dovecot import PASSWORD, USER, Dovecot
from tests.leadtemp.capture.imap.fixtures import message

NEW_MAIL = (
    b"From: Priya Shah <priya.shah@northwind-design.co>\r\nTo: dana@example.com\r\n"
    b"Subject: Re: Website refresh for Northwind\r\nMessage-ID: <second-reply@northwind-design.co>\r\n"
    b"In-Reply-To: <a1b2c3-outreach@example.com>\r\nDate: Mon, 2 Mar 2026 11:30:00 +0100\r\n\r\n"
    b"One more thing: can we book a call on Thursday?\r\n"
)


@pytest.fixture
def book(service: LeadService) -> LeadService:
    service.set_my_addresses([USER])
    service.add_contact("Priya Shah", email="priya.shah@northwind-design.co", company="Northwind")
    return service


def check(book: LeadService, dovecot: Dovecot, mailbox: MailboxAddress, **options: object) -> MailCheck:
    return check_mailbox(
        book,
        mailbox,
        PASSWORD,
        CaptureOptions(me=tuple(book.my_addresses())),
        ca_file=dovecot.certificate,
        **options,  # type: ignore[arg-type]
    )


def test_a_check_reads_sent_first_logs_one_batch_and_marks_nothing_read(
    book: LeadService, dovecot: Dovecot, mailbox: MailboxAddress
) -> None:
    found = check(book, dovecot, mailbox)

    assert found.fetched == (("Sent", 1), ("INBOX", 4))
    priya = [line.kind for line in found.preview.lines if line.contact_id == 1]
    assert priya[:2] == ["email_sent", "email_reply"]  # the reply answers the Sent message read before it
    assert {lead.name for lead in found.preview.proposed} == {"Jonas Müller", "Lena Vogel"}
    assert found.preview.skipped_counts() == {"automated": 1}
    assert book.captures() == [] and book.mailbox_marks(mailbox.account) == {}

    report = commit_mail_check(book, found)

    assert report.logged["email_sent"] == 1 and report.logged["email_reply"] == 1
    assert [batch.id for batch in book.captures()] == [report.batch_id]
    assert {folder: last for folder, (_validity, last) in book.mailbox_marks(mailbox.account).items()} == {
        "INBOX": 4,
        "Sent": 1,
    }
    assert "S" not in "".join(dovecot.flags("INBOX"))  # BODY.PEEK on a read-only folder


def test_the_second_check_fetches_only_the_new_mail(
    book: LeadService, dovecot: Dovecot, mailbox: MailboxAddress
) -> None:
    commit_mail_check(book, check(book, dovecot, mailbox))
    again = check(book, dovecot, mailbox)
    assert again.fetched == (("Sent", 0), ("INBOX", 0)) and again.preview.lines == ()

    dovecot.deliver(NEW_MAIL)
    newer = check(book, dovecot, mailbox)

    assert newer.fetched == (("Sent", 0), ("INBOX", 1))
    assert newer.preview.lines[0].kind == "email_reply"
    assert {line.observation.source_key.split("#")[0] for line in newer.preview.lines} == {
        "second-reply@northwind-design.co"
    }
    report = commit_mail_check(book, newer)
    assert report.logged_total == len(newer.preview.lines) >= 1
    assert book.mailbox_marks(mailbox.account)["INBOX"][1] == 5


def test_a_renumbered_folder_is_read_again_and_logs_nothing_twice(
    book: LeadService, dovecot: Dovecot, mailbox: MailboxAddress
) -> None:
    first = commit_mail_check(book, check(book, dovecot, mailbox))
    dovecot.renumber("INBOX", uidvalidity=777)

    again = check(book, dovecot, mailbox)

    assert again.fetched == (("Sent", 0), ("INBOX", 4))
    assert all(line.duplicate for line in again.preview.lines)
    report = commit_mail_check(book, again)
    assert report.logged_total == 0
    assert sum(len(book.interactions(contact.id)) for contact in book.contacts()) == first.logged_total
    assert book.mailbox_marks(mailbox.account)["INBOX"] == (777, 4)


def test_a_check_that_breaks_off_logs_nothing_and_the_next_one_logs_it_all(
    book: LeadService, dovecot: Dovecot, mailbox: MailboxAddress
) -> None:
    def server_dies(done: int, total: int) -> None:
        if done == 1:
            dovecot.stop()

    with pytest.raises(MailboxError) as caught:
        check(book, dovecot, mailbox, chunk=1, progress=server_dies)

    assert str(caught.value).startswith(f"the connection to localhost:{dovecot.port} broke off")
    assert str(caught.value).endswith("nothing was logged")
    assert book.captures() == [] and book.mailbox_marks(mailbox.account) == {}
    assert all(book.interactions(contact.id) == [] for contact in book.contacts())

    dovecot.start()
    report = commit_mail_check(book, check(book, dovecot, mailbox))
    assert report.logged["email_sent"] == 1 and report.logged["email_reply"] == 1


def test_a_failing_commit_keeps_neither_the_batch_nor_the_marks(
    book: LeadService, dovecot: Dovecot, mailbox: MailboxAddress, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = check(book, dovecot, mailbox)

    def disk_full(account: str, marks: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(book, "save_mailbox_marks", disk_full)
    with pytest.raises(OSError):
        commit_mail_check(book, found)

    assert book.captures() == []
    assert all(book.interactions(contact.id) == [] for contact in book.contacts())


def _fetched(
    dovecot: Dovecot, mailbox: MailboxAddress, pick: Callable[[IMAPClient], list[int]]
) -> list[bytes]:
    """Every byte the server sent while the picked messages were read (imaplib's reads)."""
    seen: list[bytes] = []
    with open_session(mailbox, PASSWORD, ca_file=dovecot.certificate) as client:
        client.select_folder("INBOX", readonly=True)
        uids = pick(client)
        connection = client._imap
        read, readline = connection.read, connection.readline

        def recording_read(size: int) -> bytes:
            data: bytes = read(size)
            seen.append(data)
            return data

        def recording_readline() -> bytes:
            line: bytes = readline()
            seen.append(line)
            return line

        connection.read, connection.readline = recording_read, recording_readline
        messages = list(fetch_messages(client, uids))
        connection.read, connection.readline = read, readline
    assert len(messages) == 1
    return seen


def test_an_attachment_is_never_fetched_and_the_text_part_is(
    dovecot: Dovecot, mailbox: MailboxAddress
) -> None:
    def lena(client: IMAPClient) -> list[int]:
        return list(client.search(["FROM", "lena@vogel-partner.de"]))

    fetched = b"".join(_fetched(dovecot, mailbox, lena))

    assert b"Briefing.pdf" in message("inbox-attachment.eml")
    assert b"JVBERi0xLjQK" not in fetched  # the PDF's first bytes, base64
    assert "nächste Woche telefonieren".encode("latin-1") in fetched
    assert len(fetched) < len(message("inbox-attachment.eml")) // 10


def _text(message: Message, subtype: str = "plain") -> str:
    part = next(part for part in message.walk() if part.get_content_type() == f"text/{subtype}")
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode(part.get_content_charset() or "utf-8")


def test_a_rebuilt_message_keeps_its_headers_and_text_plain_first(
    dovecot: Dovecot, mailbox: MailboxAddress
) -> None:
    dovecot.deliver(
        b"From: Zoe <zoe@example.org>\r\nTo: dana@example.com\r\n"
        b"Subject: Gr\xc3\xbc\xc3\x9fe aus Z\xc3\xbcrich\r\n"
        b"Message-ID: <raw-utf8@example.org>\r\nDate: Mon, 2 Mar 2026 12:00:00 +0100\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/html\r\n\r\n'
        b"<p>Hallo</p>\r\n--b\r\nContent-Type: image/png; name=logo.png\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n"
        b"--b\r\nContent-Type: text/plain; charset=utf-8\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\nSGFsbG8gRGFuYQ==\r\n--b--\r\n"
    )
    with open_session(mailbox, PASSWORD, ca_file=dovecot.certificate) as client:
        client.select_folder("INBOX", readonly=True)
        by_id = {str(m["Message-ID"]): m for m in fetch_messages(client, client.search(), chunk=3)}
    reply = by_id["<CAJx8y5V2pQ=reply-priya@mail.gmail.com>"]
    assert reply["In-Reply-To"] == "<a1b2c3-outreach@example.com>"
    assert "send us a quote" in _text(reply) and "<div" in _text(reply, "html")
    lena = by_id["<4e1f2a3b-5c6d-7e8f-9a0b-1c2d3e4f5a6b@vogel-partner.de>"]
    assert [part.get_content_type() for part in lena.walk()] == ["multipart/mixed", "text/plain"]
    assert "nächste Woche" in _text(lena)
    quote = by_id["<8F1D2C3B-77AA-4E21-9C0D-1A2B3C4D5E6F@brightwave.io>"]
    assert "€8,000" in _text(quote) and quote["From"] == "Jonas Müller <jonas@brightwave.io>"
    assert by_id["<f0e1d2c3b4a5.d9c8b7a6@mail123.atl11.mcdlv.net>"]["Subject"] == "5 layout trends for 2026"
    zoe = by_id["<raw-utf8@example.org>"]
    assert zoe["Subject"] == "Grüße aus Zürich"
    assert [part.get_content_type() for part in zoe.walk()][1:] == ["text/plain", "text/html"]
    assert _text(zoe) == "Hallo Dana"


def test_folders_named_in_the_address_are_read_with_sent(
    book: LeadService, dovecot: Dovecot, mailbox: MailboxAddress
) -> None:
    dovecot.deliver(NEW_MAIL, "Archive")
    found = check(book, dovecot, replace(mailbox, folders=("Archive",)))
    assert found.fetched == (("Sent", 1), ("Archive", 1))


def test_since_leaves_older_mail_on_the_server(
    book: LeadService, dovecot: Dovecot, mailbox: MailboxAddress
) -> None:
    old = datetime(2025, 6, 1, 9, 0, tzinfo=UTC)
    dovecot.deliver(NEW_MAIL.replace(b"second-reply", b"old-reply"), received=old.timestamp())

    found = check_mailbox(
        book,
        mailbox,
        PASSWORD,
        CaptureOptions(me=tuple(book.my_addresses()), since=datetime(2026, 1, 1, tzinfo=UTC)),
        ca_file=dovecot.certificate,
    )

    assert found.fetched == (("Sent", 1), ("INBOX", 4))  # the four fixture messages, received today


def test_commands_sent_together_each_get_their_own_messages_and_a_refusal_stops_the_read(
    dovecot: Dovecot, mailbox: MailboxAddress
) -> None:
    """A chunk's bodies are asked for with the next chunk's headers in one send: each request
    gets its own messages' items, as if asked alone, and a command the server refuses still
    leaves the connection in step for the next."""
    with open_session(mailbox, PASSWORD, ca_file=dovecot.certificate) as client:
        client.select_folder("INBOX", readonly=True)
        first, *rest = sorted(client.search())
        bodies, heads = fetch_literals_together(
            client, [([first], ["BODY.PEEK[TEXT]<0.100>"]), (rest, ["BODY.PEEK[HEADER]"])]
        )
        alone = fetch_literals(client, rest, ["BODY.PEEK[HEADER]"])
        assert list(bodies) == [first] and list(bodies[first]) == [b"BODY[TEXT]<0>"]
        assert heads == alone and sorted(heads) == rest
        with pytest.raises(imaplib.IMAP4.error, match="BAD"):
            fetch_literals_together(client, [([first], ["BODY.PEEK[NOPE]"]), (rest, ["BODY.PEEK[HEADER]"])])
        assert fetch_literals(client, rest, ["BODY.PEEK[HEADER]"]) == alone


def test_a_reader_that_stops_early_leaves_the_connection_in_step(
    dovecot: Dovecot, mailbox: MailboxAddress
) -> None:
    """The next chunk's bodies and headers are asked for before a chunk is handed on: stopping
    there reads their answers, so the next command gets its own."""
    with open_session(mailbox, PASSWORD, ca_file=dovecot.certificate) as client:
        client.select_folder("INBOX", readonly=True)
        uids = sorted(client.search())
        chunks = fetch_chunks(client, uids, chunk=1)
        first = next(chunks)
        chunks.close()
        assert len(first) == 1 and first[0].headers.get("Message-ID")
        assert client._imap.tagged_commands == {}  # no command still waits for its answer
        assert sorted(fetch_literals(client, uids, ["BODY.PEEK[HEADER]"])) == uids
        assert client.noop()[0].startswith(b"NOOP")
