"""Indonesian working days (hari kerja): weekends and national public holidays are not
working days; joint leave days (cuti bersama, the `holidays` package's `government`
category) are excluded by default and a regency may choose to count them as working days.

Deadlines such as "paling lambat 14 hari kerja sejak SPK" are computed here; the number of
days itself is regulation data and comes from the caller.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays

SATURDAY = 5


@lru_cache(maxsize=64)
def _holidays(year: int, joint_leave_is_holiday: bool) -> frozenset[dt.date]:
    categories = ("public", "government") if joint_leave_is_holiday else ("public",)
    return frozenset(holidays.country_holidays("ID", years=year, categories=categories).keys())


class WorkingDayCalendar:
    def __init__(self, *, joint_leave_is_holiday: bool = True, extra_holidays: frozenset[dt.date] = frozenset()):
        self.joint_leave_is_holiday = joint_leave_is_holiday
        self.extra_holidays = extra_holidays

    def is_working_day(self, day: dt.date) -> bool:
        if day.weekday() >= SATURDAY or day in self.extra_holidays:
            return False
        return day not in _holidays(day.year, self.joint_leave_is_holiday)

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The date `days` working days after `start` (the start day itself is not counted)."""
        current, left = start, days
        while left > 0:
            current += dt.timedelta(days=1)
            if self.is_working_day(current):
                left -= 1
        return current

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end` (0 when end <= start)."""
        count, current = 0, start
        while current < end:
            current += dt.timedelta(days=1)
            count += self.is_working_day(current)
        return count

    def holiday_name(self, day: dt.date) -> str | None:
        names = holidays.country_holidays("ID", years=day.year, categories=("public", "government"))
        return names.get(day)
