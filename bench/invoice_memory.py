"""Memory of a large BPJS invoice import (issue 10 item 12, OWASP API4): the same import from a
1 MB and from a 50 MB CSV file (defaults smaller; `python -m bench invoice_memory` with
`run(sizes_mb=(1, 50))` for the full figures). Each size gets a fresh worker process; the figures
are the peak resident memory (VmHWM) of that worker and of the API while the file is uploaded,
stored sealed, imported and reconciled. Flat means the difference stays within 100 MB."""
from __future__ import annotations

import asyncio
import sys
import time
import uuid

import httpx
import psutil

from bench.aid import MONTHLY, MONTHS, REGENCY, seed_allocations, seed_participants
from bench.bpjs_sync import _high_water_mark
from bench.infra import ADMIN_KEY, bench_stack, say
from shared.db import make_engine, make_sessionmaker
from shared.logging import configure_logging

PEOPLE = 2_000


def invoice_csv(people: list[uuid.UUID], size_mb: float) -> bytes:
    """About `size_mb` MB of lines cycling through the people and months (repeats are flagged)."""
    target, lines = int(size_mb * 2**20), ["participant_id,period,amount\n"]
    size, i = len(lines[0]), 0
    while size < target:
        line = f"{people[i % len(people)]},2026-{(i // len(people)) % MONTHS + 1:02d},{MONTHLY}\n"
        lines.append(line)
        size += len(line)
        i += 1
    return "".join(lines).encode()


async def seed(stack) -> tuple[str, list[uuid.UUID]]:
    url = stack.env["LINDUNG_CONTRIBUTION_AID_DATABASE_URL"]
    engine = make_engine(url, pool_size=2)
    people = await seed_participants(make_sessionmaker(engine), PEOPLE)
    await engine.dispose()
    async with httpx.AsyncClient(base_url=stack.url("contribution-aid"), headers={"X-API-Key": ADMIN_KEY}) as http:
        budget = (await http.post("/v1/budgets", json={"regency_code": REGENCY, "fiscal_year": 2026,
                                                       "funding_source": "apbd",
                                                       "amount": PEOPLE * MONTHS * MONTHLY})).json()
    seed_allocations(url, budget["id"], people)
    return budget["id"], people


def import_once(stack, api: psutil.Process, budget_id: str, body: bytes, reference: str) -> dict:
    stack.spawn("contribution-aid", "worker")
    worker_proc = stack.children[-1]
    worker = psutil.Process(worker_proc.pid)
    time.sleep(2)  # the worker has started (imports, migrations) before the file arrives
    peaks = {"api": 0, "worker": 0}
    with httpx.Client(base_url=stack.url("contribution-aid"), headers={"X-API-Key": ADMIN_KEY}, timeout=600) as http:
        started = time.perf_counter()
        response = http.post("/v1/invoices/csv", content=body, headers={"content-type": "text/csv"}, params={
            "regency_code": REGENCY, "reference": reference, "period": "2026-12", "budget_id": budget_id})
        response.raise_for_status()
        link = response.json()["links"]["self"]
        while (status := http.get(link).json())["status"] not in ("completed", "failed"):
            peaks = {"api": max(peaks["api"], api.memory_info().rss),
                     "worker": max(peaks["worker"], worker.memory_info().rss)}
            print(f"\r[bench] {reference}: {status['status']}", end="", file=sys.stderr, flush=True)
            time.sleep(0.2)
        seconds = time.perf_counter() - started
        invoice = http.get(status["links"]["invoice"]).json() if status["invoice_id"] else {}
    print(file=sys.stderr)
    worker_peak = max(peaks["worker"], _high_water_mark(worker.pid))
    worker_proc.terminate()
    worker_proc.wait(30)
    return {"status": status["status"], "lines": invoice.get("lines"), "seconds": round(seconds, 1),
            "worker_peak_rss_mb": round(worker_peak / 2**20, 1),
            "api_peak_rss_mb": round(max(peaks["api"], _high_water_mark(api.pid)) / 2**20, 1)}


def run(sizes_mb: tuple[float, ...] = (1, 10)) -> dict:
    configure_logging("bench", "WARNING")
    with bench_stack(["contribution-aid"]) as stack:
        stack.spawn("contribution-aid", "api")
        stack.wait_ready("contribution-aid")
        api = psutil.Process(stack.children[-1].pid)
        budget_id, people = asyncio.run(seed(stack))
        results = {}
        for size in sizes_mb:
            body = invoice_csv(people, size)
            say(f"invoice of {len(body) / 2**20:.1f} MB")
            results[f"{size}MB"] = import_once(stack, api, budget_id, body, f"MEM-{size}")
            del body
    worker = [r["worker_peak_rss_mb"] for r in results.values()]
    api_peaks = [r["api_peak_rss_mb"] for r in results.values()]
    figures = {"imports": results, "worker_rss_spread_mb": round(max(worker) - min(worker), 1),
               "api_rss_spread_mb": round(max(api_peaks) - min(api_peaks), 1)}
    figures["flat_within_100mb"] = figures["worker_rss_spread_mb"] <= 100 and figures["api_rss_spread_mb"] <= 100
    say(f"worker peak RSS {worker} MB, API peak RSS {api_peaks} MB: flat={figures['flat_within_100mb']}")
    return figures
