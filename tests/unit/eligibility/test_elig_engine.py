"""The engine's answer shape (docs/API.md §5), its errors, and its speed."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from eligibility.rules import (
    InvalidFacts,
    NoRegulationInForce,
    SchemeNotOffered,
    UnknownRegency,
    evaluate,
    reverify,
)

EXAMPLE = {"nik": "6101015506800001", "domicile_regency_code": "6101", "has_ktp": True, "palm_oil_worker": True,
           "already_protected": False}
DAY = dt.date(2026, 1, 15)


def test_response_matches_contract_section_5(registry):
    body = evaluate(registry, "6101", "palm_oil_worker_aid", DAY, EXAMPLE).to_dict()
    assert json.loads(json.dumps(body)) == body  # serialisable as is
    assert body["outcome"] == "eligible" and body["eligible"] is True
    assert body["regulation"] == {"id": "perbup-sambas-59-2025", "title": "Perbup Sambas No. 59/2025",
                                  "in_force_from": "2025-11-21"}
    assert body["programs"] == ["JKK", "JKM"] and body["missing_facts"] == []
    age = next(c for c in body["checks"] if c["rule"] == "age")
    assert {k: age[k] for k in ("rule", "passed", "requirement", "facts", "citation")} == {
        "rule": "age", "passed": True, "requirement": "18 <= age < 58", "facts": {"age": 45},
        "citation": "Perbup Sambas No. 59/2025 Pasal 26 ayat (1) huruf d"}
    assert all(c["citation"] for c in body["checks"])
    assert "6101015506800001" not in json.dumps(body)  # the NIK is never echoed


def test_needs_information_and_ineligible_shapes(registry):
    unknown = evaluate(registry, "6101", "palm_oil_worker_aid", DAY, {}).to_dict()
    assert (unknown["outcome"], unknown["eligible"], unknown["programs"]) == ("needs_information", None, [])
    assert unknown["missing_facts"] == ["palm_oil_worker", "has_ktp", "domicile_regency_code", "birth_date",
                                        "already_protected"]
    assert all(c["passed"] is None for c in unknown["checks"])
    failed = evaluate(registry, "6101", "palm_oil_worker_aid", DAY, dict(EXAMPLE, has_ktp=False)).to_dict()
    assert (failed["outcome"], failed["eligible"], failed["programs"]) == ("ineligible", False, [])
    assert failed["scheme_programs"] == ["JKK", "JKM"]


def test_errors_map_to_problems(registry):
    cases = [
        (UnknownRegency, 404, "unknown-regency", ("0000", "palm_oil_worker_aid", DAY, {})),
        (SchemeNotOffered, 422, "scheme-not-offered", ("6405", "palm_oil_worker_aid", DAY, {})),
        (
            NoRegulationInForce,
            422,
            "no-regulation-in-force",
            ("6101", "palm_oil_worker_aid", dt.date(2025, 11, 20), {}),
        ),
        (InvalidFacts, 422, "validation-error", ("6101", "palm_oil_worker_aid", DAY, dict(EXAMPLE, sex="M"))),
    ]
    for error, status, slug, args in cases:
        with pytest.raises(error) as raised:
            evaluate(registry, *args)
        problem = raised.value.to_problem().to_dict()
        assert (problem["status"], problem["type"].endswith(slug)) == (status, True)
    with pytest.raises(InvalidFacts) as raised:
        evaluate(registry, "6101", "palm_oil_worker_aid", DAY, dict(EXAMPLE, sex="M"))
    assert raised.value.to_problem().to_dict()["errors"][0]["field"] == "sex"


def test_reverification_refuses_identity_errors_when_the_scheme_has_no_identity_reason(registry):
    with pytest.raises(InvalidFacts):
        reverify(registry, "6101", "palm_oil_worker_aid", DAY, {"nik": "6101013102800001"})
