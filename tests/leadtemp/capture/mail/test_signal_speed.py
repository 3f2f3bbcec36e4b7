"""The quick way buying-signal phrases are found in ASCII text (lower-cased text, a look for each
phrase's longest word before the pattern) finds what matching each rule's pattern, case ignored,
finds: the same phrase as written, at the same place, in any text; and the lines of a paragraph
are joined as the plain line-break pattern joins them."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from leadtemp.capture.mail import signals
from leadtemp.capture.mail.signals import SignalRules, find_signals, load_rules

RULES = load_rules()
_LINE_BREAK = re.compile(r"(?<!\n)[ \t]*\n(?!\s*\n)")
words = [word for rule in RULES.rules for phrase in rule.phrases for word in phrase.split()]
pieces = st.one_of(
    st.sampled_from(words).map(lambda word: word.upper() if len(word) % 2 else word.capitalize()),
    st.sampled_from([" ", "  ", "\n", ".", "?", ", ", "x", "_", "é", "ß", "K"]),
    st.text(max_size=6),
)


def _by_patterns(text: str, rules: SignalRules) -> list[tuple[str, str]]:
    text = _LINE_BREAK.sub(" ", text)
    found = []
    for rule in rules.rules:
        match = rule.pattern.search(text)
        if match is not None:
            found.append((rule.kind, " ".join(match.group(0).split())))
    return found


@settings(max_examples=400, deadline=None)
@given(st.lists(pieces, max_size=30).map("".join))
def test_the_quick_search_finds_what_the_case_blind_patterns_find(text: str) -> None:
    assert [(signal.kind, signal.phrase) for signal in find_signals(text, RULES)] == _by_patterns(text, RULES)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from([" ", "\t", "\n", "\r", "\n\n", " \n", "a", "."]), max_size=16).map("".join))
def test_paragraph_lines_are_joined_as_the_plain_pattern_joins_them(text: str) -> None:
    assert signals._LINE_BREAK.sub(" ", text) == _LINE_BREAK.sub(" ", text)
