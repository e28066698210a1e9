"""Command line of every service: `python -m <service> api | worker | migrate | replay | redrive | healthcheck | <job>`.

`api` applies migrations then serves HTTP; `worker` runs the outbox relay, the service's
consumers and its extra loops (separate processes, so neither request handlers nor background
tasks publish). Every worker loop runs under `keep_running` (an outage or a defect never ends the
process) and beats the worker's heartbeat; `healthcheck` exits 0 while every loop beats."""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import uvicorn

from shared import redrive
from shared.app import Runtime, ServiceSpec, create_app
from shared.consumer import BatchHandler, FetchPacing, Handler, IdempotentConsumer
from shared.db import migrate
from shared.heartbeat import Heartbeat, check, heartbeat_path
from shared.lifecycle import stop_on_signals
from shared.logging import configure_logging, get_logger
from shared.metrics import sampler_loop, serve_worker_metrics
from shared.relay import OutboxRelay, replay
from shared.resilience import keep_running
from shared.settings import ConfigurationError, check_startup

log = get_logger("service")
API_TICK_SECONDS = 1.0


@dataclass
class Subscription:
    """A named consumer: its topics and a handler per event type it cares about; optionally a
    batch handler that applies a whole claimed batch at once (one statement per write kind)."""

    name: str
    topics: list[str]
    handlers: dict[str, Handler]
    batch_handler: BatchHandler | None = None


Job = Callable[[Runtime, argparse.Namespace], Awaitable[None]]


def run_cli(spec: ServiceSpec, jobs: dict[str, Job] | None = None, argv: list[str] | None = None) -> None:
    jobs = jobs or {}
    parser = argparse.ArgumentParser(prog=f"python -m {spec.name}", description=spec.title)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("api", help="apply migrations and serve HTTP")
    sub.add_parser("worker", help="outbox relay + event consumers")
    sub.add_parser("migrate", help="apply database migrations")
    rp = sub.add_parser("replay", help="republish retained outbox events")
    rp.add_argument("--since-id", type=int, default=0)
    redrive.add_arguments(sub.add_parser("redrive", help="re-apply chosen dead letters (audited)"))
    sub.add_parser("healthcheck", help="exit 0 when every worker loop beat recently, else 1")
    for name in jobs:
        jp = sub.add_parser(
            name, help=(jobs[name].__doc__ or "").strip().splitlines()[0] if jobs[name].__doc__ else name
        )
        jp.add_argument("--as-of", default=None)
    args = parser.parse_args(argv)
    try:
        settings = spec.settings_factory()
        if args.command != "healthcheck":
            check_startup(settings)
    except ConfigurationError as refused:
        sys.exit(f"{refused}")  # exit status 1 with the reasons on stderr, before anything starts
    if args.command == "healthcheck":
        sys.exit(healthcheck(settings))
    configure_logging(settings.service_name, settings.log_level)
    if args.command == "migrate":
        migrate(spec.migrations_dir, settings.database_url)
    elif args.command == "api":
        migrate(spec.migrations_dir, settings.database_url)
        serve(uvicorn.Config(create_app(spec, settings), host=settings.host, port=settings.port, log_config=None,
                             access_log=False, timeout_graceful_shutdown=5))
    elif args.command == "worker":
        migrate(spec.migrations_dir, settings.database_url)
        asyncio.run(run_worker(spec, settings))
    elif args.command == "replay":
        asyncio.run(_replay(spec, settings, args.since_id))
    elif args.command == "redrive":
        asyncio.run(_redrive(spec, settings, args))
    else:
        asyncio.run(_job(jobs[args.command], settings, args))


class CalmServer(uvicorn.Server):
    """uvicorn's main loop wakes every 0.1 s to see whether it was asked to stop (and refreshes the
    Date header every tenth turn): ten wake-ups a second, ~0.1 % of a core per idle API (issue 18,
    goal 6). Here it turns once a second, refreshing the header each turn; a stop is seen within it."""

    async def main_loop(self) -> None:
        counter = 0
        should_exit = await self.on_tick(counter)
        while not should_exit:
            counter = (counter + 10) % 864000  # on_tick's once-a-second work is due at every multiple of 10
            await asyncio.sleep(API_TICK_SECONDS)
            should_exit = await self.on_tick(counter)


def serve(config: uvicorn.Config) -> None:
    """`uvicorn.run` with the calm main loop (and its exit status when the app could not start)."""
    server = CalmServer(config)
    with contextlib.suppress(KeyboardInterrupt):
        server.run()
    if not server.started:
        sys.exit(3)


async def run_worker(spec: ServiceSpec, settings, stop: asyncio.Event | None = None) -> None:
    runtime = Runtime.create(settings)
    stop = stop or stop_on_signals()
    heart = Heartbeat(heartbeat_path(settings.heartbeat_dir, settings.service_name))
    cap = settings.backoff_max_seconds
    relay = OutboxRelay(runtime.engine, service=settings.service_name, bootstrap=settings.kafka_bootstrap,
                        partitions=settings.topic_partitions, idempotence=settings.kafka_idempotence,
                        batch_size=settings.relay_batch_size, idle_seconds=settings.relay_idle_seconds,
                        epoch_check_idle_seconds=settings.relay_epoch_check_idle_seconds,
                        backoff_cap=cap, beat=heart.beater("relay"))
    consumers = [IdempotentConsumer(runtime.sessions, name=s.name, group_id=f"{settings.group_id}.{s.name}",
                                    bootstrap=settings.kafka_bootstrap, topics=s.topics, handlers=s.handlers,
                                    max_attempts=settings.consumer_max_attempts, backoff_cap=cap,
                                    beat=heart.beater(f"consumer:{s.name}"), batch_handler=s.batch_handler,
                                    pacing=FetchPacing(settings.consumer_fetch_wait_active_ms,
                                                       settings.consumer_fetch_wait_idle_ms,
                                                       settings.consumer_active_seconds))
                 for s in spec.subscriptions(runtime)]
    loops = {"relay": relay.run, **{f"consumer:{c.name}": c.run for c in consumers}}
    for i, loop in enumerate(spec.loops(runtime)):
        loops[f"loop:{getattr(loop, '__name__', 'loop')}:{i}"] = loop
        heart.passive.add(f"loop:{getattr(loop, '__name__', 'loop')}:{i}")
    if settings.metrics_port:
        serve_worker_metrics(settings.metrics_port, settings.host)
        loops["metrics"] = sampler_loop(runtime.engine, settings, [(c.group_id, c.topics) for c in consumers])
        heart.passive.add("metrics")
    log.info("worker_started", service=settings.service_name, loops=list(loops))
    try:
        await asyncio.gather(heart.run(stop), *(keep_running(name, loop, stop, cap=cap, beat=heart.beater(name))
                                                for name, loop in loops.items()))
    finally:
        await runtime.engine.dispose()


def healthcheck(settings) -> int:
    """The worker container's health check: 0 when the heartbeat is fresh, 1 otherwise."""
    healthy, reason = check(heartbeat_path(settings.heartbeat_dir, settings.service_name),
                            settings.heartbeat_max_age_seconds)
    print(f"{settings.service_name} worker {'healthy' if healthy else 'UNHEALTHY'}: {reason}")
    return 0 if healthy else 1


async def _replay(spec: ServiceSpec, settings, since_id: int) -> None:
    runtime = Runtime.create(settings)

    def progress(done: int, total: int) -> None:
        print(f"\r{spec.name}: replayed {done}/{total} events", end="", file=sys.stderr, flush=True)

    try:
        count = await replay(runtime.engine, service=settings.service_name, bootstrap=settings.kafka_bootstrap,
                             partitions=settings.topic_partitions, idempotence=settings.kafka_idempotence,
                             since_id=since_id, progress=progress)
        print(f"\n{spec.name}: replay finished, {count} events republished", file=sys.stderr)
    finally:
        await runtime.engine.dispose()


async def _redrive(spec: ServiceSpec, settings, args) -> None:
    runtime = Runtime.create(settings)
    try:
        await redrive.redrive(runtime, spec.subscriptions(runtime), args)
    finally:
        await runtime.engine.dispose()


async def _job(job: Job, settings, args) -> None:
    runtime = Runtime.create(settings)
    try:
        await job(runtime, args)
    finally:
        await runtime.engine.dispose()
