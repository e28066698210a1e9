"""Candidate lists for contribution aid from poverty data (DTKS, P3KE, Regsosek, other:
Lamandau Pasal 23, Berau Pasal 18, TTS Pasal 21(1)): row parsing and validation.

Columns: nik, full_name, data_source (required); birth_date, sex, address, village_code and
the optional facts monthly_income (whole rupiah), disability, dependants, poverty_rank. Birth
date and sex, when given, must agree with the NIK. A NIK seen on an earlier accepted row of the
same file makes the later row an error naming the first row. Rows stream one at a time; only the
accepted NIKs are remembered (as integers) for the duplicate check.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import IO, Any

from shared.identifiers import InvalidNIK, ParsedNIK, check_nik_matches, parse_nik
from shared.jobs.reader import RowProblem as Problem
from shared.jobs.reader import read_records as iter_records

from .common import RowError, cell_text, is_blank, normalise_village_code, parse_iso_date
from .registry_profile import RegistryProfile

REQUIRED_COLUMNS = ("nik", "full_name", "data_source")
_SEX = {"m": "M", "l": "M", "f": "F", "p": "F"}  # L/P: laki-laki/perempuan as written in DTKS
_YES = {"1", "true", "ya", "y", "yes"}
_NO = {"0", "false", "tidak", "t", "n", "no"}
_RUPIAH = re.compile(r"^\d{1,3}(\.\d{3})+$|^\d+$")


@dataclass(frozen=True)
class Candidate:
    row_number: int
    nik: str
    full_name: str
    birth_date: dt.date
    sex: str
    data_source: str
    address: str | None = None
    village_code: str | None = None
    monthly_income: int | None = None
    disability: bool | None = None
    dependants: int | None = None
    poverty_rank: int | None = None


def parse_candidates(stream: IO[bytes], fmt: str | None = None, *, registry: RegistryProfile,
                     today: dt.date, data_source: str | None = None) -> Iterator[tuple[int, Candidate | RowError]]:
    """Yield `(row_number, Candidate | RowError)` for every row, in order. With `data_source`
    (a file that is one source's extract) the column may be left out; a row naming another
    source is an error."""
    first_row_of: dict[int, int] = {}
    required = tuple(c for c in REQUIRED_COLUMNS if not (data_source and c == "data_source"))
    for number, record in iter_records(stream, fmt, required=required):
        if isinstance(record, Problem):
            yield number, RowError(number, record.field, record.message, fatal=record.fatal)
            continue
        if data_source:
            record = _with_source(record, data_source)
        result = parse_candidate_row(number, record, registry=registry, today=today)
        if data_source and isinstance(result, Candidate) and result.data_source != data_source:
            result = RowError(number, "data_source", f"sumber data baris bukan {data_source} / "
                                                     f"the row's data_source is not {data_source}")
        if isinstance(result, Candidate):
            first = first_row_of.setdefault(int(result.nik), number)
            if first != number:
                result = RowError(number, "nik", f"NIK ganda, sudah ada di baris {first} / "
                                                 f"duplicate NIK, first seen on row {first}")
        yield number, result


def _with_source(record: Mapping[str, Any], data_source: str) -> Mapping[str, Any]:
    return record if not is_blank(record.get("data_source")) else {**record, "data_source": data_source}


def parse_candidate_row(number: int, record: Mapping[str, Any], *, registry: RegistryProfile,
                        today: dt.date) -> Candidate | RowError:
    errors: list[tuple[str, str]] = []
    full_name = cell_text(record.get("full_name"))
    if not full_name:
        errors.append(("full_name", "wajib diisi / required"))
    birth_date, sex = _identity_facts(record, errors)
    parsed = _nik(record.get("nik"), birth_date, sex, today, errors)
    source = cell_text(record.get("data_source")).lower()
    if registry.data_source(source) is None:
        allowed = "/".join(s.id for s in registry.data_sources)
        errors.append(("data_source", f"sumber data harus {allowed} / data_source must be {allowed}"))
    village = _village(record.get("village_code"), errors)
    facts = _facts(record, errors)
    if errors:
        return RowError(number, errors[0][0], errors[0][1], tuple(errors[1:]))
    return Candidate(number, parsed.nik, full_name, parsed.birth_date, parsed.sex, source,
                     cell_text(record.get("address")) or None, village, **facts)


def _identity_facts(record: Mapping[str, Any], errors: list) -> tuple[dt.date | None, str | None]:
    raw_date, raw_sex = record.get("birth_date"), cell_text(record.get("sex")).lower()
    birth_date = None if is_blank(raw_date) else parse_iso_date(raw_date)
    if not is_blank(raw_date) and birth_date is None:
        errors.append(("birth_date", "tanggal ISO YYYY-MM-DD / must be an ISO date YYYY-MM-DD"))
    sex = _SEX.get(raw_sex) if raw_sex else None
    if raw_sex and sex is None:
        errors.append(("sex", "jenis kelamin harus M/F (atau L/P) / sex must be M/F (or L/P)"))
    return birth_date, sex


def _nik(value: Any, birth_date: dt.date | None, sex: str | None, today: dt.date, errors: list) -> ParsedNIK | None:
    text = cell_text(value)
    if not text:
        errors.append(("nik", "wajib diisi / required"))
        return None
    try:
        parsed = parse_nik(text, stated_birth_date=birth_date, today=today)
    except InvalidNIK as exc:
        errors.append(("nik", exc.reason))
        return None
    errors.extend(check_nik_matches(parsed, birth_date=birth_date, sex=sex))
    return parsed


def _village(value: Any, errors: list) -> str | None:
    if is_blank(value):
        return None
    code = normalise_village_code(cell_text(value))
    if code is None:
        errors.append(("village_code", "kode desa/kelurahan harus 10 digit / village_code must be 10 digits"))
    return code


def _facts(record: Mapping[str, Any], errors: list) -> dict[str, Any]:
    return {
        "monthly_income": _whole_number(record, "monthly_income", errors, rupiah=True),
        "disability": _flag(record, "disability", errors),
        "dependants": _whole_number(record, "dependants", errors),
        "poverty_rank": _whole_number(record, "poverty_rank", errors, minimum=1),
    }


def _whole_number(record: Mapping[str, Any], name: str, errors: list, *, rupiah: bool = False,
                  minimum: int = 0) -> int | None:
    value = record.get(name)
    if is_blank(value):
        return None
    text = cell_text(value)
    valid = _RUPIAH.match(text) if rupiah else text.isdigit()
    number = int(text.replace(".", "")) if valid else None
    if number is None or number < minimum:
        errors.append((name, f"harus bilangan bulat >= {minimum} / must be a whole number >= {minimum}"))
        return None
    return number


def _flag(record: Mapping[str, Any], name: str, errors: list) -> bool | None:
    value = record.get(name)
    if isinstance(value, bool):
        return value
    if is_blank(value):
        return None
    text = cell_text(value).lower()
    if text in _YES or text in _NO:
        return text in _YES
    errors.append((name, "harus ya/tidak / must be yes/no"))
    return None
