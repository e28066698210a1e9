"""The job runner of a service's worker process (`ServiceSpec.loops`).

A job is a row in the service's `jobs` table, queued by the API together with its sealed upload.
A worker claims the oldest claimable job (`FOR UPDATE SKIP LOCKED`): a queued one, or a running
one whose lease has expired (its worker died). The claim counts an attempt and takes a lease that
a heartbeat renews while the job runs; every checkpoint checks the lease, so a worker that lost
its job writes nothing more. A job that has used `jobs_max_attempts` attempts is `failed` (a
poison job never retries forever); a fatal error (`JobFailed`) is `failed` at once, never
`completed`; a defect releases the job for another attempt. What a job does is its kind's
(`JobKind.run`), which applies its work in chunks, each with `ctx.checkpoint` in its transaction.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import IO, Any, Protocol

import psycopg
from sqlalchemy import and_, func, insert, or_, select, update
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from shared.jobs import storage
from shared.jobs.tables import COMPLETED, FAILED, QUEUED, RUNNING, JobTables
from shared.lifecycle import sleep_or_stop
from shared.logging import error_fields, get_logger
from shared.notify import Wakeup, wait_or_stop

log = get_logger("jobs")
# psycopg's own: the LISTEN connection (shared/notify.py) is not SQLAlchemy's
TRANSIENT = (OperationalError, InterfaceError, ConnectionError, psycopg.OperationalError)
JOBS_CHANNEL = "lindung_jobs"
OUTAGE_RETRY_SECONDS = 1.0
_commits = {"count": 0}


class JobFailed(Exception):
    """The job cannot be done (an unreadable file, a rule that cannot apply): it ends `failed`."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class LostLease(Exception):
    """Another worker took the job over (this one was presumed dead): stop without writing."""


class JobKind(Protocol):
    name: str

    async def run(self, ctx: JobContext) -> None:
        """Do the job from its checkpoint on; raise JobFailed when it cannot be done."""

    async def finished(self, session: AsyncSession, job: Any, status: str, error: str | None) -> None:
        """Record the end on the domain's own rows (same transaction as the job's status)."""

    async def purge(self, session: AsyncSession, job: Any) -> None:
        """Delete the job's results once its retention has passed (nothing to do for most kinds)."""


@dataclass
class JobContext:
    runner: JobRunner
    job: Any  # the claimed row of `jobs`
    token: uuid.UUID
    progress: dict = field(default_factory=dict)

    @property
    def runtime(self):
        return self.runner.runtime

    @property
    def id(self) -> uuid.UUID:
        return self.job.id

    async def record(self, model: type, status: str, key: Any = None) -> Any | None:
        """The job's own record (by the job's id, or `key`), or None when it is gone or has left
        `status` (an earlier attempt finished it): the kind then has nothing left to do."""
        async with self.runtime.sessions() as session:
            row = await session.get(model, self.id if key is None else key)
        return row if row is not None and row.status == status else None

    async def upload(self) -> IO[bytes]:
        """The job's upload, unsealed into a temporary file (the caller closes it)."""
        r = self.runner
        return await storage.restore(r.runtime.sessions, r.tables, r.sealer, self.job.id)

    async def checkpoint(self, session: AsyncSession, *, rows_done: int | None = None, errors: Iterable[dict] = ()
                         ) -> None:
        """In the chunk's transaction: check the lease is still ours, renew it, record progress
        and the chunk's row errors (`{row_number, field, message, others, fatal}`)."""
        errors = list(errors)
        jobs = self.runner.tables.jobs
        values: dict[str, Any] = {"heartbeat_at": func.now(), "row_errors": jobs.c.row_errors + len(errors),
                                  "lease_until": func.now() + self.runner.lease}
        if rows_done is not None:
            values["rows_done"] = rows_done
        updated = await session.execute(update(jobs).where(jobs.c.id == self.job.id, jobs.c.lease_token == self.token)
                                        .values(**values).returning(jobs.c.id))
        if updated.first() is None:
            raise LostLease()
        if errors:
            await session.execute(insert(self.runner.tables.errors), [{"job_id": self.job.id, **e} for e in errors])

    def committed(self) -> None:
        """After each chunk's commit (fault injection for the resume tests: die after N chunks)."""
        kill_after = self.runtime.settings.fault_kill_after_job_chunks
        _commits["count"] += 1
        if kill_after and _commits["count"] >= kill_after:
            os.kill(os.getpid(), signal.SIGKILL)


class JobRunner:
    def __init__(self, runtime, tables: JobTables, kinds: list[JobKind], sealer: storage.Sealer | None = None):
        self.runtime, self.tables, self.sealer = runtime, tables, sealer
        self.kinds = {k.name: k for k in kinds}
        settings = runtime.settings
        self.lease = dt.timedelta(seconds=settings.jobs_lease_seconds)
        self.max_attempts = settings.jobs_max_attempts

    async def loop(self, stop: asyncio.Event) -> None:
        """The worker loop: jobs one after another; when there is none, sleep until `submit`'s
        NOTIFY (shared/notify.py) or the fallback poll `jobs_poll_seconds` (which also finds a job
        whose lease expired); the retention clean-up now and then."""
        log.info("job_runner_started", kinds=sorted(self.kinds))
        self._next_cleanup = 0.0
        while not stop.is_set():
            try:
                async with Wakeup(self.runtime.engine, JOBS_CHANNEL) as wakeup:
                    await self._work(stop, wakeup)
            except TRANSIENT as exc:
                log.warning("job_runner_database_unavailable", error=type(exc).__name__)
                await sleep_or_stop(stop, min(self.runtime.settings.jobs_poll_seconds, OUTAGE_RETRY_SECONDS))

    async def _work(self, stop: asyncio.Event, wakeup: Wakeup) -> None:
        while not stop.is_set():
            if asyncio.get_running_loop().time() >= self._next_cleanup:
                await self.cleanup()
                self._next_cleanup = asyncio.get_running_loop().time() + 3600
            if await self.run_next() is None:
                await wait_or_stop(wakeup, stop, self.runtime.settings.jobs_poll_seconds)

    async def drain(self) -> int:
        """Run claimable jobs until there are none (a command line's `resume`); how many ran."""
        ran = 0
        while await self.run_next() is not None:
            ran += 1
        return ran

    async def run_next(self) -> uuid.UUID | None:
        """Claim one job and run it to its end; its id, or None when there was nothing to claim."""
        claimed = await self._claim()
        if claimed is None:
            return None
        if isinstance(claimed, uuid.UUID):  # out of attempts: failed at the claim
            return claimed
        await self._run(claimed)
        return claimed.id

    async def _claim(self):
        jobs = self.tables.jobs
        claimable = or_(jobs.c.status == QUEUED, and_(jobs.c.status == RUNNING, jobs.c.lease_until < func.now()))
        async with self.runtime.sessions() as session, session.begin():
            job = (await session.execute(
                select(jobs).where(claimable, jobs.c.kind.in_(list(self.kinds)))
                .order_by(jobs.c.created_at).limit(1).with_for_update(skip_locked=True))).first()
            if job is None:
                return None
            if job.attempts >= self.max_attempts:
                await self._end(session, job, FAILED, f"dihentikan setelah {job.attempts} percobaan / "
                                                      f"gave up after {job.attempts} attempts")
                return job.id
            token = uuid.uuid4()
            await session.execute(update(jobs).where(jobs.c.id == job.id).values(
                status=RUNNING, lease_token=token, lease_until=func.now() + self.lease, attempts=jobs.c.attempts + 1,
                heartbeat_at=func.now(), started_at=func.coalesce(jobs.c.started_at, func.now())))
            job = (await session.execute(select(jobs).where(jobs.c.id == job.id))).first()
        log.info("job_claimed", kind=job.kind, job_id=str(job.id), attempt=job.attempts)
        return JobContext(self, job, token)

    async def _run(self, ctx: JobContext) -> None:
        work = asyncio.create_task(self.kinds[ctx.job.kind].run(ctx))
        beat = asyncio.create_task(self._heartbeat(ctx, work))
        try:
            await work
            await self._finish(ctx, COMPLETED, None)
        except LostLease:
            log.warning("job_taken_over", job_id=str(ctx.id))
        except JobFailed as exc:
            await self._finish(ctx, FAILED, exc.reason)
        except TRANSIENT:
            raise  # left running: taken over once its lease expires
        except asyncio.CancelledError:
            if not asyncio.current_task().cancelling():  # the heartbeat found the lease lost
                log.warning("job_taken_over", job_id=str(ctx.id))
                return
            work.cancel()  # stopping: released at once, so another worker may take it over
            await asyncio.shield(self._release(ctx, None, count_attempt=False))
            raise
        except Exception as exc:  # noqa: BLE001 - a defect: released for another attempt, bounded
            log.error("job_defect", job_id=str(ctx.id), kind=ctx.job.kind, **error_fields(exc))
            await self._release(ctx, f"kesalahan internal / internal error ({type(exc).__name__})")
        finally:
            beat.cancel()
            await asyncio.gather(beat, return_exceptions=True)

    async def _heartbeat(self, ctx: JobContext, work: asyncio.Task) -> None:
        """Renew the lease while the job runs; a lost lease stops the work."""
        jobs = self.tables.jobs
        while not work.done():
            await asyncio.sleep(self.lease.total_seconds() / 3)
            try:
                async with self.runtime.sessions() as session, session.begin():
                    held = (await session.execute(
                        update(jobs).where(jobs.c.id == ctx.id, jobs.c.lease_token == ctx.token)
                        .values(lease_until=func.now() + self.lease, heartbeat_at=func.now())
                        .returning(jobs.c.id))).first()
            except TRANSIENT:
                continue
            if held is None:
                work.cancel()
                return

    async def _finish(self, ctx: JobContext, status: str, error: str | None) -> None:
        jobs = self.tables.jobs
        async with self.runtime.sessions() as session, session.begin():
            mine = (await session.execute(select(jobs).where(jobs.c.id == ctx.id, jobs.c.lease_token == ctx.token)
                                          .with_for_update())).first()
            if mine is None:
                return
            await self._end(session, mine, status, error)
        log.info("job_finished", kind=ctx.job.kind, job_id=str(ctx.id), status=status)

    async def _end(self, session: AsyncSession, job, status: str, error: str | None) -> None:
        """Completed or failed, with the domain's own record; the upload (it may hold NIKs) goes."""
        await self.kinds[job.kind].finished(session, job, status, error)
        await storage.discard(session, self.tables, job.id)
        await session.execute(update(self.tables.jobs).where(self.tables.jobs.c.id == job.id).values(
            status=status, error=error, finished_at=func.now(), lease_token=None, lease_until=None))

    async def _release(self, ctx: JobContext, error: str | None, *, count_attempt: bool = True) -> None:
        jobs = self.tables.jobs
        values: dict[str, Any] = {"status": QUEUED, "lease_token": None, "lease_until": None}
        if error:
            values["error"] = error
        if not count_attempt:
            values["attempts"] = jobs.c.attempts - 1
        async with self.runtime.sessions() as session, session.begin():
            await session.execute(update(jobs).where(jobs.c.id == ctx.id, jobs.c.lease_token == ctx.token)
                                  .values(**values))

    async def cleanup(self) -> int:
        """Retention: finished jobs older than `jobs_retention_days` lose their upload, row
        errors and results (the job row stays, marked purged); how many were purged."""
        jobs, days = self.tables.jobs, self.runtime.settings.jobs_retention_days
        purged = 0
        async with self.runtime.sessions() as session, session.begin():
            old = (await session.execute(select(jobs).where(
                jobs.c.status.in_((COMPLETED, FAILED)), jobs.c.purged_at.is_(None),
                jobs.c.kind.in_(list(self.kinds)),
                jobs.c.finished_at < func.now() - dt.timedelta(days=days)).with_for_update(skip_locked=True))).all()
            for job in old:
                await storage.discard(session, self.tables, job.id)
                await session.execute(self.tables.errors.delete().where(self.tables.errors.c.job_id == job.id))
                await self.kinds[job.kind].purge(session, job)
                await session.execute(update(jobs).where(jobs.c.id == job.id).values(purged_at=func.now()))
                purged += 1
        if purged:
            log.info("jobs_purged", count=purged)
        return purged


async def submit(session: AsyncSession, tables: JobTables, sealer: storage.Sealer, *, kind: str, ref: str,
                 owner: str, upload: storage.Spooled | None, fmt: str | None, job_id: uuid.UUID | None = None
                 ) -> uuid.UUID:
    """Queue a job and store its upload sealed, in the caller's transaction (all or nothing)."""
    job_id = job_id or uuid.uuid4()
    await session.execute(insert(tables.jobs).values(
        id=job_id, kind=kind, ref=ref, status=QUEUED, owner=owner, attempts=0, rows_done=0, row_errors=0,
        upload_sha256=upload.sha256 if upload else None, upload_bytes=upload.size if upload else 0,
        upload_format=fmt))
    await session.execute(select(func.pg_notify(JOBS_CHANNEL, "")))  # wakes an idle runner at commit
    if upload is not None:
        await storage.store(session, tables, sealer, job_id, upload.file)
    return job_id


async def submit_upload(sessions: async_sessionmaker, tables: JobTables, sealer: storage.Sealer,
                        chunks: AsyncIterator[bytes], *, max_bytes: int, kind: str, owner: str, fmt: str | None,
                        record: Callable[[storage.Spooled], Awaitable[Any]]) -> Any:
    """The one way an upload becomes a job: spool the body (capped, hashed, never in memory), build
    the job's own record from it (`record` may read the spooled file, or refuse it with a problem),
    then add the record and queue the job under the record's id with the upload sealed, in one
    transaction (a refused or cut-off upload leaves no trace). The temporary file goes either way."""
    spooled = await storage.spool(chunks, max_bytes=max_bytes)
    try:
        row = await record(spooled)
        async with sessions() as session, session.begin():
            session.add(row)
            await session.flush()
            await submit(session, tables, sealer, kind=kind, ref=str(row.id), owner=owner, upload=spooled, fmt=fmt,
                         job_id=row.id)
    finally:
        spooled.close()
    return row


async def row_errors_page(session: AsyncSession, tables: JobTables, job_id: uuid.UUID, *, after: int,
                          limit: int) -> tuple[list[dict], int | None]:
    """A page of a job's row errors in row order of discovery, and the cursor of the next page."""
    errors = tables.errors
    rows = (await session.execute(select(errors).where(errors.c.job_id == job_id, errors.c.id > after)
                                  .order_by(errors.c.id).limit(limit))).all()
    items = [{"row_number": e.row_number, "field": e.field, "message": e.message, "others": e.others,
              "fatal": e.fatal} for e in rows]
    return items, (rows[-1].id if len(rows) == limit else None)
