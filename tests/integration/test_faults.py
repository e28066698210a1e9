"""Faults under traffic (issue 12): the broker restarted empty while a consumer runs, PostgreSQL
restarted fast and immediate, the API during a database outage. Real PostgreSQL, real tansu,
real service processes; every event must reach the read model exactly once in effect and no
worker may exit."""
from __future__ import annotations

import asyncio
import uuid

import httpx
import pytest

from shared.devstack.services import BY_NAME
from tests.factories import participant_body
from tests.integration.conftest import ADMIN_KEY, eventually
from tests.integration.test_delivery_guarantees import REGENCY, coverage_state


async def register_through_outages(http: httpx.AsyncClient, count: int, start: int, statuses: list[int]) -> None:
    """A well-behaved client: retries on 503 (after Retry-After, shortened for the test) and on
    connection errors; a retry of a registration that did commit answers 409, which is fine."""
    for i in range(start, start + count):
        body = participant_body(REGENCY, serial=i)
        for _attempt in range(200):
            try:
                response = await http.post("/v1/participants", json=body)
            except httpx.TransportError:
                await asyncio.sleep(0.2)
                continue
            statuses.append(response.status_code)
            if response.status_code in (201, 409):
                break
            assert response.status_code == 503, response.text
            assert response.headers["retry-after"] and response.headers["content-type"] == "application/problem+json"
            await asyncio.sleep(0.2)
        else:
            raise AssertionError(f"registration {i} never succeeded")


def exactly_once(infra, count: int) -> None:
    assert coverage_state(infra) == (count, count)
    inbox = infra.sql("reporting", "SELECT count(*), count(DISTINCT event_id) FROM inbox WHERE consumer = 'coverage'")
    assert inbox == [(count, count)]
    assert infra.sql("reporting", "SELECT count(*) FROM dead_letters") == [(0,)]


def start_system(processes) -> list:
    procs = [processes.start("registry", "api"), processes.start("registry", "worker"),
             processes.start("reporting", "worker")]
    processes.wait_ready("registry")
    return procs


@pytest.mark.parametrize("kill", [False, True], ids=["sigterm", "sigkill"])
async def test_broker_restarted_empty_with_consumer_running_and_traffic_flowing_loses_nothing(clean, processes, kill):
    procs = start_system(processes)
    statuses: list[int] = []
    async with httpx.AsyncClient(base_url=processes.base_url("registry"), headers={"X-API-Key": ADMIN_KEY},
                                 timeout=30) as http:
        traffic = asyncio.create_task(register_through_outages(http, 40, 600, statuses))
        await eventually(lambda: coverage_state(clean)[0] >= 10, timeout=60, interval=0.1)
        await asyncio.to_thread(clean.broker.restart, kill=kill)  # tansu's new log is empty
        await traffic
        await register_through_outages(http, 5, 700, statuses)
    await eventually(lambda: coverage_state(clean) == (45, 45), timeout=120, interval=0.2)
    await asyncio.sleep(2.0)
    exactly_once(clean, 45)
    assert all(p.poll() is None for p in procs), "no process may exit because the broker restarted"


@pytest.fixture
def durable_commits(clean):
    """The test server runs with synchronous_commit=off for speed, so an immediate stop would
    also drop the last commits it acknowledged, which no production server does. The two
    databases in play get it back on for this test (database settings beat the command line)."""
    databases = [BY_NAME[s].database for s in ("registry", "reporting")]
    for db in databases:
        clean.sql("registry", f'ALTER DATABASE "{db}" SET synchronous_commit = on')
    yield clean
    for db in databases:
        clean.sql("registry", f'ALTER DATABASE "{db}" RESET synchronous_commit')


@pytest.mark.parametrize("mode", ["fast", "immediate"])
async def test_database_restart_under_traffic_workers_stay_up_and_converge(durable_commits, processes, mode):
    clean = durable_commits
    procs = start_system(processes)
    statuses: list[int] = []
    async with httpx.AsyncClient(base_url=processes.base_url("registry"), headers={"X-API-Key": ADMIN_KEY},
                                 timeout=30) as http:
        traffic = asyncio.create_task(register_through_outages(http, 40, 800, statuses))
        await eventually(lambda: coverage_state(clean)[0] >= 5, timeout=60, interval=0.1)
        await asyncio.to_thread(clean.pg.restart, mode, 3.0)
        await traffic
    assert all(p.poll() is None for p in procs), "workers and API must ride out the restart"
    truth = clean.sql("registry", "SELECT count(*) FROM participants")[0][0]
    outbox = clean.sql("registry", "SELECT count(*), count(published_at) FROM outbox")[0]
    assert truth == 40, (truth, outbox, coverage_state(clean))
    await eventually(lambda: coverage_state(clean) == (40, 40), timeout=120, interval=0.2)
    await asyncio.sleep(1.0)
    exactly_once(clean, 40)
    assert 500 not in statuses
    assert all(p.poll() is None for p in procs)


async def test_api_answers_503_with_retry_after_while_the_database_is_down(clean, api):
    registry = await api("registry")
    clean.pg.stop("immediate")
    try:
        response = await registry.post("/v1/participants", json=participant_body(REGENCY, serial=900))
        listing = await registry.get(f"/v1/participants/{uuid.uuid4()}")
        ready = await registry.get("/readyz")
    finally:
        clean.pg.start()
    for answer in (response, listing):
        assert answer.status_code == 503, answer.text
        assert answer.headers["content-type"] == "application/problem+json"
        assert int(answer.headers["retry-after"]) > 0
        problem = answer.json()
        assert problem["type"].endswith("/service-unavailable") and problem["status"] == 503
        assert "sementara" in problem["detail"] and "temporarily" in problem["detail"]
    assert ready.status_code == 503 and ready.json()["checks"]["database"] is False
    assert int(ready.headers["retry-after"]) > 0
    again = await registry.post("/v1/participants", json=participant_body(REGENCY, serial=900))
    assert again.status_code == 201, again.text


async def test_a_starting_relay_refills_an_empty_log_and_leaves_an_intact_one(clean, api, workers):
    """A relay that just started has no epoch to compare: it refills when the outbox published on
    its topic and the broker holds nothing there, and must not republish an intact log."""
    registry = await api("registry")
    await workers("registry")
    for i in range(12):
        response = await registry.post("/v1/participants", json=participant_body(REGENCY, serial=950 + i))
        assert response.status_code == 201, response.text
    await eventually(lambda: clean.sql("registry", "SELECT count(*) FROM outbox WHERE published_at IS NULL")[0][0] == 0,
                     timeout=30)
    assert await starting_relay_refills(clean) == 0
    await asyncio.to_thread(clean.broker.restart)
    assert await starting_relay_refills(clean) == 12


async def starting_relay_refills(infra) -> int:
    from registry.main import SPEC
    from shared.app import Runtime
    from shared.kafka import make_producer
    from shared.relay import OutboxRelay
    runtime = Runtime.create(SPEC.settings_factory())
    relay = OutboxRelay(runtime.engine, service="registry", bootstrap=infra.broker.bootstrap, partitions=3)
    producer = make_producer(infra.broker.bootstrap, idempotence=False)
    await producer.start()
    try:
        await relay._ensure_log_intact(producer)
        return relay.refilled
    finally:
        await producer.stop()
        await relay._watch.close()
        await runtime.engine.dispose()
