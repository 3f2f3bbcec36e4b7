"""A generated mailbox as a freelancer's Gmail Takeout holds one: their own mail to leads, the
leads' replies (quoted history, signatures, now and then a buying signal), inquiries from strangers,
newsletters, auto-replies and notes to self; plain text, multipart/alternative and HTML-only.

Written message by message, so a mailbox of any size is made in constant memory.
"""

from __future__ import annotations

import base64
import random
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

ME = "sam@studio.example"
START = datetime(2025, 1, 6, 8, 0, tzinfo=UTC)
_FIRST = ("Dana", "Ari", "Mina", "Kim", "Lou", "Pat", "Noor", "Ivo", "Zoe", "Tariq", "Eva", "Jon")
_LAST = ("Lee", "Novak", "Okafor", "Park", "Moreau", "Quinn", "Haddad", "Berg", "Silva", "Khan")
_ASKS = (
    "Could you send me a quote for the redesign?",
    "What would it cost to add a shop?",
    "We have a budget of about 6,000 for this.",
    "Can we book a call on Thursday?",
    "We need this by the end of the month.",
    "Thanks, that looks good.",
    "Let me check with the team and come back to you.",
    "Sounds great, talk soon.",
)
_FILLER = (
    "We had a look at the examples you sent and the team liked the second one best. "
    "The current site is slow on phones and the checkout loses people at the last step. "
)


def lead_addresses(count: int) -> list[tuple[str, str]]:
    """(name, address) of ``count`` leads, the same for a given count."""
    people = []
    for n in range(count):
        first, last = _FIRST[n % len(_FIRST)], _LAST[(n // len(_FIRST)) % len(_LAST)]
        people.append((f"{first} {last}", f"{first.lower()}.{last.lower()}{n}@lead{n}.example"))
    return people


def write_mbox(
    path: Path, messages: int, *, leads: int = 300, seed: int = 16, attachment_every: int = 0
) -> Path:
    """An mbox of ``messages`` messages about ``leads`` leads; with ``attachment_every``, every
    so many messages carry a 1 MB attachment (the same messages otherwise)."""
    rng = random.Random(seed)
    people = lead_addresses(leads)
    blob = base64.encodebytes(bytes(range(256)) * 4096).decode() if attachment_every else ""
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for number, text in enumerate(_messages(rng, people, messages)):
            when = START + timedelta(minutes=37 * number)
            if attachment_every and number % attachment_every == 0:
                text = _with_attachment(text, blob)
            out.write(f"From {number}@xxx {when:%a %b %d %H:%M:%S +0000 %Y}\n")
            out.write(text.replace("\nFrom ", "\n>From "))
            out.write("\n")
    return path


def _with_attachment(text: str, blob: str) -> str:
    headers, body = text.split("\n\n", 1)
    lines = headers.split("\n")
    content_type = next(line for line in lines if line.startswith("Content-Type:"))
    lines = [line for line in lines if line != content_type]
    return (
        "\n".join(lines)
        + '\nContent-Type: multipart/mixed; boundary="attached"\n\n'
        + f"--attached\n{content_type}\n\n{body}\n"
        + '--attached\nContent-Type: application/pdf; name="brief.pdf"\nContent-Transfer-Encoding: base64\n\n'
        + blob
        + "--attached--\n"
    )


def _messages(rng: random.Random, people: list[tuple[str, str]], count: int) -> Iterator[str]:
    sent: dict[int, str] = {}
    for number in range(count):
        when = format_datetime(START + timedelta(minutes=37 * number))
        lead = rng.randrange(len(people))
        name, address = people[lead]
        roll = rng.random()
        if roll < 0.3 or (roll < 0.6 and lead not in sent):
            message_id = f"<sent{number}@studio.example>"
            sent[lead] = message_id
            yield _plain(
                message_id,
                when,
                f"Sam Rivera <{ME}>",
                f"{name} <{address}>",
                "Ideas for your website",
                f"Hi {name.split()[0]},\n\nhere are a few ideas for the new site.\n{_FILLER}\n\nBest,\nSam\n",
            )
        elif roll < 0.6:
            ask = rng.choice(_ASKS)
            body = (
                f"Hi Sam,\n\n{ask}\n{_FILLER}\n\nBest,\n{name.split()[0]}\n-- \n{name}\nPhone +1 555 0100\n\n"
                f"On Mon, 2 Mar 2026 at 10:00, Sam Rivera <{ME}> wrote:\n"
                f"> here are a few ideas\n> {_FILLER}\n"
            )
            headers = f"In-Reply-To: {sent[lead]}\nReferences: {sent[lead]}\n"
            if rng.random() < 0.5:
                yield _plain(
                    f"<r{number}@lead.example>",
                    when,
                    f"{name} <{address}>",
                    ME,
                    "Re: Ideas for your website",
                    body,
                    headers,
                )
            else:
                yield _alternative(
                    f"<r{number}@lead.example>",
                    when,
                    f"{name} <{address}>",
                    ME,
                    "Re: Ideas for your website",
                    body,
                    headers,
                )
        elif roll < 0.85:
            yield _plain(
                f"<news{number}@news.example>",
                when,
                "Design Weekly <hello@designweekly.example>",
                ME,
                "This week in design",
                "Pricing your work, booking calls, and more.\n" + _FILLER * 4,
                "List-Unsubscribe: <mailto:unsub@designweekly.example>\nPrecedence: bulk\n",
            )
        elif roll < 0.92:
            stranger = f"visitor{number}@mail{number % 50}.example"
            yield _html(
                f"<q{number}@mail.example>",
                when,
                f"Visitor {number} <{stranger}>",
                ME,
                "Website for our shop",
                f"<p>Hello Sam,</p><p>{rng.choice(_ASKS)} {_FILLER}</p><p>Thanks</p>",
            )
        elif roll < 0.96:
            yield _plain(
                f"<auto{number}@lead.example>",
                when,
                f"{name} <{address}>",
                ME,
                "Out of office",
                "I am away until Monday.\n",
                "Auto-Submitted: auto-replied\n",
            )
        else:
            yield _plain(
                f"<self{number}@studio.example>", when, ME, ME, "note to self", "Invoice template.\n"
            )


def _headers(message_id: str, when: str, sender: str, to: str, subject: str, extra: str) -> str:
    return (
        f"Message-ID: {message_id}\nDate: {when}\nFrom: {sender}\nTo: {to}\nSubject: {subject}\n"
        f"MIME-Version: 1.0\n{extra}"
    )


def _plain(message_id: str, when: str, sender: str, to: str, subject: str, body: str, extra: str = "") -> str:
    return (
        _headers(message_id, when, sender, to, subject, extra)
        + 'Content-Type: text/plain; charset="UTF-8"\n\n'
        + body
    )


def _html(message_id: str, when: str, sender: str, to: str, subject: str, html: str) -> str:
    return (
        _headers(message_id, when, sender, to, subject, "")
        + 'Content-Type: text/html; charset="UTF-8"\n\n'
        + f"<html><body>{html}</body></html>\n"
    )


def _alternative(
    message_id: str, when: str, sender: str, to: str, subject: str, body: str, extra: str = ""
) -> str:
    boundary = f"b{zlib.crc32(message_id.encode()):08x}"
    html = "".join(f"<div>{line}</div>" for line in body.splitlines())
    return (
        _headers(message_id, when, sender, to, subject, extra)
        + f'Content-Type: multipart/alternative; boundary="{boundary}"\n\n'
        + f'--{boundary}\nContent-Type: text/plain; charset="UTF-8"\n\n{body}\n'
        + f'--{boundary}\nContent-Type: text/html; charset="UTF-8"\n\n<html><body>{html}</body></html>\n'
        + f"--{boundary}--\n"
    )
