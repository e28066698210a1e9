"""The first slice end to end: POST /v1/participants emits ParticipantRegistered through the
outbox; reporting consumes it and GET /v1/coverage counts it."""
from __future__ import annotations

import time

import httpx

from tests.factories import participant_body
from tests.integration.conftest import ADMIN_KEY, eventually

HEADERS = {"X-API-Key": ADMIN_KEY}


async def test_registration_reaches_coverage_in_process(clean, api, workers):
    registry, reporting = await api("registry"), await api("reporting")
    await workers("registry", "reporting")
    response = await registry.post("/v1/participants", json=participant_body("6101", sex="F"))
    assert response.status_code == 201, response.text
    assert response.json()["nik"].count("*") == 6

    async def counted():
        body = (await reporting.get("/v1/coverage", params={"regency_code": "6101"})).json()
        return body if body["participants"] == 1 else None

    coverage = await eventually(counted, timeout=10)
    assert coverage["by_category"] == {"vulnerable_worker": 1}
    assert coverage["by_sex"] == {"F": 1}
    assert coverage["newest_event_at"] is not None
    outbox = clean.sql("registry", "SELECT event_type, published_at IS NOT NULL, envelope FROM outbox")
    assert [(r[0], r[1]) for r in outbox] == [("ParticipantRegistered", True)]
    assert "nik" not in outbox[0][2]["payload"]


async def test_real_processes_show_registration_in_coverage_within_two_seconds(clean, processes):
    for service in ("registry", "reporting"):
        processes.start(service, "api")
        processes.start(service, "worker")
    processes.wait_ready("registry")
    processes.wait_ready("reporting")
    registry, reporting = processes.base_url("registry"), processes.base_url("reporting")
    async with httpx.AsyncClient(headers=HEADERS, timeout=5) as http:
        await _wait_for_consumer_group(http, registry, reporting)
        started = time.monotonic()
        response = await http.post(f"{registry}/v1/participants", json=participant_body("6405", serial=4242))
        assert response.status_code == 201, response.text

        async def counted():
            body = (await http.get(f"{reporting}/v1/coverage", params={"regency_code": "6405"})).json()
            return body["participants"] == 2

        await eventually(counted, timeout=2.0, interval=0.02)
        assert time.monotonic() - started < 2.0


async def _wait_for_consumer_group(http, registry, reporting):
    """A warm-up registration: the consumer group joins once; later registrations are timed."""
    assert (
        await http.post(f"{registry}/v1/participants", json=participant_body("6405", serial=4241))
    ).status_code == 201

    async def counted():
        body = (await http.get(f"{reporting}/v1/coverage", params={"regency_code": "6405"})).json()
        return body["participants"] == 1

    await eventually(counted, timeout=30)


async def test_correlation_id_travels_from_http_into_the_event(clean, api):
    registry = await api("registry")
    response = await registry.post("/v1/participants", json=participant_body("6207", serial=77),
                                   headers={"X-Correlation-ID": "oss-req-2026-0001"})
    assert response.status_code == 201
    assert response.headers["x-correlation-id"] == "oss-req-2026-0001"
    assert response.headers["x-request-id"]
    envelope = clean.sql("registry", "SELECT envelope FROM outbox")[0][0]
    assert envelope["correlation_id"] == "oss-req-2026-0001"
    assert envelope["producer"] == "registry" and envelope["regency_code"] == "6207"
    assert set(envelope) == {"event_id", "event_type", "event_version", "occurred_at", "producer", "regency_code",
                             "correlation_id", "payload"}
