"""Issue 10 item 7: an evaluation cannot name another regency's participant, and a case cannot
name another regency's employer (each service knows them from the registry's events, through its
own read model)."""
from __future__ import annotations

import uuid

from tests.factories import participant_body
from tests.integration.conftest import eventually
from tests.integration.registry.helpers import employer_body

CASE = {"violation": "employer_not_registered", "source": "bpjs_request", "reference": "B/7/2026",
        "evidence": "hasil pemeriksaan"}


async def test_ids_of_another_regency_are_refused(infra, api, workers):
    registry = await api("registry")
    participant = (await registry.post("/v1/participants", json=participant_body("6207", serial=8801))).json()["id"]
    lamandau = (await registry.post("/v1/employers", json=employer_body("6207", sector="general"))).json()["id"]
    sambas = (await registry.post("/v1/employers", json=employer_body("6101"))).json()["id"]
    await workers("registry", "eligibility", "sanctions")
    await eventually(lambda: infra.sql("eligibility", "SELECT count(*) FROM recipients WHERE participant_id = %s",
                                       (participant,))[0][0] == 1, timeout=30)
    await eventually(lambda: infra.sql("sanctions", "SELECT count(*) FROM known_employers WHERE employer_id IN "
                                                    "(%s, %s)", (lamandau, sambas))[0][0] == 2, timeout=30)

    eligibility = await api("eligibility")
    evaluation = await eligibility.post("/v1/evaluations", json={
        "regency_code": "6101", "scheme": "palm_oil_worker_aid", "participant_id": participant})
    assert evaluation.status_code == 422, evaluation.text
    assert [e["field"] for e in evaluation.json()["errors"]] == ["participant_id"]
    assert infra.sql("eligibility", "SELECT count(*) FROM evaluations WHERE participant_id = %s",
                     (participant,)) == [(0,)]

    sanctions = await api("sanctions")
    refused = await sanctions.post("/v1/cases", json={**CASE, "regency_code": "6101", "employer_id": lamandau})
    assert refused.status_code == 422, refused.text
    assert [e["field"] for e in refused.json()["errors"]] == ["employer_id"]
    assert infra.sql("sanctions", "SELECT count(*) FROM cases WHERE employer_id = %s", (lamandau,)) == [(0,)]
    accepted = await sanctions.post("/v1/cases", json={**CASE, "regency_code": "6101", "employer_id": sambas})
    assert accepted.status_code == 201, accepted.text
    # an employer sanctions has not heard of opens as an unconfirmed subject (the registry's event may
    # be on its way) and cannot be imposed on until the registry announces it
    unknown = await sanctions.post("/v1/cases", json={**CASE, "regency_code": "6101", "employer_id": str(uuid.uuid4())})
    assert unknown.status_code == 201 and unknown.json()["subject"]["confirmed"] is False
