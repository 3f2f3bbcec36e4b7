"""Reading one large JSON object member by member, its arrays element by element.

A whole-book export holds every row of the book; parsing it with ``json.loads`` needs the
file and all its rows in memory at once. Here the file is decoded in chunks and each value is
parsed with :meth:`json.JSONDecoder.raw_decode` as soon as it is complete, so memory grows
with the largest single row, not with the book.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

CHUNK_BYTES = 1 << 16
_SPACE = re.compile(r"[ \t\n\r]*")


class JsonStreamError(ValueError):
    """The text is not valid JSON (the message says where), or not the shape asked for."""


class JsonReader:
    """A cursor over the decoded text of a binary file (UTF-8, with or without a BOM)."""

    def __init__(self, handle: BinaryIO, chunk_bytes: int = CHUNK_BYTES) -> None:
        self._handle = handle
        self._chunk = chunk_bytes
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self._decode = json.JSONDecoder().raw_decode
        self._text = ""
        self._pos = 0
        self._consumed = 0
        self.at_end = False

    def _more(self, size: int) -> bool:
        """Append at least ``size`` more bytes of text (dropping what was read); False at the end."""
        if self.at_end:
            return False
        data = self._handle.read(size)
        final = not data
        self._consumed += self._pos
        self._text = self._text[self._pos :] + self._decoder.decode(data, final=final)
        self._pos = 0
        self.at_end = final
        return True

    def peek(self) -> str:
        """The next character that is not white space ("" at the end of the file)."""
        while True:
            self._pos = _SPACE.match(self._text, self._pos).end()  # type: ignore[union-attr]
            if self._pos < len(self._text) or not self._more(self._chunk):
                return self._text[self._pos : self._pos + 1]

    def expect(self, char: str) -> None:
        found = self.peek()
        if found != char:
            raise JsonStreamError(f"expected {char!r} at character {self.position}, found {found!r}")
        self._pos += 1

    def value(self) -> Any:
        """The next complete JSON value; reads on until it is complete."""
        self.peek()
        size = self._chunk
        while True:
            try:
                value, end = self._decode(self._text, self._pos)
            except json.JSONDecodeError as error:
                if self._more(size):
                    size *= 2
                    continue
                where = self._consumed + error.pos
                raise JsonStreamError(f"{error.msg} at character {where}") from None
            if end == len(self._text) and self._more(size):
                continue  # a number may go on in the next chunk
            self._pos = end
            return value

    def members(self) -> Iterator[str]:
        """The keys of the object starting here; after each key, read its value before the next."""
        self.expect("{")
        if self.peek() == "}":
            self._pos += 1
            return
        while True:
            key = self.value()
            if not isinstance(key, str):
                raise JsonStreamError(f"expected a key at character {self.position}")
            self.expect(":")
            yield key
            if self.peek() == ",":
                self._pos += 1
                continue
            self.expect("}")
            return

    def elements(self) -> Iterator[Any]:
        """The values of the array starting here, one at a time."""
        self.expect("[")
        if self.peek() == "]":
            self._pos += 1
            return
        while True:
            yield self.value()
            if self.peek() == ",":
                self._pos += 1
                continue
            self.expect("]")
            return

    def skip(self) -> None:
        """Read past the next value; an array is read one element at a time."""
        if self.peek() == "[":
            for _ in self.elements():
                pass
        else:
            self.value()

    def finish(self) -> None:
        """Refuse anything but white space after the document."""
        if self.peek():
            raise JsonStreamError(f"unexpected text after the document at character {self.position}")

    @property
    def position(self) -> int:
        return self._consumed + self._pos
