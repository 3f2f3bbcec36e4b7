"""Contact-form notifications: mail a form service sends on a visitor's behalf.

The sender is the service (Formspree, Typeform, WordPress's Contact Form 7...), so the person is
read from Reply-To or from the "Name:", "Email:" and "Message:" fields of the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from leadtemp.capture.addresses import clean_address

#: Domains whose mail is a form service's notification.
FORM_SERVICE_DOMAINS = (
    "formspree.io",
    "typeform.com",
    "jotform.com",
    "wufoo.com",
    "tally.so",
    "webflow.com",
    "squarespace.com",
    "squarespace-mail.com",
    "wix.com",
    "wixforms.com",
    "netlify.com",
    "hubspot.com",
    "hsforms.com",
    "formstack.com",
    "cognitoforms.com",
    "paperform.co",
    "getform.io",
    "basin.com",
    "formsubmit.co",
)
_FORM_SERVICES = frozenset(FORM_SERVICE_DOMAINS)
_FORM_SENDER = re.compile(r"^(wordpress|forms?|webforms?|contact(-?form)?|no-?reply)@", re.IGNORECASE)
_FORM_SUBJECT = re.compile(
    r"(new (form )?(submission|entry|message|lead|inquiry|enquiry)|contact (form|request)|"
    r"website (contact|inquiry|enquiry)|form submission)",
    re.IGNORECASE,
)
_FIELD = re.compile(
    r"^[ \t]*\**(?P<label>(your |full |first |last )?(name|e-?mail( address)?|message|comments?|company|"
    r"organi[sz]ation|phone|subject|details|project( details)?|how can we help( you)?\??))\**[ \t]*[:\uff1a]"
    r"[ \t]*(?P<value>.*)$",
    re.IGNORECASE | re.MULTILINE,
)

#: A form service's footer starts like a signature.
_SIGNATURE = re.compile(r"^--\s*$", re.MULTILINE)


@dataclass(frozen=True)
class FormEntry:
    name: str
    address: str
    message: str
    company: str = ""


def is_form_service(sender: str, subject: str) -> bool:
    """Mail a form service sent: from a known service's domain, or a site's own form sender
    (``wordpress@``, ``forms@``...) with a form-like subject."""
    labels = sender.rpartition("@")[2].split(".")
    if any(".".join(labels[start:]) in _FORM_SERVICES for start in range(len(labels))):
        return True  # the domain, or one it is a subdomain of
    return bool(_FORM_SENDER.match(sender)) and bool(_FORM_SUBJECT.search(subject))


def form_fields(text: str) -> dict[str, str]:
    """The labelled fields of a notification's body; a field's value runs on to the next label."""
    fields: dict[str, str] = {}
    matches = list(_FIELD.finditer(text))
    for number, match in enumerate(matches):
        label = _label(match.group("label"))
        end = matches[number + 1].start() if number + 1 < len(matches) else len(text)
        value = _SIGNATURE.split(match.group("value") + text[match.end() : end], 1)[0].strip()
        if label not in fields and value:
            fields[label] = value
    return fields


def _label(text: str) -> str:
    text = text.lower()
    if "mail" in text:
        return "email"
    if "name" in text:
        return "last name" if text.startswith("last") else "name"
    if any(word in text for word in ("message", "comment", "details", "help", "project")):
        return "message"
    if "compan" in text or "organi" in text:
        return "company"
    return text


def read_form(text: str, reply_to: tuple[str, str] | None) -> FormEntry | None:
    """The visitor a notification is about, or None when it names no address."""
    fields = form_fields(text)
    address = clean_address(fields.get("email", "").split()[0] if fields.get("email") else "")
    name = fields.get("name", "").splitlines()[0].strip() if fields.get("name") else ""
    if fields.get("last name") and name and fields["last name"].split()[0] not in name:
        name = f"{name} {fields['last name'].splitlines()[0].strip()}"
    if not address and reply_to is not None:
        address = reply_to[1]
        name = name or reply_to[0]
    if not address:
        return None
    return FormEntry(
        name,
        address,
        fields.get("message", ""),
        fields.get("company", "").splitlines()[0] if fields.get("company") else "",
    )


def has_form_fields(text: str) -> bool:
    """A body laid out as a form's fields: a name, an e-mail address and a message."""
    fields = form_fields(text)
    return {"name", "email", "message"} <= set(fields) and bool(clean_address(fields["email"].split()[0]))
