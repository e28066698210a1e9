"""Broker plumbing: producer settings, topic creation, reachability."""
from __future__ import annotations

import asyncio

from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from shared.logging import get_logger

log = get_logger("kafka")
TOPIC_EXISTS = 36


def make_producer(bootstrap: str, *, idempotence: bool) -> AIOKafkaProducer:
    # acks=all always; idempotence only where the broker supports it (Apache Kafka, not tansu).
    return AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=idempotence,
                            linger_ms=5, request_timeout_ms=15000, max_batch_size=256 * 1024)


async def ensure_topics(bootstrap: str, topics: list[str], partitions: int) -> None:
    """Create topics with a fixed partition count, so keys map to the same partition after a
    broker lost its log and the topics are made again."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=5000)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [t for t in topics if t not in existing]
        if missing:
            response = await admin.create_topics([NewTopic(t, partitions, 1) for t in missing])
            for topic, code, *_ in getattr(response, "topic_errors", []):
                if code not in (0, TOPIC_EXISTS):
                    log.warning("topic_create_failed", topic=topic, error_code=code)
    finally:
        await admin.close()


async def broker_reachable(bootstrap: str, timeout: float = 1.0) -> bool:
    host, _, port = bootstrap.split(",")[0].rpartition(":")
    try:
        _reader, writer = await asyncio.wait_for(asyncio.open_connection(host or "127.0.0.1", int(port)), timeout)
    except (TimeoutError, OSError, ValueError):
        return False
    writer.close()
    return True
