"""The message text of a FETCH answer read from imaplib's own pieces: each literal under its item's
name and its message's UID wherever the server put it; an answer in another form is left out (and
asked again through imapclient), never misread."""

from __future__ import annotations

from leadtemp.capture.imap.fetch import _literals


def test_literals_go_to_their_uid_wherever_the_uid_comes() -> None:
    data = [
        (b"1 (UID 7 BODY[HEADER] {12}", b"Subject: a\r\n"),
        (b" BODY[TEXT]<0> {2}", b"hi"),
        b")",
        (b"2 (BODY[HEADER] {12}", b"Subject: b\r\n"),
        b" UID 9)",
        b"3 (FLAGS (\\Seen))",  # an update the server sent on its own: no UID, no text
        (b"4 (UID 11 BODY[1.2]<0> {3}", b"abc"),
        b")",
    ]
    assert _literals(data) == {
        7: {b"BODY[HEADER]": b"Subject: a\r\n", b"BODY[TEXT]<0>": b"hi"},
        9: {b"BODY[HEADER]": b"Subject: b\r\n"},
        11: {b"BODY[1.2]<0>": b"abc"},
    }


def test_an_item_that_is_not_a_literal_is_left_out() -> None:
    data = [b'5 (UID 12 BODY[HEADER] "" BODY[TEXT]<0> NIL)', None]
    assert _literals(data) == {12: {}}
