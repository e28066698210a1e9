"""`python -m reporting rebuild`: drop every read model and build it again from the first event
of every topic, while the live worker may keep running.

The read-model tables and the reporting consumers' inbox rows are emptied in one transaction;
then each projection re-reads its topic from offset 0 until it reaches the end. A fetched batch
is claimed in the inbox under the live consumer's name (so an event the live consumer applies
meanwhile is applied once) and its writes are applied grouped by statement
(`projection.apply_batch`: the same plans as the live handlers). A batch that fails goes
through the live consumer's code instead, message by message with retries and dead letters.
The partitions are assigned directly rather than through a consumer group: nothing waits for a
group rebalance and the live group's committed offsets stay untouched."""
from __future__ import annotations

import asyncio
import datetime as dt
import sys
import time
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, TopicPartition
from sqlalchemy import text

from reporting.coverage.history import refresh_all
from reporting.models import READ_MODEL_TABLES
from reporting.projection import Plan, apply_batch, live_handlers
from shared.app import Runtime
from shared.consumer import IdempotentConsumer, claim
from shared.events import Envelope, topic_for
from shared.logging import get_logger

log = get_logger("rebuild")

FETCH_RECORDS = 2000
EMPTY_ROUNDS = 6


@dataclass
class Progress:
    done: int = 0
    started: float = 0.0

    def show(self, final: bool = False) -> None:
        rate = self.done / max(time.monotonic() - self.started, 1e-6)
        print(f"\r[rebuild] {self.done} messages read ({rate:,.0f}/s)", end="\n" if final else "",
              file=sys.stderr, flush=True)


async def _empty_read_models(runtime: Runtime, consumers: list[str]) -> None:
    async with runtime.sessions() as session, session.begin():
        await session.execute(text("TRUNCATE " + ", ".join(READ_MODEL_TABLES)))
        await session.execute(text("DELETE FROM inbox WHERE consumer = ANY(:names)"), {"names": consumers})


def _partitions(consumer: AIOKafkaConsumer, topics: list[str]) -> list[TopicPartition]:
    return [TopicPartition(topic, p) for topic in topics for p in sorted(consumer.partitions_for_topic(topic) or [])]


async def _caught_up(consumer: AIOKafkaConsumer, tp: TopicPartition, idle_rounds: int) -> bool:
    """At the partition's end. The end is the high watermark of the fetch responses (tansu
    answers ListOffsets with 1 for any partition, so `end_offsets` cannot be used); a partition
    that never answered with one after several rounds is empty."""
    highwater = consumer.highwater(tp)
    if highwater is None:
        return idle_rounds >= EMPTY_ROUNDS
    return await consumer.position(tp) >= highwater


@dataclass
class BulkApplier:
    runtime: Runtime
    name: str
    plans: dict[str, Plan]
    fallback: IdempotentConsumer

    async def apply(self, records: list[tuple[str, int, int, bytes]]) -> None:
        try:
            envelopes = [Envelope.model_validate_json(raw) for *_, raw in records]
            async with self.runtime.sessions() as session, session.begin():
                await apply_batch(session, self.plans, await claim(
                    session, self.name, [e for e in envelopes if e.event_type in self.plans]))
        except Exception as exc:  # noqa: BLE001 - the live consumer's path isolates and reports the culprit
            log.info("rebuild_batch_fallback", consumer=self.name, size=len(records), error=type(exc).__name__)
            await self.fallback.handle_batch(records)


async def _replay(runtime: Runtime, name: str, producer: str, plans: dict[str, Plan], progress: Progress) -> None:
    settings, topics = runtime.settings, [topic_for(producer)]
    fallback = IdempotentConsumer(runtime.sessions, name=name, group_id="unused", bootstrap=settings.kafka_bootstrap,
                                  topics=topics, handlers=live_handlers(plans),
                                  max_attempts=settings.consumer_max_attempts)
    applier = BulkApplier(runtime, name, plans, fallback)
    reader = AIOKafkaConsumer(bootstrap_servers=settings.kafka_bootstrap, group_id=None, enable_auto_commit=False,
                              auto_offset_reset="earliest", max_poll_records=FETCH_RECORDS)
    await reader.start()
    try:
        await reader.topics()   # fetches the cluster metadata partitions_for_topic reads
        remaining = _partitions(reader, topics)
        if not remaining:
            return
        reader.assign(remaining)
        await reader.seek_to_beginning(*remaining)
        idle_rounds = 0
        while remaining:
            batches = await reader.getmany(*remaining, timeout_ms=500)
            idle_rounds = 0 if batches else idle_rounds + 1
            for messages in batches.values():
                await applier.apply([(m.topic, m.partition, m.offset, m.value) for m in messages])
                progress.done += len(messages)
            remaining = [tp for tp in remaining if not await _caught_up(reader, tp, idle_rounds)]
    finally:
        await reader.stop()


async def rebuild(runtime: Runtime, projections: dict[str, tuple[str, dict[str, Plan]]]) -> dict:
    """Rebuild from `main.PROJECTIONS`; returns {"messages": read, "events_applied", "seconds"}."""
    progress = Progress(started=time.monotonic())
    await _empty_read_models(runtime, list(projections))
    ticker = asyncio.create_task(_tick(progress))
    try:
        await asyncio.gather(*(_replay(runtime, name, producer, plans, progress)
                               for name, (producer, plans) in projections.items()))
    finally:
        ticker.cancel()
    progress.show(final=True)
    async with runtime.sessions() as session, session.begin():
        await refresh_all(session, dt.date.today())
        applied = (await session.execute(text("SELECT coalesce(sum(events_applied), 0) FROM rm_watermarks"))).scalar()
    return {"messages": progress.done, "events_applied": int(applied),
            "seconds": round(time.monotonic() - progress.started, 2)}


async def _tick(progress: Progress) -> None:
    while True:
        await asyncio.sleep(2)
        progress.show()
