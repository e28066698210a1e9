"""Runs the legislation test files cases/<regency>.yaml (OpenFisca style) against the engine."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from eligibility.rules import RulesError, evaluate

CASES_DIR = Path(__file__).parent / "cases"


def _load_cases():
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]:
            yield pytest.param(case, id=f"{path.stem}::{case['name']}")


ALL_CASES = list(_load_cases())


def test_every_case_file_has_cases():
    files = {p.id.split("::")[0] for p in ALL_CASES}
    assert files == {"5304-timor-tengah-selatan", "6101-sambas", "6207-lamandau", "6309-tabalong", "6405-berau"}


@pytest.mark.parametrize("case", ALL_CASES)
def test_legislation_case(registry, case):
    expected = case["expected"]
    as_of = dt.date.fromisoformat(case["as_of"])
    if "error" in expected:
        with pytest.raises(RulesError) as raised:
            evaluate(registry, case["regency_code"], case["scheme"], as_of, case["applicant"])
        assert raised.value.slug == expected["error"]
        if "fields" in expected:
            assert sorted(f for f, _ in raised.value.errors) == sorted(expected["fields"])
        return
    result = evaluate(registry, case["regency_code"], case["scheme"], as_of, case["applicant"])
    failed = [c.rule for c in result.checks if c.passed is False]
    assert result.outcome == expected["outcome"], (failed, result.missing_facts)
    assert result.eligible == {"eligible": True, "ineligible": False, "needs_information": None}[expected["outcome"]]
    if "programs" in expected:
        assert list(result.programs) == expected["programs"]
    if "failed_rules" in expected:
        assert failed == expected["failed_rules"]
    if "missing_facts" in expected:
        assert list(result.missing_facts) == expected["missing_facts"]
    for check in result.checks:
        assert check.citation and check.citation.startswith(result.regulation.title), check
