"""The deployment's scheduler: runs every periodic job of shared/ops/schedule.yaml at its cadence
(APScheduler cron triggers in the regency's timezone) as `python -m <service> <job>`, records
each run in `job_runs` (database lindung_ops: outcome, exit code, the output's last lines),
logs it and counts it in Prometheus metrics.

- One active scheduler: it holds a PostgreSQL advisory lock; a second replica waits.
- Catch-up: a job whose next run after its last success is already past (the server was down
  at 00:15) runs once at start; jobs are idempotent, so a repeat changes nothing.
- A run never overlaps another run of the same job; one that outlives
  LINDUNG_OPS_JOB_TIMEOUT_SECONDS is stopped and recorded as timed-out.

    python -m shared.ops.scheduler run | list | run-now <job> | runs | healthcheck
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import psycopg
import yaml
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import desc, insert, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.db import libpq_url, make_engine, migrate
from shared.lifecycle import stop_on_signals
from shared.logging import configure_logging, get_logger
from shared.metrics import JOB_DURATION, JOB_LAST, JOB_RUNS, serve_worker_metrics
from shared.ops.models import job_runs
from shared.ops.settings import OpsSettings, get_settings
from shared.settings import ConfigurationError, check_startup

log = get_logger("scheduler")
SCHEDULE = Path(__file__).with_name("schedule.yaml")
MIGRATIONS = Path(__file__).with_name("migrations")
LEADER_LOCK = 0x4C494E44  # "LIND": one active scheduler per database server
OUTPUT_TAIL_CHARS = 4000


@dataclass(frozen=True)
class Job:
    name: str
    command: list[str]
    cron: str
    why: str

    def trigger(self, timezone: ZoneInfo) -> CronTrigger:
        return CronTrigger.from_crontab(self.cron, timezone=timezone)

    def argv(self) -> list[str]:
        """`python` of the schedule is this interpreter (the image's, or the venv's in tests)."""
        return [sys.executable if self.command[0] == "python" else self.command[0], *self.command[1:]]


def load_schedule(path: Path = SCHEDULE) -> tuple[dict[str, Job], dict[str, str]]:
    data = yaml.safe_load(path.read_text())
    jobs = {name: Job(name, list(spec["command"]), spec["cron"], spec["why"]) for name, spec in data["jobs"].items()}
    return jobs, dict(data.get("not_scheduled") or {})


class Recorder:
    """job_runs rows: one at the start of a run, completed at its end."""

    def __init__(self, engine: AsyncEngine):
        self.engine = engine

    async def start(self, job: Job, scheduled_for: dt.datetime, trigger: str) -> int:
        async with self.engine.begin() as conn:
            return await conn.scalar(insert(job_runs).values(
                job=job.name, command=" ".join(job.command), scheduled_for=scheduled_for, trigger=trigger,
                outcome="running").returning(job_runs.c.id))

    async def finish(self, run_id: int, outcome: str, exit_code: int | None, output: str) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(update(job_runs).where(job_runs.c.id == run_id).values(
                finished_at=dt.datetime.now(dt.UTC), outcome=outcome, exit_code=exit_code,
                output_tail=output[-OUTPUT_TAIL_CHARS:]))

    async def last_success(self, job: str) -> dt.datetime | None:
        async with self.engine.connect() as conn:
            return await conn.scalar(select(job_runs.c.scheduled_for).where(
                job_runs.c.job == job, job_runs.c.outcome == "succeeded").order_by(desc(job_runs.c.id)).limit(1))

    async def recent(self, limit: int = 20) -> list[dict]:
        async with self.engine.connect() as conn:
            rows = await conn.execute(select(job_runs).order_by(desc(job_runs.c.id)).limit(limit))
            return [dict(row._mapping) for row in rows]


async def run_job(job: Job, recorder: Recorder, settings: OpsSettings, *, trigger: str,
                  scheduled_for: dt.datetime | None = None) -> str:
    """Run one job as its own process; record, log and count the outcome."""
    scheduled_for = scheduled_for or dt.datetime.now(dt.UTC)
    run_id = await recorder.start(job, scheduled_for, trigger)
    log.info("job_started", job=job.name, trigger=trigger, run_id=run_id)
    started = time.monotonic()
    process = await asyncio.create_subprocess_exec(*job.argv(), stdout=asyncio.subprocess.PIPE,
                                                   stderr=asyncio.subprocess.STDOUT)
    try:
        output, _ = await asyncio.wait_for(process.communicate(), settings.job_timeout_seconds)
        outcome = "succeeded" if process.returncode == 0 else "failed"
    except TimeoutError:
        process.kill()
        output, _ = await process.communicate()
        outcome = "timed-out"
    text = (output or b"").decode(errors="replace")
    await recorder.finish(run_id, outcome, process.returncode, text)
    seconds = time.monotonic() - started
    JOB_RUNS.labels(job.name, outcome).inc()
    JOB_LAST.labels(job.name, outcome).set(time.time())
    JOB_DURATION.labels(job.name).set(seconds)
    (log.info if outcome == "succeeded" else log.error)(
        "job_finished", job=job.name, outcome=outcome, exit_code=process.returncode, seconds=round(seconds, 1),
        run_id=run_id, output_tail=text[-500:])
    return outcome


async def catch_up(jobs: dict[str, Job], recorder: Recorder, settings: OpsSettings, now: dt.datetime) -> list[str]:
    """Jobs whose next run after their last success is already past run once now (in order)."""
    timezone, ran = ZoneInfo(settings.timezone), []
    for job in jobs.values():
        last = await recorder.last_success(job.name)
        if last is None:
            continue  # a new installation starts with the schedule, not with every job at once
        due = job.trigger(timezone).get_next_fire_time(None, last + dt.timedelta(seconds=1))
        if due is not None and due <= now:
            await run_job(job, recorder, settings, trigger="catch-up", scheduled_for=due)
            ran.append(job.name)
    return ran


async def wait_for_leadership(settings: OpsSettings, stop: asyncio.Event) -> psycopg.AsyncConnection | None:
    """Hold the advisory lock on a connection of our own; release comes with the connection."""
    conn = await psycopg.AsyncConnection.connect(libpq_url(settings.database_url), autocommit=True)
    while not stop.is_set():
        if await (await conn.execute("SELECT pg_try_advisory_lock(%s)", (LEADER_LOCK,))).fetchone() == (True,):
            return conn
        log.info("scheduler_waiting_for_leadership")
        try:
            await asyncio.wait_for(stop.wait(), 15)
        except TimeoutError:
            pass
    await conn.close()
    return None


async def serve(settings: OpsSettings, stop: asyncio.Event) -> None:
    jobs, _ = load_schedule()
    engine = make_engine(settings.database_url, pool_size=2)
    recorder = Recorder(engine)
    leader = await wait_for_leadership(settings, stop)
    if leader is None:
        return
    timezone = ZoneInfo(settings.timezone)
    scheduler = AsyncIOScheduler(timezone=timezone)

    async def fire(job: Job) -> None:
        await run_job(job, recorder, settings, trigger="schedule")

    for job in jobs.values():
        scheduler.add_job(fire, job.trigger(timezone), args=[job], id=job.name, max_instances=1, coalesce=True,
                          misfire_grace_time=3600)
    scheduler.start()
    log.info("scheduler_started", jobs={name: job.cron for name, job in jobs.items()}, timezone=settings.timezone)
    catching_up = asyncio.create_task(catch_up(jobs, recorder, settings, dt.datetime.now(timezone)))
    heartbeat = Path(settings.heartbeat_file)
    try:
        while not stop.is_set():
            heartbeat.touch()
            try:
                await asyncio.wait_for(stop.wait(), 30)
            except TimeoutError:
                pass
    finally:
        scheduler.shutdown(wait=False)
        catching_up.cancel()
        await leader.close()
        await engine.dispose()


def healthcheck(heartbeat: Path, max_age: float = 120) -> int:
    """Exit 0 when the scheduler loop touched its heartbeat recently (docker-compose healthcheck)."""
    try:
        age = time.time() - heartbeat.stat().st_mtime
    except FileNotFoundError:
        print("scheduler: no heartbeat yet", file=sys.stderr)
        return 1
    print(f"scheduler: heartbeat {age:.0f}s ago", file=sys.stderr)
    return 0 if age <= max_age else 1


def print_schedule(settings: OpsSettings) -> None:
    jobs, not_scheduled = load_schedule()
    timezone = ZoneInfo(settings.timezone)
    now = dt.datetime.now(timezone)
    for job in jobs.values():
        upcoming = job.trigger(timezone).get_next_fire_time(None, now)
        print(f"{job.name:<22} {job.cron:<18} next {upcoming:%Y-%m-%d %H:%M %Z}  {' '.join(job.command)}")
    for name, reason in not_scheduled.items():
        print(f"{name:<22} (not scheduled) {reason}")


async def _run_now(settings: OpsSettings, name: str) -> int:
    jobs, _ = load_schedule()
    if name not in jobs:
        print(f"unknown job {name}; jobs: {', '.join(jobs)}", file=sys.stderr)
        return 2
    engine = make_engine(settings.database_url, pool_size=1)
    try:
        outcome = await run_job(jobs[name], Recorder(engine), settings, trigger="manual")
    finally:
        await engine.dispose()
    print(f"{name}: {outcome}", file=sys.stderr)
    return 0 if outcome == "succeeded" else 1


async def _print_runs(settings: OpsSettings, limit: int) -> int:
    engine = make_engine(settings.database_url, pool_size=1)
    try:
        for run in await Recorder(engine).recent(limit):
            finished = f"{run['finished_at']:%Y-%m-%d %H:%M}" if run["finished_at"] else "-"
            print(f"{run['id']:>6} {run['job']:<22} {run['trigger']:<9} {run['outcome']:<10} "
                  f"started {run['started_at']:%Y-%m-%d %H:%M} finished {finished} exit {run['exit_code']}")
    finally:
        await engine.dispose()
    return 0


async def _serve_until_signal(settings: OpsSettings) -> None:
    await serve(settings, stop_on_signals())  # the stop event needs the running loop


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shared.ops.scheduler", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="run the schedule until stopped")
    sub.add_parser("list", help="the jobs, their cadence and next run")
    now = sub.add_parser("run-now", help="run one job now, recorded like a scheduled run")
    now.add_argument("job")
    sub.add_parser("healthcheck", help="exit 0 when the running scheduler is alive")
    runs = sub.add_parser("runs", help="the latest recorded runs and their outcomes")
    runs.add_argument("--limit", type=int, default=20)
    args = parser.parse_args(argv)
    if args.command == "healthcheck":
        return healthcheck(Path(get_settings().heartbeat_file))
    try:
        settings = get_settings()
        check_startup(settings)
    except ConfigurationError as refused:
        print(refused, file=sys.stderr)
        return 1
    configure_logging("scheduler", settings.log_level)
    if args.command == "list":
        print_schedule(settings)
        return 0
    migrate(MIGRATIONS, settings.database_url)
    if args.command == "run-now":
        return asyncio.run(_run_now(settings, args.job))
    if args.command == "runs":
        return asyncio.run(_print_runs(settings, args.limit))
    if settings.metrics_port:
        serve_worker_metrics(settings.metrics_port, settings.host)
    asyncio.run(_serve_until_signal(settings))
    return 0


if __name__ == "__main__":
    sys.exit(main())
