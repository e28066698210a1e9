"""docs/API.md §6 required programmes, benefit checks, rankings and the law-as-data reading, over
the in-process app."""
from __future__ import annotations

import pytest

from tests.integration.conftest import CLIENT_KEYS


@pytest.mark.parametrize("body,mandatory,optional", [
    ({"regency_code": "6405", "as_of": "2025-03-01", "worker_type": "pu", "employer_kind": "non_state",
      "business_scale": "large", "sector": "general", "migrant": False}, ["JKK", "JKM", "JHT", "JP"], ["JKP"]),
    ({"regency_code": "6101", "as_of": "2026-01-15", "worker_type": "pu", "employer_kind": "non_state",
      "business_scale": "small", "sector": "construction", "migrant": False}, ["JKK", "JKM", "JHT"], []),
    ({"regency_code": "6207", "as_of": "2025-06-01", "worker_type": "pu", "employer_kind": "non_state",
      "business_scale": "large", "sector": "general", "migrant": False}, ["JKK", "JKM", "JHT", "JP"], []),
])
async def test_required_programs(api, body, mandatory, optional):
    eligibility = await api("eligibility")
    response = await eligibility.post("/v1/required-programs", json=body)
    assert response.status_code == 200, response.text
    answer = response.json()
    assert (answer["mandatory"], answer["optional"]) == (mandatory, optional)
    assert answer["citations"] and all(isinstance(c, str) for c in answer["citations"])
    assert "JKP" not in answer["mandatory"] + answer["optional"] or body["regency_code"] != "6207"


@pytest.mark.parametrize("body,status,slug", [
    ({"regency_code": "9999", "worker_type": "bpu"}, 404, "unknown-regency"),
    ({"regency_code": "6101", "as_of": "2025-01-01", "worker_type": "bpu"}, 422, "no-regulation-in-force"),
    ({"regency_code": "6101", "worker_type": "bpu", "employer": "x"}, 422, "validation-error"),
    ({"regency_code": "6101", "business_scale": "huge"}, 422, "validation-error"),
])
async def test_required_programs_refusals(api, body, status, slug):
    response = await (await api("eligibility")).post("/v1/required-programs", json=body)
    assert response.status_code == status and response.json()["type"].endswith(slug), response.text


async def test_benefit_checks(api):
    eligibility = await api("eligibility")

    async def check(body):
        response = await eligibility.post(
            "/v1/benefit-checks", json={"regency_code": "6309", "as_of": "2026-01-15", **body}
        )
        assert response.status_code == 200, response.text
        return response.json()

    jht = await check({"benefit": "jht", "facts": {"birth_date": "1969-01-15"}})
    assert (jht["benefit"], jht["outcome"]) == ("JHT", "eligible") and all(c["citation"] for c in jht["checks"])
    jp = await check({"benefit": "jp", "facts": {"birth_date": "1960-01-01"}, "contribution_months": 120})
    assert jp["outcome"] == "lump_sum"
    jkp = await check({"benefit": "jkp", "termination_reason": "resignation"})
    assert (jkp["outcome"], jkp["eligible"]) == ("ineligible", False)
    jkk = await check({"benefit": "jkk", "event_date": "2021-01-15"})
    assert jkk["lapses_on"] == "2026-01-15"
    lamandau = await eligibility.post("/v1/benefit-checks", json={"regency_code": "6207", "as_of": "2025-06-01",
                                                                   "benefit": "jkp", "termination_reason": "dismissal"})
    assert lamandau.json()["outcome"] == "ineligible"  # Lamandau does not run JKP


@pytest.mark.parametrize("body,field", [
    ({"benefit": "jkp", "termination_reason": "bored"}, "termination_reason"),
    ({"benefit": "jht", "facts": {"nik": "6309013102800001"}}, "facts.nik"),
    ({"benefit": "jht", "event_date": "2021-01-15"}, "event_date"),
    ({"benefit": "pension"}, None),
])
async def test_benefit_check_refusals(api, body, field):
    response = await (await api("eligibility")).post("/v1/benefit-checks", json={"regency_code": "6309", **body})
    assert response.status_code == 422, response.text
    if field:
        assert any(e["field"].endswith(field) for e in response.json()["errors"]), response.json()


async def test_ranking_orders_candidates_with_cited_reasons(api):
    eligibility = await api("eligibility")
    candidates = [
        {"id": "a", "facts": {"poverty_level": "poor", "dependants": 1}},
        {"id": "b", "facts": {"poverty_level": "extreme_poor", "dependants": 2, "sex": "F"}},
        {"id": "c", "facts": {"poverty_level": "poor", "dependants": 1}},
    ]
    response = await eligibility.post(
        "/v1/rankings",
        json={
            "regency_code": "5304",
            "scheme": "vulnerable_worker_aid",
            "as_of": "2026-01-15",
            "quota": 2,
            "candidates": candidates,
        },
    )
    assert response.status_code == 200, response.text
    ranking = response.json()["ranking"]
    assert [(r["id"], r["rank"], r["within_quota"]) for r in ranking] == [
        ("b", 1, True),
        ("a", 2, True),
        ("c", 3, False),
    ]
    assert all(reason["citation"].startswith("Perbup TTS No. 20/2025") for reason in ranking[0]["reasons"])
    duplicate = await eligibility.post("/v1/rankings", json={"regency_code": "5304", "scheme": "vulnerable_worker_aid",
                                                             "candidates": [candidates[0], candidates[0]]})
    assert duplicate.status_code == 422
    invalid = await eligibility.post("/v1/rankings", json={"regency_code": "5304", "scheme": "vulnerable_worker_aid",
                                                           "candidates": [{"id": "x", "facts": {"sex": "Q"}}]})
    assert invalid.json()["errors"][0]["field"] == "candidates.0.facts.sex"
    unranked = await eligibility.post("/v1/rankings", json={"regency_code": "6207", "scheme": "bpu_registration",
                                                            "as_of": "2025-06-01", "candidates": candidates})
    assert unranked.status_code == 422 and unranked.json()["type"].endswith("not-configured")


async def test_regulations_read_as_data(api):
    clerk = await api("eligibility", key=CLIENT_KEYS["clerk-6101"])
    listing = (await clerk.get("/v1/regulations")).json()["items"]
    assert [r["regency_code"] for r in listing] == ["6101"]
    assert listing[0]["schemes"] == ["palm_oil_worker_aid", "religious_worker_aid", "vulnerable_worker_aid"]
    detail = (await clerk.get("/v1/regulations/6101", params={"as_of": "2026-01-15"})).json()
    assert detail["regulation"]["id"] == "perbup-sambas-59-2025" and detail["version"]
    palm = next(s for s in detail["schemes"] if s["id"] == "palm_oil_worker_aid")
    age = next(c for c in palm["conditions"] if c["rule"] == "age")
    assert (age["requirement"], age["citation"]) == (
        "18 <= age < 58",
        "Perbup Sambas No. 59/2025 Pasal 26 ayat (1) huruf d",
    )
    assert any(i["name"] == "pasal_25_2_dbh_sawit_for_pasal_11" for i in detail["interpretations"])
    before = (await clerk.get("/v1/regulations/6101", params={"as_of": "2025-01-01"})).json()
    assert before["regulation"] is None and before["schemes"] == []
    assert (await clerk.get("/v1/regulations/6405")).status_code == 403
    assert (await (await api("eligibility")).get("/v1/regulations/9999")).status_code == 404
