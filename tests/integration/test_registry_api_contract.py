"""docs/API.md §2–§4 and §7 on the participant endpoints: auth, problems, masking, idempotency."""
from __future__ import annotations

import datetime as dt

from tests.factories import participant_body
from tests.integration.conftest import CLIENT_KEYS


async def test_missing_and_unknown_keys_are_401(infra, api):
    anonymous = await api("registry", key=None)
    response = await anonymous.post("/v1/participants", json=participant_body())
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")
    unknown = await api("registry", key="not-a-key")
    assert (await unknown.get("/v1/participants", params={"regency_code": "6101", "nik": "1"})).status_code == 401


async def test_scope_and_regency_limits_are_403(infra, api):
    viewer = await api("registry", key=CLIENT_KEYS["viewer-6101"])
    assert (await viewer.post("/v1/participants", json=participant_body("6101"))).status_code == 403
    clerk = await api("registry", key=CLIENT_KEYS["clerk-6101"])
    response = await clerk.post("/v1/participants", json=participant_body("6405"))
    assert response.status_code == 403
    assert "6405" in response.json()["detail"]


async def test_malformed_nik_is_422_naming_the_field(infra, api):
    registry = await api("registry")
    for bad in ("123", "61010155068000AB", "9901011203850001", "6101013213850001"):
        response = await registry.post("/v1/participants", json=participant_body(nik=bad))
        assert response.status_code == 422, bad
        body = response.json()
        assert body["type"].endswith("validation-error")
        assert {"field", "message"} <= set(body["errors"][0])
        assert body["errors"][0]["field"] == "nik", body


async def test_birth_date_and_sex_must_match_the_nik(infra, api):
    registry = await api("registry")
    body = participant_body(birth_date=dt.date(1990, 5, 1), sex="F", serial=9001)
    body.update(birth_date="1990-05-02", sex="M")
    response = await registry.post("/v1/participants", json=body)
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"birth_date", "sex"}


async def test_unknown_field_and_bad_json_are_422_and_nothing_is_saved(infra, api):
    registry = await api("registry")
    body = participant_body(serial=9002)
    response = await registry.post("/v1/participants", json={**body, "status": "active"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "status"
    response = await registry.post(
        "/v1/participants", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert infra.sql("registry", "SELECT count(*) FROM participants WHERE full_name = 'never'")[0][0] == 0


async def test_oversized_body_is_413_before_parsing(infra, api):
    registry = await api("registry")
    response = await registry.post("/v1/participants", content=b"x" * 2_000_000,
                                   headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.json()["type"].endswith("payload-too-large")


async def test_same_nik_twice_in_a_regency_is_409_but_allowed_in_another(infra, api):
    registry = await api("registry")
    body = participant_body("6101", serial=9003)
    assert (await registry.post("/v1/participants", json=body)).status_code == 201
    second = await registry.post("/v1/participants", json=body)
    assert second.status_code == 409
    assert second.json()["status"] == 409
    assert (await registry.post("/v1/participants", json={**body, "regency_code": "6309"})).status_code == 201


async def test_idempotency_key_returns_first_answer_and_rejects_other_body(infra, api):
    registry = await api("registry")
    body = participant_body("6101", serial=9004)
    headers = {"Idempotency-Key": "retry-9004"}
    first = await registry.post("/v1/participants", json=body, headers=headers)
    again = await registry.post("/v1/participants", json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    other = await registry.post("/v1/participants", json={**body, "full_name": "Lain"}, headers=headers)
    assert other.status_code == 422


async def test_nik_is_masked_without_pii_scope_and_reads_are_audited(infra, api):
    registry = await api("registry")
    body = participant_body("6101", serial=9005)
    created = (await registry.post("/v1/participants", json=body)).json()
    viewer = await api("registry", key=CLIENT_KEYS["viewer-6101"])
    seen = (await viewer.get(f"/v1/participants/{created['id']}")).json()
    assert seen["nik"] == body["nik"][:6] + "******" + body["nik"][-4:]
    assert "mother_maiden_name" not in seen and "address" not in seen
    found = (await viewer.get("/v1/participants", params={"regency_code": "6101", "nik": body["nik"]})).json()
    assert found["count"] == 1 and found["items"][0]["nik"] == seen["nik"]
    officer = await api("registry", key=CLIENT_KEYS["pii-officer"])
    full = (await officer.get(f"/v1/participants/{created['id']}", params={"purpose": "verifikasi BPJS"})).json()
    assert full["nik"] == body["nik"] and full["mother_maiden_name"] == body["mother_maiden_name"]
    assert full["latitude"] == body["latitude"]
    audit = infra.sql("registry", "SELECT client, purpose FROM personal_data_access WHERE subject_id = %s",
                      (created["id"],))
    assert audit == [("pii-officer", "verifikasi BPJS")]
    stored = infra.sql(
        "registry", "SELECT nik_cipher, address_cipher FROM participants WHERE id = %s", (created["id"],)
    )
    assert body["nik"] not in stored[0][0] and "Gusti" not in stored[0][1]


async def test_other_regency_participant_is_not_visible(infra, api):
    registry = await api("registry")
    created = (await registry.post("/v1/participants", json=participant_body("6405", serial=9006))).json()
    clerk = await api("registry", key=CLIENT_KEYS["clerk-6101"])
    assert (await clerk.get(f"/v1/participants/{created['id']}")).status_code == 404


async def test_health_and_readiness(infra, api):
    registry = await api("registry", key=None)
    assert (await registry.get("/healthz")).status_code == 200
    ready = await registry.get("/readyz")
    assert ready.status_code == 200 and ready.json()["checks"] == {"database": True, "broker": True}
    assert (await registry.get("/openapi.json")).status_code == 200
