"""Prometheus metrics: request rate and latency by route template on the API's /metrics, outbox
backlog, dead letters and consumer lag sampled by the worker."""
from __future__ import annotations

import uuid

import httpx
from prometheus_client import REGISTRY

from registry.main import SPEC as REGISTRY_SPEC
from shared.app import Runtime
from shared.devstack import free_port
from shared.metrics import sample_consumer_lag, sample_messaging
from tests.integration.conftest import eventually


def _value(name: str, **labels) -> float | None:
    return REGISTRY.get_sample_value(name, labels)


async def test_api_metrics_are_labelled_by_route_template_not_by_raw_path(api):
    client = await api("registry")
    missing = uuid.uuid4()
    assert (await client.get(f"/v1/participants/{missing}")).status_code == 404
    body = (await client.get("/metrics")).text
    assert 'route="/v1/participants/{participant_id}"' in body
    assert str(missing) not in body
    assert _value("lindung_http_requests_total", service="registry", method="GET",
                  route="/v1/participants/{participant_id}", status="404") >= 1
    assert "lindung_http_request_duration_seconds_bucket" in body
    assert "/metrics" not in (await client.get("/openapi.json")).text


async def test_worker_samples_outbox_backlog_dead_letters_and_consumer_lag(clean, api, workers):
    runtime = Runtime.create(REGISTRY_SPEC.settings_factory(), pool_size=1)
    try:
        clean.sql("registry", "INSERT INTO dead_letters (consumer, topic, partition, \"offset\", error, raw) "
                              "VALUES ('test', 'lindung.test', 0, 0, 'boom', '{}')")
        await sample_messaging(runtime.engine, "registry")
        assert _value("lindung_dead_letters", service="registry") == 1
        assert _value("lindung_outbox_unpublished", service="registry") == 0
        clean.sql("registry", "INSERT INTO outbox (event_id, event_type, topic, message_key, regency_code, envelope) "
                              "VALUES (gen_random_uuid(), 'Test', 'lindung.registry', 'k', '6101', '{}')")
        await sample_messaging(runtime.engine, "registry")
        assert _value("lindung_outbox_unpublished", service="registry") == 1
        clean.sql("registry", "DELETE FROM outbox")
    finally:
        await runtime.engine.dispose()
    await workers("reporting")
    from reporting.main import SPEC as REPORTING_SPEC
    runtime = Runtime.create(REPORTING_SPEC.settings_factory(), pool_size=1)
    settings = runtime.settings
    subscription = REPORTING_SPEC.subscriptions(runtime)[0]
    group, topic = f"{settings.group_id}.{subscription.name}", subscription.topics[0]
    await runtime.engine.dispose()

    async def lag_known():
        await sample_consumer_lag(settings.kafka_bootstrap, "reporting", [(group, [topic])])
        return _value("lindung_consumer_lag", service="reporting", group=group, topic=topic) is not None

    assert await eventually(lag_known, timeout=40, interval=1)


async def test_a_worker_process_serves_its_metrics(infra, processes):
    port = free_port()
    processes.start("registry", "worker", {"LINDUNG_REGISTRY_METRICS_PORT": str(port)}, tag="-metrics")

    def sampled():
        try:
            body = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=2).text
        except httpx.HTTPError:
            return False
        return 'lindung_outbox_unpublished{service="registry"}' in body and "lindung_consumer_lag" in body

    assert await eventually(sampled, timeout=60, interval=0.5)
