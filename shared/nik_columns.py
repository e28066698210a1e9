"""NIK checks on whole columns (numpy): shared.identifiers.parse_nik step by step, for uploads of
up to millions of rows (the eligibility batch path, the registry's BPJS sync). Same rules, same
messages; the tests prove every row agrees with parse_nik."""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from shared.identifiers import FEMALE_DAY_OFFSET, regency_code_known

NIK_FORMAT = "NIK harus 16 digit angka / NIK must be exactly 16 digits"
NIK_REGION = "kode provinsi/kabupaten NIK tidak dikenal / unknown province+regency code"
NIK_DATE = "tanggal lahir dalam NIK tidak valid / birth date encoded in the NIK is not a valid date"


@dataclass(frozen=True)
class NikColumn:
    """Per row: whether the NIK was given, is 16 digits, has a known region, parses (all of
    parse_nik), and (where parsed) the birth date and sex it encodes."""

    given: np.ndarray
    well_formed: np.ndarray
    known: np.ndarray
    parsed: np.ndarray
    birth: np.ndarray
    sex: np.ndarray

    def problems(self) -> dict[int, str]:
        """parse_nik's message for each given NIK that fails, by row index."""
        return dict(sorted({**_rows(self.given & ~self.well_formed, NIK_FORMAT),
                            **_rows(self.well_formed & ~self.known, NIK_REGION),
                            **_rows(self.known & ~self.parsed, NIK_DATE)}.items()))


def nik_texts(stripped: Sequence[str]) -> np.ndarray:
    """Stripped NIK texts as a fixed-width array for `check_niks`; a text longer than 16
    characters becomes 17 'x' (refused alike) so one huge cell cannot blow up the array's width."""
    return np.array([v if len(v) <= 16 else "x" * 17 for v in stripped], dtype="<U17")


def check_niks(niks: np.ndarray, *, as_of: dt.date, stated: np.ndarray | None = None) -> NikColumn:
    """parse_nik on a column of stripped texts ("" = not given); the century is the one of the
    `stated` birth date where it matches, else the latest not after `as_of`."""
    n = len(niks)
    given = niks != ""
    digits, well_formed = _digits(niks, n)
    well_formed &= given
    region = digits[:, 0] * 1000 + digits[:, 1] * 100 + digits[:, 2] * 10 + digits[:, 3]
    known = well_formed & _known_regions(region, well_formed)
    day_field = digits[:, 6] * 10 + digits[:, 7]
    month, yy = digits[:, 8] * 10 + digits[:, 9], digits[:, 10] * 10 + digits[:, 11]
    day = day_field % FEMALE_DAY_OFFSET
    day_ok = ((day_field >= 1) & (day_field <= 31)) | ((day_field >= 41) & (day_field <= 71))
    b19, ok19 = _dates(1900 + yy, month, day)
    b20, ok20 = _dates(2000 + yy, month, day)
    parsed = known & day_ok & (ok19 | ok20)
    if stated is None:
        stated = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    birth = _choose_century(b19, ok19, b20, ok20, stated, as_of)
    sex = np.where(day_field > FEMALE_DAY_OFFSET, "F", "M")
    return NikColumn(given, well_formed, known, parsed, birth, sex)


def _digits(niks: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """(n, 16) digit matrix and whether each NIK is exactly 16 ASCII digits."""
    sixteen = np.char.str_len(niks) == 16
    fixed = np.where(sixteen, niks, "0" * 16).astype("<U16")
    codes = fixed.view(np.uint32).reshape(n, 16).astype(np.int64) - ord("0")
    well_formed = sixteen & ((codes >= 0) & (codes <= 9)).all(axis=1)
    return np.where(well_formed[:, None], codes, 0), well_formed


def _known_regions(region: np.ndarray, rows: np.ndarray) -> np.ndarray:
    uniques, inverse = np.unique(np.where(rows, region, 0), return_inverse=True)
    known = np.array([regency_code_known(f"{code:04d}") for code in uniques], dtype=bool)
    return known[inverse.reshape(-1)]


def _dates(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    month_ok = (month >= 1) & (month <= 12)
    first = ((year - 1970) * 12 + np.where(month_ok, month, 1) - 1).astype("datetime64[M]")
    days_in_month = ((first + 1).astype("datetime64[D]") - first.astype("datetime64[D]")).astype(np.int64)
    ok = month_ok & (day >= 1) & (day <= days_in_month)
    return first.astype("datetime64[D]") + np.where(ok, day - 1, 0), ok


def _choose_century(b19, ok19, b20, ok20, stated, as_of: dt.date) -> np.ndarray:
    """The candidate equal to the stated birth date, else the latest not after `as_of`, else
    the earliest (shared.identifiers._choose_century)."""
    today = np.datetime64(as_of, "D")
    past19, past20 = ok19 & (b19 <= today), ok20 & (b20 <= today)
    latest_past = np.where(past20, b20, b19)
    earliest = np.where(ok19, b19, b20)
    chosen = np.where(past19 | past20, latest_past, earliest)
    chosen = np.where(ok20 & (b20 == stated), b20, chosen)
    return np.where(ok19 & (b19 == stated), b19, chosen)


def _rows(mask: np.ndarray, message: str) -> dict[int, str]:
    return {int(i): message for i in np.flatnonzero(mask)}
