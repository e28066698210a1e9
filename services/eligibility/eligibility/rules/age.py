"""Age in completed years on a date (regency.yaml `age_*` interpretations), scalar and vectorised side by side.

A 29 February birthday's anniversary falls on 28 February in non-leap years. Both functions
implement the same rule and are proven equal by the tests.
"""
from __future__ import annotations

import calendar
import datetime as dt

import numpy as np


def _anniversary_key(month: int, day: int, year: int) -> int:
    if month == 2 and day == 29 and not calendar.isleap(year):
        return 228
    return month * 100 + day


def age_on(birth_date: dt.date, on: dt.date) -> int:
    """Completed years on `on` (negative when born after `on`)."""
    not_yet = (on.month * 100 + on.day) < _anniversary_key(birth_date.month, birth_date.day, on.year)
    return on.year - birth_date.year - int(not_yet)


def ages_on(birth_dates: np.ndarray, on: dt.date) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised `age_on` for a datetime64[D] array; returns (ages int32, known bool) where
    NaT rows are not known (their age is 0 and must not be read)."""
    known = ~np.isnat(birth_dates)
    safe = np.where(known, birth_dates, np.datetime64("2000-01-01", "D"))
    years = safe.astype("datetime64[Y]").astype(np.int32) + 1970
    months = (safe.astype("datetime64[M]") - safe.astype("datetime64[Y]")).astype(np.int32) + 1
    days = (safe - safe.astype("datetime64[M]")).astype(np.int32) + 1
    keys = months * 100 + days
    if not calendar.isleap(on.year):
        keys = np.where(keys == 229, 228, keys)
    not_yet = (on.month * 100 + on.day) < keys
    ages = on.year - years - not_yet.astype(np.int32)
    return np.where(known, ages, 0).astype(np.int32), known
