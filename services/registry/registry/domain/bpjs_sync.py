"""Streaming parser for BPJS Ketenagakerjaan membership-sync batches.

A batch is CSV (header row), a JSON array of objects, or NDJSON, with one membership per
row: `nik`, `kpj_number`, `programs` ("JKK;JKM" or, in JSON, a list), `status`
(active/inactive/terminated), `start_date`, `end_date` (ISO, optional). Rows are read and
checked one at a time, so a million-row batch runs in constant memory; each row becomes a
`ParsedRow` or a `RowError`. Error messages never contain the submitted values (they may be
personal data).
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import compress
from typing import IO, Any

import numpy as np

from shared.identifiers import InvalidNIK, parse_nik
from shared.jobs.reader import RowProblem as Problem
from shared.jobs.reader import read_records as iter_records
from shared.nik_columns import check_niks, nik_texts

from .common import RowError, cell_text, is_blank, parse_iso_date
from .memberships import PROGRAMME_CODES

SYNC_COLUMNS = ("nik", "kpj_number", "programs", "status", "start_date", "end_date")
REQUIRED_COLUMNS = ("nik", "kpj_number", "programs", "status", "start_date")
STATUSES = ("active", "inactive", "terminated")
# KPJ (Kartu Peserta Jamsostek) numbers are 11 digits; a different BPJS format is a parameter.
KPJ_NUMBER = re.compile(r"^\d{11}$")
_PROGRAM_SEPARATORS = re.compile(r"[;,|\s]+")


@dataclass(frozen=True)
class ParsedRow:
    row_number: int
    nik: str
    kpj_number: str
    programs: tuple[str, ...]
    status: str
    start_date: dt.date
    end_date: dt.date | None


def parse_sync_batch(stream: IO[bytes], fmt: str | None = None, *, today: dt.date,
                     kpj_pattern: re.Pattern = KPJ_NUMBER) -> Iterator[tuple[int, ParsedRow | RowError]]:
    """Yield `(row_number, ParsedRow | RowError)` for every row of the batch, in order."""
    for number, record in iter_records(stream, fmt, required=REQUIRED_COLUMNS):
        if isinstance(record, Problem):
            yield number, RowError(number, record.field, record.message, fatal=record.fatal)
        else:
            yield number, parse_sync_row(number, record, today=today, kpj_pattern=kpj_pattern)


def parse_sync_row(number: int, record: Mapping[str, Any], *, today: dt.date,
                   kpj_pattern: re.Pattern = KPJ_NUMBER) -> ParsedRow | RowError:
    errors: list[tuple[str, str]] = []
    nik = _nik(record.get("nik"), today, errors)
    kpj = cell_text(record.get("kpj_number"))
    if not kpj_pattern.match(kpj):
        errors.append(("kpj_number", "nomor KPJ tidak valid / invalid KPJ number"))
    programs = _programs(record.get("programs"), errors)
    status = cell_text(record.get("status")).lower()
    if status not in STATUSES:
        errors.append(("status", f"status harus {'/'.join(STATUSES)} / status must be {'/'.join(STATUSES)}"))
    start, end = _dates(record, status, errors)
    if errors:
        return RowError(number, errors[0][0], errors[0][1], tuple(errors[1:]))
    return ParsedRow(number, nik, kpj, programs, status, start, end)


def _nik(value: Any, today: dt.date, errors: list) -> str:
    text = cell_text(value)
    if not text:
        errors.append(("nik", "wajib diisi / required"))
        return ""
    try:
        return parse_nik(text, today=today).nik
    except InvalidNIK as exc:
        errors.append(("nik", exc.reason))
        return ""


def _programs(value: Any, errors: list) -> tuple[str, ...]:
    items = value if isinstance(value, list) else _PROGRAM_SEPARATORS.split(cell_text(value))
    codes = [str(item).strip().upper() for item in items if str(item).strip()]
    if not codes:
        errors.append(("programs", "wajib diisi / required"))
    elif any(code not in PROGRAMME_CODES for code in codes):
        known = ", ".join(PROGRAMME_CODES)
        errors.append(("programs", f"program harus dari {known} / programmes must be among {known}"))
    elif len(set(codes)) != len(codes):
        errors.append(("programs", "program disebut dua kali / a programme is listed twice"))
    return tuple(codes)


def _dates(record: Mapping[str, Any], status: str, errors: list) -> tuple[dt.date | None, dt.date | None]:
    start = parse_iso_date(record.get("start_date"))
    if start is None:
        errors.append(("start_date", "tanggal ISO YYYY-MM-DD wajib / an ISO date YYYY-MM-DD is required"))
    raw_end = record.get("end_date")
    end = None if is_blank(raw_end) else parse_iso_date(raw_end)
    if not is_blank(raw_end) and end is None:
        errors.append(("end_date", "tanggal ISO YYYY-MM-DD / must be an ISO date YYYY-MM-DD"))
    elif start and end and end < start:
        errors.append(("end_date", "sebelum start_date / before start_date"))
    elif status == "terminated" and end is None and is_blank(raw_end):
        errors.append(("end_date", "wajib untuk status terminated / required when status is terminated"))
    return start, end


# --- a whole block of CSV rows at once --------------------------------------------------------
@dataclass(frozen=True)
class SyncColumns:
    """The valid rows of a block as columns (ISO dates as text, programmes joined with `;`, end
    date None when open), and the row errors of the others, in row order."""

    rows: list[int]
    nik: list[str]
    kpj_number: list[str]
    programs: list[str]
    status: list[str]
    start_date: list[str]
    end_date: list[str | None]
    errors: list[RowError]


def parse_sync_columns(rows: Sequence[int], cells: Mapping[str, Sequence[str]], *, today: dt.date,
                       kpj_pattern: re.Pattern = KPJ_NUMBER) -> SyncColumns:
    """`parse_sync_row` on every row of a block, by column: the NIK checked with numpy
    (shared.nik_columns), every other column decided once per distinct value (a batch holds a few
    programme lists, statuses and dates), the KPJ number by the compiled pattern. Gives the same
    rows and the same errors, in the same order, as parse_sync_row row by row."""
    n = len(rows)
    empty = [""] * n
    column = {name: cells.get(name) or empty for name in SYNC_COLUMNS}
    niks = [value.strip() for value in column["nik"]]
    nik = check_niks(nik_texts(niks), as_of=today)
    kpjs = [value.strip() for value in column["kpj_number"]]
    kpj_ok = np.fromiter(map(bool, map(kpj_pattern.match, kpjs)), dtype=bool, count=n)
    programs = _Decided(column["programs"], _programs_of)
    status = _Decided(column["status"], _status_of)
    dates = _Decided.combined(column["start_date"], column["end_date"], status, _dates_of)
    bad = ~nik.parsed | ~kpj_ok | programs.bad | status.bad | dates.bad
    nik_problems = nik.problems()
    errors = [_row_error(rows[i], nik_problems.get(i, "wajib diisi / required") if not nik.parsed[i] else None,
                         not kpj_ok[i], programs.message(i), status.message(i), dates.message(i))
              for i in np.flatnonzero(bad).tolist()]
    keep = (~bad).tolist()
    pairs = dates.results(keep)
    starts, ends = [pair[0] for pair in pairs], [pair[1] for pair in pairs]
    return SyncColumns(_kept(rows, keep), _kept(niks, keep), _kept(kpjs, keep), programs.results(keep),
                       status.results(keep), starts, ends, errors)


class _Decided:
    """A column decided once per distinct value: `decide(value) -> (result, errors or None)`."""

    def __init__(self, values: Sequence, decide, *, codes: np.ndarray | None = None, distinct: list | None = None):
        if codes is None:
            index = {value: code for code, value in enumerate(dict.fromkeys(values))}
            codes = np.fromiter(map(index.__getitem__, values), dtype=np.int64, count=len(values))
            distinct = list(index)
        decided = [decide(value) for value in distinct]
        self.codes, self.values = codes, [result for result, _errors in decided]
        self.errors = [errors for _result, errors in decided]
        self.bad = np.array([errors is not None for errors in self.errors], dtype=bool)[codes]

    @classmethod
    def combined(cls, starts: Sequence[str], ends: Sequence[str], status: _Decided, decide) -> _Decided:
        """Decided per distinct (start, end, status) triple, found with numpy from each column's codes."""
        start, end = _Decided(starts, _as_is), _Decided(ends, _as_is)
        key = (start.codes * len(end.values) + end.codes) * len(status.values) + status.codes
        triples, codes = np.unique(key, return_inverse=True)
        width = len(end.values) * len(status.values)
        distinct = [(start.values[t // width], end.values[t // len(status.values) % len(end.values)],
                     status.values[t % len(status.values)]) for t in triples.tolist()]
        return cls((), decide, codes=codes.reshape(-1), distinct=distinct)

    def message(self, i: int) -> list | None:
        return self.errors[self.codes[i]]

    def results(self, keep: list[bool]) -> list:
        values = np.empty(len(self.values), dtype=object)
        for code, value in enumerate(self.values):  # one by one: a value may be a tuple
            values[code] = value
        return list(compress(values[self.codes].tolist(), keep))


def _as_is(value: str) -> tuple[str, None]:
    return value, None


def _programs_of(value: str) -> tuple[str, list | None]:
    errors: list[tuple[str, str]] = []
    return ";".join(_programs(value, errors)), errors or None


def _status_of(value: str) -> tuple[str, list | None]:
    status = cell_text(value).lower()
    message = f"status harus {'/'.join(STATUSES)} / status must be {'/'.join(STATUSES)}"
    return status, None if status in STATUSES else [("status", message)]


def _dates_of(value: tuple[str, str, str]) -> tuple[tuple[str | None, str | None], list | None]:
    errors: list[tuple[str, str]] = []
    start, end = _dates({"start_date": value[0], "end_date": value[1]}, value[2], errors)
    return (start and start.isoformat(), end and end.isoformat()), errors or None


def _row_error(number: int, nik: str | None, kpj_bad: bool, *more: list | None) -> RowError:
    """The row's errors in parse_sync_row's order (the first is the error, the rest `others`)."""
    errors = [("nik", nik)] if nik else []
    errors += [("kpj_number", "nomor KPJ tidak valid / invalid KPJ number")] if kpj_bad else []
    errors += [error for found in more if found for error in found]
    return RowError(number, errors[0][0], errors[0][1], tuple(errors[1:]))


def _kept(values: Sequence, keep: list) -> list:
    return list(compress(values, keep))
