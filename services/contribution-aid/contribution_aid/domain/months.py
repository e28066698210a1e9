"""Calendar months written `YYYY-MM`, the unit aid is allocated and invoiced in."""
from __future__ import annotations

import datetime as dt
import re

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def month_index(month: str) -> int:
    """`2026-01` -> a running number, so month arithmetic is integer arithmetic."""
    match = _MONTH.match(month or "")
    if not match:
        raise ValueError(f"bulan harus berformat YYYY-MM / month must be YYYY-MM: {month!r}")
    return int(match[1]) * 12 + int(match[2]) - 1


def month_of_index(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def month_of(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def add_months(month: str, count: int) -> str:
    return month_of_index(month_index(month) + count)


def month_range(start_month: str, months: int) -> list[str]:
    first = month_index(start_month)
    return [month_of_index(first + i) for i in range(months)]


def first_day(month: str) -> dt.date:
    index = month_index(month)
    return dt.date(index // 12, index % 12 + 1, 1)


def is_valid_month(month: str) -> bool:
    return bool(_MONTH.match(month or ""))
