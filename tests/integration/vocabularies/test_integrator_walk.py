"""issue 13 "Done when": an integrator with only the API registers an employer, opens, imposes and
lifts a Lamandau sanction and checks clearance, every id taken from the vocabularies (no guessing)."""
from __future__ import annotations

import uuid

from tests.integration.conftest import eventually

LAMANDAU = "6207"


def _one(vocabulary: list[dict], **match) -> dict:
    found = [t for t in vocabulary if all(t.get(k) == v for k, v in match.items())]
    assert found, (match, vocabulary)
    return found[0]


async def _post(client, path: str, body: dict, expect: int = 200) -> dict:
    response = await client.post(path, json=body)
    assert response.status_code == expect, response.text
    return response.json()


async def test_register_open_impose_lift_and_clear_with_ids_from_the_vocabularies(api, infra, workers):
    registry, sanctions = await api("registry"), await api("sanctions")
    words = (await registry.get("/v1/vocabularies", params={"regency_code": LAMANDAU})).json()
    employer = await _post(registry, "/v1/employers", {
        "regency_code": LAMANDAU, "name": "PT Sawit Lamandau", "nib": str(10**12 + uuid.uuid4().int % 10**12),
        "kind": _one(words["employer_kinds"], id="non_state")["id"],
        "business_scale": words["business_scales"][0]["id"], "sector": words["sectors"][0]["id"],
        "address": "Jl. Nanga Bulik 1"}, expect=201)
    await workers("registry", "sanctions")
    await eventually(lambda: infra.sql("sanctions", "SELECT kind FROM known_employers WHERE employer_id = %s",
                                       (employer["id"],)) == [("non_state",)], timeout=30)

    law = (await sanctions.get("/v1/vocabularies", params={"regency_code": LAMANDAU})).json()
    violation = law["violations"][0]
    flow = law["case_flow"]
    # the flow says which evidence asks for TMP2T, what imposing requires and what lifts it
    asking = _one(flow, to="sanction_requested", **{"from": "open"})["by"]
    source = _one(law["sources"], evidence_kind=asking)["id"]
    case = await _post(sanctions, "/v1/cases", {
        "regency_code": LAMANDAU, "employer_id": employer["id"], "violation": violation["id"], "source": source,
        "reference": "B/1/2026"}, expect=201)
    assert case["state"] == "sanction_requested"
    impose = _one(flow, **{"from": "sanction_requested"}, to="imposed")
    for prerequisite in impose["requires_evidence"]:
        if prerequisite != asking:
            await _post(sanctions, f"/v1/cases/{case['id']}/evidence", {"kind": prerequisite, "reference": "R/2"})
    service = law["services"][0]
    decision = _one(law["decision_kinds"], id=impose["by"])["id"]
    imposed = await _post(sanctions, f"/v1/cases/{case['id']}/decisions", {
        "decision": decision, "decree_number": "188.45/7/2026", "services": [service["id"]]})
    assert imposed["state"] == "imposed"
    cleared = (await sanctions.get("/v1/clearance", params={"regency_code": LAMANDAU, "employer_id": employer["id"],
                                                             "service": service["id"]})).json()
    assert cleared["allowed"] is False
    assert service["executing_agency"] in str(cleared["executing_agency"])

    lift = _one(flow, **{"from": "imposed"}, to="lifted")
    assert lift["by"] == "lifting_evidence"
    for kind in violation["lifting_evidence"]:
        evidence = _one(law["evidence_kinds"], id=kind)
        body = {"kind": kind, "reference": f"BUKTI/{kind}"}
        if evidence["takes_amount"]:
            body["amount"] = 0  # BPJS's fine: no amount on file here, so nothing is outstanding
        last = await _post(sanctions, f"/v1/cases/{case['id']}/evidence", body)
    assert last["state"] == "lifted", last
    cleared = (await sanctions.get("/v1/clearance", params={"regency_code": LAMANDAU, "employer_id": employer["id"],
                                                             "service": service["id"]})).json()
    assert cleared["allowed"] is True
