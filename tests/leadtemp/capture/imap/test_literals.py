"""The message text of FETCH answers read straight off the connection: each literal under its
item's name and its message's UID wherever the server put it; an answer in another form is left
out (and asked again through imapclient), never misread; other answers are read past."""

from __future__ import annotations

import io
from typing import Any

from leadtemp.capture.imap.fetch import _receive


class _Wire:
    """The connection's reading side over bytes the server sent."""

    def __init__(self, sent: bytes) -> None:
        self._sent = io.BytesIO(sent)
        self.tagged_commands: dict[bytes, Any] = {b"A1": None, b"A2": None}

    def read(self, size: int) -> bytes:
        return self._sent.read(size)

    def readline(self) -> bytes:
        return self._sent.readline()


def test_literals_go_to_their_uid_wherever_the_uid_comes() -> None:
    wire = _Wire(
        b"* 1 FETCH (UID 7 BODY[HEADER] {12}\r\nSubject: a\r\n BODY[TEXT]<0> {2}\r\nhi)\r\n"
        b"* 2 FETCH (BODY[HEADER] {12}\r\nSubject: b\r\n UID 9)\r\n"
        b"* 3 FETCH (FLAGS (\\Seen))\r\n"  # an update the server sent on its own: no UID, no text
        b"* 4 FETCH (UID 11 BODY[1.2]<0> {3}\r\nabc)\r\n"
        b"A1 OK done\r\n"
    )
    statuses, found = _receive(wire, [b"A1"])
    assert statuses == [(b"OK", b"done")]
    assert found == {
        7: {b"BODY[HEADER]": b"Subject: a\r\n", b"BODY[TEXT]<0>": b"hi"},
        9: {b"BODY[HEADER]": b"Subject: b\r\n"},
        11: {b"BODY[1.2]<0>": b"abc"},
    }
    assert wire.tagged_commands == {b"A2": None}


def test_an_item_that_is_not_a_literal_is_left_out() -> None:
    wire = _Wire(b'* 5 FETCH (UID 12 BODY[HEADER] "" BODY[TEXT]<0> NIL)\r\nA1 OK done\r\n')
    assert _receive(wire, [b"A1"])[1] == {12: {}}


def test_each_command_gets_its_status_and_other_answers_are_read_past() -> None:
    wire = _Wire(
        b"* 3 EXISTS\r\n"
        b"* OK [ALERT] {5}\r\n12345\r\n"  # a literal in an answer of another kind
        b"* 1 FETCH (UID 2 BODY[HEADER] {5}\r\nA1 OK)\r\n"  # a literal that looks like a tagged line
        b"A2 NO [SERVERBUG] broken\r\n"
        b"A1 OK done\r\n"
    )
    statuses, found = _receive(wire, [b"A1", b"A2"])
    assert statuses == [(b"OK", b"done"), (b"NO", b"[SERVERBUG] broken")]
    assert found == {2: {b"BODY[HEADER]": b"A1 OK"}}
    assert wire.tagged_commands == {}
