"""The batch job runner (in the worker process): claims a queued job (FOR UPDATE SKIP LOCKED),
reads its upload chunk by chunk, evaluates each chunk of rows with the vectorised rules and
stores the results together with the job's progress in one transaction.

Restarts are safe: a running job whose worker stopped reporting for `batch_stale_seconds` is
taken over and resumes after its last stored chunk (or starts over when the profile changed in
between); every write checks the claim, so a worker that lost its job writes nothing. A job
that cannot finish fails as a whole: its partial results are deleted, nothing is half-done.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import gc
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.exc import InterfaceError, OperationalError

from eligibility.batch.models import DONE, FAILED, QUEUED, RUNNING, BatchJob, BatchResultChunk, BatchUpload
from eligibility.batch.reading import Chunk, RowReader, UnreadableFile
from eligibility.batch.results import ChunkResult, evaluate_chunk, layout_of
from eligibility.context import profiles_of
from eligibility.rules import BatchEvaluator, RulesError
from shared.app import Runtime
from shared.lifecycle import sleep_or_stop
from shared.logging import get_logger

log = get_logger("batch")
TRANSIENT = (OperationalError, InterfaceError, ConnectionError)


class LostClaim(Exception):
    """Another worker took the job over (this one was presumed dead): stop without writing."""


@dataclass
class Claimed:
    id: uuid.UUID
    token: uuid.UUID
    regency_code: str
    scheme: str
    as_of: dt.date
    format: str
    upload_chunks: int
    chunks_done: int
    rows_done: int
    row_errors: int
    counts: dict
    profile_version: str | None
    layout: dict | None


async def run_batch_jobs(runtime: Runtime, stop: asyncio.Event) -> None:
    """The worker loop: process jobs one after another, look again every `batch_poll_seconds`."""
    log.info("batch_runner_started")
    while not stop.is_set():
        try:
            worked = await process_next_job(runtime) is not None
        except TRANSIENT as exc:
            log.warning("batch_runner_database_unavailable", error=type(exc).__name__)
            worked = False
        if not worked:
            await sleep_or_stop(stop, runtime.settings.batch_poll_seconds)


async def process_next_job(runtime: Runtime) -> uuid.UUID | None:
    """Claim and run one job to its end; its id, or None when there was nothing to do."""
    job = await _claim(runtime)
    if job is None:
        return None
    try:
        await _run(runtime, job)
    except LostClaim:
        log.warning("batch_job_taken_over", job_id=str(job.id))
    except (RulesError, UnreadableFile) as exc:
        await _fail(runtime, job, exc.detail if isinstance(exc, RulesError) else str(exc))
    except TRANSIENT:
        raise  # left running: taken over once stale, resumed after its last chunk
    except Exception as exc:  # noqa: BLE001 - a defect fails the job instead of looping on it
        log.error("batch_job_defect", job_id=str(job.id), error_type=type(exc).__name__, exc_info=exc)
        await _fail(runtime, job, f"kesalahan internal / internal error ({type(exc).__name__})")
    return job.id


async def _claim(runtime: Runtime) -> Claimed | None:
    settings = runtime.settings
    stale = func.now() - dt.timedelta(seconds=settings.batch_stale_seconds)
    async with runtime.sessions() as session, session.begin():
        job = (await session.execute(
            select(BatchJob).where(or_(BatchJob.status == QUEUED,
                                       and_(BatchJob.status == RUNNING, BatchJob.heartbeat_at < stale)))
            .order_by(BatchJob.created_at).limit(1).with_for_update(skip_locked=True))).scalar_one_or_none()
        if job is None:
            return None
        if job.attempts >= settings.batch_max_attempts:  # each attempt ended without a word: a poison job
            await _end(session, job.id, FAILED, error=f"dihentikan setelah {job.attempts} percobaan / "
                                                      f"gave up after {job.attempts} attempts")
            return None
        job.status, job.claim_token, job.attempts = RUNNING, uuid.uuid4(), job.attempts + 1
        job.heartbeat_at, job.started_at = func.now(), job.started_at or func.now()
        log.info("batch_job_claimed", job_id=str(job.id), attempt=job.attempts, resume_at_chunk=job.chunks_done)
        return Claimed(job.id, job.claim_token, job.regency_code, job.scheme, job.as_of, job.format,
                       job.upload_chunks, job.chunks_done, job.rows_done, job.row_errors, dict(job.counts),
                       job.profile_version, job.layout)


async def _run(runtime: Runtime, job: Claimed) -> None:
    evaluator = BatchEvaluator(profiles_of(runtime), job.regency_code, job.scheme, job.as_of)
    await _begin(runtime, job, evaluator)
    reader = RowReader(job.format, runtime.settings.batch_chunk_rows)
    seq = 0
    async for data in _upload(runtime, job):
        for chunk in await asyncio.to_thread(without_cycle_collection, reader.feed, data):
            await _chunk(runtime, job, evaluator, chunk, seq)
            seq += 1
    for chunk in await asyncio.to_thread(without_cycle_collection, reader.finish):
        await _chunk(runtime, job, evaluator, chunk, seq)
        seq += 1
    async with runtime.sessions() as session, session.begin():
        await _check_claim(session, job, rows_total=job.rows_done)
        await _end(session, job.id, DONE)
    log.info("batch_job_done", job_id=str(job.id), rows=job.rows_done, row_errors=job.row_errors)


async def _begin(runtime: Runtime, job: Claimed, evaluator: BatchEvaluator) -> None:
    """Record the regulation, profile version and result layout; results of an earlier attempt
    under another profile version are dropped and the job starts over."""
    version, layout = evaluator.profile.version, layout_of(evaluator)
    async with runtime.sessions() as session, session.begin():
        if job.chunks_done and (job.profile_version != version or job.layout != layout):
            await session.execute(delete(BatchResultChunk).where(BatchResultChunk.job_id == job.id))
            job.chunks_done = job.rows_done = job.row_errors = 0
            job.counts = {}
        await _check_claim(session, job, profile_version=version, layout=layout,
                           regulation_id=evaluator.scheme.regulation.id)


async def _upload(runtime: Runtime, job: Claimed) -> AsyncIterator[bytes]:
    for seq in range(job.upload_chunks):
        async with runtime.sessions() as session:  # closed before the piece is worked on
            data = (await session.execute(select(BatchUpload.data).where(
                BatchUpload.job_id == job.id, BatchUpload.seq == seq))).scalar_one()
        yield data


async def _chunk(runtime: Runtime, job: Claimed, evaluator: BatchEvaluator, chunk: Chunk, seq: int) -> None:
    if seq < job.chunks_done:
        return  # stored by an earlier attempt
    result: ChunkResult = await asyncio.to_thread(without_cycle_collection, evaluate_chunk, evaluator, chunk)
    data = await asyncio.to_thread(result.to_bytes)
    for outcome, count in result.counts().items():
        job.counts[outcome] = job.counts.get(outcome, 0) + count
    job.rows_done += result.n
    job.row_errors += len(result.errors)
    job.chunks_done = seq + 1
    async with runtime.sessions() as session, session.begin():
        await _check_claim(session, job)
        session.add(BatchResultChunk(job_id=job.id, seq=seq, first_row=result.first_row, rows=result.n, data=data,
                                     errors=result.error_rows()))


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


async def _check_claim(session, job: Claimed, **values) -> None:
    """Write the job's progress (and `values`) only while this worker still holds the claim."""
    updated = await session.execute(
        update(BatchJob).where(BatchJob.id == job.id, BatchJob.claim_token == job.token)
        .values(rows_done=job.rows_done, chunks_done=job.chunks_done, row_errors=job.row_errors,
                counts=job.counts, heartbeat_at=func.now(), **values).returning(BatchJob.id))
    if updated.first() is None:
        raise LostClaim()


async def _fail(runtime: Runtime, job: Claimed, reason: str) -> None:
    log.warning("batch_job_failed", job_id=str(job.id))
    async with runtime.sessions() as session, session.begin():
        try:
            await _check_claim(session, job)
        except LostClaim:
            return
        await _end(session, job.id, FAILED, error=reason)


async def _end(session, job_id: uuid.UUID, status: str, error: str | None = None) -> None:
    """Done or failed: the upload (it holds NIKs) goes; a failed job keeps no partial results."""
    await session.execute(delete(BatchUpload).where(BatchUpload.job_id == job_id))
    if status == FAILED:
        await session.execute(delete(BatchResultChunk).where(BatchResultChunk.job_id == job_id))
    await session.execute(update(BatchJob).where(BatchJob.id == job_id).values(
        status=status, error=error, finished_at=func.now(), claim_token=None))
