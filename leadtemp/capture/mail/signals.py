"""Buying signals in a lead's own words, by phrase rules the user can read and edit.

The rules ship in ``resources/capture_rules.json``; a ``capture-rules.json`` in LeadTemp's config
folder replaces them. A rule names a kind and phrases; any phrase, as whole words in any case,
makes the message that kind of signal, with the phrase as evidence.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from leadtemp.errors import ValidationError
from leadtemp.paths import config_dir
from leadtemp.qualification.suggestions import read_suggestions
from leadtemp.resources import resource_path

USER_RULES_FILE = "capture-rules.json"
#: A line break inside a paragraph, with the spaces before it: sentences run across it. That is
#: ``(?<!\n)[ \t]*\n(?!\s*\n)``, its look behind moved after the first character so that each
#: alternative starts with a character of its own: searched only where a space, a tab or a line
#: break stands, not tried at every place in the text.
_LINE_BREAK = re.compile(r" (?<!\n )[ \t]*\n(?!\s*\n)|\t(?<!\n\t)[ \t]*\n(?!\s*\n)|\n(?<!\n\n)(?!\s*\n)")
_SENTENCE_END = re.compile(r"[.?!\n]")


@dataclass(frozen=True)
class SignalRule:
    kind: str
    label: str
    phrases: tuple[str, ...]
    pattern: re.Pattern[str]
    #: The qualification answers its signal suggests for review (see
    #: :mod:`leadtemp.qualification.suggestions`), as (criterion, answer).
    suggests: tuple[tuple[str, str], ...] = ()
    #: The same phrases lower-cased, matched case-sensitively against lower-cased ASCII text (twice
    #: as fast as ignoring case, with the same matches); None when a phrase is not ASCII.
    ascii_pattern: re.Pattern[str] | None = None
    #: The longest word of each phrase, lower-cased: ASCII text holding none of them cannot match.
    key_words: tuple[str, ...] = ()


@dataclass(frozen=True)
class SignalRules:
    rules: tuple[SignalRule, ...]
    #: The file they were read from.
    path: Path

    def to_json(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "rules": [
                {
                    "kind": rule.kind,
                    "label": rule.label,
                    "phrases": list(rule.phrases),
                    **({"suggests": dict(rule.suggests)} if rule.suggests else {}),
                }
                for rule in self.rules
            ],
        }


@dataclass(frozen=True, slots=True)
class Signal:
    kind: str
    label: str
    #: The phrase as the lead wrote it.
    phrase: str
    #: The sentence it was found in, shortened.
    context: str


def user_rules_path() -> Path:
    return config_dir() / USER_RULES_FILE


def rules_path() -> Path:
    """The user's rules file when there is one, else the shipped one."""
    user = user_rules_path()
    return user if user.is_file() else resource_path("capture_rules.json")


def load_rules(path: Path | None = None) -> SignalRules:
    """The phrase rules in force (or in ``path``); a broken file is refused with its name."""
    chosen = path or rules_path()
    try:
        stamp = chosen.stat().st_mtime_ns
    except OSError as error:
        raise ValidationError(f"cannot read the capture rules {chosen}: {error.strerror or error}") from None
    return _load(chosen, stamp)


@functools.lru_cache(maxsize=4)
def _load(path: Path, stamp: int) -> SignalRules:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise ValidationError(f"cannot read the capture rules {path}: {error}") from None
    return SignalRules(_rules_from_json(data, path), path)


def _rules_from_json(data: Any, path: Path) -> tuple[SignalRule, ...]:
    items = data.get("rules") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise ValidationError(f'the capture rules {path} need a "rules" list')
    rules = []
    for number, item in enumerate(items, start=1):
        kind = item.get("kind") if isinstance(item, dict) else None
        phrases = item.get("phrases") if isinstance(item, dict) else None
        if (
            not isinstance(kind, str)
            or not isinstance(phrases, list)
            or not all(isinstance(phrase, str) and phrase.strip() for phrase in phrases)
        ):
            raise ValidationError(
                f"rule {number} of the capture rules {path} needs a kind and a list of phrases"
            )
        label = item.get("label") if isinstance(item.get("label"), str) else kind.replace("_", " ")
        cleaned = tuple(" ".join(phrase.split()) for phrase in phrases)
        try:
            suggests = read_suggestions(item.get("suggests", {}))
        except ValidationError as error:
            raise ValidationError(f"rule {number} of the capture rules {path}: {error}") from None
        ascii_pattern = (
            _pattern(tuple(phrase.lower() for phrase in cleaned), ignore_case=False)
            if all(phrase.isascii() for phrase in cleaned)
            else None
        )
        key_words = tuple(dict.fromkeys(max(phrase.lower().split(), key=len) for phrase in cleaned))
        rules.append(
            SignalRule(
                kind,
                label,
                cleaned,
                _pattern(cleaned),
                suggests=suggests,
                ascii_pattern=ascii_pattern,
                key_words=key_words,
            )
        )
    return tuple(rules)


def _pattern(phrases: tuple[str, ...], *, ignore_case: bool = True) -> re.Pattern[str]:
    # Sorted by the phrases as written, so the lower-cased pattern tries them in the same order.
    longest_first = sorted(phrases, key=len, reverse=True)
    if ignore_case:
        alternatives = "|".join(_words(phrase) for phrase in longest_first)
        return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
    return re.compile(rf"(?:{'|'.join(map(_starting_a_word, longest_first))})(?!\w)")


def _words(phrase: str) -> str:
    return r"\s+".join(re.escape(word) for word in phrase.split())


def _starting_a_word(phrase: str) -> str:
    r"""``(?<!\w)`` and the phrase, with the look behind after the first character where that is a
    word character (the same test: a word character not after another): a pattern whose every
    alternative starts with a character of its own is searched only where one of those stands,
    not tried at every place in the text."""
    first = phrase.split()[0][0]
    if re.fullmatch(r"\w", first) is None:
        return r"(?<!\w)" + _words(phrase)
    return re.escape(first) + r"(?<!\w\w)" + _words(phrase)[len(re.escape(first)) :]


def find_signals(text: str, rules: SignalRules) -> list[Signal]:
    """Each rule's first phrase in ``text``, one signal per kind, in the rules' order."""
    found: dict[str, Signal] = {}
    text = _LINE_BREAK.sub(" ", text)
    lowered = text.lower() if text.isascii() else None
    for rule in rules.rules:
        if rule.kind in found:
            continue
        if lowered is not None and rule.ascii_pattern is not None:
            for word in rule.key_words:  # a look for each word costs less than one pattern of them
                if word in lowered:
                    break
            else:
                continue
            match = rule.ascii_pattern.search(lowered)
        else:
            match = rule.pattern.search(text)
        if match is not None:
            start, end = match.span()
            found[rule.kind] = Signal(
                rule.kind, rule.label, " ".join(text[start:end].split()), _sentence(text, start, end)
            )
    return list(found.values())


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence around ``text[start:end]``: from the mark before it to the mark after it."""
    start = (
        max(
            text.rfind(".", 0, start),
            text.rfind("?", 0, start),
            text.rfind("!", 0, start),
            text.rfind("\n", 0, start),
        )
        + 1
    )
    after = _SENTENCE_END.search(text, end)
    end = after.end() if after is not None else len(text)
    sentence = " ".join(text[start:end].split())
    return sentence if len(sentence) <= 200 else sentence[:199] + "\u2026"
