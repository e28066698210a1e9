"""The relay is woken by the outbox insert's NOTIFY (shared/outbox.py, shared/relay.py), not by
its poll: with a fallback poll of a minute, a registration is still published at once."""
from __future__ import annotations

import asyncio
import time

from shared.relay import OutboxRelay
from tests.factories import participant_body
from tests.integration.conftest import eventually

REGENCY = "6101"


async def test_outbox_insert_wakes_an_idle_relay(clean, api, monkeypatch):
    from registry.main import SPEC
    from shared.app import Runtime
    registry = await api("registry")
    runtime = Runtime.create(SPEC.settings_factory())
    relay = OutboxRelay(runtime.engine, service="registry", bootstrap=clean.broker.bootstrap, partitions=3,
                        idle_seconds=60)
    stop = asyncio.Event()
    task = asyncio.create_task(relay.run(stop))
    try:
        await asyncio.sleep(3)  # started, published nothing, asleep on its minute-long fallback
        started = time.monotonic()
        for i in range(3):
            response = await registry.post("/v1/participants", json=participant_body(REGENCY, serial=870 + i))
            assert response.status_code == 201, response.text
        await eventually(lambda: relay.published >= 3, timeout=10, interval=0.02)
        assert time.monotonic() - started < 10
        unpublished = clean.sql("registry", "SELECT count(*) FROM outbox WHERE published_at IS NULL")[0][0]
        assert unpublished == 0
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)
        await runtime.engine.dispose()
