"""Reporting: event-to-coverage lag at a steady registration rate (real HTTP, real processes),
and the time to rebuild every read model from a large event log (1,000,000 events by default).

The rebuild log is generated straight into the broker topics with the typed contracts: mostly
registrations and memberships, plus terminations, aid, invoices and sanctions cases, over five
regencies. If the rebuild rate measured on a calibration run says the full size would not fit
the time budget, the largest size that fits is rebuilt and the full size is extrapolated."""
from __future__ import annotations

import asyncio
import datetime as dt
import random
import time
import uuid

from bench.infra import bench_stack, say, spec_of
from bench.pipeline import lag
from reporting.main import PROJECTIONS
from reporting.rebuild import rebuild
from shared.app import Runtime
from shared.events import contribution_aid as aid
from shared.events import registry as reg
from shared.events import sanctions as sanc
from tests.integration.reporting.stream import Stream, produce

REGENCIES = ("5304", "6405", "6101", "6309", "6207")
CHUNK = 20_000


def _participant(s: Stream, rng: random.Random, regency_code: str) -> None:
    pid, village = uuid.uuid4(), f"{regency_code}0{rng.randint(1, 9)}200{rng.randint(1, 9)}"
    registered = s.today - dt.timedelta(days=rng.randint(0, 700))
    s.emit(reg.ParticipantRegistered(participant_id=pid, worker_type="bpu", category="vulnerable_worker", sex="F",
                                     birth_year=rng.randint(1960, 2006), district_code=village[:6],
                                     village_code=village, registered_on=registered), regency_code)
    start = reg.MembershipStarted(participant_id=pid, membership_id=uuid.uuid4(), programs=["JKK", "JKM"],
                                  start_date=registered, funding="aid")
    s.emit(start, regency_code)
    roll = rng.random()
    if roll < 0.1:
        s.emit(reg.MembershipTerminated(participant_id=pid, membership_ids=[start.membership_id], reason="moved_out",
                                        effective_date=registered + dt.timedelta(days=90)), regency_code)
    elif roll < 0.25:
        s.emit(aid.AidAllocated(allocation_id=uuid.uuid4(), budget_id=uuid.UUID(int=int(regency_code)),
                                participant_id=pid, funding_source="apbd", fiscal_year=s.today.year, months=12,
                                start_month=f"{s.today.year}-01", amount=12 * 16_800), regency_code)
    elif roll < 0.27:
        s.emit(aid.ContributionPaid(invoice_id=uuid.uuid4(), period=f"{s.today.year}-01", amount=16_800 * 100,
                                    funding_source="apbd", transfer_reference="TRF", paid_on=s.today), regency_code)
    elif roll < 0.29:
        facts = {"case_id": uuid.uuid4(), "case_number": "1", "subject_kind": "employer", "subject_id": str(pid),
                 "employer_id": pid, "violation": "employer_not_registered"}
        s.emit(sanc.CaseOpened(**facts, state="open", source="system", opened_on=registered), regency_code)


def generate(count: int, seed: int) -> list:
    """About `count` messages (a participant brings 2-3 events)."""
    s, rng = Stream(dt.date.today(), seed=seed), random.Random(seed)
    while len(s.messages) < count:
        _participant(s, rng, rng.choice(REGENCIES))
    return s.messages[:count]


async def fill(bootstrap: str, count: int, seed: int) -> None:
    started, done = time.perf_counter(), 0
    while done < count:
        size = min(CHUNK, count - done)
        await produce(bootstrap, generate(size, seed + done))
        done += size
        say(f"produced {done}/{count} events ({done / (time.perf_counter() - started):,.0f}/s)")


async def rebuild_once(settings) -> dict:
    runtime = Runtime.create(settings)
    try:
        return await rebuild(runtime, PROJECTIONS)
    finally:
        await runtime.engine.dispose()


async def rebuild_time(stack, events: int, budget_seconds: float, calibration: int) -> dict:
    settings = spec_of("reporting").settings_factory()
    await fill(stack.broker.bootstrap, calibration, seed=1)
    say(f"calibration: rebuilding from {calibration} events")
    probe = await rebuild_once(settings)
    rate = probe["messages"] / probe["seconds"]
    size = events if events / rate <= budget_seconds else int(rate * budget_seconds)
    say(f"calibration: {rate:,.0f} events/s; rebuilding from {size} events")
    await fill(stack.broker.bootstrap, size - calibration, seed=10_000_000)
    measured = await rebuild_once(settings)
    rate = measured["messages"] / measured["seconds"]
    result = {"events": measured["messages"], "seconds": measured["seconds"], "events_per_s": round(rate),
              "events_applied": measured["events_applied"]}
    if measured["messages"] < events:
        result["extrapolated"] = {"events": events, "seconds": round(events / rate),
                                  "note": "linear from the measured rate (the per-event work does not grow "
                                          "with the table size: upserts by primary key)"}
    return result


def run(events: int = 1_000_000, budget_seconds: float = 420, calibration: int = 50_000,
        rate: float = 20, seconds: float = 30) -> dict:
    with bench_stack(["registry", "reporting"]) as stack:
        result = {"rebuild": asyncio.run(rebuild_time(stack, events, budget_seconds, calibration))}
    with bench_stack(["registry", "reporting"]) as stack:
        result["lag"] = asyncio.run(lag(stack, rate, seconds))
    return result
