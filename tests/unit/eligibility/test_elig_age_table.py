"""Ages looked up in a table of the batch's birth days equal ages computed row by row, 29 February
birthdays and missing dates included."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from eligibility.rules.age import age_on, ages_from_table, ages_on, ages_table


@pytest.mark.parametrize("on", [dt.date(2026, 2, 28), dt.date(2028, 2, 28), dt.date(2028, 2, 29),
                                dt.date(2026, 3, 1), dt.date(2025, 12, 31)])
def test_table_ages_equal_ages_on(on):
    days = np.arange(np.datetime64("1940-01-01"), np.datetime64("2030-12-31"))
    births = np.concatenate([days, np.array(["NaT"] * 5, dtype="datetime64[D]")])
    np.random.default_rng(3).shuffle(births)
    table = ages_table(births, on)
    assert table is not None and table[0] == int(days[0].astype(np.int64))
    ages, known = ages_from_table(births, table)
    expected, expected_known = ages_on(births, on)
    assert (known == expected_known).all() and (ages[known] == expected[known]).all()
    leap = np.flatnonzero(births == np.datetime64("1968-02-29"))[0]
    assert ages[leap] == age_on(dt.date(1968, 2, 29), on)


def test_no_table_without_dates_or_over_a_huge_span():
    assert ages_table(np.array(["NaT", "NaT"], dtype="datetime64[D]"), dt.date(2026, 1, 1)) is None
    assert ages_table(np.array(["0500-01-01", "2000-01-01"], dtype="datetime64[D]"), dt.date(2026, 1, 1)) is None
