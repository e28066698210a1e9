"""docs/API.md §9 exactly, over the API and a real database: cases, joining, decisions, evidence,
clearance, scopes and regency limits."""
from __future__ import annotations

import uuid

import pytest

from tests.integration.conftest import CLIENT_KEYS
from tests.integration.sanctions.helpers import case_body, clearance, open_case, post

LAMANDAU, SAMBAS = "6207", "6101"
SERVICES = ["business_license", "tender_permit", "foreign_worker_permit", "labor_provider_permit",
            "construction_company_permit", "building_approval"]


async def test_post_case_answers_201_with_id_and_get_returns_it(sanctions):
    employer = uuid.uuid4()
    created = await open_case(sanctions, SAMBAS, employer, source="inspector_recommendation", reference="560/1/PK")
    assert uuid.UUID(created["id"]) and created["joined"] is False
    response = await sanctions.get(f"/v1/cases/{created['id']}")
    assert response.status_code == 200
    case = response.json()
    assert (case["id"], case["employer_id"], case["violation"], case["state"]) == \
        (created["id"], str(employer), "employer_not_registered", "open")
    assert case["evidence"][0]["kind"] == "inspector_recommendation"
    assert case["history"][0]["evidence"]["attachments"] == "hasil pemeriksaan kepatuhan"


async def test_second_finding_for_the_same_employer_and_violation_joins_the_open_case(sanctions):
    employer = uuid.uuid4()
    first = await open_case(sanctions, SAMBAS, employer, source="system", reference="SYS/1")
    joined = await open_case(sanctions, SAMBAS, employer, expect=200, source="bpjs_request", reference="B/7/2026")
    assert joined["id"] == first["id"] and joined["joined"] is True
    assert joined["state"] == "sanction_requested"  # BPJS's letter asks for TMP2T
    other = await open_case(sanctions, SAMBAS, employer, violation="contributions_unpaid")
    assert other["id"] != first["id"]


async def test_concurrent_findings_land_in_one_case(sanctions):
    import asyncio
    employer = uuid.uuid4()
    answers = await asyncio.gather(*(sanctions.post("/v1/cases", json=case_body(SAMBAS, employer, reference=f"B/{i}"))
                                     for i in range(4)))
    assert sorted(r.status_code for r in answers) == [200, 200, 200, 201]
    assert len({r.json()["id"] for r in answers}) == 1


async def test_imposing_without_every_prerequisite_is_422_naming_it_with_its_article(sanctions):
    case = await open_case(sanctions, LAMANDAU, source="bpjs_request", reference="B/100/2026")
    response = await sanctions.post(f"/v1/cases/{case['id']}/decisions",
                                    json={"decision": "impose", "decree_number": "188.45/1/2026",
                                          "services": ["business_license"]})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["type"].endswith("prerequisites-not-met")
    assert [m["id"] for m in problem["missing"]] == ["inspector_recommendation"]
    assert "Perbup Lamandau No. 25/2024 Pasal 30 ayat (3)" in problem["detail"]
    assert problem["errors"][0]["field"] == "inspector_recommendation"
    assert (await sanctions.get(f"/v1/cases/{case['id']}")).json()["state"] == "sanction_requested"


async def test_evidence_lifts_only_when_every_condition_holds(sanctions):
    employer = uuid.uuid4()
    case = await open_case(sanctions, SAMBAS, employer, date="2026-11-01")
    imposed = await post(sanctions, f"/v1/cases/{case['id']}/decisions",
                         {"decision": "impose", "decree_number": "800/5/2026", "services": ["business_license"],
                          "date": "2026-11-02"})
    assert imposed["state"] == "imposed"
    assert imposed["sanction"]["executing_agencies"]["business_license"]["short_name"] == "DPMPTSP"

    paid = await post(sanctions, f"/v1/cases/{case['id']}/evidence",
                      {"kind": "fine_paid", "reference": "NTPN-1", "date": "2026-11-02"})
    assert paid["state"] == "imposed"
    assert [m["id"] for m in paid["decision"]["missing"]] == ["registered"]
    assert (await clearance(sanctions, SAMBAS, "business_license", employer_id=str(employer)))["allowed"] is False

    lifted = await post(sanctions, f"/v1/cases/{case['id']}/evidence",
                        {"kind": "registered", "reference": "BPJS-REG-9", "date": "2026-11-03"})
    assert (lifted["state"], lifted["lifted_on"]) == ("lifted", "2026-11-03")
    assert (await clearance(sanctions, SAMBAS, "business_license", employer_id=str(employer)))["allowed"] is True


async def test_clearance_shape_and_unknown_employer(sanctions):
    body = await clearance(sanctions, SAMBAS, "tender_permit", employer_id=str(uuid.uuid4()))
    assert {"allowed", "reasons", "active_sanctions", "executing_agency"} <= set(body)
    assert body["allowed"] is True and body["active_sanctions"] == []
    assert "tidak tercatat" in body["reasons"][0]
    assert body["executing_agency"]["id"] == "dpmptsp"
    assert {"id", "name", "short_name", "role", "citation"} <= set(body["executing_agency"])


@pytest.mark.parametrize("params, field", [
    ({"service": "fishing_licence", "employer_id": str(uuid.uuid4())}, "service"),
    ({"service": "business_license"}, "employer_id"),
    ({"service": "business_license", "employer_id": "not-a-uuid"}, "employer_id"),
])
async def test_clearance_bad_input_is_422(sanctions, params, field):
    response = await sanctions.get("/v1/clearance", params={"regency_code": SAMBAS, **params})
    assert response.status_code == 422
    assert field in [e["field"] for e in response.json()["errors"]]


async def test_every_contract_service_is_answered(sanctions):
    for service in SERVICES:
        assert (await clearance(sanctions, SAMBAS, service, nib="9120000000001"))["allowed"] is True


@pytest.mark.parametrize("body, field", [
    ({"extra": 1}, "extra"),
    ({"source": "rumour"}, "source"),
    ({"employer_id": "x"}, "employer_id"),
    ({"regency_code": "61"}, "regency_code"),
])
async def test_bad_case_bodies_are_422(sanctions, body, field):
    response = await sanctions.post("/v1/cases", json={**case_body(SAMBAS), **body})
    assert response.status_code == 422
    assert field in [e["field"] for e in response.json()["errors"]]


async def test_unknown_violation_is_422_with_the_sanctionable_ones(sanctions):
    response = await sanctions.post("/v1/cases", json=case_body(SAMBAS, violation="littering"))
    assert response.status_code == 422
    assert "employer_not_registered" in response.json()["detail"]


async def test_unknown_case_and_unknown_regency_are_404(sanctions):
    assert (await sanctions.get(f"/v1/cases/{uuid.uuid4()}")).status_code == 404
    assert (await sanctions.post("/v1/cases", json=case_body("9999"))).status_code == 404


async def test_scopes_and_regency_limits(api, sanctions):
    clerk = await api("sanctions", key=CLIENT_KEYS["clerk-6101"])
    viewer = await api("sanctions", key=CLIENT_KEYS["viewer-6101"])
    oss = await api("sanctions", key=CLIENT_KEYS["oss"])
    anonymous = await api("sanctions", key=None)
    lamandau_case = await open_case(sanctions, LAMANDAU)
    sambas_case = await open_case(clerk, SAMBAS)

    assert (await anonymous.get(f"/v1/cases/{sambas_case['id']}")).status_code == 401
    assert (await viewer.get(f"/v1/cases/{sambas_case['id']}")).status_code == 200
    assert (await viewer.post("/v1/cases", json=case_body(SAMBAS))).status_code == 403
    assert (await clerk.post("/v1/cases", json=case_body(LAMANDAU))).status_code == 403
    assert (await clerk.get(f"/v1/cases/{lamandau_case['id']}")).status_code == 403
    assert (await clerk.post(f"/v1/cases/{lamandau_case['id']}/evidence",
                             json={"kind": "registered", "reference": "R"})).status_code == 403
    assert (await oss.get(f"/v1/cases/{sambas_case['id']}")).status_code == 403
    assert (await clerk.get("/v1/clearance", params={"regency_code": SAMBAS, "service": "business_license",
                                                      "nib": "1"})).status_code == 403
    assert (await oss.get("/v1/clearance", params={"regency_code": LAMANDAU, "service": "business_license",
                                                    "nib": "1"})).status_code == 200


async def test_decision_on_a_closed_case_is_a_conflict(sanctions):
    case = await open_case(sanctions, SAMBAS)
    await post(sanctions, f"/v1/cases/{case['id']}/decisions", {"decision": "reject", "decree_number": "800/9/2026"})
    response = await sanctions.post(f"/v1/cases/{case['id']}/decisions",
                                    json={"decision": "impose", "decree_number": "800/10/2026"})
    assert response.status_code == 409


async def test_future_dates_are_refused(sanctions):
    case = await open_case(sanctions, SAMBAS)
    response = await sanctions.post(f"/v1/cases/{case['id']}/evidence",
                                    json={"kind": "registered", "reference": "R", "date": "2999-01-01"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "date"
