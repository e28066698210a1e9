"""Goal 5: registration -> coverage lag under an OPEN-LOOP load. `python -m bench lag` starts registry and
reporting (API + worker each, as `make run` does) and, for each rate of `LINDUNG_BENCH_LAG_RATES` (default
"10,50,100,150,200"; it stops after the first rate not sustained), offers registrations at that constant rate
for `LINDUNG_BENCH_LAG_SECONDS` (20).

The generator is its own process (pinned to CPU `LINDUNG_BENCH_LAG_CPU` when set) and sends request i
at start + i/rate whatever the answers before it did, over up to `LINDUNG_BENCH_LAG_CONNECTIONS` (64)
connections, so a slow answer never lowers the offered rate; API latency is counted from the scheduled
send time (no coordinated omission). Lag per event is the reporting inbox's `processed_at` (the
coverage consumer's transaction) minus the envelope's `occurred_at` (the registration), for the events
of that run; `relay_ms` is the registry outbox's `published_at - created_at`. A rate is sustained when
the API created >= 95 % of the offered registrations and answered the last one within 2 s of its send.
`make bench` (row 5) runs one rate through `bench.pipeline.lag`, which uses this generator."""
from __future__ import annotations

import asyncio
import datetime as dt
import json
import multiprocessing
import os
import time

import httpx
import psycopg

from bench.infra import ADMIN_KEY, bench_stack, percentiles, say
from shared.db import libpq_url
from tests.factories import participant_body

REGENCY = "6405"
ANSWER_GRACE_S = 20  # after the last send; what is still unanswered then counts as such


def _birth(i: int) -> dt.date:
    """Distinct NIKs for many registrations: vary the encoded birth date (and the serial)."""
    return dt.date(1960, 1, 1) + dt.timedelta(days=(i * 37) % 15000)


def bodies(first: int, count: int) -> list[dict]:
    return [participant_body(REGENCY, serial=(i % 9999) + 1, birth_date=_birth(i)) for i in range(first, first + count)]


async def _offer(url: str, payloads: list[dict], rate: float, connections: int) -> dict:
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    async with httpx.AsyncClient(headers={"X-API-Key": ADMIN_KEY}, timeout=15, limits=limits) as http:
        slots = asyncio.Semaphore(connections)  # requests beyond the connections wait here, cheaply: httpcore's
        # pool rescans every waiting request on each event, which starves the generator once thousands wait

        async def send(body: dict, due: float) -> None:
            try:
                async with slots:
                    status = str((await http.post(url, json=body)).status_code)
            except httpx.HTTPError as exc:
                status = type(exc).__name__
            statuses[status] = statuses.get(status, 0) + 1
            latencies.append(time.perf_counter() - due)

        tasks, begin = [], time.perf_counter() + 0.2
        for i, body in enumerate(payloads):
            due = begin + i / rate
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            tasks.append(asyncio.create_task(send(body, due)))
        last_due = begin + (len(payloads) - 1) / rate
        late = time.perf_counter() - last_due  # the generator's own lateness at its last send
        _done, unanswered = await asyncio.wait(tasks, timeout=ANSWER_GRACE_S)  # an overloaded API: stop waiting
        for task in unanswered:
            task.cancel()
        tail = time.perf_counter() - last_due
    if unanswered:
        statuses["unanswered"] = len(unanswered)
    return {"statuses": statuses, "api_ms": {k: round(1000 * v, 1) for k, v in percentiles(latencies).items()},
            "answered_within_s_of_last_send": round(tail, 2), "generator_late_ms": round(1000 * late, 1)}


def _generate(url: str, payloads: list[dict], rate: float, connections: int, out) -> None:
    """The generator process: one core of its own when LINDUNG_BENCH_LAG_CPU names one."""
    if os.environ.get("LINDUNG_BENCH_LAG_CPU"):
        os.sched_setaffinity(0, {int(os.environ["LINDUNG_BENCH_LAG_CPU"])})
    out.put(asyncio.run(_offer(url, payloads, rate, connections)))


def offer(url: str, payloads: list[dict], rate: float, connections: int) -> dict:
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    process = context.Process(target=_generate, args=(url, payloads, rate, connections, results))
    process.start()
    result = results.get(timeout=len(payloads) / rate + ANSWER_GRACE_S + 60)
    process.join(30)
    return result


def _event_lags(stack, since: dt.datetime, expected: int, deadline: float = 60) -> dict:
    reporting = libpq_url(stack.env["LINDUNG_REPORTING_DATABASE_URL"])
    registry = libpq_url(stack.env["LINDUNG_REGISTRY_DATABASE_URL"])
    limit = time.monotonic() + deadline
    with psycopg.connect(reporting) as conn:
        while True:
            lags = [r[0] for r in conn.execute(
                "SELECT extract(epoch FROM processed_at - occurred_at) * 1000 FROM inbox "
                "WHERE consumer = 'coverage' AND regency_code = %s AND occurred_at >= %s", (REGENCY, since))]
            conn.commit()
            if len(lags) >= expected or time.monotonic() > limit:
                break
            time.sleep(0.5)
    with psycopg.connect(registry) as conn:
        relay = [r[0] for r in conn.execute(
            "SELECT extract(epoch FROM published_at - created_at) * 1000 FROM outbox "
            "WHERE event_type = 'ParticipantRegistered' AND created_at >= %s AND published_at IS NOT NULL", (since,))]
    return {"events": len(lags), "lag_ms": _rounded(lags), "relay_ms": _rounded(relay)}


def _rounded(values: list) -> dict:
    return {k: round(float(v), 1) for k, v in percentiles(values).items()} if values else {}


def warm_up(stack) -> None:
    """Both services up and one registration through to coverage, so the consumer group has joined."""
    for service in ("registry", "reporting"):
        stack.ensure(service, "api")
        stack.ensure(service, "worker")
    stack.wait_ready("registry")
    stack.wait_ready("reporting")
    body = participant_body(REGENCY, serial=9999, birth_date=dt.date(1950, 1, 1))
    httpx.post(stack.url("registry") + "/v1/participants", json=body, headers={"X-API-Key": ADMIN_KEY},
               timeout=30).raise_for_status()
    deadline = time.monotonic() + 120
    while httpx.get(stack.url("reporting") + "/v1/coverage", params={"regency_code": REGENCY},
                    headers={"X-API-Key": ADMIN_KEY}, timeout=30).json()["participants"] < 1:
        if time.monotonic() > deadline:
            raise TimeoutError("the warm-up registration never reached coverage")
        time.sleep(0.1)


def at_rate(stack, rate: float, seconds: float, first: int = 0, connections: int = 64) -> dict:
    """One open-loop run at `rate`/s for `seconds` (registrations numbered from `first`)."""
    payloads = bodies(first, int(rate * seconds))
    say(f"lag: {len(payloads)} registrations offered at {rate}/s (open loop, {connections} connections)")
    with psycopg.connect(libpq_url(stack.env["LINDUNG_REPORTING_DATABASE_URL"])) as conn:
        since = conn.execute("SELECT now()").fetchone()[0]
    sent = offer(stack.url("registry") + "/v1/participants", payloads, rate, connections)
    created = sent["statuses"].get("201", 0)
    sustained = created >= 0.95 * len(payloads) and sent["answered_within_s_of_last_send"] <= 2
    return {"rate_per_s": rate, "offered": len(payloads), **sent, "sustained": sustained,
            **_event_lags(stack, since, created)}


def run() -> dict:
    rates = [float(r) for r in os.environ.get("LINDUNG_BENCH_LAG_RATES", "10,50,100,150,200").split(",")]
    seconds = float(os.environ.get("LINDUNG_BENCH_LAG_SECONDS", 20))
    connections = int(os.environ.get("LINDUNG_BENCH_LAG_CONNECTIONS", 64))
    out, first = {"load_average": round(os.getloadavg()[0], 1)}, 0
    with bench_stack(["registry", "reporting"]) as stack:
        warm_up(stack)
        for rate in rates:
            out[f"{rate:g}/s"] = result = at_rate(stack, rate, seconds, first, connections)
            say(f"lag at {rate:g}/s: {json.dumps(result)}")
            first += int(rate * seconds)
            if not result["sustained"]:
                break  # a higher rate would only queue more
    out["load_average_after"] = round(os.getloadavg()[0], 1)
    return out
