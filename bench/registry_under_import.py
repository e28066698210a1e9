"""The registry answering other requests while a large bulk import runs (issue 10 item 12): a
BPJS membership sync of 200,000 rows (default 50,000: `run(rows=200_000)` for the full figure) is
applied by the worker while a client reads participants and the batch status over real HTTP
(4 at a time); the figures are those requests' latency percentiles (target: p99 < 200 ms)."""
from __future__ import annotations

import asyncio
import datetime as dt
import sys
import time

import httpx

from bench.bpjs_sync import signed, write_batch
from bench.infra import ADMIN_KEY, bench_stack, percentiles, say

READERS = 4


async def participant(http: httpx.AsyncClient) -> str:
    body = {"regency_code": "6207", "nik": "6207075206610001", "full_name": "Bench Reader",
            "birth_place": "Nanga Bulik",
            "birth_date": dt.date(1961, 6, 12).isoformat(), "sex": "F", "mother_maiden_name": "Ibu",
            "address": "Jl. Bench 1", "worker_type": "bpu", "category": "vulnerable_worker", "occupation": "farmer"}
    response = await http.post("/v1/participants", json=body)
    response.raise_for_status()
    return response.json()["id"]


async def measure(stack, file, digest: str, rows: int) -> dict:
    path = "/v1/bpjs/membership-sync/bench-under-load"
    latencies: list[float] = []
    async with httpx.AsyncClient(base_url=stack.url("registry"), headers={"X-API-Key": ADMIN_KEY},
                                 timeout=60) as http:
        reader_url = f"/v1/participants/{await participant(http)}"
        response = await http.post(path, content=file.read_bytes(), headers=signed(stack, path, digest))
        response.raise_for_status()
        started, done = time.perf_counter(), asyncio.Event()

        async def reader(url: str) -> None:
            while not done.is_set():
                begin = time.perf_counter()
                (await http.get(url)).raise_for_status()
                latencies.append((time.perf_counter() - begin) * 1000)
                await asyncio.sleep(0.02)

        async def watch() -> dict:
            while (status := (await http.get(path)).json())["status"] not in ("completed", "failed"):
                print(f"\r[bench] applied {status['rows_processed']}/{rows}", end="", file=sys.stderr, flush=True)
                await asyncio.sleep(0.5)
            done.set()
            return status

        tasks = [reader(reader_url if i % 2 else path) for i in range(READERS)]
        status, *_ = await asyncio.gather(watch(), *tasks)
    print(file=sys.stderr)
    return {"rows": rows, "import_seconds": round(time.perf_counter() - started, 1), "status": status["status"],
            "requests": len(latencies), "latency_ms": {k: round(v, 1) for k, v in percentiles(latencies).items()}}


def run(rows: int = 50_000) -> dict:
    with bench_stack(["registry"]) as stack:
        file = stack.base / "bpjs-sync.csv"
        say(f"generating {rows} sync rows")
        digest = write_batch(file, rows)
        stack.spawn("registry", "api")
        stack.spawn("registry", "worker")
        stack.wait_ready("registry")
        figures = asyncio.run(measure(stack, file, digest, rows))
    say(f"while {rows} rows were applied: p99 {figures['latency_ms']['p99']} ms over {figures['requests']} requests")
    return figures
