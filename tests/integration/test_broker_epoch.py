"""The broker epoch (shared/kafka.py BrokerEpoch) on the real broker, where tansu 0.6 can hide a
marker: a message produced to a topic the broker does not have (a producer whose metadata predates
the broker's restart) is counted by its offsets but returned by no fetch. The relay's marker write
caught by a restart did exactly that, and every epoch read then failed until the test gave up."""
from __future__ import annotations

import time

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.structs import TopicPartition

from shared.kafka import EPOCH_TOPIC, BrokerEpoch
from tests.integration.test_delivery_guarantees import partition_count

MARKER = TopicPartition(EPOCH_TOPIC, 0)


async def counted_and_fetched(bootstrap: str) -> tuple[int, int]:
    """(messages the partition's offsets count, messages a fetch from its start returns within 1.5 s)."""
    reader = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await reader.start()
    try:
        reader.assign([MARKER])
        begin, end = (await reader.beginning_offsets([MARKER]))[MARKER], (await reader.end_offsets([MARKER]))[MARKER]
        reader.seek(MARKER, begin)
        fetched, deadline = [], time.monotonic() + 1.5
        while not fetched and time.monotonic() < deadline:
            fetched = (await reader.getmany(MARKER, timeout_ms=300)).get(MARKER, [])
        return end - begin, len(fetched)
    finally:
        await reader.stop()


async def test_a_marker_the_broker_counts_but_never_returns_gives_way_to_a_new_epoch(clean):
    bootstrap = clean.broker.bootstrap
    epoch = BrokerEpoch(bootstrap)
    stale = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    try:
        before = await epoch.current()
        await epoch.close()  # no client of ours asks for the topic's metadata across the restart
        await stale.start()
        await stale.send_and_wait(EPOCH_TOPIC, b"second", partition=0)  # the producer now knows the topic
        clean.broker.restart()
        await stale.send_and_wait(EPOCH_TOPIC, b"hidden", partition=0)
        assert await counted_and_fetched(bootstrap) == (1, 0), "tansu hides the marker (the case under test)"

        after = await epoch.current()
    finally:
        await stale.stop()
        await epoch.close()
    assert after not in (before, "second", "hidden")
    assert await counted_and_fetched(bootstrap) == (1, 1)
    assert await partition_count(bootstrap, EPOCH_TOPIC) == 1
    assert await BrokerEpoch(bootstrap).current() == after, "every reader agrees on the new epoch"
