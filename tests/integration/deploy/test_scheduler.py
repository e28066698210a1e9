"""The scheduler runs jobs as their own processes and records every run (job_runs in the ops
database, which the console can list), catches up a run missed while the server was down, and
only one scheduler is active at a time."""
from __future__ import annotations

import asyncio
import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from shared.db import make_engine, migrate
from shared.ops.scheduler import MIGRATIONS, Job, Recorder, catch_up, load_schedule, run_job, wait_for_leadership
from shared.ops.settings import OpsSettings

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def ops_env(infra) -> dict:
    url = infra.pg.url("lindung_ops")
    migrate(MIGRATIONS, url)
    with __import__("psycopg").connect(url.replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute("TRUNCATE job_runs")
    return {**infra.env, "LINDUNG_OPS_DATABASE_URL": url, "LINDUNG_OPS_TIMEZONE": "Asia/Makassar"}


def runs(env: dict) -> list[tuple]:
    import psycopg
    with psycopg.connect(env["LINDUNG_OPS_DATABASE_URL"].replace("+psycopg", "")) as conn:
        return conn.execute("SELECT job, trigger, outcome, exit_code, output_tail FROM job_runs ORDER BY id").fetchall()


def test_run_now_runs_the_job_and_records_its_outcome(clean, ops_env):
    result = subprocess.run([sys.executable, "-m", "shared.ops.scheduler", "run-now", "construction-overdue"],
                            env={**os.environ, **ops_env}, cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr
    [(job, trigger, outcome, exit_code, output)] = runs(ops_env)
    assert (job, trigger, outcome, exit_code) == ("construction-overdue", "manual", "succeeded", 0)
    assert "newly overdue" in output
    listed = subprocess.run([sys.executable, "-m", "shared.ops.scheduler", "runs"], env={**os.environ, **ops_env},
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert "construction-overdue" in listed.stdout and "succeeded" in listed.stdout


async def test_a_failing_job_is_recorded_as_failed_and_counted(ops_env):
    settings = OpsSettings(database_url=ops_env["LINDUNG_OPS_DATABASE_URL"])
    engine = make_engine(settings.database_url, pool_size=1)
    failing = Job("failing", ["python", "-c", "import sys; print('no database'); sys.exit(3)"], "0 1 * * *", "test")
    try:
        assert await run_job(failing, Recorder(engine), settings, trigger="schedule") == "failed"
    finally:
        await engine.dispose()
    from prometheus_client import REGISTRY
    assert REGISTRY.get_sample_value("lindung_job_runs_total", {"job": "failing", "outcome": "failed"}) >= 1
    assert runs(ops_env)[-1][2:] == ("failed", 3, "no database\n")


async def test_a_run_missed_while_the_server_was_down_is_caught_up_once(clean, ops_env):
    settings = OpsSettings(database_url=ops_env["LINDUNG_OPS_DATABASE_URL"], timezone="Asia/Makassar")
    jobs, _ = load_schedule()
    chosen = {name: jobs[name] for name in ("construction-overdue", "escalate-overdue")}
    engine = make_engine(settings.database_url, pool_size=1)
    recorder = Recorder(engine)
    now = dt.datetime.now(dt.UTC)
    try:
        for name, last in (("construction-overdue", now - dt.timedelta(days=3)), ("escalate-overdue", now)):
            run_id = await recorder.start(chosen[name], last, "schedule")
            await recorder.finish(run_id, "succeeded", 0, "")
        assert await catch_up(chosen, recorder, settings, now) == ["construction-overdue"]
    finally:
        await engine.dispose()
    assert [row[:3] for row in runs(ops_env)][-1] == ("construction-overdue", "catch-up", "succeeded")


async def test_only_one_scheduler_is_active(ops_env):
    settings = OpsSettings(database_url=ops_env["LINDUNG_OPS_DATABASE_URL"])
    first = await wait_for_leadership(settings, asyncio.Event())
    stop = asyncio.Event()
    second = asyncio.create_task(wait_for_leadership(settings, stop))
    await asyncio.sleep(1)
    assert not second.done()
    await first.close()
    leader = await asyncio.wait_for(second, 30)
    assert leader is not None
    await leader.close()


def test_the_scheduler_process_runs_reports_healthy_and_stops_on_sigterm(ops_env, tmp_path):
    env = {**os.environ, **ops_env, "LINDUNG_OPS_HEARTBEAT_FILE": str(tmp_path / "alive")}
    process = subprocess.Popen([sys.executable, "-m", "shared.ops.scheduler", "run"], env=env, cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        healthy = None
        for _ in range(120):
            healthy = subprocess.run([sys.executable, "-m", "shared.ops.scheduler", "healthcheck"], env=env, cwd=ROOT,
                                     capture_output=True, text=True, timeout=60)
            if healthy.returncode == 0 or process.poll() is not None:
                break
            time.sleep(0.5)
        assert healthy.returncode == 0, healthy.stderr
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=30)
    assert process.returncode == 0, output
    assert "scheduler_started" in output and "reverify" in output
