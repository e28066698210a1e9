"""The BPJS sync's column path agrees with its row path on every row: the same valid rows (values
as the row parser gives them) and the same row errors (field, message, others, in order)."""
from __future__ import annotations

import datetime as dt
import random

from registry.domain.bpjs_sync import SYNC_COLUMNS, ParsedRow, parse_sync_columns, parse_sync_row
from tests.unit.registry.registry_unit_helpers import make_nik

TODAY = dt.date(2026, 3, 2)
NIKS = [make_nik(dt.date(1985, 8, 17), "F"), make_nik(dt.date(2000, 2, 29), "M", regency="6207"),
        " " + make_nik(dt.date(1990, 1, 2), "M") + " ", "", "   ", "53040157088500091", "5399015708850001",
        "530401570885000X", "5304013202850001", "5304017208850001", "5304012902000001", "5304012902010001",
        "５３０４０１５７０８８５０００１", "x" * 40]
KPJS = ["12345678901", " 12345678902 ", "1234", "", "١٢٣٤٥٦٧٨٩٠١", "123456789012"]
PROGRAMS = ["JKK;JKM", " jkk | jht ", "JKK;XYZ", "JKK;JKK", "", "JKK,JKM JHT", ";"]
STATUSES = ["active", "Terminated", "INACTIVE", "paused", "", " active "]
DATES = ["2025-01-01", "2024-12-31", "", "01/01/2025", "2025-02-30", " 2025-06-30 ", "2025-1-1"]


def random_rows(count: int, seed: int) -> list[list[str]]:
    pick = random.Random(seed).choice
    return [[pick(NIKS), pick(KPJS), pick(PROGRAMS), pick(STATUSES), pick(DATES), pick(DATES + ["", "", ""])]
            for _ in range(count)]


def test_columns_agree_with_rows_on_every_row():
    cells = random_rows(20_000, seed=18)
    numbers = list(range(7, 7 + len(cells)))
    by_rows = [parse_sync_row(n, dict(zip(SYNC_COLUMNS, row, strict=True)), today=TODAY)
               for n, row in zip(numbers, cells, strict=True)]
    found = parse_sync_columns(numbers, {name: [row[i] for row in cells] for i, name in enumerate(SYNC_COLUMNS)},
                               today=TODAY)
    valid = [ParsedRow(n, nik, kpj, tuple(programs.split(";")), status, dt.date.fromisoformat(start),
                       end and dt.date.fromisoformat(end))
             for n, nik, kpj, programs, status, start, end in zip(
                 found.rows, found.nik, found.kpj_number, found.programs, found.status, found.start_date,
                 found.end_date, strict=True)]
    assert valid == [row for row in by_rows if isinstance(row, ParsedRow)]
    assert found.errors == [row for row in by_rows if not isinstance(row, ParsedRow)]
    assert len(valid) > 100 and len(found.errors) > 1000  # both kinds well represented


def test_a_missing_optional_column_is_an_empty_one():
    found = parse_sync_columns([1], {"nik": [NIKS[0]], "kpj_number": ["12345678901"], "programs": ["JKK"],
                                     "status": ["active"], "start_date": ["2025-01-01"]}, today=TODAY)
    assert found.end_date == [None] and found.errors == []


def test_an_empty_block():
    found = parse_sync_columns([], {}, today=TODAY)
    assert found.rows == [] and found.errors == []
