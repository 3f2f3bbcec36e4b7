"""The words of a message: its text part (or its HTML made text), in any charset, and the part the
sender wrote themselves, without quoted history or signature."""

from __future__ import annotations

import re
from email.message import EmailMessage, Message
from html.parser import HTMLParser

from mailparser_reply.constants import OUTLOOK_MAIL_SEPARATOR
from mailparser_reply.parser import EmailMessage as ReplyText

#: More than this of a body is never read: a lead's own words come first, and a huge body must
#: not stall a capture.
MAX_TEXT = 50_000
_BLOCKS = frozenset({"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "hr"})
_SKIPPED = frozenset({"script", "style", "head", "title"})
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_REPLY_LANGUAGES = ("en",)
#: The reply parser's patterns, built once: it builds and compiles them anew for every message.
_REPLY_PATTERNS = ReplyText(text="", languages=list(_REPLY_LANGUAGES))
#: Each of the reply parser's quote-header patterns (ignoring case) needs one of these words: an
#: "On ... wrote:" line, a block of "From:"/"Sent:"/... lines, an "Original Message" rule.
_HEADER_WORDS = (
    "wrote:",
    "from:",
    "sent:",
    "to:",
    "subject:",
    "date:",
    "cc:",
    "organization:",
    "original message",
)
#: Its disclaimer pattern needs this and one of the words after it.
_DISCLAIMER_NEEDS = "mail"
_DISCLAIMER_WORDS = ("caution:", "disclaimer", "warning:", "confidential", "notice:", "note:", "information:")
#: The Outlook rules the reply parser's clean-up takes out, as it searches them; the dashes and
#: underscores a rule has at least; how many it takes out at most (it hands ``re.MULTILINE``
#: over where the count goes).
_OUTLOOK_RULE = re.compile(f"([^\n]){OUTLOOK_MAIL_SEPARATOR}")
_RULE_LENGTH = 32
_OUTLOOK_RULES = int(re.MULTILINE)
#: Handed to the reply parser for a pattern the text cannot match: searching it costs nothing.
_NOTHING = re.compile(r"\A(?!)")
#: What the reply parser's signature pattern needs, lower-cased: a dash or an underscore (a
#: ``--`` line, a rule of them, a ``- name`` line), a "Sent from my ..." line, or a closing.
_SIGNATURE_NEEDS = (
    "-",
    "_",
    "sent from my",
    "get outlook for",
    "best regards",
    "kind regards",
    "thanks,",
    "thank you,",
    "best,",
    "all the best",
    "regards,",
)


class _SignatureSearch:
    """The reply parser's signature pattern, searched from the line where ASCII text first has
    what a signature needs (with the white space before that line, where the pattern may start)
    rather than from every place before it; a text with none of it is not searched at all."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern

    def search(self, text: str) -> re.Match[str] | None:
        if not text.isascii():
            return self.pattern.search(text)
        lowered = text.lower()
        found = [at for word in _SIGNATURE_NEEDS if (at := lowered.find(word)) >= 0]
        if not found:
            return None
        start = text.rfind("\n", 0, min(found)) + 1
        while start and text[start - 1].isspace():
            start -= 1
        return self.pattern.search(text, start)


_SIGNATURE_SEARCH: _SignatureSearch | re.Pattern[str] = _SignatureSearch(_REPLY_PATTERNS.SIGNATURE_REGEX)


def body_text(message: EmailMessage | Message) -> str:
    """The message's text: its plain-text body, else its HTML body as text ("" for none)."""
    part = _body_part(message)
    if part is None:
        return ""
    text = _decoded(part)[:MAX_TEXT]
    return html_to_text(text) if part.get_content_type() == "text/html" else text


def readable_text(payload: bytes, charset: str | None, *, html: bool) -> str:
    """:func:`body_text` of a text part whose transfer encoding is undone (``payload``), in its
    declared ``charset``."""
    text = decoded_text(payload, charset)[:MAX_TEXT]
    return html_to_text(text) if html else text


def _body_part(message: EmailMessage | Message) -> Message | None:
    if isinstance(message, EmailMessage):
        return message.get_body(preferencelist=("plain", "html"))
    html = None
    for part in message.walk():
        kind = part.get_content_type()  # parsed once per part: the type and its parameters
        if not kind.startswith("text/") or part.get_content_disposition() == "attachment":
            continue
        if kind == "text/plain":
            return part
        if html is None and kind == "text/html":
            html = part
    return html


def _decoded(part: Message) -> str:
    """The part's text in its declared charset; a wrong or unknown charset is read as the bytes
    suggest, never an error."""
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return str(part.get_payload() or "")
    return decoded_text(payload, part.get_content_charset())


def decoded_text(payload: bytes, charset: str | None) -> str:
    """Text of ``charset`` (utf-8 when None); a wrong or unknown one is read as the bytes suggest."""
    payload = payload[: MAX_TEXT * 4]
    charset = charset or "utf-8"
    try:
        return payload.decode(charset)
    except (LookupError, UnicodeDecodeError):
        pass
    try:
        return payload.decode("utf-8")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(payload).best()
        return str(best) if best is not None else payload.decode("latin-1")


class _TextOfHtml(HTMLParser):
    """HTML made readable text; quoted mail (``<blockquote>``) comes out as ``>`` lines so the reply
    parser strips it like quoted plain text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = [""]
        self.skipping = 0
        self.quoted = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag == "blockquote":
            self.quoted += 1
            self._break()
        elif tag in _BLOCKS:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag == "blockquote":
            self.quoted = max(0, self.quoted - 1)
            self._break()
        elif tag in _BLOCKS:
            self._break()

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if not self.lines[-1] and self.quoted:
            self.lines[-1] = "> " * self.quoted
        self.lines[-1] += _SPACES.sub(" ", data.replace("\n", " "))

    def _break(self) -> None:
        self.lines[-1] = self.lines[-1].rstrip()
        self.lines.append("")


def html_to_text(html: str) -> str:
    parser = _TextOfHtml()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError):
        pass
    text = "\n".join(line.strip() for line in parser.lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def own_words(text: str) -> str:
    """What the sender wrote in this message: the text without the quoted history and signature."""
    if not text.strip():
        return ""
    # Most mail quotes nothing and has no disclaimer: the parser's costliest searches are skipped
    # when the words they need are missing. Only for ASCII text, where ignoring case is comparing
    # lower case; the parser's clean-up of the text (line ends, spaces at line ends, Outlook rules)
    # leaves a line break wherever it takes something out, so it makes none of these words. With
    # neither search left, the parser finds one reply: read here without it.
    lowered = text.lower() if text.isascii() else None
    headers, disclaimers = _REPLY_PATTERNS.HEADER_REGEX, _REPLY_PATTERNS.DISCLAIMERS_REGEX
    if lowered is not None:
        if not any(word in lowered for word in _HEADER_WORDS):
            headers = _NOTHING
        if _DISCLAIMER_NEEDS not in lowered or not any(word in lowered for word in _DISCLAIMER_WORDS):
            disclaimers = _NOTHING
    if headers is _NOTHING and disclaimers is _NOTHING:
        body = only_reply(text)
    else:
        try:
            replies = (
                ReplyText(
                    text=text,
                    languages=list(_REPLY_LANGUAGES),
                    _header_regex=headers,
                    _disclaimers_regex=disclaimers,
                    _signature_regex=_SIGNATURE_SEARCH,
                )
                .read()
                .replies
            )
        except (ValueError, IndexError, AttributeError, re.error):
            replies = []
        body = replies[0].body if replies else text
    return _without_quotes(body if body.strip() else text)


def parser_cleaned(text: str) -> str:
    """The reply parser's clean-up of a text (its ``_normalize_text``): LF line ends, each line
    stripped, and an Outlook rule after a line of text (blank lines, then 32 or more dashes or
    underscores) taken out, one line break left in its place. A text with fewer dashes and
    underscores than one rule has is not searched for rules."""
    cleaned = "\n".join([line.strip() for line in text.replace("\r\n", "\n").split("\n")])
    if cleaned.count("_") + cleaned.count("-") < _RULE_LENGTH:
        return cleaned
    return _OUTLOOK_RULE.sub("\\1\n", cleaned, count=_OUTLOOK_RULES)


def only_reply(text: str) -> str:
    """The reply parser's body of a text in which it finds no quote header and no disclaimer: the
    text after its clean-up, without the signature (its one reply, read without building the
    parser's objects)."""
    cleaned = parser_cleaned(text)
    found = _SIGNATURE_SEARCH.search(cleaned)
    signature = found.group().strip() if found is not None else ""
    body = cleaned.strip()
    if signature:
        body = body.replace(signature, "")
    return body.strip()


def _without_quotes(text: str) -> str:
    """Quoted lines the parser left (``> ...``) are never the sender's own words."""
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith(">")).strip()


def first_lines(text: str, *, lines: int = 3, limit: int = 280) -> str:
    """The first non-empty lines of ``text`` on one line, at most ``limit`` characters."""
    kept = [" ".join(line.split()) for line in text.splitlines() if line.strip()][:lines]
    joined = " ".join(kept)
    return joined if len(joined) <= limit else joined[: limit - 1].rstrip() + "\u2026"
