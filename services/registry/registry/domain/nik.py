"""NIK parsing with the regency check CONTRACT §3 asks for.

`shared.identifiers.parse_nik` relies on python-stdnum, which only checks the province part
of the first four digits (e.g. `5399...` passes although regency 99 does not exist in NTT).
Until the shared helper checks the regency too, registry code parses NIKs here.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

from stdnum import numdb

from shared.identifiers import InvalidNIK, ParsedNIK, parse_nik

UNKNOWN_REGION = "kode provinsi/kabupaten NIK tidak dikenal / unknown province+regency code"


@lru_cache(maxsize=4096)  # ~520 regencies exist; batches repeat them a million times
def regency_code_known(code: str) -> bool:
    """True when the 4-digit province+regency code exists in python-stdnum's register."""
    if len(code) != 4 or not code.isdigit():
        return False
    parts = numdb.get("id/loc").info(code)
    return len(parts) == 2 and bool(parts[0][1]) and bool(parts[1][1])


def parse_nik_checked(value: str, *, stated_birth_date: dt.date | None = None,
                      today: dt.date | None = None) -> ParsedNIK:
    """`parse_nik`, then reject a province+regency code that does not exist."""
    parsed = parse_nik(value, stated_birth_date=stated_birth_date, today=today)
    if not regency_code_known(parsed.regency_code):
        raise InvalidNIK(UNKNOWN_REGION)
    return parsed
