"""Broker plumbing: producer settings, topic creation, reachability, and the broker epoch (how
relays and consumers notice that the broker lost its log)."""
from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
import weakref

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaTimeoutError
from aiokafka.structs import TopicPartition

from shared.logging import get_logger

log = get_logger("kafka")
TOPIC_EXISTS = 36
# One marker message; its value names the broker's current log. Kept forever (no retention).
EPOCH_TOPIC = "lindung.broker-epoch"
EPOCH_READER_METADATA_MS = 300_000
# A marker its offsets count but no fetch returns for this long is taken as lost (see _remake_topic).
HIDDEN_MARKER_SECONDS = 2.0
_HIDDEN = object()


@contextlib.asynccontextmanager
async def admin_client(bootstrap: str, request_timeout_ms: int = 5000):
    """A started admin client, closed on the way out."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=request_timeout_ms)
    await admin.start()
    try:
        yield admin
    finally:
        await admin.close()


def make_producer(bootstrap: str, *, idempotence: bool) -> AIOKafkaProducer:
    # acks=all always; idempotence only where the broker supports it (Apache Kafka, not tansu).
    return AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=idempotence,
                            linger_ms=5, request_timeout_ms=15000, max_batch_size=256 * 1024)


async def ensure_topics(bootstrap: str, topics: list[str], partitions: int, configs: dict | None = None) -> None:
    """Create topics with a fixed partition count, so keys map to the same partition after a
    broker lost its log and the topics are made again."""
    async with admin_client(bootstrap) as admin:
        existing = set(await admin.list_topics())
        missing = [t for t in topics if t not in existing]
        if missing:
            new = [NewTopic(t, partitions, 1, topic_configs=configs or {}) for t in missing]
            response = await admin.create_topics(new)
            for topic, code, *_ in getattr(response, "topic_errors", []):
                if code not in (0, TOPIC_EXISTS):
                    log.warning("topic_create_failed", topic=topic, error_code=code)


async def ensure_partition_count(bootstrap: str, topic: str, partitions: int, attempts: int = 5) -> None:
    """Make `topic` have exactly `partitions`. A broker that lost its log auto-creates a topic with
    its default count as soon as any client asks for its metadata; before a refill that topic holds
    nothing of ours yet, so it is dropped and made again (only ever for a topic this relay alone writes)."""
    async with admin_client(bootstrap) as admin:
        for _ in range(attempts):
            described = await admin.describe_topics([topic])
            count = len(described[0].get("partitions", [])) if described and not described[0]["error_code"] else 0
            if count == partitions:
                return
            if count:
                log.warning("topic_partition_count_wrong", topic=topic, partitions=count, wanted=partitions)
                await admin.delete_topics([topic])
            await admin.create_topics([NewTopic(topic, partitions, 1)])
        log.warning("topic_partition_count_unsettled", topic=topic, wanted=partitions)


async def broker_reachable(bootstrap: str, timeout: float = 1.0) -> bool:
    host, _, port = bootstrap.split(",")[0].rpartition(":")
    try:
        _reader, writer = await asyncio.wait_for(asyncio.open_connection(host or "127.0.0.1", int(port)), timeout)
    except (TimeoutError, OSError, ValueError):
        return False
    writer.close()
    return True


class BrokerEpoch:
    """The broker's log identity: the value of the earliest message of `EPOCH_TOPIC`, written by
    whoever first finds that topic empty. A broker that lost its log (tansu keeps it in memory;
    a Kafka cluster rebuilt from scratch) has a new epoch, however much was written since, which
    counting offsets cannot tell: the relay then refills its topics from the outbox and the
    consumers re-read from the start (their inbox drops what they already applied)."""

    def __init__(self, bootstrap: str):
        self.bootstrap = bootstrap
        self._reader: AIOKafkaConsumer | None = None
        self._tp = TopicPartition(EPOCH_TOPIC, 0)

    async def current(self, timeout: float = 10.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            reader = await self._started()
            begin = (await reader.beginning_offsets([self._tp]))[self._tp]
            end = (await reader.end_offsets([self._tp]))[self._tp]
            if end <= begin:
                await self._write_marker()
                continue
            value = await self._read_at(reader, begin, deadline)
            if value is _HIDDEN:
                await self._remake_topic()
                continue
            if value is not None:
                return value
        raise KafkaTimeoutError("broker epoch unreadable")

    async def _read_at(self, reader: AIOKafkaConsumer, offset: int, deadline: float) -> str | object | None:
        """The marker's value; None when the deadline passed; `_HIDDEN` when the broker's fetch answers
        keep saying the partition ends at or before `offset` although its offsets said a marker is there."""
        reader.resume(self._tp)
        reader.seek(self._tp, offset)
        hidden_since = None
        try:
            while time.monotonic() < deadline:
                records = (await reader.getmany(self._tp, timeout_ms=500)).get(self._tp, [])
                if records:
                    return records[0].value.decode()
                highwater = reader.highwater(self._tp)
                if highwater is None or highwater > offset:
                    hidden_since = None
                elif hidden_since is None:
                    hidden_since = time.monotonic()
                elif time.monotonic() - hidden_since >= HIDDEN_MARKER_SECONDS:
                    return _HIDDEN
            return None
        finally:
            reader.pause(self._tp)  # no background fetching between checks

    async def _remake_topic(self) -> None:
        """tansu (0.6) stores a message produced to a topic it does not have (a producer whose
        metadata predates the broker's restart) where its offsets count it but no fetch returns it.
        Such a marker can never be read: the topic is dropped (which clears it) and made again on the
        next read, whose new marker is a new epoch, which is the truth: the broker lost its log."""
        log.warning("broker_epoch_marker_hidden_topic_remade", topic=EPOCH_TOPIC)
        await self.close()
        async with admin_client(self.bootstrap) as admin:
            await admin.delete_topics([EPOCH_TOPIC])

    async def _started(self) -> AIOKafkaConsumer:
        if self._reader is None:
            await ensure_topics(self.bootstrap, [EPOCH_TOPIC], 1, {"retention.ms": "-1"})
            # one partition of one topic that never moves: its metadata need no periodic refresh (an
            # error closes the reader, and the next check starts a fresh one)
            reader = AIOKafkaConsumer(bootstrap_servers=self.bootstrap, enable_auto_commit=False,
                                      request_timeout_ms=10000, metadata_max_age_ms=EPOCH_READER_METADATA_MS)
            await reader.start()
            reader.assign([self._tp])
            reader.pause(self._tp)
            self._reader = reader
        return self._reader

    async def _write_marker(self) -> None:
        producer = AIOKafkaProducer(bootstrap_servers=self.bootstrap, acks="all", request_timeout_ms=10000)
        await producer.start()
        try:
            await producer.send_and_wait(EPOCH_TOPIC, value=str(uuid.uuid4()).encode(), partition=0)
        finally:
            await producer.stop()

    async def close(self) -> None:
        """Drop the client (after a broker error, so the next check connects afresh)."""
        reader, self._reader = self._reader, None
        if reader is not None:
            with contextlib.suppress(Exception):  # closing a client of a broker that went away
                await reader.stop()


class SharedEpoch:
    """One `BrokerEpoch` reader for every consumer of a worker process (per event loop and broker):
    a read younger than `max_age` is answered from memory, so N consumers checking every 2 s cost the
    broker one read (three requests) per 2 s instead of N. Reads and `close` are serialised: a
    consumer dropping the reader after a broker error never pulls it from under another's read."""

    _by_loop: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def __init__(self, bootstrap: str):
        self._epoch = BrokerEpoch(bootstrap)
        self._lock = asyncio.Lock()
        self._value: str | None = None
        self._read_at = 0.0

    @classmethod
    def for_process(cls, bootstrap: str) -> SharedEpoch:
        watchers = cls._by_loop.setdefault(asyncio.get_running_loop(), {})
        if bootstrap not in watchers:
            watchers[bootstrap] = cls(bootstrap)
        return watchers[bootstrap]

    async def current(self, max_age: float) -> str:
        async with self._lock:
            if self._value is None or time.monotonic() - self._read_at >= max_age:
                self._value = await self._epoch.current()
                self._read_at = time.monotonic()
            return self._value

    async def close(self) -> None:
        async with self._lock:
            self._value = None
            await self._epoch.close()


def set_fetch_wait(consumer: AIOKafkaConsumer, wait_ms: int, metadata_max_age_ms: int, routine_seconds: float) -> None:
    """Change, while the consumer runs, how long the broker may hold its next fetch, how often it
    refreshes metadata and how often its background fetch routine re-plans without an event
    (`consumer_timeout_ms`; a fetch answer, a consumed batch or an assignment change wake it anyway).
    aiokafka has no public setter: its fetcher reads `_fetch_max_wait_ms` each time it builds a fetch
    request and `_fetcher_timeout` each turn, its client `_metadata_max_age_ms` before each wait for
    the next refresh, so a change applies from the next request or turn (the fetch in flight keeps its
    wait). A client without those attributes keeps the settings it was created with."""
    fetcher, client = getattr(consumer, "_fetcher", None), getattr(consumer, "_client", None)
    if fetcher is not None and hasattr(fetcher, "_fetch_max_wait_ms"):
        fetcher._fetch_max_wait_ms = wait_ms
    if fetcher is not None and hasattr(fetcher, "_fetcher_timeout"):
        fetcher._fetcher_timeout = routine_seconds
    if client is not None and hasattr(client, "_metadata_max_age_ms"):
        client._metadata_max_age_ms = metadata_max_age_ms
