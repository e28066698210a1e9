"""Uploaded applicant lists (DTKS / P3KE / Regsosek extracts) as chunks of rows for the
vectorised rules, read by the one streaming reader (shared/jobs/reader.py), never the whole file
in memory.

CSV: a header row of docs/API.md §5 fact names (plus `ref`, the caller's own row id echoed in the
results), separated by `,`, `;` or tab (read from the header); UTF-8, with or without BOM;
empty cells are missing facts. NDJSON: one JSON object per line with the same keys. Rows are
numbered from 1 in the order of the data records (header and blank lines not counted), as
everywhere. A row that cannot be read (too many cells, not a JSON object, an unknown key) is kept
as an invalid row with its errors; nothing is skipped silently. A file that cannot be read past
some point (a row that never ends, not UTF-8) fails the job.
"""
from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from eligibility.rules.facts import CONTRACT_FACTS
from shared.jobs.reader import RecordReader, RowProblem

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
    """As the reader names the columns (delimiter from the header, names lower-cased)."""
    delimiter = max(DELIMITERS, key=line.count)
    return [name.strip().lower() for name in next(csv.reader([line], delimiter=delimiter))]


def chunks(stream: IO[bytes], fmt: str, chunk_rows: int) -> Iterator[Chunk]:
    """Chunks of `chunk_rows` rows; UnreadableFile when the rest cannot be read."""
    reader = RecordReader(stream, fmt, max_record_chars=MAX_ROW_CHARS, exact_width=True)
    rows: list[Any] = []
    first_row = 1
    for _number, row in reader.rows(raw=True):  # numbered again from first_row (the same count)
        if isinstance(row, RowProblem) and row.fatal:
            raise UnreadableFile(row.message)
        rows.append(row)
        if len(rows) == chunk_rows:
            yield _chunk(first_row, rows, fmt, reader.header)
            first_row, rows = first_row + len(rows), []
    if rows:
        yield _chunk(first_row, rows, fmt, reader.header)


def _chunk(first_row: int, rows: list[Any], fmt: str, header: list[str] | None) -> Chunk:
    return _csv_chunk(first_row, rows, header or []) if fmt == CSV else _ndjson_chunk(first_row, rows)


def _csv_chunk(first_row: int, rows: list[list[str] | RowProblem], header: list[str]) -> Chunk:
    width = len(header)
    unreadable: RowErrors = {}
    for i, row in enumerate(rows):
        if isinstance(row, RowProblem):
            unreadable[i] = [(row.field, row.message)]
            rows[i] = [""] * width
    columns = (
        dict(zip(header, map(list, zip(*rows, strict=False)), strict=False)) if rows else {name: [] for name in header}
    )
    refs = columns.pop(REF, None) or [""] * len(rows)
    _check_refs(refs, unreadable)
    return Chunk(first_row, len(rows), columns, refs, True, unreadable)


def _ndjson_chunk(first_row: int, lines: list[dict | RowProblem]) -> Chunk:
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


def _json_record(record: dict | RowProblem) -> tuple[dict, list[tuple[str, str]]]:
    if isinstance(record, RowProblem):
        return {}, [(record.field, record.message)]
    unknown = [k for k in record if k not in ACCEPTED]
    if unknown:
        return {}, [(k, "fakta tidak dikenal / unknown fact") for k in unknown]
    return record, []


def _check_refs(refs: list[str], unreadable: RowErrors) -> None:
    if max(map(len, refs), default=0) <= REF_MAX:  # the usual case, without a Python step per row
        return
    for i, ref in enumerate(refs):
        if len(ref) > REF_MAX:
            message = f"paling panjang {REF_MAX} karakter / at most {REF_MAX} characters"
            unreadable.setdefault(i, []).append((REF, message))
            refs[i] = ref[:REF_MAX]
