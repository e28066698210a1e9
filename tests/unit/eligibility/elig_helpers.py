"""Helpers for the eligibility tests: realistic NIKs and date arithmetic for age boundaries."""
from __future__ import annotations

import calendar
import datetime as dt


def make_nik(regency_code: str, birth: dt.date, sex: str = "M", district: str = "01", serial: str = "0001") -> str:
    """A NIK as Dukcapil issues it: regency + district + DDMMYY (+40 on the day for women) + serial."""
    day = birth.day + (40 if sex == "F" else 0)
    return f"{regency_code}{district}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial}"


def years_before(day: dt.date, years: int) -> dt.date:
    """The date `years` earlier; 29 February falls back to 28 February in a non-leap year."""
    year = day.year - years
    if day.month == 2 and day.day == 29 and not calendar.isleap(year):
        return dt.date(year, 2, 28)
    return day.replace(year=year)


def born_turning(age: int, on: dt.date, offset_days: int = 0) -> dt.date:
    """Birth date of someone whose `age`-th birthday is `offset_days` after `on`
    (0: the birthday is on `on`; 1: tomorrow; -1: yesterday)."""
    return years_before(on + dt.timedelta(days=offset_days), age)
