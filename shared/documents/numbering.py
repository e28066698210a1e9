"""Document numbers from a regency's pattern (pure). A pattern names only these fields, so a
number never carries an English word or an internal id: `{classification}` (Permendagri 83/2022
code of the document kind), `{sequence}` (per year and office), `{office}` (office code),
`{year}`, `{month}` (Roman numeral, as many offices write it)."""
from __future__ import annotations

import datetime as dt
import string

FIELDS = frozenset({"classification", "sequence", "office", "year", "month"})
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def check_pattern(pattern: str) -> None:
    names = {name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None}
    unknown = names - FIELDS
    if unknown:
        raise ValueError(f"unknown fields in numbering pattern: {', '.join(sorted(unknown))}; "
                         f"allowed: {', '.join(sorted(FIELDS))}")
    if "sequence" not in names:
        raise ValueError("a numbering pattern needs {sequence}")


def document_number(pattern: str, *, classification: str, sequence: int, office: str, day: dt.date) -> str:
    """`500.15.3/0007/DISNAKERTRANS/2026` for pattern `{classification}/{sequence}/{office}/{year}`."""
    return pattern.format(classification=classification, sequence=f"{sequence:04d}", office=office,
                          year=day.year, month=ROMAN[day.month - 1])
