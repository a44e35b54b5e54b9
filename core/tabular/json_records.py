"""The records of a JSON export read one at a time, so a 100,000-record file costs about one
record's memory, not the whole document's: a top-level list of objects, or an object holding
that list under one of the given keys (``{"total": 3, "data": [...]}``).

Only the top level is parsed by hand; each record (and any other value) is decoded by the
standard library's ``json`` decoder.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Final

from core.tabular.errors import ImportFileError

_CHUNK: Final = 1 << 16
_DECODER: Final = json.JSONDecoder()
_SPACE: Final = " \t\r\n"


class _Stream:
    """A decoded text buffer over a file, refilled as the parser moves on."""

    def __init__(self, handle: IO[str]) -> None:
        self.handle = handle
        self.buffer = ""
        self.pos = 0
        self.consumed = 0  # characters dropped from the front of the buffer

    def _fill(self) -> bool:
        chunk = self.handle.read(_CHUNK)
        if not chunk:
            return False
        self.consumed += self.pos
        self.buffer = self.buffer[self.pos :] + chunk
        self.pos = 0
        return True

    def peek(self) -> str:
        """The next character that is not white space ("" at the end of the file)."""
        while True:
            while self.pos < len(self.buffer) and self.buffer[self.pos] in _SPACE:
                self.pos += 1
            if self.pos < len(self.buffer) or not self._fill():
                return self.buffer[self.pos : self.pos + 1]

    def expect(self, char: str) -> None:
        found = self.peek()
        if found != char:
            raise self.error(f"cần «{char}», gặp «{found or 'hết tệp'}»")
        self.pos += 1

    def value(self) -> Any:
        """The next JSON value, read into memory whole (one record, a count, a key)."""
        self.peek()
        while True:
            try:
                value, end = _DECODER.raw_decode(self.buffer, self.pos)
            except json.JSONDecodeError as error:
                # Cut by the end of the buffer: read on; the same error at the file's end is real.
                if self._fill():
                    continue
                raise self.error(error.msg) from None
            if end == len(self.buffer) and self._fill():
                continue  # a number may go on in the next chunk
            self.pos = end
            return value

    def error(self, message: str) -> ImportFileError:
        return ImportFileError(f"Tệp JSON hỏng ở ký tự {self.consumed + self.pos + 1}: {message}.")


def _array(stream: _Stream) -> Iterator[Any]:
    stream.expect("[")
    if stream.peek() == "]":
        stream.pos += 1
        return
    while True:
        yield stream.value()
        following = stream.peek()
        stream.pos += 1
        if following == "]":
            return
        if following != ",":
            raise stream.error(f"cần «,» hoặc «]», gặp «{following or 'hết tệp'}»")


def json_records_stream(path: Path, *, keys: tuple[str, ...], shapes: str) -> Iterator[Any]:
    """Each element of the file's record list, in order. ``shapes`` is the message for a file
    whose top level is neither a list nor an object with a list under one of ``keys``."""
    with path.open(encoding="utf-8-sig") as handle:
        stream = _Stream(handle)
        try:
            first = stream.peek()
            if first == "[":
                yield from _array(stream)
                return
            if first != "{":
                raise ImportFileError(shapes)
            stream.expect("{")
            while stream.peek() != "}":
                key = stream.value()
                stream.expect(":")
                if key in keys and stream.peek() == "[":
                    yield from _array(stream)
                    return
                stream.value()  # another member (a count, a message): not records
                if stream.peek() == ",":
                    stream.pos += 1
            raise ImportFileError(shapes)
        except UnicodeDecodeError as error:
            raise ImportFileError(f"Tệp JSON không ở mã UTF-8: {error}") from None
