"""Indonesian number and date formats for the templates (1.234.567; 7 Desember 2026)."""
from __future__ import annotations

import datetime as dt

MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember")


def angka(value) -> str:
    if value is None or value == "":
        return "-"
    return f"{int(value):,}".replace(",", ".")


def rupiah(value) -> str:
    return "-" if value is None else f"Rp{angka(value)}"


def tanggal(value) -> str:
    if not value:
        return "-"
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def persen(ratio) -> str:
    """A fraction as an Indonesian percentage (0.7512 -> 75,1 %)."""
    if ratio is None or ratio == "":
        return "-"
    return f"{float(ratio) * 100:.1f}".replace(".", ",") + " %"
