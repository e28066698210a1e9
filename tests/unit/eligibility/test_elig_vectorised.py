"""The batch evaluator gives exactly the one-by-one engine's outcome, failed rules and missing
facts, row by row, for every scheme: on generated data covering every age boundary (day before,
on, after), 29 February birthdays, each fact missing and each fact changed alone, and on random
combinations."""
from __future__ import annotations

import dataclasses
import datetime as dt
import random
from pathlib import Path

import numpy as np
import pytest
import yaml
from elig_helpers import born_turning

from eligibility.rules import BatchEvaluator, Columns, Facts, build_facts, evaluate
from eligibility.rules.conditions import AgeBetween
from eligibility.rules.facts import ALL_FACT_KINDS

CASES_DIR = Path(__file__).parent / "cases"
SCHEMES = [  # (regency, scheme, as_of dates)
    ("5304", "vulnerable_worker_aid", [dt.date(2026, 1, 15), dt.date(2026, 2, 28)]),
    ("6405", "vulnerable_worker_aid", [dt.date(2025, 3, 1), dt.date(2026, 2, 28), dt.date(2027, 1, 4)]),
    ("6101", "vulnerable_worker_aid", [dt.date(2026, 1, 15)]),
    ("6101", "religious_worker_aid", [dt.date(2026, 1, 15), dt.date(2028, 2, 29)]),
    ("6101", "palm_oil_worker_aid", [dt.date(2026, 1, 15), dt.date(2026, 2, 28)]),
    ("6309", "vulnerable_worker_aid", [dt.date(2025, 6, 1)]),
    ("6309", "bpu_registration", [dt.date(2025, 6, 1), dt.date(2028, 2, 28)]),
    ("6207", "bpu_registration", [dt.date(2025, 6, 1)]),
    ("6207", "aid_recipient_verification", [dt.date(2025, 6, 1), dt.date(2029, 2, 28)]),
]
POOLS = {
    "domicile_regency_code": ["5304", "6405", "6101", "6309", "6207", "1101", None],
    "worker_type": ["pu", "bpu", None],
    "occupation": ["nelayan", "pelaku seni", "petani", "linmas", "pedagang kaki lima", "penggiat agama", "guru", None],
    "religion": ["islam", "kristen", "katolik", "hindu", "budha", "konghucu", None],
    "religious_role": ["imam masjid", "guru sekolah minggu", "pinandhita", "xue shi", "pandita", "ustadz", None],
    "data_source": ["dtks", "p3ke", "other", None],
    "monthly_income": [None, 0, 3832296, 3832297, 4081395, 4081396, 4081397, 4391336, 4391337, 10_000_000],
    "nik": ["6101015506800001", None],
}
BOOL_FACTS = [n for n, k in ALL_FACT_KINDS.items() if k == "bool"]


def _pool(name):
    return POOLS.get(name, [True, False, None])


def _base_applicants(regency: str, scheme: str) -> list[Facts]:
    """Eligible applicants of the legislation case files for this scheme, as prepared facts."""
    path = next(CASES_DIR.glob(f"{regency}-*.yaml"))
    out = []
    for case in yaml.safe_load(path.read_text())["cases"]:
        if case["scheme"] == scheme and case["expected"].get("outcome") == "eligible":
            out.append(build_facts(case["applicant"], as_of=dt.date.fromisoformat(case["as_of"])))
    return out[:3]


def _boundary_births(scheme_conditions, as_of: dt.date) -> list[dt.date]:
    births = [dt.date(1968, 2, 29), dt.date(1960, 2, 29), dt.date(2008, 2, 29), dt.date(1972, 2, 29),
              dt.date(1956, 2, 29), dt.date(2012, 2, 29), dt.date(2000, 3, 1), dt.date(2000, 2, 28)]
    for condition in scheme_conditions:
        if isinstance(condition, AgeBetween):
            for bound in (condition.min, condition.max):
                if bound is not None:
                    for age in (bound - 1, bound, bound + 1):
                        births += [born_turning(age, as_of, offset) for offset in (1, 0, -1)]
    return births


def _generated_rows(registry, regency, scheme, as_of, seed) -> list[Facts]:
    profile = registry.get(regency)
    compiled = profile.schemes[scheme][0]
    bases = _base_applicants(regency, scheme)
    rows: list[Facts] = list(bases)
    names = [f.name for f in dataclasses.fields(Facts)]
    for base in bases[:1]:
        for birth in _boundary_births(compiled.conditions, as_of) + [None]:
            rows.append(dataclasses.replace(base, birth_date=birth))
        for name in names:
            if name in ("birth_date", "sex", "nik_regency_code", "dependants", "poverty_level", "work_risk"):
                continue
            for value in _pool(name):  # each fact changed alone, including missing
                rows.append(dataclasses.replace(base, **{name: value}))
    rng = random.Random(seed)
    births = _boundary_births(compiled.conditions, as_of) + [None]
    for _ in range(1500):
        values = {name: rng.choice(_pool(name)) for name in names
                  if name not in ("birth_date", "sex", "nik_regency_code", "dependants", "poverty_level", "work_risk")}
        rows.append(Facts(birth_date=rng.choice(births), **values))
    return rows


def _assert_same(registry, regency, scheme, as_of, rows, result):
    for i, row in enumerate(rows):
        one = evaluate(registry, regency, scheme, as_of, row)
        assert result.outcome_name(i) == one.outcome, (i, row)
        assert result.failed_rules(i) == [c.rule for c in one.checks if c.passed is False], (i, row)
        assert result.missing_facts(i) == list(one.missing_facts), (i, row)


@pytest.mark.parametrize("regency,scheme,dates", SCHEMES, ids=[f"{r}-{s}" for r, s, _ in SCHEMES])
def test_batch_equals_one_by_one_on_generated_data(registry, regency, scheme, dates):
    for seed, as_of in enumerate(dates):
        rows = _generated_rows(registry, regency, scheme, as_of, seed)
        result = BatchEvaluator(registry, regency, scheme, as_of).evaluate(Columns.from_facts(rows))
        _assert_same(registry, regency, scheme, as_of, rows, result)
        counts = result.counts()
        # the data really exercises all three outcomes
        assert counts["eligible"] and counts["ineligible"] and counts["needs_information"], counts


def test_every_scheme_in_the_profiles_is_covered(registry):
    offered = {(code, scheme) for code in registry.codes for scheme in registry.get(code).schemes}
    assert offered == {(r, s) for r, s, _ in SCHEMES}


def _as_arrays(rows: list[Facts]) -> dict[str, np.ndarray]:
    """The documented column encoding, built by hand (not through Columns.from_facts)."""
    arrays = {}
    for name, kind in ALL_FACT_KINDS.items():
        values = [getattr(r, name) for r in rows]
        if kind == "bool":
            arrays[name] = np.array([-1 if v is None else int(v) for v in values], dtype=np.int8)
        elif kind == "date":
            arrays[name] = np.array([v or "NaT" for v in values], dtype="datetime64[D]")
        elif kind in ("money", "count"):
            arrays[name] = np.array([np.nan if v is None else v for v in values], dtype=float)
        else:
            arrays[name] = np.array(["" if v is None else v for v in values])
    return arrays


def test_columns_from_plain_numpy_arrays(registry):
    as_of = dt.date(2025, 3, 1)
    rows = _generated_rows(registry, "6405", "vulnerable_worker_aid", as_of, 7)
    evaluator = BatchEvaluator(registry, "6405", "vulnerable_worker_aid", as_of)
    result = evaluator.evaluate(Columns(len(rows), arrays=_as_arrays(rows)))
    _assert_same(registry, "6405", "vulnerable_worker_aid", as_of, rows, result)


def test_missing_columns_are_missing_facts(registry):
    evaluator = BatchEvaluator(registry, "6101", "palm_oil_worker_aid", dt.date(2026, 1, 15))
    result = evaluator.evaluate(Columns(3, arrays={"palm_oil_worker": np.array([1, 0, -1], dtype=np.int8)}))
    assert [result.outcome_name(i) for i in range(3)] == ["needs_information", "ineligible", "needs_information"]
    assert result.failed_rules(1) == ["palm_oil_worker"]
    assert result.missing_facts(0) == ["has_ktp", "domicile_regency_code", "birth_date", "already_protected"]
    assert result.missing_facts(2)[0] == "palm_oil_worker"


def test_records_with_invalid_facts_are_marked_invalid(registry):
    evaluator = BatchEvaluator(registry, "6101", "palm_oil_worker_aid", dt.date(2026, 1, 15))
    good = {"nik": "6101015506800001", "domicile_regency_code": "6101", "has_ktp": True,
            "palm_oil_worker": True, "already_protected": False}
    result = evaluator.evaluate_records([good, {"nik": "6101013102800001"}, dict(good, sex="M")])
    assert [result.outcome_name(i) for i in range(3)] == ["eligible", "invalid", "invalid"]
    assert result.errors[1][0][0] == "nik" and result.errors[2][0][0] == "sex"
    assert result.programs == ("JKK", "JKM")
    assert result.counts() == {"ineligible": 0, "eligible": 1, "needs_information": 0, "invalid": 2}
    assert result.row(0) == {"outcome": "eligible", "eligible": True, "programs": ["JKK", "JKM"],
                             "failed_rules": [], "missing_facts": []}
    assert result.row(1)["outcome"] == "invalid" and result.row(1)["errors"][0]["field"] == "nik"


def test_batch_raises_like_the_engine(registry):
    from eligibility.rules import NoRegulationInForce, SchemeNotOffered, UnknownRegency

    with pytest.raises(NoRegulationInForce):
        BatchEvaluator(registry, "6101", "palm_oil_worker_aid", dt.date(2025, 11, 20))
    with pytest.raises(SchemeNotOffered):
        BatchEvaluator(registry, "6207", "vulnerable_worker_aid", dt.date(2025, 6, 1))
    with pytest.raises(UnknownRegency):
        BatchEvaluator(registry, "0000", "vulnerable_worker_aid", dt.date(2025, 6, 1))


def test_object_columns_with_none_and_unnormalised_text(registry):
    evaluator = BatchEvaluator(registry, "6101", "vulnerable_worker_aid", dt.date(2026, 1, 15))
    columns = Columns(3, arrays={
        "occupation": np.array(["  Nelayan ", None, "GURU"], dtype=object),
        "vulnerable_worker": np.array([None, True, None], dtype=object),
        "birth_date": np.array([dt.date(1980, 1, 1), None, dt.date(1980, 1, 1)], dtype=object),
        "domicile_regency_code": np.array(["6101", "6101", "6101"]),
        "already_protected": np.array([False, False, False]),
        "actively_working": np.array([1, 1, 1], dtype=np.int8),
    })
    result = evaluator.evaluate(columns)
    assert [result.outcome_name(i) for i in range(3)] == ["eligible", "needs_information", "needs_information"]
    assert result.missing_facts(1) == ["birth_date"] and result.missing_facts(2) == ["vulnerable_worker"]


@pytest.mark.parametrize("regency,scheme,dates", SCHEMES, ids=[f"{r}-{s}" for r, s, _ in SCHEMES])
def test_chunks_give_the_one_pass_result(registry, regency, scheme, dates):
    """Rows are evaluated in cache-sized chunks (text columns coded once for all rows, ages read
    from one table of the whole batch's birth days): chunks of 97 rows give every row the
    result of one pass over all rows, which the test above proves equal to the engine."""
    rows = _generated_rows(registry, regency, scheme, dates[-1], 5)
    evaluator = BatchEvaluator(registry, regency, scheme, dates[-1])
    whole = evaluator.evaluate(Columns.from_facts(rows), chunk_rows=len(rows))
    chunked = evaluator.evaluate(Columns.from_facts(rows), chunk_rows=97)
    assert (chunked.outcome == whole.outcome).all()
    assert (chunked.failed == whole.failed).all() and (chunked.missing == whole.missing).all()
    assert whole.failed.any() and whole.missing.any()
