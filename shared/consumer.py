"""Idempotent consumer: messages are handled in the consumer's own database transaction
together with their inbox rows (consumer, event_id), so a duplicate delivery is a no-op; the
partition offset is committed only after that transaction committed.

A fetched batch of one partition is applied in one transaction (the fast path); if anything in
it fails, the transaction is rolled back and the batch is applied message by message, each
retried, and a message that keeps failing is recorded as a dead letter and forwarded to the
dead-letter topic through the outbox."""
from __future__ import annotations

import asyncio
import os
import signal
import uuid
from collections.abc import Awaitable, Callable

import orjson
from aiokafka import AIOKafkaConsumer
from aiokafka.errors import KafkaError
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from shared.events import DEAD_LETTER_TOPIC, Envelope, correlation_id_var
from shared.lifecycle import sleep_or_stop
from shared.logging import get_logger
from shared.messaging import dead_letters, inbox
from shared.outbox import add_raw

log = get_logger("consumer")
Handler = Callable[[AsyncSession, Envelope], Awaitable[None]]
# Fault injection for the delivery tests: once N events were applied and committed, the process
# kills itself before committing the offset, exactly where a crash hurts most.
KILL_AFTER_COMMITS_ENV = "LINDUNG_FAULT_KILL_AFTER_DB_COMMITS"


class IdempotentConsumer:
    def __init__(self, sessions: async_sessionmaker, *, name: str, group_id: str, bootstrap: str,
                 topics: list[str], handlers: dict[str, Handler], max_attempts: int = 3):
        self.sessions, self.name, self.group_id, self.bootstrap = sessions, name, group_id, bootstrap
        self.topics, self.handlers, self.max_attempts = topics, handlers, max_attempts
        self.processed = self.duplicates = self.dead_lettered = 0
        self._applied_total = 0
        self._kill_after = int(os.environ.get(KILL_AFTER_COMMITS_ENV, "0") or 0)

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            consumer = AIOKafkaConsumer(
                *self.topics, bootstrap_servers=self.bootstrap, group_id=self.group_id,
                enable_auto_commit=False, auto_offset_reset="earliest", max_poll_records=500,
                session_timeout_ms=10000, heartbeat_interval_ms=1000, metadata_max_age_ms=5000,
            )
            try:
                await consumer.start()
                log.info("consumer_started", consumer=self.name, topics=self.topics)
                await self._loop(consumer, stop)
            except (TimeoutError, KafkaError, OSError) as exc:
                log.warning("consumer_broker_unavailable", consumer=self.name, error=type(exc).__name__)
                await sleep_or_stop(stop, 1.0)
            finally:
                try:
                    await consumer.stop()
                except Exception:  # noqa: BLE001 - a consumer that never connected cannot stop cleanly
                    pass

    async def _loop(self, consumer: AIOKafkaConsumer, stop: asyncio.Event) -> None:
        while not stop.is_set():
            batches = await consumer.getmany(timeout_ms=200)
            for tp, messages in batches.items():
                await self.handle_batch([(m.topic, m.partition, m.offset, m.value) for m in messages])
                await consumer.commit({tp: messages[-1].offset + 1})

    async def handle_batch(self, records: list[tuple[str, int, int, bytes]]) -> None:
        if len(records) > 1:
            try:
                await self._apply_batch([Envelope.model_validate_json(raw) for *_, raw in records])
                return
            except Exception as exc:  # noqa: BLE001 - the slow path below isolates and reports the culprit
                log.info("consumer_batch_fallback", consumer=self.name, size=len(records), error=type(exc).__name__)
        for record in records:
            await self.handle_message(*record)

    async def _apply_batch(self, envelopes: list[Envelope]) -> None:
        applied = 0
        async with self.sessions() as session, session.begin():
            for envelope in envelopes:
                applied += await self._apply_one(session, envelope)
        self._after_commit(applied)

    async def handle_message(self, topic: str, partition: int, offset: int, raw: bytes) -> None:
        try:
            envelope = Envelope.model_validate_json(raw)
        except ValueError as exc:
            await self._dead_letter(None, topic, partition, offset, raw, f"malformed envelope: {exc}")
            return
        if envelope.event_type not in self.handlers:
            return
        last_error: Exception | None = None
        for attempt in range(1, self.max_attempts + 1):
            try:
                await self._apply(envelope)
                return
            except Exception as exc:  # noqa: BLE001 - any handler failure is retried, then dead-lettered
                last_error = exc
                log.warning("consumer_handler_failed", consumer=self.name, event_type=envelope.event_type,
                            event_id=str(envelope.event_id), attempt=attempt, error=type(exc).__name__)
                await asyncio.sleep(0.05 * attempt)
        await self._dead_letter(envelope, topic, partition, offset, raw, f"{type(last_error).__name__}: {last_error}")

    async def _apply(self, envelope: Envelope) -> None:
        async with self.sessions() as session, session.begin():
            applied = await self._apply_one(session, envelope)
        self._after_commit(applied)

    async def _apply_one(self, session: AsyncSession, envelope: Envelope) -> int:
        handler = self.handlers.get(envelope.event_type)
        if handler is None:
            return 0
        correlation_id_var.set(envelope.correlation_id)
        claimed = await session.execute(self._inbox_row(envelope, "processed"))
        if claimed.first() is None:
            self.duplicates += 1
            log.info("consumer_duplicate_dropped", consumer=self.name, event_id=str(envelope.event_id))
            return 0
        await handler(session, envelope)
        return 1

    def _inbox_row(self, envelope: Envelope, outcome: str):
        return insert(inbox).values(
            consumer=self.name, event_id=envelope.event_id, event_type=envelope.event_type,
            regency_code=envelope.regency_code, occurred_at=envelope.occurred_at, outcome=outcome,
        ).on_conflict_do_nothing().returning(inbox.c.event_id)

    async def _dead_letter(self, envelope: Envelope | None, topic: str, partition: int, offset: int,
                           raw: bytes, error: str) -> None:
        text_raw = raw.decode("utf-8", errors="replace")
        async with self.sessions() as session, session.begin():
            if (
                envelope is not None
                and (await session.execute(self._inbox_row(envelope, "dead_lettered"))).first() is None
            ):
                return
            await session.execute(dead_letters.insert().values(
                consumer=self.name, event_id=envelope.event_id if envelope else None,
                event_type=envelope.event_type if envelope else None, topic=topic, partition=partition,
                offset=offset, error=error[:2000], raw=text_raw))
            letter_id = uuid.uuid4()
            await add_raw(session, topic=DEAD_LETTER_TOPIC, key=self.name, event_type="DeadLetter",
                          regency_code=envelope.regency_code if envelope else "0000", event_id=letter_id,
                          envelope={"dead_letter_id": str(letter_id), "consumer": self.name, "error": error[:2000],
                                    "source": {"topic": topic, "partition": partition, "offset": offset},
                                    "message": orjson.loads(raw) if envelope else text_raw})
        self.dead_lettered += 1
        log.error("consumer_dead_lettered", consumer=self.name, topic=topic, partition=partition, offset=offset,
                  error=error[:200])

    def _after_commit(self, applied: int) -> None:
        self.processed += applied
        self._applied_total += applied
        if self._kill_after and self._applied_total >= self._kill_after:
            os.kill(os.getpid(), signal.SIGKILL)
