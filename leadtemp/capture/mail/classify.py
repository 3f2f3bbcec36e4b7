"""One message, classified: who wrote it to whom, and what it means for a lead.

Direction comes from the user's own addresses: mail from you to a lead is outreach
(``email_sent``); mail from a lead answers you (``email_reply``: it refers to a message you sent,
or says "Re:" to a thread you started) or is an inquiry (the lead wrote first). A contact form's
notification is about the visitor it names. Buying signals in the lead's own words (quoted
history and signature stripped) log their own kind as well. Newsletters, lists, auto-replies,
no-reply senders and mail between your own addresses log nothing.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from datetime import datetime
from email.message import EmailMessage, Message

from leadtemp.capture.events import Observation, Skipped, SkipReason
from leadtemp.capture.mail import headers as h
from leadtemp.capture.mail.forms import has_form_fields, is_form_service, read_form
from leadtemp.capture.mail.signals import SignalRules, find_signals, load_rules
from leadtemp.capture.mail.text import body_text, first_lines, own_words
from leadtemp.capture.options import CaptureOptions

SOURCE = "mail"
#: A message to more people than this is a mailing you sent, not outreach to each of them.
MAX_OUTREACH_RECIPIENTS = 25
#: A form message at least this long describes the visitor's needs: a detailed form.
DETAILED_FORM_WORDS = 25
_NO_REPLY = re.compile(
    r"^(no-?reply|do-?not-?reply|donotreply|noreply-[\w.-]*|mailer-daemon|postmaster|bounces?(\+[^@]*)?|"
    r"notifications?|notify|automated|auto-?reply)@",
    re.IGNORECASE,
)


def observe_message(
    message: EmailMessage | Message, options: CaptureOptions, *, rules: SignalRules | None = None
) -> Iterator[Observation | Skipped]:
    """What one message says about leads; a message that cannot be read is skipped with why."""
    return observe_mail(h.Headers(message), lambda: body_text(message), options, rules=rules)


def observe_mail(
    hd: h.Headers, text_of: Callable[[], str], options: CaptureOptions, *, rules: SignalRules | None = None
) -> Iterator[Observation | Skipped]:
    """:func:`observe_message` of a message read as its headers and a way to its text (what
    :func:`~leadtemp.capture.mail.text.body_text` gives; asked once at most, only when needed)."""
    try:
        yield from _observe(text_of, hd, options, rules)
    except (LookupError, ValueError, TypeError, AttributeError, IndexError, UnicodeError) as error:
        yield Skipped(SOURCE, _key_of(hd), SkipReason.UNREADABLE, f"unreadable message: {error}"[:200])


def _observe(
    text_of: Callable[[], str], hd: h.Headers, options: CaptureOptions, rules: SignalRules | None
) -> Iterator[Observation | Skipped]:
    key = _key_of(hd)
    if not hd:
        yield Skipped(SOURCE, key, SkipReason.UNREADABLE, "no headers")
        return
    senders = hd.addresses("From") or hd.addresses("Sender")
    if not senders:
        yield Skipped(SOURCE, key, SkipReason.UNREADABLE, "no sender address")
        return
    when = hd.sent_at()
    if when is None:
        yield Skipped(SOURCE, key, SkipReason.UNREADABLE, "no date")
        return
    if options.since is not None and when < options.since:
        return
    sender_name, sender = senders[0]
    subject = hd.get("Subject")
    if options.is_me(sender):
        yield from _from_me(hd, options, key, when, subject)
        return
    text = text_of()
    reply_tos = hd.addresses("Reply-To")
    reply_to = reply_tos[0] if reply_tos else None
    if is_form_service(sender, subject) or (reply_to is not None and has_form_fields(text)):
        yield from _form(options, rules, key, when, subject, text, reply_to)
        return
    automated = _automated(hd, sender)
    if automated:
        yield Skipped(SOURCE, key, SkipReason.AUTOMATED, automated)
        return
    words = own_words(text)
    kind = "email_reply" if _answers_me(hd, subject, options) else "inquiry"
    note = _note(subject, words, options)
    yield Observation(
        SOURCE,
        key,
        kind,
        when,
        (sender,),
        name=sender_name,
        note=note,
        may_propose_lead=kind == "inquiry",
    )
    yield from _signals(words, rules, key, when, (sender,), sender_name, subject)


def _from_me(
    hd: h.Headers, options: CaptureOptions, key: str, when: datetime, subject: str
) -> Iterator[Observation | Skipped]:
    options.threads.remember(key, h.thread_subject(subject))
    others = [
        (name, address) for name, address in hd.addresses("To", "Cc", "Bcc") if not options.is_me(address)
    ]
    if not others:
        yield Skipped(SOURCE, key, SkipReason.OWN, "between your own addresses")
        return
    if len(others) > MAX_OUTREACH_RECIPIENTS:
        yield Skipped(SOURCE, key, SkipReason.AUTOMATED, f"a mailing to {len(others)} recipients")
        return
    note = "from mail: " + (subject or "(no subject)")
    for name, address in others:
        yield Observation(SOURCE, f"{key}#to:{address}", "email_sent", when, (address,), name=name, note=note)


def _form(
    options: CaptureOptions,
    rules: SignalRules | None,
    key: str,
    when: datetime,
    subject: str,
    text: str,
    reply_to: tuple[str, str] | None,
) -> Iterator[Observation | Skipped]:
    entry = read_form(text, reply_to)
    if entry is None:
        yield Skipped(SOURCE, key, SkipReason.NOT_A_LEAD, "a form notification naming no address")
        return
    if options.is_me(entry.address):
        yield Skipped(SOURCE, key, SkipReason.OWN, "a form you sent yourself")
        return
    words = entry.message or own_words(text)
    signals = find_signals(words, rules or load_rules())
    detailed = bool(signals) or len(words.split()) >= DETAILED_FORM_WORDS
    yield Observation(
        SOURCE,
        key,
        "contact_form" if detailed else "inquiry",
        when,
        (entry.address,),
        name=entry.name,
        note=_note(subject or "contact form", words, options),
        may_propose_lead=True,
        company=entry.company,
    )
    yield from _signals(words, rules, key, when, (entry.address,), entry.name, subject)


def _signals(
    words: str,
    rules: SignalRules | None,
    key: str,
    when: datetime,
    addresses: tuple[str, ...],
    name: str,
    subject: str,
) -> Iterator[Observation]:
    for signal in find_signals(words, rules or load_rules()):
        yield Observation(
            SOURCE,
            f"{key}#{signal.kind}",
            signal.kind,
            when,
            addresses,
            name=name,
            note=f"from mail: {signal.label} \u201c{signal.context}\u201d"
            + (f" ({subject})" if subject else ""),
            evidence=signal.phrase,
        )


def _answers_me(hd: h.Headers, subject: str, options: CaptureOptions) -> bool:
    """A reply to the user: it refers to a message they sent, or says "Re:" to their thread (or,
    not knowing the thread, to any thread it refers to)."""
    refs = hd.references()
    threads = options.threads
    if any(ref in threads.message_ids for ref in refs):
        return True
    if not h.is_reply_subject(subject):
        return False
    return h.thread_subject(subject) in threads.subjects or bool(refs)


def _automated(hd: h.Headers, sender: str) -> str:
    """Why the message is no person's own mail ("" when it is)."""
    if hd.get("List-Unsubscribe") or hd.get("List-Id"):
        return "a mailing list or newsletter"
    precedence = hd.get("Precedence").lower()
    if precedence in ("bulk", "list", "junk"):
        return f"Precedence: {precedence}"
    auto = hd.get("Auto-Submitted").lower()
    if auto and auto != "no":
        return f"Auto-Submitted: {auto}"
    if hd.get("X-Autoreply") or hd.get("X-Autorespond"):
        return "an auto-reply"
    if _NO_REPLY.match(sender):
        return f"sent from {sender}"
    return ""


def _note(subject: str, words: str, options: CaptureOptions) -> str:
    note = "from mail: " + (subject or "(no subject)")
    if not options.subjects_only:
        lines = first_lines(words)
        if lines:
            note += f" \u2014 {lines}"
    return note


def _key_of(hd: h.Headers) -> str:
    """The Message-ID, else a digest of the headers that identify the message."""
    found = hd.message_id()
    if found:
        return found
    basis = "\n".join(hd.get(name) for name in ("From", "To", "Date", "Subject"))
    return "sha1:" + hashlib.sha1(basis.encode("utf-8", "replace")).hexdigest()
