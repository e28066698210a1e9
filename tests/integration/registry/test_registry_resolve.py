"""NIK → participant id resolution for one regency (a BPJS invoice imported per NIK): only the
regency's registered NIKs resolve, the rest are counted unknown, other regencies are refused."""
from __future__ import annotations

import datetime as dt

from tests.factories import make_nik, participant_body
from tests.integration.conftest import CLIENT_KEYS

BIRTH = dt.date(1966, 7, 19)  # this module's NIKs


async def test_resolves_the_regencys_niks_and_counts_the_rest_unknown(infra, api):
    registry = await api("registry")
    known = []
    for serial in (1, 2):
        body = participant_body("6101", birth_date=BIRTH, serial=serial)
        response = await registry.post("/v1/participants", json=body)
        assert response.status_code == 201, response.text
        known.append((body["nik"], response.json()["id"]))
    unregistered, invalid = make_nik("6101", BIRTH, serial=3), "12345"
    clerk = await api("registry", key=CLIENT_KEYS["clerk-6101"])
    body = {"regency_code": "6101", "niks": [nik for nik, _ in known] + [unregistered, invalid]}
    response = await clerk.post("/v1/participants/resolve", json=body)
    assert response.status_code == 200, response.text
    assert response.json() == {"resolved": dict(known), "unknown": 2}
    audited = "SELECT count(*) FROM personal_data_access WHERE purpose = 'pencocokan tagihan BPJS' AND client = %s"
    assert infra.sql("registry", audited, ("clerk-6101",))[0][0] == 0  # no pii:read, nothing disclosed
    officer = await api("registry", key=CLIENT_KEYS["pii-officer"])
    assert (await officer.post("/v1/participants/resolve", json=body)).json()["resolved"] == dict(known)
    assert infra.sql("registry", audited, ("pii-officer",))[0][0] == 2
    elsewhere = await clerk.post("/v1/participants/resolve", json={**body, "regency_code": "6207"})
    assert elsewhere.status_code == 403
    assert (await officer.post("/v1/participants/resolve", json={**body, "regency_code": "6207"})).json() == {
        "resolved": {}, "unknown": 4}
