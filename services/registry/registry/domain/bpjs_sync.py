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
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import IO, Any

from shared.identifiers import InvalidNIK, parse_nik
from shared.jobs.reader import RowProblem as Problem
from shared.jobs.reader import read_records as iter_records

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
