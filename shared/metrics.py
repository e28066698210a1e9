"""Prometheus metrics (prometheus-client): HTTP rate and latency by route template in the API,
outbox backlog, dead letters and consumer lag in the worker, job outcomes in the scheduler.

The API serves `GET /metrics` beside `/healthz` (never under `/v1`; the reverse proxy does not
forward it); a worker serves the same on `LINDUNG_<SVC>_METRICS_PORT`. Labels are bounded: the
route template (`/v1/participants/{participant_id}`), never the raw path."""
from __future__ import annotations

import asyncio
import time

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.logging import get_logger
from shared.messaging import dead_letters, outbox

log = get_logger("metrics")

HTTP_REQUESTS = Counter("lindung_http_requests_total", "HTTP requests answered",
                        ["service", "method", "route", "status"])
HTTP_LATENCY = Histogram("lindung_http_request_duration_seconds", "Time to answer an HTTP request",
                         ["service", "method", "route"],
                         buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30))
OUTBOX_BACKLOG = Gauge("lindung_outbox_unpublished", "Outbox events not yet published", ["service"])
DEAD_LETTERS = Gauge("lindung_dead_letters", "Messages recorded as dead letters", ["service"])
CONSUMER_LAG = Gauge("lindung_consumer_lag", "Messages behind the end of the topic, per consumer group",
                     ["service", "group", "topic"])
JOB_RUNS = Counter("lindung_job_runs_total", "Scheduled job runs by outcome", ["job", "outcome"])
JOB_LAST = Gauge("lindung_job_last_run_timestamp_seconds", "When a job last finished, by outcome",
                 ["job", "outcome"])
JOB_DURATION = Gauge("lindung_job_last_duration_seconds", "How long the last run of a job took", ["job"])
UNMATCHED = "unmatched"
API_PREFIX = "/v1"


_CHILDREN: dict[tuple[str, str, str, str], tuple] = {}


def observe_request(service: str, method: str, route: str, status: int, seconds: float) -> None:
    """One counter and one histogram update; the labelled children are cached by (service,
    method, route, status), because labels() validates and locks on every call."""
    key = (service, method, route, str(status))
    children = _CHILDREN.get(key)
    if children is None:
        children = (HTTP_REQUESTS.labels(service, method, route, key[3]), HTTP_LATENCY.labels(service, method, route))
        _CHILDREN[key] = children
    children[0].inc()
    children[1].observe(seconds)


class MetricsMiddleware:
    """Pure ASGI (no request objects, no body buffering), for an app without the request middleware
    (shared.http.RequestContextMiddleware, which records the same figures itself in the services)."""

    def __init__(self, app, *, service: str):
        self.app, self.service = app, service

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        status = 500

        async def send_status(message):
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        started = time.perf_counter()
        try:
            await self.app(scope, receive, send_status)
        finally:
            observe_request(self.service, scope["method"], route_template(scope), status, time.perf_counter() - started)


def route_template(scope) -> str:
    """The matched route's template (the router stores the route in the scope). Routers are
    included under /v1 (shared.app.create_app); FastAPI keeps that prefix outside the route."""
    template = getattr(scope.get("route"), "path_format", None)
    if template is None:
        return UNMATCHED
    if scope["path"].startswith(API_PREFIX + "/") and not template.startswith(API_PREFIX + "/"):
        return API_PREFIX + template
    return template


def metrics_response() -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


def metrics_router() -> APIRouter:
    router = APIRouter(tags=["health"])
    router.add_api_route("/metrics", metrics_response, methods=["GET"], include_in_schema=False)
    return router


async def sample_messaging(engine: AsyncEngine, service: str) -> None:
    """Outbox backlog and dead letters of the service's own database."""
    async with engine.connect() as conn:
        backlog = await conn.scalar(select(func.count()).select_from(outbox).where(outbox.c.published_at.is_(None)))
        dead = await conn.scalar(select(func.count()).select_from(dead_letters))
    OUTBOX_BACKLOG.labels(service).set(backlog or 0)
    DEAD_LETTERS.labels(service).set(dead or 0)


async def sample_consumer_lag(bootstrap: str, service: str, groups: list[tuple[str, list[str]]]) -> None:
    """Lag = end offset - committed offset, summed over partitions, per consumer group and topic.
    A probe consumer of the group (never subscribed, so it does not join) reads the commits."""
    from aiokafka import AIOKafkaConsumer, TopicPartition

    for group, topics in groups:
        probe = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False,
                                 request_timeout_ms=5000)
        await probe.start()
        try:
            await probe.topics()  # refreshes the metadata partitions_for_topic reads
            for topic in topics:
                partitions = [TopicPartition(topic, p) for p in sorted(probe.partitions_for_topic(topic) or [])]
                ends = await probe.end_offsets(partitions) if partitions else {}
                lag = 0
                for tp in partitions:
                    committed = await probe.committed(tp)
                    lag += max(0, ends.get(tp, 0) - (committed or 0))
                CONSUMER_LAG.labels(service, group, topic).set(lag)
        finally:
            await probe.stop()


def sampler_loop(engine: AsyncEngine, settings, groups: list[tuple[str, list[str]]], every: float = 15.0):
    """A worker loop: refresh the gauges every `every` seconds; a failed sample is logged, never fatal."""

    async def loop(stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                await sample_messaging(engine, settings.service_name)
                await sample_consumer_lag(settings.kafka_bootstrap, settings.service_name, groups)
            except Exception as failure:  # noqa: BLE001 - metrics must never stop the worker
                log.warning("metrics_sample_failed", error=str(failure)[:200])
            try:
                await asyncio.wait_for(stop.wait(), every)
            except TimeoutError:
                pass

    return loop


def serve_worker_metrics(port: int, host: str = "0.0.0.0") -> None:
    """The worker has no HTTP app: prometheus-client's own small server answers /metrics."""
    from prometheus_client import start_http_server

    start_http_server(port, addr=host)
