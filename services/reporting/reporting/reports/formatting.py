"""Numbers and dates written the Indonesian way: 16.800, Rp16.800, 42,5 %, 15 Januari 2026."""
from __future__ import annotations

import datetime as dt

from .labels import MONTHS


def number(value: int | float | None, decimals: int = 0) -> str:
    """Thousands with '.', decimals with ','; None is a dash."""
    if value is None:
        return "-"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def rupiah(value: int | None) -> str:
    if value is None:
        return "-"
    sign = "-" if value < 0 else ""
    return f"{sign}Rp{number(abs(value))}"


def percent(value: float | None, decimals: int = 1) -> str:
    return "-" if value is None else f"{number(value, decimals)} %"


def month_name(month: int) -> str:
    return MONTHS[month - 1]


def date_long(day: dt.date | None) -> str:
    """15 Januari 2026."""
    if day is None:
        return "-"
    return f"{day.day} {month_name(day.month)} {day.year}"


def datetime_long(moment: dt.datetime | None) -> str:
    """15 Januari 2026 14.05 (Indonesian writes the time with a dot)."""
    if moment is None:
        return "-"
    return f"{date_long(moment.date())} {moment:%H.%M}"


def month_year(day: dt.date) -> str:
    return f"{month_name(day.month)} {day.year}"
