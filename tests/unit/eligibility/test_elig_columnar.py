"""Facts built column by column (uploads) equal build_facts row by row: the same rows are
invalid with the same field errors, and the valid ones get the same outcome, failed rules and
missing facts, on random rows full of odd NIKs and badly typed values."""
from __future__ import annotations

import datetime as dt
import random

import numpy as np
import pytest
from elig_helpers import make_nik

from eligibility.rules import BatchEvaluator, InvalidFacts, build_facts
from eligibility.rules.columnar import _decode_text, build_columns
from eligibility.rules.facts import ALL_FACT_KINDS

AS_OF = dt.date(2026, 1, 15)
GOOD = {
    "nik": [make_nik("6101", dt.date(1980, 6, 15), "F"), make_nik("6101", dt.date(1980, 6, 15), "M"),
            make_nik("6101", dt.date(2000, 2, 29), "M"),   # 1900-02-29 does not exist: 2000
            make_nik("6101", dt.date(1996, 2, 29), "F"),   # both centuries valid (1996, 2096): the past one
            make_nik("6405", dt.date(2025, 12, 31), "M"),  # 2025 or 1925: the latest not after as_of
            make_nik("6405", dt.date(2026, 6, 1), "M"),    # 2026-06-01 is after as_of: 1926
            make_nik("6309", dt.date(2010, 5, 5), "F"),    # 1910 and 2010 both past: 2010
            " 6101011506800001 ", None],
    "birth_date": [None, "1980-06-15", dt.date(1980, 6, 15), "2000-02-29", "1996-02-29", "2096-02-29",
                   "1925-12-31", "1926-06-01", "1910-05-05"],
    "sex": [None, "M", "F", " F "],
    "domicile_regency_code": [None, "6101", "6405", " 6101"],
    "has_ktp": [None, True, False],
    "has_e_ktp": [None, True, False],
    "worker_type": [None, "bpu", "PU"],
    "occupation": [None, "nelayan", "  Pedagang   Kaki Lima ", "petani"],
    "monthly_income": [None, 0, 3_000_000, 4_081_395, 4_081_396],
    "vulnerable_independent_worker": [None, True, False],
    "already_protected": [None, True, False],
    "actively_working": [None, True, False],
    "palm_oil_worker": [None, True, False],
    "vulnerable_worker": [None, True, False],
    "data_source": [None, "dtks", "P3KE"],
}
BAD = {
    "nik": ["6101010001800001", "6101013206800001", "6101014006800001", "6101017206800001",
            "6101018506800001", "6101011513800001", "9999011506800001", "6199011506800001", "610101150680001",
            "61010115068000011", "61010115068000a1", "６１０１０１１５０６８０００１", "", "   ", 6101011506800001],
    "birth_date": ["1980-02-30", "15/06/1980", 19800615],
    "sex": ["m", "X", 1],
    "domicile_regency_code": ["61", 6101, ""],
    "has_ktp": ["true", 1],
    "has_e_ktp": [0],
    "worker_type": ["x"],
    "occupation": ["", 12, ["nelayan"]],
    "monthly_income": [-1, 1.5, "100", True],
    "already_protected": ["no"],
    "actively_working": [{"a": 1}],
    "data_source": ["bps"],
}
SCHEMES = [("6101", "palm_oil_worker_aid"), ("6101", "vulnerable_worker_aid"), ("6405", "vulnerable_worker_aid")]


def _records(seed: int, n: int) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        record = {}
        for name in rng.sample(list(GOOD), len(GOOD)):  # any key order, some keys absent
            if rng.random() < 0.8:
                bad = name in BAD and rng.random() < 0.02
                record[name] = rng.choice(BAD[name] if bad else GOOD[name])
        out.append(record)
    return out


def _as_columns(records: list[dict]) -> dict[str, list]:
    names = list(dict.fromkeys(k for r in records for k in r))
    return {name: [r.get(name) for r in records] for name in names}


def _assert_same(columnar, reference, n):
    assert sorted(columnar.errors) == sorted(reference.errors)
    for i in range(n):
        assert columnar.outcome_name(i) == reference.outcome_name(i), i
        assert columnar.failed_rules(i) == reference.failed_rules(i), i
        assert columnar.missing_facts(i) == reference.missing_facts(i), i
        assert sorted(columnar.errors.get(i, [])) == sorted(reference.errors.get(i, [])), i


@pytest.mark.parametrize("seed,regency,scheme", [(i, *s) for i, s in enumerate(SCHEMES)])
def test_json_columns_equal_build_facts_row_by_row(registry, seed, regency, scheme):
    evaluator = BatchEvaluator(registry, regency, scheme, AS_OF)
    records = _records(seed, 3000)
    columnar = evaluator.evaluate_raw(_as_columns(records), len(records))
    reference = evaluator.evaluate_records(records)
    _assert_same(columnar, reference, len(records))
    counts = columnar.counts()
    assert all(counts[o] for o in ("eligible", "ineligible", "needs_information", "invalid")), counts


def test_derived_birth_date_sex_and_region_equal_build_facts():
    records = _records(11, 3000)
    columns, errors = build_columns(_as_columns(records), len(records), AS_OF)
    births, sexes, regions = columns.dates("birth_date"), columns.text("sex"), columns.text("nik_regency_code")
    checked = 0
    for i, record in enumerate(records):
        try:
            facts = build_facts(record, as_of=AS_OF)
        except InvalidFacts:
            assert i in errors
            continue
        assert i not in errors
        assert (None if np.isnat(births[i]) else births[i].item()) == facts.birth_date, (i, record)
        assert (sexes[i] or None, regions[i] or None) == (facts.sex, facts.nik_regency_code), (i, record)
        checked += facts.nik is not None
    assert checked > 400


def test_text_columns_equal_their_json_reading(registry):
    """CSV cells: empty is missing, true/false/1/0/ya/tidak are booleans, plain digits are money."""
    evaluator = BatchEvaluator(registry, "6405", "vulnerable_worker_aid", AS_OF)
    records = [{k: "" if v is None else str(v) for k, v in r.items()} for r in _records(7, 2000)]
    as_json = [{k: _decode_text(ALL_FACT_KINDS[k], v) for k, v in r.items()} for r in records]
    columnar = evaluator.evaluate_raw(_as_columns(records), len(records), text=True)
    _assert_same(columnar, evaluator.evaluate_records(as_json), len(records))


def test_coded_text_columns_in_chunks_equal_build_facts(registry, monkeypatch):
    """Uploads keep text facts coded (codes per row, distinct texts once) and are evaluated in
    chunks: in chunks of 61 rows every row still equals its build_facts reading."""
    from eligibility.rules import vectorised

    monkeypatch.setattr(vectorised, "CHUNK_ROWS", 61)
    for regency, scheme in SCHEMES:
        evaluator = BatchEvaluator(registry, regency, scheme, AS_OF)
        records = [{k: "" if v is None else str(v) for k, v in r.items()} for r in _records(13, 1500)]
        as_json = [{k: _decode_text(ALL_FACT_KINDS[k], v) for k, v in r.items()} for r in records]
        columns, _ = build_columns(_as_columns(records), len(records), AS_OF, text=True)
        assert {"occupation", "worker_type", "domicile_regency_code"} <= set(columns._codes)
        columnar = evaluator.evaluate_raw(_as_columns(records), len(records), text=True)
        _assert_same(columnar, evaluator.evaluate_records(as_json), len(records))


@pytest.mark.parametrize("kind,cell,value", [
    ("bool", "ya", True), ("bool", " TIDAK ", False), ("bool", "1", True), ("bool", "0", False),
    ("bool", "maybe", "maybe"), ("bool", "", None), ("money", "3500000", 3_500_000),
    ("money", "3.500.000", "3.500.000"), ("money", "  ", None), ("text", " Nelayan ", "Nelayan"),
])
def test_text_cells_read_as_json_values(kind, cell, value):
    assert _decode_text(kind, cell) == value


def test_empty_columns_and_zero_rows(registry):
    evaluator = BatchEvaluator(registry, "6101", "palm_oil_worker_aid", AS_OF)
    assert evaluator.evaluate_raw({"nik": []}, 0).counts()["eligible"] == 0
    result = evaluator.evaluate_raw({"nik": ["", ""]}, 2, text=True)
    assert [result.outcome_name(i) for i in range(2)] == ["needs_information"] * 2


def test_nik_column_of_texts_only_equals_build_facts(registry):
    """The all-text NIK column takes a vectorised path: same answers, an empty NIK refused."""
    evaluator = BatchEvaluator(registry, "6101", "palm_oil_worker_aid", AS_OF)
    niks = GOOD["nik"] + ["", "   ", "610101150680001", "6101011506800001"]
    records = [{"nik": nik, "has_ktp": True} for nik in niks]
    columnar = evaluator.evaluate_raw(_as_columns(records), len(records))
    _assert_same(columnar, evaluator.evaluate_records(records), len(records))
    assert {columnar.outcome_name(i) for i in range(len(niks) - 4, len(niks) - 1)} == {"invalid"}

