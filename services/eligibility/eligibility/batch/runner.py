"""Batch evaluation as a kind of job of the shared runner (shared/jobs, in the worker): the upload
is read chunk by chunk by the one streaming reader, each chunk of rows is evaluated with the
vectorised rules and its results stored with the job's progress (and the lease check) in one
transaction. A job taken over by another worker resumes after its last stored chunk (or starts
over when the profile changed in between). A job that cannot finish fails as a whole: its partial
results are deleted, nothing is half-done."""
from __future__ import annotations

import asyncio
import gc
from itertools import islice

from sqlalchemy import delete, func, update
from sqlalchemy.ext.asyncio import AsyncSession

from eligibility.batch import reading
from eligibility.batch.models import DONE, FAILED, JOB_TABLES, KIND, RUNNING, BatchJob, BatchResultChunk
from eligibility.batch.results import ChunkResult, evaluate_chunk, layout_of
from eligibility.context import profiles_of
from eligibility.rules import BatchEvaluator, RulesError
from shared.app import Runtime
from shared.jobs.runner import JobContext, JobFailed, JobRunner
from shared.jobs.storage import Sealer
from shared.jobs.tables import COMPLETED
from shared.logging import get_logger

log = get_logger("batch")


def sealer_of(runtime: Runtime) -> Sealer:
    if "sealer" not in runtime.extras:
        runtime.extras["sealer"] = Sealer.from_settings(runtime.settings)
    return runtime.extras["sealer"]


def job_runner(runtime: Runtime) -> JobRunner:
    return JobRunner(runtime, JOB_TABLES, [BatchJobs()], sealer_of(runtime))


class BatchJobs:
    name = KIND

    async def run(self, ctx: JobContext) -> None:
        async with ctx.runtime.sessions() as session:
            job = await session.get(BatchJob, ctx.id)
        if job is None or job.status in (DONE, FAILED):
            return
        try:
            evaluator = BatchEvaluator(profiles_of(ctx.runtime), job.regency_code, job.scheme, job.as_of)
        except RulesError as exc:
            raise JobFailed(exc.detail) from None
        await _begin(ctx, job, evaluator)
        file = await ctx.upload()
        try:
            parts = reading.chunks(file, job.format, ctx.runtime.settings.batch_chunk_rows)
            seq = 0
            while chunk := await asyncio.to_thread(without_cycle_collection, _next, parts):
                if seq >= job.chunks_done:  # earlier chunks were stored by an earlier attempt
                    await store_chunk(ctx, job, evaluator, chunk, seq)
                seq += 1
        except reading.UnreadableFile as exc:
            raise JobFailed(str(exc)) from None
        finally:
            file.close()

    async def finished(self, session: AsyncSession, job, status: str, error: str | None) -> None:
        """Done, or failed with no partial results."""
        if status != COMPLETED:
            await session.execute(delete(BatchResultChunk).where(BatchResultChunk.job_id == job.id))
        await session.execute(update(BatchJob).where(BatchJob.id == job.id).values(
            status=DONE if status == COMPLETED else FAILED, error=error, finished_at=func.now(),
            rows_total=BatchJob.rows_done if status == COMPLETED else BatchJob.rows_total))

    async def purge(self, session: AsyncSession, job) -> None:
        """Retention: the results (masked NIKs, outcomes) go; the job's counts stay."""
        await session.execute(delete(BatchResultChunk).where(BatchResultChunk.job_id == job.id))


def _next(parts):
    return next(islice(parts, 1), None)


async def _begin(ctx: JobContext, job: BatchJob, evaluator: BatchEvaluator) -> None:
    """Record the regulation, profile version and result layout; results of an earlier attempt
    under another profile version are dropped and the job starts over."""
    version, layout = evaluator.profile.version, layout_of(evaluator)
    if job.chunks_done and (job.profile_version != version or job.layout != layout):
        job.chunks_done = job.rows_done = job.row_errors = 0
        job.counts = {}
    async with ctx.runtime.sessions() as session, session.begin():
        if not job.chunks_done:
            await session.execute(delete(BatchResultChunk).where(BatchResultChunk.job_id == job.id))
        await session.execute(update(BatchJob).where(BatchJob.id == job.id).values(
            status=RUNNING, started_at=func.coalesce(BatchJob.started_at, func.now()), profile_version=version,
            layout=layout, regulation_id=evaluator.scheme.regulation.id, chunks_done=job.chunks_done,
            rows_done=job.rows_done, row_errors=job.row_errors, counts=job.counts))
        await ctx.checkpoint(session, rows_done=job.rows_done)
    job.profile_version, job.layout = version, layout
    log.info("batch_job_started", job_id=str(job.id), resume_at_chunk=job.chunks_done)


async def store_chunk(ctx: JobContext, job: BatchJob, evaluator: BatchEvaluator, chunk: reading.Chunk,
                      seq: int) -> None:
    result: ChunkResult = await asyncio.to_thread(without_cycle_collection, evaluate_chunk, evaluator, chunk)
    data = await asyncio.to_thread(result.to_bytes)
    counts = dict(job.counts or {})
    for outcome, count in result.counts().items():
        counts[outcome] = counts.get(outcome, 0) + count
    async with ctx.runtime.sessions() as session, session.begin():
        session.add(BatchResultChunk(job_id=job.id, seq=seq, first_row=result.first_row, rows=result.n, data=data,
                                     errors=result.error_rows()))
        await session.execute(update(BatchJob).where(BatchJob.id == job.id).values(
            rows_done=job.rows_done + result.n, row_errors=job.row_errors + len(result.errors), chunks_done=seq + 1,
            counts=counts))
        await ctx.checkpoint(session, rows_done=job.rows_done + result.n)
    job.rows_done, job.row_errors, job.chunks_done, job.counts = (job.rows_done + result.n,
                                                                  job.row_errors + len(result.errors), seq + 1, counts)
    ctx.committed()


def without_cycle_collection(work, *args):
    """Parsing and evaluating allocate a list per row and hold no reference cycles; the cycle
    collector would walk the growing heap again and again for nothing (it halves the speed)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return work(*args)
    finally:
        if enabled:
            gc.enable()
