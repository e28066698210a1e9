"""What the Prometheus HTTP middleware (shared.metrics.MetricsMiddleware) adds to one request:
the same trivial ASGI app called directly and through the middleware, in one process, with the
route template and status labels of a real route. Figures in microseconds per request."""
from __future__ import annotations

import asyncio
import os
import time

from bench.infra import say
from shared.metrics import MetricsMiddleware

REQUESTS = int(os.environ.get("BENCH_METRICS_REQUESTS", 50_000))


class _Route:
    path_format = "/participants/{participant_id}"


async def _app(scope, receive, send):
    scope["route"] = _Route
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b""})


async def _send(message):
    pass


async def _receive():
    return {"type": "http.request", "body": b""}


async def _per_request(app, n: int) -> float:
    started = time.perf_counter()
    for _ in range(n):
        await app({"type": "http", "method": "GET", "path": "/v1/participants/x"}, _receive, _send)
    return (time.perf_counter() - started) / n * 1e6


async def _measure() -> dict:
    wrapped = MetricsMiddleware(_app, service="bench")
    await _per_request(wrapped, 1000)  # warm the label cache
    bare = min([await _per_request(_app, REQUESTS) for _ in range(3)])
    with_metrics = min([await _per_request(wrapped, REQUESTS) for _ in range(3)])
    return {"requests": REQUESTS, "bare_us": round(bare, 2), "with_metrics_us": round(with_metrics, 2),
            "overhead_us": round(with_metrics - bare, 2)}


def run() -> dict:
    result = asyncio.run(_measure())
    say(f"metrics middleware: {result['overhead_us']} us per request ({result})")
    return result
