"""Indonesian dates for letters: `3 Maret 2025`."""
from __future__ import annotations

import datetime as dt

MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
          "Oktober", "November", "Desember")


def tanggal(day: dt.date | None) -> str:
    """A date as written in Indonesian letters; empty for no date."""
    if day is None:
        return ""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
