"""Dates of the facts the service records: today by default, never a day still to come."""
from __future__ import annotations

import datetime as dt

from shared.problems import InvalidInput


def today() -> dt.date:
    return dt.date.today()


def not_in_future(day: dt.date | None, field: str) -> dt.date:
    """The date a fact happened (default today); a date still to come is refused."""
    day = day or today()
    if day > today():
        raise InvalidInput.fields([(field, f"tanggal {day.isoformat()} belum terjadi / date is in the future")])
    return day
