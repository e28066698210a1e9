"""Contribution aid: allocations per second against one budget (every allocation takes the same
budget row, the worst case for the ceiling guarantee), and reconciling a 100,000-line BPJS
invoice (uploaded to the API, imported by the worker's job runner). Real HTTP against a real
contribution-aid process and PostgreSQL."""
from __future__ import annotations

import asyncio
import datetime as dt
import sys
import time
import uuid

import httpx
import psycopg

from bench.infra import ADMIN_KEY, bench_stack, percentiles, say
from contribution_aid.consumers import HANDLERS
from contribution_aid.domain.allocations import aided_monthly_contribution
from contribution_aid.domain.policy import load_aid_policy
from shared.db import libpq_url, make_engine, make_sessionmaker
from shared.events import envelope_for
from shared.events.contracts import EligibilityDetermined, ParticipantRegistered
from shared.logging import configure_logging

REGENCY = "6101"
MONTHS = 12
MONTHLY = aided_monthly_contribution(load_aid_policy(REGENCY), dt.date.today()).amount  # what the service charges


def progress(label: str, done: int, total: int) -> None:
    end = "\n" if done >= total else ""
    print(f"\r[bench] {label} {done}/{total}", end=end, file=sys.stderr, flush=True)


async def seed_participants(sessions, count: int) -> list[uuid.UUID]:
    """Registered and approved participants, through the service's own event handlers."""
    ids = [uuid.uuid4() for _ in range(count)]
    for start in range(0, count, 1000):
        async with sessions() as session, session.begin():
            for pid in ids[start:start + 1000]:
                for payload in _events(pid):
                    await HANDLERS[payload.event_type](session, envelope_for(payload, regency_code=REGENCY))
        progress("participants seeded", min(start + 1000, count), count)
    return ids


def _events(pid: uuid.UUID):
    yield ParticipantRegistered(participant_id=pid, worker_type="bpu", category="vulnerable_worker", sex="M",
                                birth_year=1980, village_code=f"{REGENCY}012001", registered_on=dt.date(2026, 1, 5))
    yield EligibilityDetermined(evaluation_id=uuid.uuid4(), subject_ref=str(pid), participant_id=pid,
                                scheme="vulnerable_worker_aid", as_of=dt.date(2026, 1, 10), outcome="eligible",
                                programs=["JKK", "JKM"], regulation_id="bench", profile_version="bench")


async def allocate_all(http: httpx.AsyncClient, budget_id: str, people: list[uuid.UUID], concurrency: int,
                       label: str) -> tuple[float, list[float]]:
    """Seconds for all, and each request's latency in ms."""
    gate = asyncio.Semaphore(concurrency)
    latencies: list[float] = []

    async def one(pid: uuid.UUID) -> None:
        async with gate:
            started = time.perf_counter()
            response = await http.post("/v1/allocations", json={"budget_id": budget_id, "participant_id": str(pid),
                                                                "months": MONTHS})
            latencies.append((time.perf_counter() - started) * 1000)
            if response.status_code != 201:
                raise RuntimeError(f"allocation refused: {response.status_code} {response.text[:200]}")
            if len(latencies) % 100 == 0 or len(latencies) == len(people):
                progress(label, len(latencies), len(people))

    started = time.perf_counter()
    await asyncio.gather(*(one(pid) for pid in people))
    return time.perf_counter() - started, latencies


def seed_allocations(url: str, budget_id: str, people: list[uuid.UUID]) -> None:
    """Allocations that are only there to be invoiced, written as the service writes them
    (allocation, its funded months, the budget's committed total), by COPY to save minutes."""
    amount = MONTHS * MONTHLY
    with psycopg.connect(libpq_url(url)) as conn, conn.cursor() as cur:
        with cur.copy("COPY allocations (id, budget_id, participant_id, regency_code, funding_source, fiscal_year, "
                      "scheme, start_month, months, monthly_amount, monthly_contribution, share_bp, amount, "
                      "decided_on, created_by) FROM STDIN") as copy:
            for pid in people:
                copy.write_row((uuid.uuid4(), budget_id, pid, REGENCY, "apbd", 2026, "vulnerable_worker_aid",
                                "2026-01", MONTHS, MONTHLY, MONTHLY, 10000, amount, dt.date.today(), "bench"))
        with cur.copy("COPY funded_months (participant_id, month, taken_bp) FROM STDIN") as copy:
            for pid in people:
                for month in range(1, MONTHS + 1):
                    copy.write_row((pid, f"2026-{month:02d}", 10000))
        cur.execute("UPDATE budgets SET committed = committed + %s WHERE id = %s", (amount * len(people), budget_id))


def invoice_csv(people: list[uuid.UUID], lines: int) -> bytes:
    rows = (f"{pid},2026-{month:02d},{MONTHLY}\n" for pid in people for month in range(1, MONTHS + 1))
    body = "participant_id,period,amount\n" + "".join(row for _, row in zip(range(lines), rows, strict=False))
    return body.encode()


async def measure(stack, allocations: int, concurrency: int, invoice_lines: int) -> dict:
    engine = make_engine(stack.env["LINDUNG_CONTRIBUTION_AID_DATABASE_URL"], pool_size=2)
    people = await seed_participants(make_sessionmaker(engine), max(allocations, -(-invoice_lines // MONTHS)))
    await engine.dispose()
    async with httpx.AsyncClient(base_url=stack.url("contribution-aid"), headers={"X-API-Key": ADMIN_KEY},
                                 timeout=600, limits=httpx.Limits(max_connections=concurrency)) as http:
        budget = (await http.post("/v1/budgets", json={"regency_code": REGENCY, "fiscal_year": 2026,
                                                       "funding_source": "apbd",
                                                       "amount": len(people) * MONTHS * MONTHLY})).json()
        say(f"allocations: {allocations} at concurrency {concurrency} against one budget")
        seconds, latencies = await allocate_all(http, budget["id"], people[:allocations], concurrency, "allocated")
        seed_allocations(stack.env["LINDUNG_CONTRIBUTION_AID_DATABASE_URL"], budget["id"], people[allocations:])
        committed = (await http.get(f"/v1/budgets/{budget['id']}")).json()["committed"]
        body = invoice_csv(people, invoice_lines)
        say(f"reconciliation: a {invoice_lines}-line invoice ({len(body) / 2**20:.1f} MiB CSV)")
        started = time.perf_counter()
        response = await http.post("/v1/invoices/csv", content=body, params={
            "regency_code": REGENCY, "reference": "BENCH-1", "period": "2026-12", "budget_id": budget["id"]})
        response.raise_for_status()
        while (status := (await http.get(response.json()["links"]["self"])).json())["status"] not in (
                "completed", "failed"):
            await asyncio.sleep(0.2)  # the worker imports it (shared/jobs)
        reconcile_seconds = time.perf_counter() - started
        report = (await http.get(status["links"]["invoice"])).json()
    return {
        "allocations": {"count": allocations, "concurrency": concurrency, "seconds": round(seconds, 2),
                        "per_s": round(allocations / seconds), "latency_ms": {k: round(v, 1) for k, v in
                                                                              percentiles(latencies).items()},
                        "budget_committed_ok": committed == len(people) * MONTHS * MONTHLY},
        "reconciliation": {"lines": report["lines"], "seconds": round(reconcile_seconds, 2),
                           "lines_per_s": round(report["lines"] / reconcile_seconds), "matched": report["matched"],
                           "discrepancies": sum(report["counts"].values())},
    }


def run(allocations: int = 2000, concurrency: int = 20, invoice_lines: int = 100_000) -> dict:
    configure_logging("bench", "WARNING")  # the seeding handlers would log every event
    with bench_stack(["contribution-aid"]) as stack:
        stack.spawn("contribution-aid", "api")
        stack.spawn("contribution-aid", "worker")
        stack.wait_ready("contribution-aid")
        return asyncio.run(measure(stack, allocations, concurrency, invoice_lines))
