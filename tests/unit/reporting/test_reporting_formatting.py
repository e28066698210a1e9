"""Indonesian number and date writing."""
from __future__ import annotations

import datetime as dt

import pytest

from reporting.reports import formatting as fmt


@pytest.mark.parametrize("value, text", [(0, "0"), (999, "999"), (16800, "16.800"), (1234567, "1.234.567"),
                                         (-4500, "-4.500"), (None, "-")])
def test_number(value, text):
    assert fmt.number(value) == text


def test_rupiah_percent_and_dates():
    assert fmt.rupiah(16800) == "Rp16.800"
    assert fmt.rupiah(-16800) == "-Rp16.800"
    assert fmt.percent(42.5) == "42,5 %"
    assert fmt.percent(1234.56, 2) == "1.234,56 %"
    assert fmt.date_long(dt.date(2026, 8, 17)) == "17 Agustus 2026"
    assert fmt.datetime_long(dt.datetime(2026, 5, 1, 7, 5)) == "1 Mei 2026 07.05"
    assert fmt.month_year(dt.date(2026, 12, 1)) == "Desember 2026"
