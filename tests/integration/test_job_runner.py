"""The shared job runner (shared/jobs) on a real database: a poison job ends `failed` after the
attempt limit instead of retrying forever; a fatal error is `failed`, never `completed`; a job
whose worker stopped renewing its lease is taken over, and the old worker can write nothing more;
retention purges finished jobs' uploads and row errors."""
from __future__ import annotations

import asyncio
import io
import uuid

import pytest

from registry.jobs import TABLES, sealer_of
from registry.settings import get_settings
from shared.app import Runtime
from shared.jobs import runner as jobs
from shared.jobs.runner import JobFailed, JobRunner, LostLease
from shared.jobs.storage import Spooled


class Kind:
    def __init__(self, name, behaviour):
        self.name, self.behaviour, self.ends = name, behaviour, []

    async def run(self, ctx):
        await self.behaviour(ctx)

    async def finished(self, session, job, status, error):
        self.ends.append((status, error))

    async def purge(self, session, job):
        self.ends.append(("purged", None))


@pytest.fixture
async def runtime(infra):
    runtime = Runtime.create(get_settings(), pool_size=2)
    runtime.settings.jobs_max_attempts = 3
    yield runtime
    await runtime.engine.dispose()


async def queue(runtime, kind: str, data: bytes = b"nik\n6101010101010001\n") -> uuid.UUID:
    upload = Spooled(io.BytesIO(data), "0" * 64, len(data))
    async with runtime.sessions() as session, session.begin():
        return await jobs.submit(session, TABLES, sealer_of(runtime), kind=kind, ref=str(uuid.uuid4()),
                                 owner="test", upload=upload, fmt="csv")


def state(infra, job_id):
    return infra.sql("registry", "SELECT status, attempts FROM jobs WHERE id = %s", (job_id,))[0]


async def test_a_poison_job_fails_after_the_attempt_limit(infra, runtime):
    async def poison(ctx):
        raise RuntimeError("a defect every time")
    kind = Kind(f"poison-{uuid.uuid4().hex[:6]}", poison)
    job_id = await queue(runtime, kind.name)
    runner = JobRunner(runtime, TABLES, [kind], sealer_of(runtime))
    for attempt in (1, 2, 3):
        assert await runner.run_next() == job_id
        assert state(infra, job_id) == ("queued", attempt)
    assert await runner.run_next() == job_id  # out of attempts: failed at the claim
    assert state(infra, job_id) == ("failed", 3) and kind.ends[0][0] == "failed"
    assert await runner.run_next() is None
    assert infra.sql("registry", "SELECT count(*) FROM job_upload_pieces WHERE job_id = %s", (job_id,)) == [(0,)]


async def test_a_fatal_error_fails_the_job_and_the_upload_comes_back_sealed(infra, runtime):
    seen = []

    async def unreadable(ctx):
        file = await ctx.upload()
        seen.append(file.read())
        raise JobFailed("berkas rusak / broken file")
    kind = Kind(f"fatal-{uuid.uuid4().hex[:6]}", unreadable)
    job_id = await queue(runtime, kind.name)
    stored = infra.sql("registry", "SELECT sealed FROM job_upload_pieces WHERE job_id = %s", (job_id,))
    assert b"6101010101010001" not in bytes(stored[0][0])  # sealed at rest
    await JobRunner(runtime, TABLES, [kind], sealer_of(runtime)).run_next()
    assert seen == [b"nik\n6101010101010001\n"]
    assert infra.sql("registry", "SELECT status, error FROM jobs WHERE id = %s", (job_id,)) == [
        ("failed", "berkas rusak / broken file")]
    assert kind.ends == [("failed", "berkas rusak / broken file")]


async def test_an_expired_lease_is_taken_over_and_the_old_worker_writes_nothing(infra, runtime):
    async def progress(ctx):
        async with ctx.runtime.sessions() as session, session.begin():
            await ctx.checkpoint(session, rows_done=7)
    kind = Kind(f"lease-{uuid.uuid4().hex[:6]}", progress)
    job_id = await queue(runtime, kind.name)
    runner = JobRunner(runtime, TABLES, [kind], sealer_of(runtime))
    silent = await runner._claim()  # a worker claims the job, then goes silent (no heartbeat)
    assert await runner.run_next() is None  # its lease holds: nobody takes it over
    infra.sql("registry", "UPDATE jobs SET lease_until = now() - interval '1 second' WHERE id = %s", (job_id,))
    assert await runner.run_next() == job_id  # taken over
    assert infra.sql("registry", "SELECT status, attempts, rows_done FROM jobs WHERE id = %s", (job_id,)) == [
        ("completed", 2, 7)]
    with pytest.raises(LostLease):
        async with runtime.sessions() as session, session.begin():
            await silent.checkpoint(session, rows_done=1)


async def test_retention_purges_finished_jobs_uploads_and_row_errors(infra, runtime):
    async def with_errors(ctx):
        async with ctx.runtime.sessions() as session, session.begin():
            await ctx.checkpoint(session, rows_done=1, errors=[{"row_number": 1, "field": "nik", "message": "x",
                                                                 "others": [], "fatal": False}])
    kind = Kind(f"old-{uuid.uuid4().hex[:6]}", with_errors)
    job_id = await queue(runtime, kind.name)
    runner = JobRunner(runtime, TABLES, [kind], sealer_of(runtime))
    await runner.run_next()
    assert infra.sql("registry", "SELECT count(*) FROM job_row_errors WHERE job_id = %s", (job_id,)) == [(1,)]
    assert await runner.cleanup() == 0  # within the retention period
    infra.sql("registry", "UPDATE jobs SET finished_at = now() - interval '31 days' WHERE id = %s", (job_id,))
    assert await runner.cleanup() == 1
    assert infra.sql("registry", "SELECT count(*) FROM job_row_errors WHERE job_id = %s", (job_id,)) == [(0,)]
    assert infra.sql("registry", "SELECT purged_at IS NOT NULL FROM jobs WHERE id = %s", (job_id,)) == [(True,)]
    assert kind.ends[-1] == ("purged", None)


async def test_a_lease_lost_while_running_stops_the_work_but_not_the_runner(infra, runtime):
    runtime.settings.jobs_lease_seconds = 0.3  # heartbeat every 0.1 s
    started = asyncio.Event()

    async def slow(ctx):
        started.set()
        await asyncio.sleep(30)
    kind = Kind(f"lost-{uuid.uuid4().hex[:6]}", slow)
    job_id = await queue(runtime, kind.name)
    runner = JobRunner(runtime, TABLES, [kind], sealer_of(runtime))
    running = asyncio.create_task(runner.run_next())
    await asyncio.wait_for(started.wait(), 10)
    infra.sql("registry", "UPDATE jobs SET lease_token = gen_random_uuid() WHERE id = %s", (job_id,))  # taken over
    assert await asyncio.wait_for(running, 10) == job_id  # the work stopped; run_next returned normally
    assert infra.sql("registry", "SELECT status FROM jobs WHERE id = %s", (job_id,)) == [("running",)]
    assert kind.ends == []  # the loser wrote no ending
