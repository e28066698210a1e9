"""Idempotent consumer: messages are handled in the consumer's own database transaction
together with their inbox rows (consumer, event_id), so a duplicate delivery is a no-op; the
partition offset is committed only after that transaction committed.

A fetched batch of one partition is applied in one transaction (the fast path): its inbox rows
are claimed with ONE multi-row `INSERT ... ON CONFLICT DO NOTHING RETURNING` (`claim`), and the
claimed envelopes go to the subscription's batch handler (one statement per write kind per batch,
e.g. reporting's `apply_batch`) or, without one, to the per-event handlers in turn. If anything in
it fails, the transaction is rolled back and the batch is applied message by message, each
retried, and a message that keeps failing is recorded as a dead letter and forwarded to the
dead-letter topic through the outbox.

An outage is not a poison message (shared/resilience.py): when the database is unreachable the
fetched batches are put back (seek to their first offset, nothing committed) and applied again
after a capped backoff; a broker outage restarts the Kafka client after the same backoff. Every
few seconds, and after every broker error, the consumer compares the broker epoch
(shared/kafka.py) with the one it read from: a broker that lost its log makes it re-read its
partitions from the start, and the inbox drops what it had already applied. The consumers of one
worker process share one epoch reader (`SharedEpoch`).

The broker may hold a fetch that finds nothing for `fetch.max.wait`; tansu answers only at its end,
not when data arrives, so that wait is both the consumer's latency floor and how often an idle
consumer costs a request (~1 ms of broker CPU and ~0.3 ms of ours). It is therefore paced
(`FetchPacing`): short while events arrived in the last few seconds, long when idle, and the
metadata refresh with it."""
from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import time
import uuid
from collections.abc import Awaitable, Callable

import orjson
from aiokafka import AIOKafkaConsumer
from sqlalchemy import text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from shared.events import DEAD_LETTER_TOPIC, Envelope, correlation_id_var
from shared.kafka import SharedEpoch, set_fetch_wait
from shared.logging import get_logger
from shared.messaging import dead_letters, inbox
from shared.outbox import add_raw
from shared.resilience import Backoff, is_outage

log = get_logger("consumer")
Handler = Callable[[AsyncSession, Envelope], Awaitable[None]]
BatchHandler = Callable[[AsyncSession, list[Envelope]], Awaitable[None]]
# Fault injection for the delivery tests: once N events were applied and committed, the process
# kills itself before committing the offset, exactly where a crash hurts most.
KILL_AFTER_COMMITS_ENV = "LINDUNG_FAULT_KILL_AFTER_DB_COMMITS"
EPOCH_CHECK_SECONDS = 2.0  # while events flow; before applying events that follow a quiet spell
IDLE_EPOCH_CHECK_SECONDS = 30.0  # an idle consumer commits nothing, so a lost log can wait for its events
# Defaults of the fetch pacing (settings `consumer_fetch_wait_active_ms`, `..._idle_ms`, `consumer_active_seconds`).
# Active: 200 ms (the previous fixed wait) left registration-to-coverage lag at p50 ~105-145 ms; 20 ms
# costs 50 fetches/s, only while events flow. Idle: 8 consumers at 200 ms cost the broker 4 % of a core
# and their workers 2.7 %; at 5 s, 0.5 % and 1 % (heartbeats and metadata remain). The first event
# after an idle spell waits up to the idle wait; every event within `active_seconds` of another, 20 ms.
# Apache Kafka answers a held fetch when data arrives, so there the idle wait costs no latency.
ACTIVE_FETCH_WAIT_MS = 20
IDLE_FETCH_WAIT_MS = 5000
ACTIVE_SECONDS = 10.0
ACTIVE_METADATA_MS = 5000  # finds a topic created after the consumer started
IDLE_METADATA_MS = 60_000
# aiokafka's fetch routine re-plans every `consumer_timeout_ms` (200) besides on every event: five
# wake-ups a second for nothing while a long fetch is held (8 idle consumers: 1.1 % -> 0.4 % of a core)
ACTIVE_ROUTINE_MS = 200
IDLE_ROUTINE_MS = 2000
# Kafka's default third of the session timeout: a group member heartbeats 3 s apart instead of 1 s (8 idle
# consumers: broker 0.6 -> 0.33 % of a core); a rebalance is noticed by the others within 3 s
HEARTBEAT_MS = 3000
# getmany returns as soon as records are fetched; the timeout only paces an idle loop (stop,
# heartbeat file and epoch checks), so once a second, not five times
IDLE_POLL_MS = 1000
CLAIM = text("""
    INSERT INTO inbox (consumer, event_id, event_type, regency_code, occurred_at, outcome)
    SELECT :consumer, e.id, e.type, e.regency, e.at, 'processed'
    FROM unnest(CAST(:ids AS uuid[]), CAST(:types AS text[]), CAST(:regencies AS text[]),
                CAST(:ats AS timestamptz[])) AS e(id, type, regency, at)
    ON CONFLICT DO NOTHING RETURNING event_id
""")


async def claim(session: AsyncSession, consumer: str, envelopes: list[Envelope]) -> list[Envelope]:
    """The events of `envelopes` this consumer has not applied yet, each once, in their order,
    their inbox rows written by one statement (a duplicate, in the batch or from before, is
    left out)."""
    first: dict = {}
    for envelope in envelopes:
        first.setdefault(envelope.event_id, envelope)
    if not first:
        return []
    wanted = list(first.values())
    claimed = set((await session.execute(CLAIM, {
        "consumer": consumer, "ids": [e.event_id for e in wanted], "types": [e.event_type for e in wanted],
        "regencies": [e.regency_code for e in wanted], "ats": [e.occurred_at for e in wanted]})).scalars())
    return [e for e in wanted if e.event_id in claimed]


class FetchPacing:
    """The fetch wait of one consumer: `active_ms` while a poll returned events in the last
    `active_seconds` (and right after the consumer starts), `idle_ms` after that."""

    def __init__(self, active_ms: int = ACTIVE_FETCH_WAIT_MS, idle_ms: int = IDLE_FETCH_WAIT_MS,
                 active_seconds: float = ACTIVE_SECONDS):
        self.active_ms, self.idle_ms, self.active_seconds = active_ms, idle_ms, active_seconds
        self.last_events = time.monotonic()
        self.wait_ms = active_ms

    def active(self) -> bool:
        return self.wait_ms == self.active_ms

    def epoch_check_seconds(self) -> float:
        return EPOCH_CHECK_SECONDS if self.active() else IDLE_EPOCH_CHECK_SECONDS

    def started(self) -> int:
        """A new client starts active (it is about to read a backlog, or a test's first event)."""
        self.last_events, self.wait_ms = time.monotonic(), self.active_ms
        return self.active_ms

    def after_poll(self, consumer: AIOKafkaConsumer, got_events: bool) -> None:
        """Called right after getmany returns, before anything else is awaited: the fetcher
        builds its next request only once this task yields, so that request has the new wait."""
        now = time.monotonic()
        if got_events:
            self.last_events = now
        wanted = self.active_ms if now - self.last_events < self.active_seconds else self.idle_ms
        if wanted != self.wait_ms:
            self.wait_ms = wanted
            active = wanted == self.active_ms
            set_fetch_wait(consumer, wanted, ACTIVE_METADATA_MS if active else IDLE_METADATA_MS,
                           (ACTIVE_ROUTINE_MS if active else IDLE_ROUTINE_MS) / 1000)


class IdempotentConsumer:
    def __init__(self, sessions: async_sessionmaker, *, name: str, group_id: str, bootstrap: str,
                 topics: list[str], handlers: dict[str, Handler], max_attempts: int = 3,
                 backoff_cap: float = 15.0, beat: Callable[[], None] | None = None,
                 batch_handler: BatchHandler | None = None, pacing: FetchPacing | None = None):
        self.sessions, self.name, self.group_id, self.bootstrap = sessions, name, group_id, bootstrap
        self.topics, self.handlers, self.max_attempts = topics, handlers, max_attempts
        self.backoff_cap, self.beat = backoff_cap, beat or (lambda: None)
        self.batch_handler = batch_handler or self._each
        self.processed = self.duplicates = self.dead_lettered = self.rewinds = 0
        self._applied_total = 0
        self._kill_after = int(os.environ.get(KILL_AFTER_COMMITS_ENV, "0") or 0)
        self.pacing = pacing or FetchPacing()
        self._epoch: str | None = None
        self._checked = 0.0
        self._rewind = False

    async def run(self, stop: asyncio.Event) -> None:
        backoff = Backoff(cap=self.backoff_cap)
        while not stop.is_set():
            consumer = AIOKafkaConsumer(
                *self.topics, bootstrap_servers=self.bootstrap, group_id=self.group_id,
                enable_auto_commit=False, auto_offset_reset="earliest", max_poll_records=500,
                session_timeout_ms=10000, heartbeat_interval_ms=HEARTBEAT_MS, metadata_max_age_ms=ACTIVE_METADATA_MS,
                fetch_max_wait_ms=self.pacing.started(), consumer_timeout_ms=ACTIVE_ROUTINE_MS,
            )
            try:
                await consumer.start()
                log.info("consumer_started", consumer=self.name, topics=self.topics)
                await self._check_epoch()
                await self._loop(consumer, stop, backoff)
            except Exception as exc:
                if not is_outage(exc):
                    log.error("consumer_failed", consumer=self.name, error=type(exc).__name__, exc_info=exc)
                else:
                    log.warning("consumer_dependency_unavailable", consumer=self.name, error=type(exc).__name__)
                await self._watch().close()
                await backoff.wait(stop, self.beat)
            finally:
                with contextlib.suppress(Exception):  # a consumer that never connected cannot stop cleanly
                    await consumer.stop()
        await self._watch().close()

    async def _loop(self, consumer: AIOKafkaConsumer, stop: asyncio.Event, backoff: Backoff) -> None:
        self._checked = time.monotonic()
        while not stop.is_set():
            self.beat()
            if time.monotonic() - self._checked > self.pacing.epoch_check_seconds():
                await self._check_epoch()
            if self._rewind and consumer.assignment():
                await consumer.seek_to_beginning(*consumer.assignment())
                self._rewind = False
                self.rewinds += 1
                log.warning("consumer_rewound_after_broker_log_loss", consumer=self.name)
            batches = await consumer.getmany(timeout_ms=IDLE_POLL_MS)
            self.pacing.after_poll(consumer, bool(batches))
            if batches and time.monotonic() - self._checked > EPOCH_CHECK_SECONDS:
                # events after a quiet spell (idle checks are rare): nothing is applied or committed
                # before the epoch is known to be the one these offsets belong to
                await self._check_epoch()
                if self._rewind:
                    continue  # fetched from a new log at an old position: read it from the start
            if await self._apply_batches(consumer, batches):
                backoff.reset()
            else:
                await backoff.wait(stop, self.beat)

    async def _apply_batches(self, consumer: AIOKafkaConsumer, batches: dict) -> bool:
        """Apply and commit each partition's batch; on a database outage put back what is not
        applied yet (it is fetched again after the backoff) and answer False."""
        pending = list(batches.items())
        while pending:
            tp, messages = pending[0]
            try:
                await self.handle_batch([(m.topic, m.partition, m.offset, m.value) for m in messages])
            except Exception as exc:
                if not is_outage(exc):
                    raise
                log.warning("consumer_database_unavailable", consumer=self.name, error=type(exc).__name__)
                for left_tp, left in pending:
                    consumer.seek(left_tp, left[0].offset)
                return False
            await consumer.commit({tp: messages[-1].offset + 1})
            pending.pop(0)
        return True

    def _watch(self) -> SharedEpoch:
        return SharedEpoch.for_process(self.bootstrap)

    async def _check_epoch(self) -> None:
        epoch = await self._watch().current(max_age=EPOCH_CHECK_SECONDS)
        if self._epoch is not None and epoch != self._epoch:
            self._rewind = True
        self._epoch, self._checked = epoch, time.monotonic()

    async def handle_batch(self, records: list[tuple[str, int, int, bytes]]) -> None:
        if len(records) > 1:
            try:
                await self._apply_batch([Envelope.model_validate_json(raw) for *_, raw in records])
                return
            except Exception as exc:
                if is_outage(exc):
                    raise
                log.info("consumer_batch_fallback", consumer=self.name, size=len(records), error=type(exc).__name__)
        for record in records:
            await self.handle_message(*record)

    async def _apply_batch(self, envelopes: list[Envelope]) -> None:
        wanted = [e for e in envelopes if e.event_type in self.handlers]
        async with self.sessions() as session, session.begin():
            claimed = await claim(session, self.name, wanted)
            if claimed:
                await self.batch_handler(session, claimed)
        dropped = len(wanted) - len(claimed)
        if dropped:  # one line per batch, not per event
            self.duplicates += dropped
            log.info("consumer_duplicate_dropped", consumer=self.name, count=dropped)
        self._after_commit(len(claimed))

    async def _each(self, session: AsyncSession, envelopes: list[Envelope]) -> None:
        """Without a batch handler: each claimed event's own handler, in order."""
        for envelope in envelopes:
            correlation_id_var.set(envelope.correlation_id)
            await self.handlers[envelope.event_type](session, envelope)

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
            except Exception as exc:
                if is_outage(exc):
                    raise  # the database, not the event, is at fault: never dead-letter for that
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
