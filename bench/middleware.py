"""What the services' middleware (shared/http.py: ids, body limit, metrics, access log) adds to a
request: a trivial route called in-process as an ASGI app, bare and behind the middleware as
shared.app.create_app installs it, interleaved (medians of 3 rounds), in microseconds per request.
No network and no load generator, so a shared machine blurs it little."""
from __future__ import annotations

import asyncio
import logging
import os
import statistics
import time

from fastapi import FastAPI

from shared.http import RequestContextMiddleware
from shared.logging import configure_logging

REQUESTS = int(os.environ.get("BENCH_MIDDLEWARE_REQUESTS", 20_000))
SCOPE = {"type": "http", "method": "GET", "path": "/v1/clearance", "raw_path": b"/v1/clearance",
         "query_string": b"regency_code=6101", "scheme": "http", "server": ("127.0.0.1", 80),
         "client": ("127.0.0.1", 1), "root_path": "", "http_version": "1.1",
         "headers": [(b"host", b"x"), (b"x-api-key", b"k"), (b"accept", b"*/*"), (b"user-agent", b"bench")]}


def _app(with_middleware: bool) -> FastAPI:
    app = FastAPI()

    @app.get("/v1/clearance")
    async def clearance():
        return {"allowed": True}

    if with_middleware:
        app.add_middleware(RequestContextMiddleware, default_limit=1 << 20, service="bench")
    return app


async def _receive():
    return {"type": "http.request", "body": b"", "more_body": False}


async def _send(_message):
    pass


async def _per_request(app, n: int) -> float:
    started = time.perf_counter()
    for _ in range(n):
        await app(dict(SCOPE), _receive, _send)
    return (time.perf_counter() - started) / n * 1e6


def run() -> dict:
    configure_logging("bench", "INFO")  # as the services run: the access log's level decides its cost
    logging.getLogger().handlers[0].stream = open(os.devnull, "w")  # noqa: SIM115 - for the process's life

    async def main() -> dict:
        apps = {"bare": _app(False), "with_middleware": _app(True)}
        for app in apps.values():
            await _per_request(app, 500)
        rounds = {name: [] for name in apps}
        for _ in range(3):
            for name, app in apps.items():
                rounds[name].append(await _per_request(app, REQUESTS))
        out = {f"{name}_us": round(statistics.median(v), 1) for name, v in rounds.items()}
        out["middleware_us"] = round(out["with_middleware_us"] - out["bare_us"], 1)
        return out

    return asyncio.run(main())
