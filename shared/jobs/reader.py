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
import numpy as np
import orjson

CSV, JSON_ARRAY, NDJSON = "csv", "json", "ndjson"
DELIMITERS = (",", ";", "\t")
CHUNK_BYTES = 64 * 1024
MAX_RECORD_CHARS = 1024 * 1024
ROWS_PER_BLOCK = 20_000  # rows the row reader gathers into one ColumnBlock
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


# --- CSV by column ---------------------------------------------------------------------------
@dataclass
class ColumnBlock:
    """Consecutive CSV rows `first_row`..`last_row` (every number is in `rows` or `problems`):
    `columns` maps each header name to the cells of the records in `rows` (text; "" when the row
    is short), `problems` the rows that are problems, in order (a fatal one is the last)."""

    first_row: int
    last_row: int
    rows: list[int]
    columns: dict[str, list[str]]
    problems: list[tuple[int, RowProblem]]


def read_csv_columns(stream: IO[bytes], *, required: tuple[str, ...] = (),
                     block_bytes: int = MAX_RECORD_CHARS) -> Iterator[ColumnBlock]:
    """A CSV stream as blocks of columns (about `block_bytes` of whole lines each), row numbers,
    problems and fatal ends exactly as `read_records` gives them one by one. A block of plain
    lines (no quotes, no NUL, no lone CR, every line as wide as the header, UTF-8) is split in
    one go; any other block is read by the row reader instead, and from a quote on the rest of
    the file is (a quoted cell may span lines and blocks)."""
    return _ColumnReader(stream, required, min(block_bytes, MAX_RECORD_CHARS)).blocks()


class _ColumnReader:
    def __init__(self, stream: IO[bytes], required: tuple[str, ...], block_bytes: int):
        self.stream, self.required, self.block_bytes = stream, required, block_bytes
        self.last, self.header, self.delimiter = 0, [], ","

    def blocks(self) -> Iterator[ColumnBlock]:
        header_line, pending = self._header_line()
        head = RecordReader(io.BytesIO(header_line), CSV, required=self.required)
        problem = next((p for _n, p in head.rows() if isinstance(p, RowProblem)), None)
        if problem is not None or b"\x00" in header_line or not _utf8(header_line):
            yield from self._by_rows(header_line + pending, b"", self.stream)  # the row reader words it
            return
        self.header = head.header
        self.delimiter = max(DELIMITERS, key=header_line.decode("utf-8").count)
        eof = False
        while True:
            while not eof and len(pending) < self.block_bytes:
                data = self.stream.read(self.block_bytes - len(pending))
                eof, pending = not data, pending + data
            if not pending:
                return
            cut = len(pending) if eof and len(pending) <= self.block_bytes else (
                pending.rfind(b"\n", 0, self.block_bytes) + 1)
            if cut == 0 or b'"' in pending[:cut]:  # a line longer than a block, or quotes: rows to the end
                yield from self._by_rows(pending, header_line, None if eof else self.stream)
                return
            block, pending = pending[:cut], pending[cut:]
            fast = self._fast(block)
            for found in self._by_rows(block, header_line, None) if fast is None else fast:
                yield found
                if found.problems and found.problems[-1][1].fatal:
                    return

    def _header_line(self) -> tuple[bytes, bytes]:
        """The header line (BOM removed, with its newline) and the bytes read after it."""
        data = self.stream.read(self.block_bytes)
        while b"\n" not in data and len(data) <= MAX_RECORD_CHARS and (more := self.stream.read(self.block_bytes)):
            data += more
        data = data.removeprefix(b"\xef\xbb\xbf")
        end = data.find(b"\n")
        return (data, b"") if end < 0 else (data[: end + 1], data[end + 1:])

    def _fast(self, block: bytes) -> list[ColumnBlock] | None:
        """A block of plain lines split in one go (one `str.split` for the whole block, the
        cells per line counted with numpy); None when the row reader must read it."""
        if b"\x00" in block or block.count(b"\r") != block.count(b"\r\n"):
            return None
        try:
            text = block.decode("utf-8")
        except UnicodeDecodeError:
            return None  # the row reader says at which row
        width = len(self.header)
        lines = _plain_lines(block, self.delimiter, width)
        if lines is None:
            return None
        text = text.replace("\r\n", "\n") if "\r" in text else text
        cells = text.replace("\n", self.delimiter).split(self.delimiter)[: lines.size * width]
        columns = {name: cells[i::width] for i, name in enumerate(self.header)}  # the last of a name wins
        if not lines.all():  # a line of blank cells is no row (as in the row reader)
            keep = np.flatnonzero(lines).tolist()
            columns = {name: [values[i] for i in keep] for name, values in columns.items()}
        n = int(lines.sum())
        if n == 0:
            return []
        rows = list(range(self.last + 1, self.last + n + 1))
        self.last += n
        return [ColumnBlock(rows[0], rows[-1], rows, columns, [])]

    def _by_rows(self, data: bytes, header_line: bytes, rest: IO[bytes] | None) -> Iterator[ColumnBlock]:
        """The row reader on these bytes (then `rest`), row numbers going on from here."""
        reader = RecordReader(_Prefixed(header_line + data, rest or io.BytesIO(b"")), CSV, required=self.required)
        reader._last = self.last
        rows, problems, columns = [], [], {}
        for number, record in reader.rows():
            if isinstance(record, RowProblem):
                problems.append((number, record))
            else:
                rows.append(number)
                for name in reader.header:
                    columns.setdefault(name, []).append(record[name] or "")
            if len(rows) + len(problems) >= ROWS_PER_BLOCK:
                yield self._block(rows, columns, problems, reader._last)
                rows, problems, columns = [], [], {}
        if rows or problems:
            yield self._block(rows, columns, problems, reader._last)

    def _block(self, rows: list[int], columns: dict, problems: list, last: int) -> ColumnBlock:
        first = self.last + 1
        self.last = max([last, first, *(n for n, _p in problems[-1:])])  # a fatal problem is after the last row
        return ColumnBlock(first, self.last, rows, columns, problems)


def _utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


_ASCII_BLANK = np.zeros(256, dtype=bool)
_ASCII_BLANK[[9, 10, 11, 12, 13, 28, 29, 30, 31, 32]] = True  # what str.strip() removes, in ASCII


def _plain_lines(block: bytes, delimiter: str, width: int) -> np.ndarray | None:
    """Per line of a block of plain lines: True for a row, False for a line of blank cells; None
    when a line has another number of cells than the header (or may be blank in Unicode
    whitespace): the row reader then words it exactly."""
    raw = np.frombuffer(block, dtype=np.uint8)
    ends = np.flatnonzero(raw == 10)
    if not block.endswith(b"\n"):
        ends = np.append(ends, raw.size - 1)
    is_delimiter = raw == ord(delimiter)
    per_line = np.bincount(np.searchsorted(ends, np.flatnonzero(is_delimiter)), minlength=ends.size)
    if not (per_line == width - 1).all():
        return None  # also an empty line: the row reader skips it
    significant = ~(_ASCII_BLANK[raw] | is_delimiter)
    starts = np.concatenate(([0], ends[:-1] + 1))
    filled = np.logical_or.reduceat(significant, starts)
    ascii_filled = np.logical_or.reduceat(significant & (raw < 0x80), starts)
    if (filled & ~ascii_filled).any():
        return None
    return filled
