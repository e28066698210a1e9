"""Batch evaluation handlers (API side): take an upload and queue its job (shared/jobs) in one
transaction, report progress, stream results and row errors. The worker does the evaluating
(runner.py)."""
from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from collections.abc import AsyncIterator

import orjson
from sqlalchemy import func, literal_column, select

from eligibility.batch.models import DONE, JOB_TABLES, KIND, QUEUED, BatchJob, BatchResultChunk
from eligibility.batch.reading import CSV, header_problems, split_header
from eligibility.batch.results import ChunkResult, Renderer
from eligibility.batch.runner import sealer_of
from eligibility.context import profiles_of
from eligibility.problems import rules_as_problems
from eligibility.rules import BatchEvaluator
from shared.app import Runtime
from shared.auth import Client
from shared.jobs import runner as jobs
from shared.jobs.storage import Spooled
from shared.problems import Conflict, InvalidInput, NotFound

HEADER_MAX_BYTES = 64 * 1024


class JobNotDone(Conflict):
    slug, title = "batch-not-done", "Batch evaluation not done"


async def submit(runtime: Runtime, client: Client, *, regency_code: str, scheme: str, as_of: dt.date | None,
                 fmt: str, body: AsyncIterator[bytes]) -> dict:
    """Stream the upload to a temporary file (capped), check its first line, then queue the job
    with the upload sealed, all or nothing (a refused or cut-off upload leaves no trace)."""
    client.require_regency(regency_code)
    as_of = as_of or dt.date.today()
    with rules_as_problems():  # unknown regency, scheme not offered, no regulation: before reading the body
        BatchEvaluator(profiles_of(runtime), regency_code, scheme, as_of)

    async def record(spooled: Spooled) -> BatchJob:
        first_line, lines = await asyncio.to_thread(_first_line_and_count, spooled.file)
        _check_first_line(first_line, fmt)
        rows_expected = lines - 1 if fmt == CSV else lines
        if rows_expected < 1:
            raise InvalidInput.fields([("body", "tidak ada baris data / no data rows")])
        return BatchJob(id=uuid.uuid4(), regency_code=regency_code, scheme=scheme, as_of=as_of, format=fmt,
                        requested_by=client.name, status=QUEUED, created_at=dt.datetime.now(dt.UTC),
                        upload_bytes=spooled.size, rows_total=rows_expected, rows_done=0, chunks_done=0, counts={},
                        row_errors=0)
    job = await jobs.submit_upload(runtime.sessions, JOB_TABLES, sealer_of(runtime), body,
                                   max_bytes=runtime.settings.batch_max_bytes, kind=KIND, owner=client.name, fmt=fmt,
                                   record=record)
    return present(job, attempts=0)


def _first_line_and_count(file) -> tuple[str, int]:
    """The first line (for the header check) and the number of non-blank lines."""
    first = file.readline(HEADER_MAX_BYTES).decode("utf-8-sig", errors="replace").rstrip("\r\n")
    file.seek(0)
    lines, last = 0, b""
    while piece := file.read(1 << 20):
        lines += piece.count(b"\n")
        last = piece[-1:]
    file.seek(0)
    return first, lines + (last not in (b"\n", b""))


def _check_first_line(first: str, fmt: str) -> None:
    if fmt == CSV:
        problems = header_problems(split_header(first))
        if problems:
            raise InvalidInput.fields(problems, detail="Header CSV tidak valid / invalid CSV header")
        return
    try:
        valid = isinstance(orjson.loads(first), dict)
    except orjson.JSONDecodeError:
        valid = False
    if not valid:
        raise InvalidInput.fields([("body", "baris pertama bukan objek JSON / first line is not a JSON object")])


async def status(runtime: Runtime, client: Client, job_id: uuid.UUID) -> dict:
    job = await _visible_job(runtime, client, job_id)
    async with runtime.sessions() as session:
        attempts = await session.scalar(select(JOB_TABLES.jobs.c.attempts).where(JOB_TABLES.jobs.c.id == job_id))
    return present(job, attempts=attempts or 0)


def present(job: BatchJob, *, attempts: int) -> dict:
    base = f"/v1/batch-evaluations/{job.id}"
    counts = {outcome: (job.counts or {}).get(outcome, 0)
              for outcome in ("eligible", "ineligible", "needs_information", "invalid")}
    return {
        "id": str(job.id), "status": job.status, "regency_code": job.regency_code, "scheme": job.scheme,
        "as_of": job.as_of.isoformat(), "format": job.format, "requested_by": job.requested_by,
        "created_at": _iso(job.created_at), "started_at": _iso(job.started_at), "finished_at": _iso(job.finished_at),
        "rows_total": job.rows_total, "rows_done": job.rows_done, "counts": counts, "row_errors": job.row_errors,
        "error": job.error, "regulation_id": job.regulation_id, "profile_version": job.profile_version,
        "upload_bytes": job.upload_bytes, "attempts": attempts,
        "links": {"self": base, "errors": f"{base}/errors",
                  "results": f"{base}/results" if job.status == DONE else None},
    }


def _iso(moment) -> str | None:
    return moment.isoformat() if isinstance(moment, dt.datetime) else None


async def results(runtime: Runtime, client: Client, job_id: uuid.UUID, fmt: str) -> AsyncIterator[bytes]:
    """The rows' results, rendered chunk by chunk; only for a job that is done."""
    job = await _visible_job(runtime, client, job_id)
    if job.status != DONE:
        raise JobNotDone(f"Pekerjaan berstatus {job.status!r}; hasil tersedia setelah selesai / job is "
                         f"{job.status}; results are available once it is done", job_status=job.status)
    async with runtime.sessions() as session:
        chunks = (await session.execute(select(BatchResultChunk.seq, BatchResultChunk.first_row)
                                        .where(BatchResultChunk.job_id == job_id)
                                        .order_by(BatchResultChunk.seq))).all()
    return _render(runtime, job_id, chunks, Renderer(job.layout, fmt))


async def _render(runtime: Runtime, job_id: uuid.UUID, chunks, renderer: Renderer) -> AsyncIterator[bytes]:
    yield renderer.header()
    for seq, first_row in chunks:
        async with runtime.sessions() as session:
            data, errors = (await session.execute(select(BatchResultChunk.data, BatchResultChunk.errors).where(
                BatchResultChunk.job_id == job_id, BatchResultChunk.seq == seq))).one()
        chunk = await asyncio.to_thread(ChunkResult.from_bytes, first_row, data, errors)
        yield await asyncio.to_thread(renderer.render, chunk)


async def row_errors(runtime: Runtime, client: Client, job_id: uuid.UUID, offset: int, limit: int) -> dict:
    """Rows that could not be evaluated, in row order (found so far while the job runs)."""
    job = await _visible_job(runtime, client, job_id)
    element = (func.jsonb_array_elements(BatchResultChunk.errors)
               .table_valued("value", with_ordinality="n").render_derived())
    query = (select(element.c.value).select_from(BatchResultChunk).join(element, literal_column("true"))
             .where(BatchResultChunk.job_id == job_id)
             .order_by(BatchResultChunk.seq, element.c.n).offset(offset).limit(limit))
    async with runtime.sessions() as session:
        rows = (await session.execute(query)).scalars().all()
    return {"id": str(job.id), "status": job.status, "row_errors": job.row_errors, "offset": offset,
            "limit": limit, "errors": list(rows)}


async def _visible_job(runtime: Runtime, client: Client, job_id: uuid.UUID) -> BatchJob:
    async with runtime.sessions() as session:
        job = await session.get(BatchJob, job_id)
    if job is None or not client.may_act_for(job.regency_code):
        raise NotFound(f"Batch evaluation {job_id} not found")
    return job
