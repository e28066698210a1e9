"""Outbox relay: claims unpublished rows (FOR UPDATE SKIP LOCKED), publishes them with
acks=all and marks them sent in the same transaction. A transaction-scoped advisory lock makes
one relay per service the publisher at a time, so one aggregate's events keep their order even
with several replicas running.

Replay republishes retained rows (to rebuild read models, or by hand). The leader relay also
checks before every round that its topics still exist: a broker that lost its log (tansu keeps
it in memory) gets the topics recreated with the right partition count and refilled from the
outbox before anything new is published, so nothing lands on an auto-created topic first."""
from __future__ import annotations

import asyncio
import zlib
from collections.abc import Callable

import orjson
from aiokafka.errors import KafkaError
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.events import DEAD_LETTER_TOPIC, topic_for
from shared.kafka import ensure_topics, make_producer
from shared.lifecycle import sleep_or_stop
from shared.logging import get_logger

log = get_logger("relay")

CLAIM = text("""
    SELECT id, topic, message_key, envelope FROM outbox
    WHERE published_at IS NULL ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED
""")
MARK = text("UPDATE outbox SET published_at = now() WHERE id = ANY(:ids)")


def _lock_id(service: str) -> int:
    return zlib.crc32(f"outbox-relay:{service}".encode())


class OutboxRelay:
    def __init__(self, engine: AsyncEngine, *, service: str, bootstrap: str, partitions: int,
                 idempotence: bool = False, batch_size: int = 500, idle_seconds: float = 0.05):
        self.engine, self.service, self.bootstrap = engine, service, bootstrap
        self.partitions, self.idempotence = partitions, idempotence
        self.batch_size, self.idle_seconds = batch_size, idle_seconds
        self.topics = [topic_for(service), DEAD_LETTER_TOPIC]
        self.published = 0

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            producer = None
            try:
                await ensure_topics(self.bootstrap, self.topics, self.partitions)
                producer = make_producer(self.bootstrap, idempotence=self.idempotence)
                await producer.start()
                log.info("relay_started", service=self.service)
                await self._pump(producer, stop)
            except (TimeoutError, KafkaError, OSError) as exc:
                log.warning("relay_broker_unavailable", error=type(exc).__name__, detail=str(exc)[:200])
                await sleep_or_stop(stop, 1.0)
            finally:
                if producer is not None:
                    await _quietly(producer.stop())

    async def _pump(self, producer, stop: asyncio.Event) -> None:
        while not stop.is_set():
            sent = await self.publish_once(producer)
            if sent < self.batch_size:
                await sleep_or_stop(stop, self.idle_seconds)

    async def publish_once(self, producer) -> int:
        async with self.engine.begin() as conn:
            leader = (await conn.execute(text("SELECT pg_try_advisory_xact_lock(:k)"),
                                         {"k": _lock_id(self.service)})).scalar()
            if not leader:
                return 0
            if not await _topics_present(producer, self.topics):
                await self._refill(producer)
            rows = (await conn.execute(CLAIM, {"limit": self.batch_size})).all()
            if not rows:
                return 0
            await _send_all(producer, rows)
            await conn.execute(MARK, {"ids": [r.id for r in rows]})
        self.published += len(rows)
        return len(rows)


    async def _refill(self, producer) -> None:
        await ensure_topics(self.bootstrap, self.topics, self.partitions)
        count = await republish(self.engine, producer)
        if count:
            log.warning("broker_log_lost_refilled_from_outbox", service=self.service, events=count)


async def _topics_present(producer, topics: list[str]) -> bool:
    metadata = await producer.client.fetch_all_metadata()
    return all(topic in metadata.topics() for topic in topics)


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
    try:
        await awaitable
    except Exception:  # noqa: BLE001 - shutting down a broken producer must not mask the original error
        pass
