"""Read records one at a time from a binary stream: CSV, a JSON array, or NDJSON.

Memory stays bounded whatever the file size: CSV and NDJSON are read line by line; a JSON
array goes through a small incremental decoder (standard library `json.JSONDecoder.raw_decode`
over a sliding buffer), so one element at most is held at a time. A record larger than
`max_record_chars` is refused instead of growing the buffer.

Each iterator yields `(record_number, value)` where value is a record (dict) or a `Problem`.
A problem with `fatal=True` means the rest of the file cannot be read reliably (bad
encoding, broken JSON, missing header) and is the last item yielded.
"""
from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

CSV, JSON_ARRAY, NDJSON = "csv", "json", "ndjson"
CHUNK_BYTES = 64 * 1024
MAX_RECORD_CHARS = 1024 * 1024
_WHITESPACE = re.compile(r"[ \t\n\r]*")
NOT_UTF8 = "berkas bukan UTF-8 / file is not UTF-8"
NOT_AN_OBJECT = "harus objek JSON / must be a JSON object"


@dataclass(frozen=True)
class Problem:
    field: str
    message: str
    fatal: bool = False


class _PrefixedStream(io.RawIOBase):
    """Replays bytes already read (to sniff the format), then the rest of the stream."""

    def __init__(self, prefix: bytes, rest: IO[bytes]):
        self._prefix, self._rest = prefix, rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self._prefix:
            n = min(len(buffer), len(self._prefix))
            buffer[:n], self._prefix = self._prefix[:n], self._prefix[n:]
            return n
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def sniff(stream: IO[bytes]) -> tuple[str, IO[bytes]]:
    """The format by the first non-blank byte (`[` JSON array, `{` NDJSON, else CSV) and a
    stream that still starts at the beginning."""
    prefix = b""
    while len(prefix) < CHUNK_BYTES:
        data = stream.read(4096)
        if not data:
            break
        prefix += data
        if prefix.lstrip(b"\xef\xbb\xbf \t\r\n"):
            break
    head = prefix.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    kind = JSON_ARRAY if head == b"[" else NDJSON if head == b"{" else CSV
    return kind, io.BufferedReader(_PrefixedStream(prefix, stream), CHUNK_BYTES)


def _raw_lines(stream: IO[bytes], limit: int) -> Iterator[bytes | None]:
    """Byte lines (BOM removed from the first); None for a line longer than `limit`, whose
    rest is skipped without being held in memory."""
    wrapped = isinstance(stream, io.RawIOBase) or not hasattr(stream, "readline")
    reader, first = (io.BufferedReader(stream) if wrapped else stream), True
    try:
        while raw := reader.readline(limit + 1):
            if first:
                raw, first = raw.removeprefix(b"\xef\xbb\xbf"), False
            if len(raw) > limit and not raw.endswith(b"\n"):
                while raw and not raw.endswith(b"\n"):
                    raw = reader.readline(CHUNK_BYTES)
                yield None
            else:
                yield raw
    finally:
        if wrapped:
            reader.detach()  # leave the caller's stream open


class _UnreadableLine(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _text_lines(stream: IO[bytes], limit: int) -> Iterator[str]:
    for raw in _raw_lines(stream, limit):
        if raw is None:
            raise _UnreadableLine("baris terlalu panjang / line too long")
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError:
            raise _UnreadableLine(NOT_UTF8) from None


def iter_csv(stream: IO[bytes], *, required: tuple[str, ...],
             max_record_chars: int = MAX_RECORD_CHARS) -> Iterator[tuple[int, dict | Problem]]:
    """Records of a CSV file with a header row; column names are matched case-insensitively.
    A line that is not UTF-8 or too long ends the file (a quoted field may span lines, so the
    next record cannot be found reliably)."""
    number = 0
    try:
        reader = csv.reader(_text_lines(stream, max_record_chars))
        header = [h.strip().lower() for h in next(reader, [])]
        missing = [c for c in required if c not in header]
        if missing:
            names = ", ".join(missing)
            yield 0, Problem(missing[0], f"kolom tidak ada: {names} / missing column(s): {names}", True)
            return
        for row in reader:
            if not row or all(not cell.strip() for cell in row):
                continue
            number += 1
            if len(row) > len(header):
                yield number, Problem("row", "kolom lebih banyak dari header / more fields than the header")
                continue
            yield number, {name: (row[i] if i < len(row) else None) for i, name in enumerate(header)}
    except _UnreadableLine as exc:
        yield number + 1, Problem("row", exc.message, True)
    except csv.Error:
        yield number + 1, Problem("row", "CSV rusak / malformed CSV", True)


def iter_ndjson(stream: IO[bytes], *, max_record_chars: int = MAX_RECORD_CHARS) -> Iterator[tuple[int, dict | Problem]]:
    """One JSON object per line; the record number is the line number (blank lines count).
    A bad line is a row problem and reading goes on with the next line."""
    for number, raw in enumerate(_raw_lines(stream, max_record_chars), start=1):
        if raw is None:
            yield number, Problem("row", "baris terlalu panjang / line too long")
        elif raw.strip():
            yield number, _decode_line(raw)


def _decode_line(raw: bytes) -> dict | Problem:
    try:
        value = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return Problem("row", NOT_UTF8)
    except ValueError:
        return Problem("row", "JSON tidak valid / invalid JSON")
    return value if isinstance(value, dict) else Problem("row", NOT_AN_OBJECT)


def iter_json_array(stream: IO[bytes], *, max_record_chars: int = MAX_RECORD_CHARS,
                    chunk_bytes: int = CHUNK_BYTES) -> Iterator[tuple[int, dict | Problem]]:
    """Elements of a top-level JSON array; the record number is the element's position."""
    yield from _ArrayReader(stream, max_record_chars, chunk_bytes).records()


class _ArrayReader:
    def __init__(self, stream: IO[bytes], max_record_chars: int, chunk_bytes: int):
        self._stream, self._max, self._chunk = stream, max_record_chars, chunk_bytes
        self._utf8 = codecs.getincrementaldecoder("utf-8")()
        self._decoder = json.JSONDecoder()
        self._buf, self._pos, self._eof, self._first = "", 0, False, True

    def _fill(self) -> bool:
        """Append the next chunk (dropping what was consumed); False at end of stream."""
        if self._eof:
            return False
        data = self._stream.read(self._chunk)
        self._eof = not data
        text = self._utf8.decode(data or b"", final=self._eof)
        if self._first:
            text, self._first = text.lstrip("\ufeff"), not text
        self._buf, self._pos = self._buf[self._pos:] + text, 0
        return bool(data)

    def _next_char(self) -> str:
        """The next non-whitespace character (not consumed), or '' at the end."""
        while True:
            self._pos = _WHITESPACE.match(self._buf, self._pos).end()
            if self._pos < len(self._buf) or not self._fill():
                return self._buf[self._pos: self._pos + 1]

    def _value(self) -> object:
        while True:
            try:
                value, end = self._decoder.raw_decode(self._buf, self._pos)
                if end < len(self._buf) or self._eof:  # a number at the buffer's end may continue
                    self._pos = end
                    return value
            except json.JSONDecodeError:
                if self._eof or len(self._buf) - self._pos > self._max:
                    raise
            if len(self._buf) - self._pos > self._max:
                raise json.JSONDecodeError("record too large", self._buf, self._pos)
            self._fill()

    def records(self) -> Iterator[tuple[int, dict | Problem]]:
        number = 0
        try:
            if self._next_char() != "[":
                yield 0, Problem("file", "harus larik JSON / must be a JSON array", True)
                return
            self._pos += 1
            if self._next_char() == "]":
                self._pos += 1
                yield from self._trailing(number)
                return
            while True:
                number += 1
                self._next_char()
                value = self._value()
                yield number, value if isinstance(value, dict) else Problem("row", NOT_AN_OBJECT)
                separator = self._next_char()
                self._pos += 1
                if separator == "]":
                    yield from self._trailing(number)
                    return
                if separator != ",":
                    yield number + 1, Problem("file", "JSON rusak / broken JSON: expected ',' or ']'", True)
                    return
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            too_large = isinstance(exc, json.JSONDecodeError) and exc.msg == "record too large"
            message = "rekaman terlalu besar / record too large" if too_large else (
                NOT_UTF8 if isinstance(exc, UnicodeDecodeError) else "JSON rusak / broken JSON")
            yield number, Problem("file", message, True)

    def _trailing(self, number: int) -> Iterator[tuple[int, Problem]]:
        if self._next_char():
            yield number + 1, Problem("file", "data setelah akhir larik / data after the end of the array", True)


def iter_records(stream: IO[bytes], fmt: str | None = None, *,
                 required: tuple[str, ...] = ()) -> Iterator[tuple[int, dict | Problem]]:
    """Records of a CSV, JSON-array or NDJSON stream (`fmt` None: sniffed)."""
    if fmt is None:
        fmt, stream = sniff(stream)
    if fmt == CSV:
        return iter_csv(stream, required=required)
    if fmt == JSON_ARRAY:
        return iter_json_array(stream)
    if fmt == NDJSON:
        return iter_ndjson(stream)
    raise ValueError(f"unknown format {fmt!r}")
