"""shared/paging.py and shared/vocabularies.py: cursors round-trip and refuse forgeries; terms
render citations the one way; ids outside a vocabulary are 422s that list or point to them."""
from __future__ import annotations

import datetime as dt
import uuid

import pytest

from shared.paging import decode_cursor, encode_cursor
from shared.problems import InvalidInput
from shared.vocabularies import LONG_LIST, check_ids, in_force, term


def test_a_cursor_round_trips_dates_times_and_ids():
    key = (dt.datetime(2026, 3, 1, 8, 30, tzinfo=dt.UTC), dt.date(2026, 3, 1), uuid.uuid4(), 7)
    assert decode_cursor(encode_cursor(key)) == key


@pytest.mark.parametrize("forged", ["%%%", "bm90LWpzb24", encode_cursor([]).replace("W", "e") + "x"])
def test_a_forged_cursor_is_a_422(forged):
    with pytest.raises(InvalidInput):
        decode_cursor(forged)


def test_term_renders_the_citation_against_the_regulation_and_drops_empty_extras():
    entry = term("farmer", "petani", "Pasal 9(2) huruf a", regulation="Perbup Lamandau No. 25/2024",
                 category="vulnerable_worker", note=None)
    assert entry["citation"] == "Perbup Lamandau No. 25/2024 Pasal 9 ayat (2) huruf a"
    assert entry["category"] == "vulnerable_worker" and "note" not in entry


def test_in_force_keeps_entries_by_date_with_until_exclusive():
    old = term("a", "A", valid_from=dt.date(2024, 1, 1), valid_until=dt.date(2025, 1, 1))
    new = term("b", "B", valid_from=dt.date(2025, 1, 1))
    assert [e["id"] for e in in_force([old, new], dt.date(2024, 12, 31))] == ["a"]
    assert [e["id"] for e in in_force([old, new], dt.date(2025, 1, 1))] == ["b"]


def test_an_unknown_id_lists_the_allowed_ones_or_points_to_the_vocabulary():
    with pytest.raises(InvalidInput) as short:
        check_ids("violation", "x", ["a", "b"], vocabulary="violations", regency_code="6207")
    entry = short.value.errors[0]
    assert entry["field"] == "violation" and entry["allowed"] == ["a", "b"]
    assert "/v1/vocabularies?regency_code=6207#violations" in entry["message"]
    with pytest.raises(InvalidInput) as long:
        check_ids("occupation", ["ok", "x"], [f"o{i}" for i in range(LONG_LIST + 1)] + ["ok"],
                  vocabulary="occupations")
    assert [e["allowed"] for e in long.value.errors] == [None]
    check_ids("violation", None, ["a"], vocabulary="violations")  # nothing named: nothing to refuse
