"""Licence clearance for OSS/PTSP (docs/API.md §9: "in milliseconds"): the sanctions API as a real
uvicorn process over a read model of a few thousand employers, some under sanction, driven over
loopback by an async httpx client; beside it, as the ceiling, the smallest FastAPI endpoint
(bench/_ceiling.py, also a real uvicorn process) driven the same way in the same run.

Two figures per target: the most it serves with a fixed number of requests in flight
(closed loop), and latency at a steady offered rate (open loop: request i is sent at t0 + i/rate
whatever happened before, and its latency counts from that planned moment, so a stall shows up
in the percentiles instead of slowing the sender down)."""
from __future__ import annotations

import asyncio
import datetime as dt
import os
import random
import subprocess
import sys
import time
import uuid

import httpx
import psycopg
from psycopg.types.json import Jsonb

from bench.infra import ADMIN_KEY, ROOT, bench_stack, percentiles, say
from sanctions.domain import (
    Evidence,
    Subject,
    active_sanction,
    add_evidence,
    decide,
    load_sanctions_profile,
    open_case,
)
from shared.db import libpq_url
from shared.devstack import free_port

REGENCY = "6207"  # Lamandau: two executing agencies, the longest list of denied services
SERVICES = ["business_license", "tender_permit", "foreign_worker_permit", "labor_provider_permit",
            "construction_company_permit", "building_approval"]
DENIED = ["business_license", "foreign_worker_permit"]


def seed(url: str, employers: int, sanctioned: int) -> list[tuple[str, str]]:
    """Employers (id, NIB) in the NIB map, the first `sanctioned` of them under a TMP2T imposed by
    the domain itself (so the rows are what the service writes); returns every (id, NIB)."""
    profile = load_sanctions_profile(REGENCY)
    people = [(str(uuid.uuid4()), f"91{n:011d}") for n in range(employers)]
    with psycopg.connect(libpq_url(url)) as conn, conn.cursor() as cur:
        with cur.copy("COPY known_employers (employer_id, regency_code, nib, kind) FROM STDIN") as copy:
            for employer_id, nib in people:
                copy.write_row((employer_id, REGENCY, nib, "non_state"))
        with cur.copy("COPY active_sanctions (case_id, regency_code, employer_id, data) FROM STDIN") as copy:
            for n, (employer_id, _) in enumerate(people[:sanctioned]):
                sanction = _imposed(profile, employer_id, n)
                copy.write_row((sanction.case_id, REGENCY, employer_id, Jsonb(sanction.to_dict())))
        conn.execute("ANALYZE known_employers; ANALYZE active_sanctions")
    return people


def _imposed(profile, employer_id: str, n: int):
    """A Lamandau case on BPJS's request and the inspector's recommendation, imposed."""
    on = dt.date(2026, 1, 5)
    case = open_case(case_id=str(uuid.uuid4()), number=f"SAN/{REGENCY}/2026/{n:06d}", regency_code=REGENCY,
                     subject=Subject("employer", employer_id), violation="employer_not_registered",
                     source="bpjs_request", reference=f"B/{n}/2026", on=on, profile=profile).case
    case = add_evidence(case, Evidence("inspector_recommendation", f"560/{n}/PK/2026", on), profile).case
    return active_sanction(decide(case, decision_kind="impose", decree_number=f"188.45/{n}/2026", services=DENIED,
                                  on=on, profile=profile).case)


def clearance_requests(base: str, people: list[tuple[str, str]], count: int) -> list[str]:
    """A mix of lookups: by employer id and by NIB, sanctioned and clear, every service."""
    rng = random.Random(7)
    urls = []
    for _ in range(count):
        employer_id, nib = rng.choice(people[:len(people) // 10] if rng.random() < 0.5 else people)
        who = f"employer_id={employer_id}" if rng.random() < 0.5 else f"nib={nib}"
        urls.append(f"{base}/v1/clearance?regency_code={REGENCY}&service={rng.choice(SERVICES)}&{who}")
    return urls


async def saturate(http: httpx.AsyncClient, urls: list[str], seconds: float, in_flight: int) -> dict:
    """Closed loop: `in_flight` requests outstanding at all times; the most the target serves."""
    latencies: list[float] = []
    errors = 0
    stop = time.perf_counter() + seconds

    async def loop(offset: int) -> None:
        nonlocal errors
        i = offset
        while time.perf_counter() < stop:
            started = time.perf_counter()
            response = await http.get(urls[i % len(urls)])
            latencies.append(time.perf_counter() - started)
            errors += response.status_code != 200
            i += in_flight

    started = time.perf_counter()
    await asyncio.gather(*(loop(k) for k in range(in_flight)))
    elapsed = time.perf_counter() - started
    return {"in_flight": in_flight, "requests": len(latencies), "errors": errors,
            "throughput_per_s": round(len(latencies) / elapsed), **_ms(latencies)}


async def steady(http: httpx.AsyncClient, urls: list[str], rate: float, seconds: float, label: str) -> dict:
    """Open loop at `rate` requests/s; latency from each request's planned send time."""
    total = int(rate * seconds)
    latencies: list[float] = []
    errors = 0
    begin = time.perf_counter() + 0.1

    async def one(i: int) -> None:
        nonlocal errors
        planned = begin + i / rate
        await asyncio.sleep(max(0.0, planned - time.perf_counter()))
        try:
            response = await http.get(urls[i % len(urls)])
            errors += response.status_code != 200
        except httpx.HTTPError:
            errors += 1
            return
        latencies.append(time.perf_counter() - planned)
        if len(latencies) % int(rate) == 0:
            print(f"\r[bench] {label}: {len(latencies)}/{total}", end="", file=sys.stderr, flush=True)

    await asyncio.gather(*(one(i) for i in range(total)))
    elapsed = time.perf_counter() - begin
    print(file=sys.stderr)
    return {"offered_per_s": rate, "seconds": seconds, "requests": total, "errors": errors,
            "throughput_per_s": round(len(latencies) / elapsed), **_ms(latencies)}


def _ms(latencies: list[float]) -> dict:
    if not latencies:
        return {}
    return {f"{k}_ms": round(v * 1000, 2) for k, v in percentiles(latencies).items()}


def start_ceiling(log_path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    log = open(log_path, "ab")
    process = subprocess.Popen([sys.executable, "-m", "uvicorn", "bench._ceiling:app", "--host", "127.0.0.1",
                                "--port", str(port), "--no-access-log", "--log-level", "warning"], cwd=ROOT,
                               stdout=log, stderr=subprocess.STDOUT)
    return process, f"http://127.0.0.1:{port}"


async def wait_up(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    async with httpx.AsyncClient() as http:
        while time.monotonic() < deadline:
            try:
                if (await http.get(url)).status_code < 500:
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


async def measure(targets: dict[str, list[str]], rate: float, seconds: float, saturation_seconds: float,
                  in_flight: int) -> dict:
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
    out: dict = {"saturation": {}, "steady": {}}
    async with httpx.AsyncClient(headers={"X-API-Key": ADMIN_KEY}, limits=limits, timeout=10) as http:
        for name, urls in targets.items():
            say(f"{name}: warming up, then {saturation_seconds:.0f} s with {in_flight} requests in flight")
            await saturate(http, urls, 1.0, in_flight)
            out["saturation"][name] = await saturate(http, urls, saturation_seconds, in_flight)
            say(f"{name}: {out['saturation'][name]['throughput_per_s']} requests/s at most")
        # a rate this shared machine cannot sustain would measure the queue, not the service
        most = min(figures["throughput_per_s"] for figures in out["saturation"].values())
        if rate > 0.6 * most:
            rate = max(10.0, round(0.6 * most, -1))
            say(f"offered rate lowered to {rate:.0f} requests/s (60 % of the lower saturated throughput)")
        for name, urls in targets.items():
            say(f"{name}: open loop at {rate:.0f} requests/s for {seconds:.0f} s")
            out["steady"][name] = await steady(http, urls, rate, seconds, name)
    return out


def run(employers: int = 5000, sanctioned: int = 250, rate: float = 150, seconds: float = 20,
        saturation_seconds: float = 5, in_flight: int = 16) -> dict:
    load_before = os.getloadavg()[0]  # other work on the machine shows in every figure below
    with bench_stack(["sanctions"]) as stack:
        say(f"seeding {employers} employers, {sanctioned} under sanction")
        people = seed(stack.env["LINDUNG_SANCTIONS_DATABASE_URL"], employers, sanctioned)
        stack.spawn("sanctions", "api")
        ceiling, ceiling_url = start_ceiling(stack.base / "ceiling.log")
        try:
            stack.wait_ready("sanctions")
            asyncio.run(wait_up(ceiling_url + "/ping"))
            targets = {"clearance": clearance_requests(stack.url("sanctions"), people, 5000),
                       "ceiling": [ceiling_url + "/ping"]}
            figures = asyncio.run(measure(targets, rate, seconds, saturation_seconds, in_flight))
        finally:
            ceiling.terminate()
            ceiling.wait(10)
    return {"employers": employers, "active_sanctions": sanctioned, "regency": REGENCY,
            "load": "httpx.AsyncClient over loopback, on the same machine as both servers",
            "machine_load_average": {"before": round(load_before, 2), "after": round(os.getloadavg()[0], 2)},
            **figures}
