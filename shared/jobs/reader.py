"""The one streaming reader of bulk uploads: CSV (header row; `,` `;` or tab, read from the
header), NDJSON (one JSON object per line) and a JSON array of objects (streamed with `ijson`).
Memory stays bounded whatever the file size: one record at a time, and a record longer than
`max_record_chars` ends the file instead of growing a buffer.

Row numbers are counted the same way in every format: the data records in file order from 1
(a CSV header and blank lines are not rows). Each item is `(row_number, value)` where value is
the record (a dict; with `raw=True` a CSV row is the list of its cells, see `header`) or a
`RowProblem`; a fatal problem (bad encoding, broken JSON, missing column, a row that never
ends) means the rest cannot be read reliably and is the last item.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

import ijson
import orjson

CSV, JSON_ARRAY, NDJSON = "csv", "json", "ndjson"
DELIMITERS = (",", ";", "\t")
CHUNK_BYTES = 64 * 1024
MAX_RECORD_CHARS = 1024 * 1024
NOT_UTF8 = "berkas bukan UTF-8 / file is not UTF-8"
NOT_AN_OBJECT = "harus objek JSON / must be a JSON object"
MEDIA_TYPES = {"text/csv": CSV, "application/csv": CSV, "text/tab-separated-values": CSV,
               "application/x-ndjson": NDJSON, "application/ndjson": NDJSON, "application/jsonl": NDJSON,
               "application/x-jsonlines": NDJSON}


@dataclass(frozen=True)
class RowProblem:
    field: str
    message: str
    fatal: bool = False


def format_of(content_type: str | None) -> str | None:
    """The declared format; None (sniffed from the first byte) for JSON, an array or NDJSON."""
    return MEDIA_TYPES.get((content_type or "").split(";")[0].strip().lower())


class _Prefixed(io.RawIOBase):
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
    while len(prefix) < CHUNK_BYTES and (data := stream.read(4096)):
        prefix += data
        if prefix.lstrip(b"\xef\xbb\xbf \t\r\n"):
            break
    head = prefix.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    kind = JSON_ARRAY if head == b"[" else NDJSON if head == b"{" else CSV
    return kind, io.BufferedReader(_Prefixed(prefix, stream), CHUNK_BYTES)


class _Unreadable(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class RecordReader:
    """`RecordReader(stream, fmt).rows()`; `fmt` None: sniffed. `required` CSV columns missing
    make a fatal problem; `header` holds a CSV file's (lower-cased) column names once read."""

    def __init__(self, stream: IO[bytes], fmt: str | None = None, *, required: tuple[str, ...] = (),
                 max_record_chars: int = MAX_RECORD_CHARS, exact_width: bool = False):
        if fmt is None:
            fmt, stream = sniff(stream)
        if fmt not in (CSV, JSON_ARRAY, NDJSON):
            raise ValueError(f"unknown format {fmt!r}")
        self.format, self.required, self.max = fmt, required, max_record_chars
        self.exact_width = exact_width  # a CSV row with fewer cells than the header is a problem too
        self._stream = stream
        self.header: list[str] | None = None
        self._last = 0

    def rows(self, *, raw: bool = False) -> Iterator[tuple[int, object]]:
        read = {CSV: self._csv, NDJSON: self._ndjson, JSON_ARRAY: self._json_array}[self.format]
        return read(raw) if self.format == CSV else read()

    # --- CSV -----------------------------------------------------------------------------
    def _lines(self) -> Iterator[str]:
        """Text lines; a record (which may span lines inside quotes) longer than the limit, or
        bytes that are not UTF-8, end the file."""
        reader, first = io.BufferedReader(_Prefixed(b"", self._stream), CHUNK_BYTES), True
        self._record_chars = 0
        while raw := reader.readline(self.max + 1):
            if first:
                raw, first = raw.removeprefix(b"\xef\xbb\xbf"), False
            self._record_chars += len(raw)
            if self._record_chars > self.max:
                raise _Unreadable(f"baris setelah baris {self._last} tidak berakhir (tanda kutip tidak seimbang?) "
                                  f"/ a row after row {self._last} never ends (unbalanced quote?)")
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError:
                raise _Unreadable(NOT_UTF8) from None

    def _csv(self, raw: bool) -> Iterator[tuple[int, object]]:
        lines = self._lines()
        try:
            first = next(lines, "")
            delimiter = max(DELIMITERS, key=first.count)
            self.header = [h.strip().lower() for h in next(csv.reader([first], delimiter=delimiter), [])]
            self._record_chars = 0
            missing = [c for c in self.required if c not in self.header]
            if missing:
                names = ", ".join(missing)
                yield 0, RowProblem(missing[0], f"kolom tidak ada: {names} / missing column(s): {names}", True)
                return
            yield from self._csv_rows(csv.reader(lines, delimiter=delimiter), raw)
        except _Unreadable as exc:
            yield self._last + 1, RowProblem("row", exc.message, True)
        except csv.Error:
            yield self._last + 1, RowProblem("row", "CSV rusak / malformed CSV", True)

    def _csv_rows(self, reader, raw: bool) -> Iterator[tuple[int, object]]:
        """Fewer cells than the header: the rest are empty (unless `exact_width`); more: the row is a problem."""
        header, width = self.header, len(self.header)
        for row in reader:
            self._record_chars = 0
            if not row or all(not cell.strip() for cell in row):
                continue
            self._last += 1
            if len(row) > width or (self.exact_width and len(row) < width):
                yield self._last, RowProblem("row", f"{len(row)} sel, header punya {width} / "
                                                    f"{len(row)} cells, header has {width}")
            elif raw:
                yield self._last, row + [""] * (width - len(row))
            else:
                yield self._last, {name: (row[i] if i < len(row) else None) for i, name in enumerate(header)}

    # --- NDJSON --------------------------------------------------------------------------
    def _ndjson(self) -> Iterator[tuple[int, object]]:
        reader = io.BufferedReader(_Prefixed(b"", self._stream), CHUNK_BYTES)
        first = True
        while raw := reader.readline(self.max + 1):
            if first:
                raw, first = raw.removeprefix(b"\xef\xbb\xbf"), False
            if len(raw) > self.max and not raw.endswith(b"\n"):
                while raw and not raw.endswith(b"\n"):  # skip the rest without holding it
                    raw = reader.readline(CHUNK_BYTES)
                self._last += 1
                yield self._last, RowProblem("row", "baris terlalu panjang / line too long")
            elif raw.strip():
                self._last += 1
                yield self._last, _json_object(raw)

    # --- JSON array ----------------------------------------------------------------------
    def _json_array(self) -> Iterator[tuple[int, object]]:
        stream = io.BufferedReader(_Prefixed(b"", self._stream), 16 * 1024)
        head = stream.peek(3)[:3]
        if head.startswith(b"\xef\xbb\xbf"):
            stream.read(3)
        if stream.peek(16 * 1024).lstrip(b" \t\r\n")[:1] != b"[":
            yield 0, RowProblem("file", "harus larik JSON / must be a JSON array", True)
            return
        try:
            for value in ijson.items(stream, "item", use_float=True, buf_size=16 * 1024):
                self._last += 1
                yield self._last, value if isinstance(value, dict) else RowProblem("row", NOT_AN_OBJECT)
        except (ijson.JSONError, UnicodeDecodeError) as exc:
            message = NOT_UTF8 if isinstance(exc, UnicodeDecodeError) else "JSON rusak / broken JSON"
            yield self._last + 1, RowProblem("file", message, True)


def _json_object(raw: bytes) -> dict | RowProblem:
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError:
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            return RowProblem("row", NOT_UTF8)
        return RowProblem("row", "JSON tidak valid / invalid JSON")
    return value if isinstance(value, dict) else RowProblem("row", NOT_AN_OBJECT)


def read_records(stream: IO[bytes], fmt: str | None = None, *,
                 required: tuple[str, ...] = ()) -> Iterator[tuple[int, dict | RowProblem]]:
    """Records of a CSV, JSON-array or NDJSON stream (`fmt` None: sniffed)."""
    return RecordReader(stream, fmt, required=required).rows()
