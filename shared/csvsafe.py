"""Every CSV the system writes goes through this writer: a text cell that a spreadsheet would
read as a formula (starting with `=`, `+`, `-`, `@`, tab or carriage return; OWASP "CSV
Injection") is written with a leading apostrophe, so `=HYPERLINK(...)` in a name stays text.
Numbers are written as numbers (a negative amount is not a formula)."""
from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = frozenset("=+-@\t\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


class SafeWriter:
    """csv.writer with every cell passed through `safe_cell`."""

    def __init__(self, out, **options):
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([safe_cell(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        self._writer.writerows([safe_cell(v) for v in row] for row in rows)


def writer(out, **options) -> SafeWriter:
    return SafeWriter(out, **options)
