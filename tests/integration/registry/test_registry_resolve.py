"""NIK → participant id resolution for one regency (a BPJS invoice imported per NIK): only for
`pii:read` or `registry:resolve` clients, answered by position (no NIK echoed), at most 20,000 NIKs
per call, every call audited; other regencies are refused."""
from __future__ import annotations

import datetime as dt

from tests.factories import make_nik, participant_body
from tests.integration.conftest import CLIENT_KEYS

BIRTH = dt.date(1966, 7, 19)  # this module's NIKs
CALLS = "SELECT client, regency_code, requested, resolved FROM nik_resolutions WHERE client = %s"


async def test_resolves_by_position_without_echoing_niks_and_audits_each_call(infra, api):
    registry = await api("registry")
    known = []
    for serial in (1, 2):
        body = participant_body("6101", birth_date=BIRTH, serial=serial)
        response = await registry.post("/v1/participants", json=body)
        assert response.status_code == 201, response.text
        known.append((body["nik"], response.json()["id"]))
    unregistered, invalid = make_nik("6101", BIRTH, serial=3), "12345"
    body = {"regency_code": "6101", "niks": [unregistered, known[1][0], invalid, known[0][0]]}
    resolver = await api("registry", key=CLIENT_KEYS["aid-resolver"])
    response = await resolver.post("/v1/participants/resolve", json=body)
    assert response.status_code == 200, response.text
    assert response.json() == {"participant_ids": [None, known[1][1], None, known[0][1]], "resolved": 2, "unknown": 2}
    assert not any(nik in response.text for nik, _ in known)
    this_call = CALLS + " AND request_id = %s"
    assert infra.sql("registry", this_call, ("aid-resolver", response.headers["x-request-id"])) == [
        ("aid-resolver", "6101", 4, 2)]
    audited = ("SELECT count(*) FROM personal_data_access WHERE purpose = 'pencocokan tagihan BPJS' AND client = %s "
               "AND request_id = %s")
    assert infra.sql("registry", audited, ("aid-resolver", response.headers["x-request-id"]))[0][0] == 2
    officer = await api("registry", key=CLIENT_KEYS["pii-officer"])
    by_officer = await officer.post("/v1/participants/resolve", json=body)
    assert by_officer.json()["resolved"] == 2
    assert infra.sql("registry", audited, ("pii-officer", by_officer.headers["x-request-id"]))[0][0] == 2
    assert (await officer.post("/v1/participants/resolve", json={**body, "regency_code": "6207"})).json() == {
        "participant_ids": [None] * 4, "resolved": 0, "unknown": 4}


async def test_registry_read_alone_is_not_enough(infra, api):
    clerk = await api("registry", key=CLIENT_KEYS["clerk-6101"])
    body = {"regency_code": "6101", "niks": [make_nik("6101", BIRTH, serial=9)]}
    assert (await clerk.post("/v1/participants/resolve", json=body)).status_code == 403
    assert infra.sql("registry", CALLS, ("clerk-6101",)) == []


async def test_size_is_limited(infra, api):
    resolver = await api("registry", key=CLIENT_KEYS["aid-resolver"])
    body = {"regency_code": "6101", "niks": [make_nik("6101", BIRTH, serial=5)] * 20_001}
    response = await resolver.post("/v1/participants/resolve", json=body)
    assert response.status_code in (413, 422)


async def test_other_methods_on_the_resolve_path_are_405(infra, api):
    registry = await api("registry")
    response = await registry.get("/v1/participants/resolve")
    assert response.status_code == 405 and response.headers["allow"] == "POST"
    assert response.headers["content-type"].startswith("application/problem+json")
