"""No event lost, none applied twice: a consumer killed between its database commit and its
offset commit, a broker that restarts and loses its log (replay refills it), duplicated
deliveries, and poison messages that go to the dead-letter topic."""
from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import uuid

import orjson
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from shared.events import envelope_for, topic_for
from shared.events.contracts import ParticipantRegistered
from shared.kafka import admin_client
from tests.conftest import LOG_DIR
from tests.factories import participant_body
from tests.integration.conftest import ROOT, eventually

REGENCY = "6309"


def coverage_state(infra):
    participants = infra.sql("reporting", "SELECT count(*) FROM rm_participants WHERE regency_code = %s", (REGENCY,))
    applied = infra.sql("reporting", "SELECT events_applied FROM rm_watermarks WHERE regency_code = %s", (REGENCY,))
    return participants[0][0], (applied[0][0] if applied else 0)


async def register(registry, count: int, start: int) -> None:
    for i in range(start, start + count):
        response = await registry.post("/v1/participants", json=participant_body(REGENCY, serial=i))
        assert response.status_code == 201, response.text


async def test_consumer_killed_between_db_commit_and_offset_commit_counts_each_once(clean, api, workers, processes):
    registry = await api("registry")
    await workers("registry")
    doomed = processes.start("reporting", "worker", {"LINDUNG_FAULT_KILL_AFTER_DB_COMMITS": "7"}, tag="-doomed")
    await register(registry, 30, 100)
    await eventually(lambda: doomed.poll() is not None, timeout=60, interval=0.1)
    assert doomed.returncode == -signal.SIGKILL
    assert coverage_state(clean)[0] >= 7
    processes.start("reporting", "worker", tag="-recovered")
    await eventually(lambda: coverage_state(clean) == (30, 30), timeout=60, interval=0.1)
    await asyncio.sleep(1.0)
    assert coverage_state(clean) == (30, 30)
    inbox = clean.sql("reporting", "SELECT count(*), count(DISTINCT event_id) FROM inbox WHERE consumer = 'coverage'")
    assert inbox == [(30, 30)]
    redelivered = (LOG_DIR / "reporting-worker-recovered.log").read_text()
    assert "consumer_duplicate_dropped" in redelivered, "the uncommitted offset must have been redelivered"


async def test_broker_restart_loses_log_and_replay_refills_it(clean, api, workers):
    registry = await api("registry")
    await workers("registry", "reporting")
    await register(registry, 15, 200)
    await eventually(lambda: coverage_state(clean) == (15, 15), timeout=60, interval=0.1)
    clean.broker.restart()  # tansu keeps its log in memory: everything published so far is gone
    await register(registry, 15, 300)
    replay = subprocess.run([sys.executable, "-m", "registry", "replay"], cwd=ROOT, capture_output=True, text=True,
                            env={**clean.env})
    assert replay.returncode == 0, replay.stderr
    assert "replay finished" in replay.stderr
    await eventually(lambda: coverage_state(clean) == (30, 30), timeout=60, interval=0.1)
    await asyncio.sleep(1.0)
    assert coverage_state(clean) == (30, 30)


async def _produce(bootstrap: str, topic: str, key: bytes, values: list[bytes]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        for value in values:
            await producer.send_and_wait(topic, key=key, value=value)
    finally:
        await producer.stop()


def _registered_envelope(participant_id: uuid.UUID) -> bytes:
    payload = ParticipantRegistered(participant_id=participant_id, worker_type="bpu", category="petani", sex="M",
                                    birth_year=1980, registered_on="2026-01-05")
    return orjson.dumps(envelope_for(payload, regency_code=REGENCY).to_json_dict())


async def test_duplicated_delivery_changes_nothing(clean, workers):
    await workers("reporting")
    participant_id = uuid.uuid4()
    message = _registered_envelope(participant_id)
    await _produce(
        clean.broker.bootstrap, topic_for("registry"), str(participant_id).encode(), [message, message, message]
    )
    await eventually(lambda: coverage_state(clean) == (1, 1), timeout=30)
    await asyncio.sleep(1.0)
    assert coverage_state(clean) == (1, 1)


async def test_poison_messages_are_dead_lettered_and_counted_and_the_stream_goes_on(clean, workers):
    await workers("reporting")
    bad_payload = orjson.loads(_registered_envelope(uuid.uuid4()))
    bad_payload["payload"].pop("sex")
    good_id = uuid.uuid4()
    await _produce(clean.broker.bootstrap, topic_for("registry"), b"k",
                   [b"this is not json", orjson.dumps(bad_payload), _registered_envelope(good_id)])
    await eventually(lambda: coverage_state(clean) == (1, 1), timeout=30)
    await eventually(lambda: clean.sql("reporting", "SELECT count(*) FROM dead_letters")[0][0] == 2, timeout=10)
    errors = [r[0] for r in clean.sql("reporting", "SELECT error FROM dead_letters ORDER BY id")]
    assert errors[0].startswith("malformed envelope") and "ValidationError" in errors[1]
    forwarded = await _read_dead_letter_topic(clean.broker.bootstrap, expected=2)
    assert [m["consumer"] for m in forwarded] == ["coverage", "coverage"]


async def _read_dead_letter_topic(bootstrap: str, expected: int) -> list[dict]:
    consumer = AIOKafkaConsumer("lindung.dead-letter", bootstrap_servers=bootstrap, group_id=f"t-{uuid.uuid4()}",
                                auto_offset_reset="earliest")
    await consumer.start()
    found: list[dict] = []
    try:
        for _ in range(100):
            batch = await consumer.getmany(timeout_ms=200)
            found += [orjson.loads(m.value) for msgs in batch.values() for m in msgs]
            if len(found) >= expected:
                break
    finally:
        await consumer.stop()
    return found


async def test_relay_refills_a_broker_that_lost_its_log_by_itself(clean, api, workers):
    """No operator at hand: the leader relay notices its topics are gone and refills them."""
    registry = await api("registry")
    await workers("registry")
    await register(registry, 10, 400)
    await eventually(lambda: clean.sql("registry", "SELECT count(*) FROM outbox WHERE published_at IS NULL")[0][0] == 0,
                     timeout=20)
    clean.broker.restart()
    await register(registry, 5, 500)
    await workers("reporting")
    await eventually(lambda: coverage_state(clean) == (15, 15), timeout=60, interval=0.1)
    partitions = await partition_count(clean.broker.bootstrap, topic_for("registry"))
    assert partitions == 3, "the refilled topic keeps the configured partition count"


async def partition_count(bootstrap: str, topic: str) -> int:
    async with admin_client(bootstrap) as admin:
        return len((await admin.describe_topics([topic]))[0]["partitions"])


async def test_an_idle_relay_refills_a_broker_that_lost_its_log_without_a_new_event(clean, api):
    """Nothing is written after the loss: the idle leader relay's periodic epoch check refills the log."""
    from registry.main import SPEC
    from shared.app import Runtime
    from shared.relay import OutboxRelay, _log_end
    registry = await api("registry")
    await register(registry, 4, 600)
    runtime = Runtime.create(SPEC.settings_factory())
    relay = OutboxRelay(runtime.engine, service="registry", bootstrap=clean.broker.bootstrap, partitions=3,
                        idle_seconds=0.2, epoch_check_idle_seconds=1.0)
    stop = asyncio.Event()
    task = asyncio.create_task(relay.run(stop))
    try:
        await eventually(lambda: relay.published == 4, timeout=20)
        clean.broker.restart()
        await eventually(lambda: relay.refilled == 4, timeout=30)
        assert await _log_end(clean.broker.bootstrap, topic_for("registry")) > 0
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)
        await runtime.engine.dispose()
