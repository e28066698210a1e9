"""Outbox relay: claims unpublished rows (FOR UPDATE SKIP LOCKED), publishes them with
acks=all and marks them sent in the same transaction. A transaction-scoped advisory lock makes
one relay per service the publisher at a time, so one aggregate's events keep their order even
with several replicas running.

Replay republishes retained rows (to rebuild read models, or by hand). Before it publishes a
batch, the leader relay compares the broker epoch (shared/kafka.py) with the one it last saw: a
broker that lost its log (tansu keeps it in memory) has a new epoch, so the relay recreates its
topics and refills them from the outbox before anything new is published. A relay that does not
know the epoch yet (just started) refills when the outbox published on its topic but the broker
holds nothing there. An idle leader relay also looks every `epoch_check_idle_seconds` (30 s), so a
log lost while nothing new is written is refilled without waiting for the next event. Database
and broker outages of any length are waited out with a capped backoff (shared/resilience.py); the
process never exits because of one.

Between batches the relay sleeps on a PostgreSQL LISTEN (shared/notify.py): the outbox insert NOTIFYs at
commit (shared/outbox.py), so a new event is published within a round trip, and an idle relay
only wakes for its slow fallback poll (`idle_seconds`, for a notification lost in a reconnect)."""
from __future__ import annotations

import asyncio
import contextlib
import time
import zlib
from collections.abc import Callable

import orjson
from aiokafka import AIOKafkaConsumer
from aiokafka.structs import TopicPartition
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.events import DEAD_LETTER_TOPIC, topic_for
from shared.kafka import BrokerEpoch, admin_client, ensure_partition_count, ensure_topics, make_producer
from shared.logging import get_logger
from shared.notify import Wakeup, wait_or_stop
from shared.outbox import OUTBOX_CHANNEL
from shared.resilience import Backoff, is_outage

log = get_logger("relay")

CLAIM = text("""
    SELECT id, topic, message_key, envelope FROM outbox
    WHERE published_at IS NULL ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED
""")
MARK = text("UPDATE outbox SET published_at = now() WHERE id = ANY(:ids)")
PUBLISHED_PER_TOPIC = text("SELECT topic, count(*) FROM outbox WHERE published_at IS NOT NULL GROUP BY topic")


def _lock_id(service: str) -> int:
    return zlib.crc32(f"outbox-relay:{service}".encode())


class OutboxRelay:
    def __init__(self, engine: AsyncEngine, *, service: str, bootstrap: str, partitions: int,
                 idempotence: bool = False, batch_size: int = 500, idle_seconds: float = 2.0,
                 epoch_check_idle_seconds: float = 30.0, backoff_cap: float = 15.0,
                 beat: Callable[[], None] | None = None):
        self.engine, self.service, self.bootstrap = engine, service, bootstrap
        self.partitions, self.idempotence = partitions, idempotence
        self.batch_size, self.idle_seconds, self.backoff_cap = batch_size, idle_seconds, backoff_cap
        self.beat = beat or (lambda: None)
        self.topics = [topic_for(service), DEAD_LETTER_TOPIC]
        self.published = self.refilled = 0
        self.epoch: str | None = None  # the broker log the outbox's published rows are known to be in
        self.epoch_check_idle_seconds = epoch_check_idle_seconds
        self._epoch_checked = float("-inf")
        self._watch = BrokerEpoch(bootstrap)

    async def run(self, stop: asyncio.Event) -> None:
        backoff = Backoff(cap=self.backoff_cap)
        while not stop.is_set():
            producer = None
            try:
                await ensure_topics(self.bootstrap, self.topics, self.partitions)
                producer = make_producer(self.bootstrap, idempotence=self.idempotence)
                await producer.start()
                log.info("relay_started", service=self.service)
                await self._pump(producer, stop, backoff)
            except Exception as exc:
                if not is_outage(exc):
                    log.error("relay_failed", service=self.service, error=type(exc).__name__, exc_info=exc)
                else:
                    log.warning("relay_dependency_unavailable", service=self.service, error=type(exc).__name__,
                                detail=str(exc)[:200])
                await self._watch.close()
                await backoff.wait(stop, self.beat)
            finally:
                if producer is not None:
                    await _quietly(producer.stop())
        await self._watch.close()

    async def _pump(self, producer, stop: asyncio.Event, backoff: Backoff) -> None:
        async with Wakeup(self.engine, OUTBOX_CHANNEL) as wakeup:
            while not stop.is_set():
                self.beat()
                sent = await self.publish_once(producer)
                backoff.reset()
                if sent < self.batch_size:
                    await wait_or_stop(wakeup, stop, self.idle_seconds)

    async def publish_once(self, producer) -> int:
        async with self.engine.begin() as conn:
            leader = (await conn.execute(text("SELECT pg_try_advisory_xact_lock(:k)"),
                                         {"k": _lock_id(self.service)})).scalar()
            if not leader:
                self.epoch = None  # another relay publishes; look again when this one leads
                return 0
            rows = (await conn.execute(CLAIM, {"limit": self.batch_size})).all()
            if not rows:
                if time.monotonic() - self._epoch_checked >= self.epoch_check_idle_seconds:
                    await self._ensure_log_intact(producer)  # still the leader: a refill keeps the order
                return 0
            await self._ensure_log_intact(producer)
            await _send_all(producer, rows)
            await conn.execute(MARK, {"ids": [r.id for r in rows]})
        self.published += len(rows)
        return len(rows)

    async def _ensure_log_intact(self, producer) -> None:
        """Checked before every batch, and on an idle poll once per `epoch_check_idle_seconds`: new
        events never land before the refill of the old ones, so an aggregate's events keep their order
        in the new log."""
        epoch = await self._watch.current()
        self._epoch_checked = time.monotonic()
        if epoch == self.epoch:
            return
        if self.epoch is not None or await self._log_empty():
            await self._refill(producer, reason="epoch_changed" if self.epoch else "log_empty_but_outbox_published")
        self.epoch = epoch

    async def _log_empty(self) -> bool:
        """At start: the outbox published on our topic, but the broker holds nothing there. (Only
        emptiness is asked: tansu's end offsets count batches, not messages, so they cannot be
        compared with the outbox; a lost log found later is the epoch's job.)"""
        async with self.engine.connect() as conn:
            published = dict((await conn.execute(PUBLISHED_PER_TOPIC)).all())
        own = topic_for(self.service)
        return bool(published.get(own)) and await _log_end(self.bootstrap, own) == 0

    async def _refill(self, producer, *, reason: str) -> None:
        await ensure_topics(self.bootstrap, self.topics, self.partitions)
        await ensure_partition_count(self.bootstrap, topic_for(self.service), self.partitions)
        await producer.client.force_metadata_update()  # keys must map over the count just set
        count = await republish(self.engine, producer, progress=lambda _done, _total: self.beat())
        self.refilled += count
        log.warning("broker_log_lost_refilled_from_outbox", service=self.service, events=count, reason=reason)


async def _log_end(bootstrap: str, topic: str) -> int:
    """The sum of `topic`'s end offsets on this broker: 0 when it holds nothing (or does not exist)."""
    async with admin_client(bootstrap, request_timeout_ms=10000) as admin:
        described = await admin.describe_topics([topic])
    partitions = [TopicPartition(topic, p["partition"]) for d in described if not d["error_code"]
                  for p in d["partitions"]]
    if not partitions:
        return 0
    reader = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, request_timeout_ms=10000)
    await reader.start()
    try:
        return sum((await reader.end_offsets(partitions)).values())
    finally:
        await reader.stop()


async def _send_all(producer, rows) -> None:
    futures = [await producer.send(r.topic, key=r.message_key.encode(), value=orjson.dumps(r.envelope))
               for r in rows]
    await asyncio.gather(*futures)


async def republish(engine: AsyncEngine, producer, *, since_id: int = 0, chunk: int = 2000,
                    progress: Callable[[int, int], None] | None = None) -> int:
    """Send every already-published outbox row again, in order (consumers drop duplicates)."""
    async with engine.connect() as conn:
        total = (await conn.execute(text("SELECT count(*) FROM outbox WHERE id > :s AND published_at IS NOT NULL"),
                                    {"s": since_id})).scalar()
    done, last = 0, since_id
    while True:
        async with engine.connect() as conn:
            rows = (await conn.execute(text(
                "SELECT id, topic, message_key, envelope FROM outbox WHERE id > :last "
                "AND published_at IS NOT NULL ORDER BY id LIMIT :n"), {"last": last, "n": chunk})).all()
        if not rows:
            return done
        await _send_all(producer, rows)
        done, last = done + len(rows), rows[-1].id
        if progress:
            progress(done, total)


async def replay(engine: AsyncEngine, *, service: str, bootstrap: str, partitions: int, idempotence: bool = False,
                 since_id: int = 0, progress: Callable[[int, int], None] | None = None) -> int:
    """The `replay` command: republish retained outbox events into the broker."""
    await ensure_topics(bootstrap, [topic_for(service), DEAD_LETTER_TOPIC], partitions)
    producer = make_producer(bootstrap, idempotence=idempotence)
    await producer.start()
    try:
        return await republish(engine, producer, since_id=since_id, progress=progress)
    finally:
        await producer.stop()


async def _quietly(awaitable) -> None:
    with contextlib.suppress(Exception):  # stopping a broken producer must not mask the original error
        await awaitable
