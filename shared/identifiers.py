"""Identifiers of docs/API.md §3: NIK parsing on top of python-stdnum.

The checks are python-stdnum's (`stdnum.id.nik`: digits, length, encoded date, the
province+regency code from its region table, looked up once per code); stdnum resolves the
two-digit year to 19xx first, so the century is decided here against a reference date (a
person is not born in the future) or a stated birth date.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from stdnum import numdb
from stdnum.exceptions import ValidationError
from stdnum.id import nik as stdnum_nik

FEMALE_DAY_OFFSET = 40


class InvalidNIK(ValueError):
    """The NIK fails docs/API.md §3 validation; `reason` is an Indonesian/English message."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class ParsedNIK:
    nik: str
    regency_code: str  # first four digits: province + regency of issue
    birth_date: dt.date
    sex: str  # "M" or "F"

    @property
    def province_code(self) -> str:
        return self.regency_code[:2]


def _birth_date_candidates(nik: str) -> list[dt.date]:
    day = int(nik[6:8]) % FEMALE_DAY_OFFSET
    month, yy = int(nik[8:10]), int(nik[10:12])
    found = []
    for century in (1900, 2000):
        try:
            found.append(dt.date(century + yy, month, day))
        except ValueError:
            continue
    return found


def parse_nik(value: str, *, stated_birth_date: dt.date | None = None,
              today: dt.date | None = None) -> ParsedNIK:
    """Validate a NIK and derive region of issue, birth date and sex.

    The century is the one matching `stated_birth_date` when given, else the latest one
    not after `today`.
    """
    if not isinstance(value, str):
        raise InvalidNIK("NIK harus berupa teks 16 digit / NIK must be a 16-digit string")
    number = value.strip()
    if len(number) != 16 or not (number.isascii() and number.isdigit()):
        raise InvalidNIK("NIK harus 16 digit angka / NIK must be exactly 16 digits")
    if not regency_code_known(number[:4]):
        raise InvalidNIK("kode provinsi/kabupaten NIK tidak dikenal / unknown province+regency code")
    if not _day_field_valid(int(number[6:8])):
        raise InvalidNIK("tanggal lahir dalam NIK tidak valid / birth date encoded in the NIK is not a valid date")
    try:
        stdnum_nik.get_birth_date(number)
    except ValidationError:
        raise InvalidNIK(
            "tanggal lahir dalam NIK tidak valid / birth date encoded in the NIK is not a valid date"
        ) from None
    candidates = _birth_date_candidates(number)
    if not candidates:
        raise InvalidNIK("tanggal lahir dalam NIK tidak valid / birth date encoded in the NIK is not a valid date")
    birth_date = _choose_century(candidates, stated_birth_date, today or dt.date.today())
    sex = "F" if int(number[6:8]) > FEMALE_DAY_OFFSET else "M"
    return ParsedNIK(nik=number, regency_code=number[:4], birth_date=birth_date, sex=sex)


def _choose_century(candidates: list[dt.date], stated: dt.date | None, today: dt.date) -> dt.date:
    if stated is not None:
        for candidate in candidates:
            if candidate == stated:
                return candidate
    past = [c for c in candidates if c <= today]
    return max(past) if past else min(candidates)


@lru_cache(maxsize=1024)
def regency_code_known(region_code: str) -> bool:
    """python-stdnum's region table, cached (it is the slow part of a validation). stdnum itself
    accepts any regency digits under a known province; docs/API.md §3 wants the regency known too."""
    levels = numdb.get("id/loc").info(region_code)
    return len(levels) == 2 and all(info for _code, info in levels)


def _day_field_valid(day_field: int) -> bool:
    """1–31 for men, 41–71 for women (day + 40); stdnum reads the day modulo 40 and so would
    accept 81–99 as well."""
    return 1 <= day_field <= 31 or 41 <= day_field <= 71


def check_nik_matches(parsed: ParsedNIK, *, birth_date: dt.date | None, sex: str | None) -> list[tuple[str, str]]:
    """Field errors where stated facts contradict the NIK (empty when consistent)."""
    errors: list[tuple[str, str]] = []
    if birth_date is not None and birth_date != parsed.birth_date:
        errors.append(("birth_date", "tanggal lahir tidak sesuai dengan NIK / birth_date does not match the NIK"))
    if sex is not None and sex != parsed.sex:
        errors.append(("sex", "jenis kelamin tidak sesuai dengan NIK / sex does not match the NIK"))
    return errors


def mask_nik(nik: str) -> str:
    """docs/API.md §7 mask: first six digits, six stars, last four (530401******0001)."""
    return f"{nik[:6]}******{nik[-4:]}" if len(nik) == 16 else "****************"

