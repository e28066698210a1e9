"""The consumer's fetch pacing on the real broker (shared/consumer.py FetchPacing): an idle consumer
asks tansu rarely (long fetch wait), one that is receiving events asks often (short wait), and events
that follow a quiet spell are never applied before the broker epoch was checked, so a broker that lost
its log while the consumer was idle (when epoch checks are rare) is re-read from its start."""
from __future__ import annotations

import asyncio
import contextlib
import time
import uuid

from shared.consumer import FetchPacing, IdempotentConsumer
from shared.kafka import ensure_topics, make_producer
from tests.integration.conftest import eventually


class Recording(IdempotentConsumer):
    """The real consumer loop with its database work replaced by a list (pacing and the epoch
    handling are what is under test here; the inbox has its own tests)."""

    def __init__(self, bootstrap: str, topic: str, pacing: FetchPacing):
        super().__init__(None, name="pacing-test", group_id=f"pacing-{uuid.uuid4().hex[:8]}", bootstrap=bootstrap,
                         topics=[topic], handlers={}, pacing=pacing)
        self.seen: dict[bytes, float] = {}

    async def handle_batch(self, records) -> None:
        for *_, raw in records:
            self.seen.setdefault(raw, time.monotonic())


async def produce(bootstrap: str, topic: str, values: list[bytes]) -> dict[bytes, float]:
    producer = make_producer(bootstrap, idempotence=False)
    await producer.start()
    sent = {}
    try:
        for value in values:
            sent[value] = time.monotonic()
            await producer.send_and_wait(topic, value=value, partition=0)
    finally:
        await producer.stop()
    return sent


@contextlib.asynccontextmanager
async def running(bootstrap: str, pacing: FetchPacing):
    """(a Recording consumer running on a new one-partition topic, that topic); stopped afterwards."""
    topic = f"pacing-{uuid.uuid4().hex[:8]}"
    await ensure_topics(bootstrap, [topic], 1)
    consumer, stop = Recording(bootstrap, topic, pacing), asyncio.Event()
    task = asyncio.create_task(consumer.run(stop))
    try:
        yield consumer, topic
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)


async def test_idle_consumer_waits_long_and_a_flowing_one_short(clean):
    bootstrap = clean.broker.bootstrap
    async with running(bootstrap, FetchPacing(active_ms=20, idle_ms=3000, active_seconds=1.5)) as (consumer, topic):
        await produce(bootstrap, topic, [b"first"])
        await eventually(lambda: b"first" in consumer.seen, timeout=30)
        await eventually(lambda: consumer.pacing.wait_ms == 3000, timeout=10)  # quiet for 1.5 s: idle
        await produce(bootstrap, topic, [b"after-idle"])
        await eventually(lambda: b"after-idle" in consumer.seen, timeout=10)
        assert consumer.pacing.wait_ms == 20  # an event woke it up
        sent = {}
        for i in range(10):
            sent.update(await produce(bootstrap, topic, [f"flow-{i}".encode()]))
            await asyncio.sleep(0.1)
        await eventually(lambda: all(v in consumer.seen for v in sent), timeout=10)
        lags = sorted(consumer.seen[v] - at for v, at in sent.items())
        assert lags[len(lags) // 2] < 1.0, lags  # idle pacing would hold each fetch ~3 s
        assert consumer.pacing.wait_ms == 20


async def test_events_after_a_quiet_spell_on_a_new_log_are_read_from_its_start(clean):
    """Idle, the consumer checks the epoch only every 30 s; the broker loses its log and a new one
    fills past the consumer's old position. Without the check before applying, the events below
    that position would be skipped until the next periodic check."""
    bootstrap = clean.broker.bootstrap
    async with running(bootstrap, FetchPacing(active_ms=20, idle_ms=500, active_seconds=1.0)) as (consumer, topic):
        await produce(bootstrap, topic, [f"old-{i}".encode() for i in range(5)])
        await eventually(lambda: len(consumer.seen) == 5, timeout=30)
        await eventually(lambda: consumer.pacing.wait_ms == 500, timeout=10)
        await asyncio.to_thread(clean.broker.restart)  # tansu's new log is empty
        await ensure_topics(bootstrap, [topic], 1)
        new = [f"new-{i}".encode() for i in range(12)]
        await produce(bootstrap, topic, new)
        await eventually(lambda: all(v in consumer.seen for v in new), timeout=20)
        assert consumer.rewinds >= 1
