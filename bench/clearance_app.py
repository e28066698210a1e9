"""The clearance lookup's own cost without the network or a load generator (issue 18 goal 1): the real
sanctions app (its lifespan, its reader, a seeded PostgreSQL) called in-process as an ASGI app by 1 and
by 32 concurrent callers; CPU microseconds per request of this process (the app) and of the PostgreSQL
cluster, medians of 3 rounds. On a shared machine this blurs far less than req/s over loopback: it is
the figure to compare two versions with (run it from each checkout, alternately)."""
from __future__ import annotations

import asyncio
import logging
import os
import statistics
import time
from urllib.parse import urlsplit

from bench import clearance as clr
from bench.infra import ADMIN_KEY, bench_stack
from bench.table import CpuMeter
from shared.logging import configure_logging

REQUESTS = int(os.environ.get("BENCH_CLEARANCE_APP_REQUESTS", 3000))
HEADERS = [(b"host", b"sanctions"), (b"x-api-key", ADMIN_KEY.encode()), (b"accept", b"*/*"),
           (b"accept-encoding", b"gzip, deflate"), (b"connection", b"keep-alive"), (b"user-agent", b"bench")]


def _scope(url: str) -> dict:
    parts = urlsplit(url)
    return {"type": "http", "method": "GET", "path": parts.path, "raw_path": parts.path.encode(),
            "query_string": parts.query.encode(), "scheme": "http", "server": ("127.0.0.1", 80),
            "client": ("127.0.0.1", 1), "root_path": "", "http_version": "1.1", "headers": HEADERS}


async def _receive():
    return {"type": "http.request", "body": b"", "more_body": False}


async def _round(app, scopes: list[dict], callers: int, postgres: CpuMeter) -> tuple[float, float, int]:
    """(app CPU us/request, PostgreSQL CPU us/request, answers other than 200)."""
    failed = 0

    async def send(message):
        nonlocal failed
        failed += message["type"] == "http.response.start" and message["status"] != 200

    async def caller(k: int) -> None:
        for i in range(k, REQUESTS, callers):
            await app(dict(scopes[i % len(scopes)]), _receive, send)

    before, started = postgres.sample(), time.process_time()
    await asyncio.gather(*(caller(k) for k in range(callers)))
    return (1e6 * (time.process_time() - started) / REQUESTS,
            1e6 * CpuMeter.used(before, postgres.sample()) / REQUESTS, failed)


def run() -> dict:
    configure_logging("bench", "INFO")  # as the services run
    logging.getLogger().handlers[0].stream = open(os.devnull, "w")  # noqa: SIM115 - for the process's life
    with bench_stack(["sanctions"]) as stack:
        people = clr.seed(stack.env["LINDUNG_SANCTIONS_DATABASE_URL"], 5000, 250)
        from sanctions.main import SPEC  # after bench_stack: the settings come from its environment
        from shared.app import create_app
        app = create_app(SPEC)
        scopes = [_scope(url) for url in clr.clearance_requests("http://sanctions", people, 5000)]
        postgres = CpuMeter(postgres=stack.pg)

        async def main() -> dict:
            out = {}
            async with app.router.lifespan_context(app):
                for callers in (1, 32):
                    await _round(app, scopes, callers, postgres)  # warm-up
                    rounds = [await _round(app, scopes, callers, postgres) for _ in range(3)]
                    out[f"{callers}_in_flight"] = {
                        "app_cpu_us_per_request": round(statistics.median(r[0] for r in rounds), 1),
                        "postgres_cpu_us_per_request": round(statistics.median(r[1] for r in rounds), 1),
                        "not_200": sum(r[2] for r in rounds)}
            return out

        return {"requests_per_round": REQUESTS, "load_average": round(os.getloadavg()[0], 2), **asyncio.run(main())}
