"""Events per second through outbox -> relay -> tansu -> idempotent consumer -> read model, and
registration-to-coverage lag percentiles at a constant registration rate over real HTTP (open loop)."""
from __future__ import annotations

import asyncio
import sys
import time
import uuid

import psycopg
from psycopg.types.json import Jsonb

from bench import lag as lag_bench
from bench.infra import bench_stack, say
from shared.db import libpq_url
from shared.events import envelope_for, key_of, topic_for
from shared.events.contracts import ParticipantRegistered
from shared.outbox import OUTBOX_CHANNEL


def seed_outbox(url: str, count: int) -> None:
    """Committed state changes waiting in the registry outbox, as after a burst of registrations
    (with the NOTIFY an outbox insert sends, so a running relay starts at once)."""
    rows = []
    for _ in range(count):
        payload = ParticipantRegistered(participant_id=uuid.uuid4(), worker_type="bpu", category="petani", sex="F",
                                        birth_year=1985, registered_on="2026-01-05")
        envelope = envelope_for(payload, regency_code="6101")
        rows.append((envelope.event_id, envelope.event_type, topic_for("registry"), key_of(payload), "6101",
                     Jsonb(envelope.to_json_dict())))
    with psycopg.connect(libpq_url(url)) as conn, conn.cursor() as cur:
        with cur.copy(
            "COPY outbox (event_id, event_type, topic, message_key, regency_code, envelope) FROM STDIN"
        ) as copy:
            for row in rows:
                copy.write_row(row)
        cur.execute(f"NOTIFY {OUTBOX_CHANNEL}")


def scalar(url: str, query: str):
    with psycopg.connect(libpq_url(url)) as conn:
        return conn.execute(query).fetchone()[0]


async def throughput(stack, events: int) -> dict:
    """Steady state of running workers (separate processes, as `make run` starts them): they are
    started and have joined their consumer groups (one event went through) before the burst is
    seeded and the clock starts; starting and joining is not throughput."""
    registry_db = stack.env["LINDUNG_REGISTRY_DATABASE_URL"]
    reporting_db = stack.env["LINDUNG_REPORTING_DATABASE_URL"]
    for service in ("registry", "reporting"):
        stack.ensure(service, "worker")
    say("throughput: workers started; one event through to join the consumer groups")
    seed_outbox(registry_db, 1)
    await _applied(reporting_db, 1, deadline=120)
    say(f"throughput: seeding {events} events into the registry outbox")
    seed_outbox(registry_db, events)
    started = time.perf_counter()
    published_at = await _applied(reporting_db, events + 1, deadline=300, registry_db=registry_db, started=started)
    elapsed = time.perf_counter() - started
    return {"events": events, "relay_events_per_s": round(events / published_at), "end_to_end_events_per_s":
            round(events / elapsed), "seconds": round(elapsed, 2)}


async def _applied(reporting_db: str, count: int, *, deadline: float, registry_db: str | None = None,
                   started: float = 0.0) -> float:
    """Until the reporting inbox holds `count` rows; answers when the registry outbox was empty."""
    published_at, limit = None, time.perf_counter() + deadline
    while time.perf_counter() < limit:
        await asyncio.sleep(0.05)
        if registry_db and published_at is None and scalar(
                registry_db, "SELECT count(*) FROM outbox WHERE published_at IS NULL") == 0:
            published_at = time.perf_counter() - started
        applied = scalar(reporting_db, "SELECT count(*) FROM inbox")
        print(f"\r[bench] consumed {applied}/{count}", end="", file=sys.stderr, flush=True)
        if applied >= count:
            print(file=sys.stderr)
            return published_at or time.perf_counter() - started
    raise TimeoutError(f"{count} events not applied within {deadline} s")


def lag(stack, rate: float, seconds: float) -> dict:
    """Registration -> coverage lag at `rate`/s offered open loop (bench/lag.py: its own process,
    schedule-based send times, several connections)."""
    lag_bench.warm_up(stack)
    result = lag_bench.at_rate(stack, rate, seconds)
    return {"registrations": result["offered"], "rate_per_s": rate, "lag_ms": result["lag_ms"],
            "relay_ms": result["relay_ms"], "api_ms": result["api_ms"], "sustained": result["sustained"]}


_birth = lag_bench._birth  # distinct NIKs (bench/table.py numbers its registrations with it too)


def run(events: int = 20000, rate: float = 20, seconds: float = 30) -> dict:
    with bench_stack(["registry", "reporting"]) as stack:
        result = {"throughput": asyncio.run(throughput(stack, events))}
        result["lag"] = lag(stack, rate, seconds)
    return result
