"""Reading uploaded applicant lists (DTKS / P3KE / Regsosek extracts) incrementally: bytes in,
chunks of rows out, never the whole file in memory.

CSV: a header row of docs/API.md §5 fact names (plus `ref`, the caller's own row id echoed in the
results), separated by `,`, `;` or tab (read from the header); UTF-8, with or without BOM;
empty cells are missing facts. NDJSON: one JSON object per line with the same keys. Rows are
numbered from 1 in the order of the data records (header and blank lines not counted).
A row that cannot be read (wrong number of cells, not a JSON object, an unknown key) is kept as
an invalid row with its errors; nothing is skipped silently.
"""
from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass, field
from typing import Any

import orjson

from eligibility.rules.facts import CONTRACT_FACTS

CSV, NDJSON = "csv", "ndjson"
REF = "ref"
REF_MAX = 100
ACCEPTED = (*CONTRACT_FACTS, REF)
DELIMITERS = (",", ";", "\t")
MAX_ROW_CHARS = 1_000_000
RowErrors = dict[int, list[tuple[str, str]]]


class UnreadableFile(ValueError):
    """The file cannot be read past some point: the job fails (no partial result)."""


@dataclass
class Chunk:
    """Rows `first_row` .. `first_row + n - 1`: fact columns (text for CSV, JSON values for
    NDJSON), the callers' refs, and the rows that could not be read."""

    first_row: int
    n: int
    columns: dict[str, list[Any]]
    refs: list[str]
    text: bool
    unreadable: RowErrors = field(default_factory=dict)


def header_problems(names: list[str]) -> list[tuple[str, str]]:
    """Field errors of a CSV header (unknown or repeated columns, no fact at all)."""
    problems = [(name or "(kosong)", "kolom tidak dikenal / unknown column; accepted: " + ", ".join(ACCEPTED))
                for name in names if name not in ACCEPTED]
    repeated = sorted({n for n in names if names.count(n) > 1})
    problems += [(name, "kolom berulang / repeated column") for name in repeated]
    if not problems and not set(names) & set(CONTRACT_FACTS):
        problems.append(("header", "tidak ada kolom fakta / no fact column"))
    return problems


def split_header(line: str) -> list[str]:
    delimiter = max(DELIMITERS, key=line.count)
    return [name.strip() for name in next(csv.reader([line], delimiter=delimiter))]


class RowReader:
    """Feed bytes, take chunks of `chunk_rows` rows; `finish()` gives the last partial chunk."""

    def __init__(self, fmt: str, chunk_rows: int):
        self.fmt, self.chunk_rows = fmt, chunk_rows
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="replace")
        self._pending = ""
        self._header: list[str] | None = None
        self._delimiter = ","
        self._rows: list[Any] = []
        self._next_row = 1

    @property
    def header(self) -> list[str] | None:
        return self._header

    def feed(self, data: bytes) -> list[Chunk]:
        self._pending += self._decoder.decode(data)
        complete, self._pending = _split_complete(self._pending, quoted=self.fmt == CSV)
        if len(self._pending) > MAX_ROW_CHARS:
            last = self._next_row + len(self._rows) - 1
            raise UnreadableFile(f"baris setelah baris {last} tidak berakhir (tanda kutip tidak seimbang?) / "
                                 f"a row after row {last} never ends (unbalanced quote?)")
        self._take(complete)
        return self._full_chunks()

    def finish(self) -> list[Chunk]:
        self._take(self._pending + self._decoder.decode(b"", final=True))
        self._pending = ""
        chunks = self._full_chunks()
        if self._rows:
            chunks.append(self._chunk(self._rows))
            self._rows = []
        return chunks

    def _take(self, text: str) -> None:
        if not text:
            return
        if self.fmt == NDJSON:
            # not splitlines(): U+2028 and friends may stand inside JSON strings
            self._rows += [line for line in text.split("\n") if line.strip()]
            return
        if self._header is None:
            first, _, text = text.partition("\n")
            self._header = split_header(first.rstrip("\r"))
            self._delimiter = max(DELIMITERS, key=first.count)
        try:
            self._rows += [row for row in csv.reader(io.StringIO(text), delimiter=self._delimiter) if row]
        except csv.Error as exc:
            raise UnreadableFile(f"CSV tidak dapat dibaca setelah baris {self._next_row + len(self._rows) - 1} / "
                                 f"unreadable CSV: {exc}") from None

    def _full_chunks(self) -> list[Chunk]:
        chunks = []
        while len(self._rows) >= self.chunk_rows:
            chunks.append(self._chunk(self._rows[:self.chunk_rows]))
            del self._rows[:self.chunk_rows]
        return chunks

    def _chunk(self, rows: list[Any]) -> Chunk:
        first, self._next_row = self._next_row, self._next_row + len(rows)
        return _csv_chunk(first, rows, self._header or []) if self.fmt == CSV else _ndjson_chunk(first, rows)


def _split_complete(text: str, *, quoted: bool) -> tuple[str, str]:
    """Complete lines and the rest. In CSV a newline inside a quoted cell does not end a row:
    a cut is only made where the quotes before it are balanced."""
    cut = text.rfind("\n")
    while cut >= 0 and quoted and text.count('"', 0, cut) % 2:
        cut = text.rfind("\n", 0, cut)
    return (text[:cut + 1], text[cut + 1:]) if cut >= 0 else ("", text)


def _csv_chunk(first_row: int, rows: list[list[str]], header: list[str]) -> Chunk:
    width = len(header)
    unreadable: RowErrors = {}
    for i, row in enumerate(rows):
        if len(row) != width:
            unreadable[i] = [("row", f"{len(row)} sel, header punya {width} / {len(row)} cells, header has {width}")]
            rows[i] = [""] * width
    columns = (
        dict(zip(header, map(list, zip(*rows, strict=False)), strict=False)) if rows else {name: [] for name in header}
    )
    refs = columns.pop(REF, None) or [""] * len(rows)
    _check_refs(refs, unreadable)
    return Chunk(first_row, len(rows), columns, refs, True, unreadable)


def _ndjson_chunk(first_row: int, lines: list[str]) -> Chunk:
    records, unreadable = [], {}
    for i, line in enumerate(lines):
        record, problems = _json_record(line)
        records.append(record)
        if problems:
            unreadable[i] = problems
    names = list(dict.fromkeys(k for r in records for k in r if k != REF))
    columns = {name: [r.get(name) for r in records] for name in names}
    refs = [r.get(REF) for r in records]
    refs = [ref if isinstance(ref, str) else "" if ref is None else str(ref) for ref in refs]
    _check_refs(refs, unreadable)
    return Chunk(first_row, len(lines), columns, refs, False, unreadable)


def _json_record(line: str) -> tuple[dict, list[tuple[str, str]]]:
    try:
        record = orjson.loads(line)
    except orjson.JSONDecodeError:
        return {}, [("row", "bukan JSON yang valid / not valid JSON")]
    if not isinstance(record, dict):
        return {}, [("row", "harus objek JSON / must be a JSON object")]
    unknown = [k for k in record if k not in ACCEPTED]
    if unknown:
        return {}, [(k, "fakta tidak dikenal / unknown fact") for k in unknown]
    return record, []


def _check_refs(refs: list[str], unreadable: RowErrors) -> None:
    for i, ref in enumerate(refs):
        if len(ref) > REF_MAX:
            message = f"paling panjang {REF_MAX} karakter / at most {REF_MAX} characters"
            unreadable.setdefault(i, []).append((REF, message))
            refs[i] = ref[:REF_MAX]
