"""Numbers, money and dates as Indonesian official documents write them (pure): 16.800, Rp16.800,
15 Januari 2026, Maret 2026. One place for every service's documents."""
from __future__ import annotations

import datetime as dt

MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember")


def angka(value: int | float | None, decimals: int = 0) -> str:
    """Thousands with '.', decimals with ','; None is a dash."""
    if value is None:
        return "-"
    return f"{value:,.{decimals}f}".replace(",", "\0").replace(".", ",").replace("\0", ".")


def rupiah(value: int | None) -> str:
    if value is None:
        return "-"
    return f"{'-' if value < 0 else ''}Rp{angka(abs(value))}"


def tanggal(day: dt.date | None) -> str:
    """15 Januari 2026."""
    return "-" if day is None else f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def bulan(key: str) -> str:
    """A month key "2026-03" as "Maret 2026"."""
    year, month = key.split("-")
    return f"{MONTHS[int(month) - 1]} {year}"


def rentang_bulan(start: str, end: str) -> str:
    """"Maret 2026" or "Januari 2026 s.d. Maret 2026"."""
    return bulan(start) if start == end else f"{bulan(start)} s.d. {bulan(end)}"
