"""Fault runs (issue 12): N runs of M registrations each over real HTTP, one random fault per run
injected once 30 % of the run's registrations were accepted, and per run the counts of

- lost: registrations the client saw accepted that never reached the reporting read model
  (or that the registry itself no longer holds),
- duplicated: effects applied more than once (read-model counter above distinct participants,
  or a retried request registered twice),
- unseen: registry outbox events still unpublished when the run ended,
- recovery_s: seconds from injecting the fault until the read model again counts every
  registration accepted before the fault.

The registry API and worker and the reporting worker run under the `make run` supervisor
(shared/devstack/supervisor.py), so killed processes come back as they would locally; the
client retries like a well-behaved one (503 after Retry-After, capped at 1 s; connection errors).

    python -m bench faults                              (defaults: 3 runs x 300 events)
    LINDUNG_BENCH_FAULT_RUNS=20 LINDUNG_BENCH_FAULT_EVENTS=10000 python -m bench faults
    python -m bench.faults --runs 7 --events 2000 --kinds all-once
    (LINDUNG_BENCH_FAULT_ONLY=<kind> runs one kind only; LINDUNG_BENCH_KEEP_LOGS=<dir> keeps the logs)
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import shutil
import signal
import sys
import threading
import time

import httpx
import psycopg

from bench.infra import ADMIN_KEY, ROOT, bench_stack, say
from shared.db import libpq_url
from shared.devstack.supervisor import Supervisor
from tests.factories import participant_body

REGENCY = "6309"
KINDS = ["worker_kill", "relay_kill", "api_kill", "broker_kill_empty", "broker_pause", "db_fast_restart",
         "db_immediate_restart"]
# the process each kill fault hits: the consumer's worker, the relay's worker, the API
PROCESS_OF = {"worker_kill": "reporting-worker", "relay_kill": "registry-worker", "api_kill": "registry-api"}
CONCURRENCY = 8
CONVERGE_TIMEOUT = 300.0


def _body(index: int) -> dict:
    """Distinct NIKs for any number of registrations: serial and encoded birth date vary."""
    birth = dt.date(1960, 1, 1) + dt.timedelta(days=index // 9000)
    return participant_body(REGENCY, serial=index % 9000 + 1, birth_date=birth)


class Counts:
    def __init__(self, env: dict[str, str]):
        self.registry = libpq_url(env["LINDUNG_REGISTRY_DATABASE_URL"])
        self.reporting = libpq_url(env["LINDUNG_REPORTING_DATABASE_URL"])

    def _one(self, url: str, query: str, params=()):
        try:
            with psycopg.connect(url, connect_timeout=3) as conn:
                return conn.execute(query, params).fetchone()
        except psycopg.OperationalError:
            return None  # the database is being restarted: ask again later

    def snapshot(self) -> dict | None:
        reg = self._one(self.registry, "SELECT (SELECT count(*) FROM participants), "
                                       "(SELECT count(*) FROM outbox WHERE published_at IS NULL)")
        rep = self._one(self.reporting, "SELECT (SELECT count(*) FROM rm_participants WHERE regency_code = %s), "
                                        "(SELECT coalesce(sum(events_applied), 0) FROM rm_watermarks "
                                        "WHERE regency_code = %s), (SELECT count(*) FROM dead_letters)",
                        (REGENCY, REGENCY))
        if reg is None or rep is None:
            return None
        return {"truth": reg[0], "unpublished": reg[1], "seen": rep[0], "applied": int(rep[1]), "dead": rep[2]}


class Run:
    def __init__(self, http: httpx.AsyncClient, url: str, start: int, events: int):
        self.http, self.url, self.next, self.end = http, url, start, start + events
        self.accepted = self.retried_503 = self.transport_errors = self.other_errors = 0

    async def client(self) -> None:
        while self.next < self.end:
            index, self.next = self.next, self.next + 1
            await self._register(_body(index))

    async def _register(self, body: dict) -> None:
        retried = False
        while True:
            try:
                response = await self.http.post(self.url, json=body)
            except httpx.TransportError:
                self.transport_errors += 1
                retried = True
                await asyncio.sleep(0.5)
                continue
            if response.status_code == 201 or (response.status_code == 409 and retried):
                self.accepted += 1
                return
            if response.status_code == 503:
                self.retried_503 += 1
            else:
                self.other_errors += 1
            retried = True
            await asyncio.sleep(min(1.0, float(response.headers.get("retry-after", 1))))


class Faults:
    def __init__(self, stack, supervisor: Supervisor):
        self.stack, self.supervisor = stack, supervisor

    def inject(self, kind: str) -> None:
        if kind in ("worker_kill", "relay_kill", "api_kill"):
            pid = self.supervisor.pid(PROCESS_OF[kind])
            if pid:
                os.kill(pid, signal.SIGKILL)
        elif kind == "broker_kill_empty":
            self.stack.broker.restart(kill=True)
        elif kind == "broker_pause":
            self.stack.broker.pause()
            time.sleep(5)
            self.stack.broker.resume()
        else:
            self.stack.pg.restart("fast" if kind == "db_fast_restart" else "immediate", 2.0)


async def one_run(number: int, kind: str, events: int, start: int, stack, faults: Faults, counts: Counts,
                  http: httpx.AsyncClient) -> dict:
    before = counts.snapshot()
    run = Run(http, stack.url("registry") + "/v1/participants", start, events)
    clients = [asyncio.create_task(run.client()) for _ in range(CONCURRENCY)]
    while run.accepted < events * 0.3 and not all(c.done() for c in clients):
        await asyncio.sleep(0.05)
    accepted_before_fault, fault_at = run.accepted, time.monotonic()
    say(f"run {number}: {kind} after {accepted_before_fault} accepted registrations")
    await asyncio.to_thread(faults.inject, kind)
    recovery = asyncio.create_task(_caught_up(counts, before["seen"] + accepted_before_fault, fault_at))
    await asyncio.gather(*clients)
    traffic_done = time.monotonic()
    after = await _converged(counts, before, run.accepted)
    recovery_s = await recovery
    seen, truth = after["seen"] - before["seen"], after["truth"] - before["truth"]
    return {
        "run": number, "fault": kind, "events": events, "accepted": run.accepted,
        "lost": max(0, run.accepted - seen) + max(0, run.accepted - truth),
        "duplicated": (after["applied"] - before["applied"]) - seen + max(0, truth - run.accepted),
        "unseen": after["unpublished"], "recovery_s": recovery_s,
        "converged_after_traffic_s": round(time.monotonic() - traffic_done, 1),
        "dead_lettered": after["dead"] - before["dead"], "client_503_retries": run.retried_503,
        "client_connection_errors": run.transport_errors, "client_other_errors": run.other_errors,
    }


async def _caught_up(counts: Counts, target_seen: int, since: float) -> float | None:
    deadline = since + CONVERGE_TIMEOUT
    while time.monotonic() < deadline:
        snap = await asyncio.to_thread(counts.snapshot)
        if snap and snap["seen"] >= target_seen:
            return round(time.monotonic() - since, 1)
        await asyncio.sleep(0.2)
    return None


async def _converged(counts: Counts, before: dict, accepted: int) -> dict:
    """The end state once the read model matches the registry (or the timeout passed)."""
    deadline, snap = time.monotonic() + CONVERGE_TIMEOUT, None
    while time.monotonic() < deadline:
        snap = await asyncio.to_thread(counts.snapshot) or snap
        if snap and snap["unpublished"] == 0 and snap["seen"] - before["seen"] >= accepted \
                and snap["truth"] - before["truth"] >= accepted:
            await asyncio.sleep(2.0)  # late duplicates would show up now
            return await asyncio.to_thread(counts.snapshot) or snap
        await asyncio.sleep(0.2)
    return snap


def _supervise(supervisor: Supervisor, stop: threading.Event) -> None:
    while not stop.is_set():
        supervisor.poll()
        time.sleep(0.2)


async def _main(stack, runs: int, events: int, kinds: list[str]) -> list[dict]:
    env = {**os.environ, **stack.env, "LINDUNG_HEARTBEAT_DIR": str(stack.base / "heartbeat"), "PYTHONUNBUFFERED": "1"}
    supervisor = Supervisor(env=env, cwd=ROOT, logs=stack.base, say=say)
    for name in ("registry-api", "registry-worker", "reporting-worker"):
        service, role = name.split("-")
        supervisor.spawn(name, [sys.executable, "-m", service, role])
    stop = threading.Event()
    watcher = threading.Thread(target=_supervise, args=(supervisor, stop), daemon=True)
    watcher.start()
    results = []
    try:
        stack.wait_ready("registry")
        counts, faults = Counts(stack.env), Faults(stack, supervisor)
        async with httpx.AsyncClient(headers={"X-API-Key": ADMIN_KEY}, timeout=30) as http:
            for number, kind in enumerate(kinds[:runs], start=1):
                result = await one_run(number, kind, events, (number - 1) * events, stack, faults, counts, http)
                say(json.dumps(result))
                results.append(result)
    finally:
        stop.set()
        watcher.join()
        supervisor.stop()
        _keep_logs(stack.base)
    return results


def _keep_logs(base) -> None:
    """The stack's folder is temporary; LINDUNG_BENCH_KEEP_LOGS=<dir> keeps its logs for a post-mortem."""
    target = os.environ.get("LINDUNG_BENCH_KEEP_LOGS")
    if target:
        os.makedirs(target, exist_ok=True)
        for log in base.glob("*.log"):
            shutil.copy(log, os.path.join(target, log.name))


def plan(runs: int, seed: int, all_once: bool) -> list[str]:
    only = os.environ.get("LINDUNG_BENCH_FAULT_ONLY")  # one kind for every run (to study it)
    if only:
        return [only] * runs
    rng = random.Random(seed)
    if all_once:
        kinds = KINDS * (runs // len(KINDS) + 1)
        return rng.sample(kinds[:runs], runs)
    return [rng.choice(KINDS) for _ in range(runs)]


def run(runs: int | None = None, events: int | None = None, seed: int | None = None,
        all_once: bool | None = None) -> dict:
    runs = runs or int(os.environ.get("LINDUNG_BENCH_FAULT_RUNS", "3"))
    events = events or int(os.environ.get("LINDUNG_BENCH_FAULT_EVENTS", "300"))
    seed = seed if seed is not None else int(os.environ.get("LINDUNG_BENCH_FAULT_SEED", "12"))
    all_once = all_once if all_once is not None else os.environ.get("LINDUNG_BENCH_FAULT_KINDS") == "all-once"
    kinds = plan(runs, seed, all_once)
    started = time.perf_counter()
    with bench_stack(["registry", "reporting"]) as stack:
        results = asyncio.run(_main(stack, runs, events, kinds))
    recoveries = [r["recovery_s"] for r in results if r["recovery_s"] is not None]
    return {"runs": len(results), "events_per_run": events, "seed": seed,
            "total": {"accepted": sum(r["accepted"] for r in results), "lost": sum(r["lost"] for r in results),
                      "duplicated": sum(r["duplicated"] for r in results), "unseen": sum(r["unseen"] for r in results),
                      "max_recovery_s": max(recoveries) if recoveries else None,
                      "seconds": round(time.perf_counter() - started)},
            "per_run": results}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m bench.faults")
    parser.add_argument("--runs", type=int)
    parser.add_argument("--events", type=int)
    parser.add_argument("--seed", type=int)
    parser.add_argument("--kinds", choices=["random", "all-once"], default=None,
                        help="all-once: every fault kind once per 7 runs (in random order)")
    args = parser.parse_args()
    print(json.dumps(run(args.runs, args.events, args.seed,
                         None if args.kinds is None else args.kinds == "all-once"), indent=2))
