"""Batch evaluation handlers (API side): take an upload and queue its job in one transaction,
report progress, stream results and row errors. The worker does the evaluating (runner.py)."""
from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from collections.abc import AsyncIterator

import orjson
from sqlalchemy import func, literal_column, select
from sqlalchemy.dialects.postgresql import insert

from eligibility.batch.models import DONE, QUEUED, BatchJob, BatchResultChunk, BatchUpload
from eligibility.batch.reading import CSV, header_problems, split_header
from eligibility.batch.results import ChunkResult, Renderer
from eligibility.context import profiles_of
from eligibility.problems import rules_as_problems
from eligibility.rules import BatchEvaluator
from shared.app import Runtime
from shared.auth import Client
from shared.problems import Conflict, InvalidInput, NotFound

HEADER_MAX_BYTES = 64 * 1024


class JobNotDone(Conflict):
    slug, title = "batch-not-done", "Batch evaluation not done"


async def submit(runtime: Runtime, client: Client, *, regency_code: str, scheme: str, as_of: dt.date | None,
                 fmt: str, body: AsyncIterator[bytes]) -> dict:
    """Store the upload and a queued job, all or nothing (a refused or cut-off upload leaves no trace)."""
    client.require_regency(regency_code)
    as_of = as_of or dt.date.today()
    with rules_as_problems():  # unknown regency, scheme not offered, no regulation: before reading the body
        BatchEvaluator(profiles_of(runtime), regency_code, scheme, as_of)
    job = BatchJob(id=uuid.uuid4(), regency_code=regency_code, scheme=scheme, as_of=as_of, format=fmt,
                   requested_by=client.name, status=QUEUED, created_at=dt.datetime.now(dt.UTC),
                   attempts=0, upload_bytes=0, upload_chunks=0, rows_done=0, chunks_done=0, counts={}, row_errors=0)
    async with runtime.sessions() as session, session.begin():
        session.add(job)
        await session.flush()
        sink = _UploadSink(session, job.id, fmt, runtime.settings.batch_upload_chunk_bytes)
        async for part in body:
            await sink.write(part)
        await sink.close()
        job.upload_bytes, job.upload_chunks, job.rows_total = sink.size, sink.chunks, sink.rows_expected()
    return present(job)


class _UploadSink:
    """Writes the body in fixed-size chunks; checks the first line (CSV header, or a JSON object)
    as soon as it has arrived and counts lines for the expected row count."""

    def __init__(self, session, job_id: uuid.UUID, fmt: str, chunk_bytes: int):
        self.session, self.job_id, self.fmt, self.chunk_bytes = session, job_id, fmt, chunk_bytes
        self.buffer = bytearray()
        self.size = self.chunks = self.lines = 0
        self.first_line_checked = False
        self.last_byte = b""

    async def write(self, part: bytes) -> None:
        if not part:
            return
        self.size += len(part)
        self.lines += part.count(b"\n")
        self.last_byte = part[-1:]
        self.buffer += part
        if not self.first_line_checked and (b"\n" in self.buffer or len(self.buffer) > HEADER_MAX_BYTES):
            self._check_first_line()
        while len(self.buffer) >= self.chunk_bytes:
            await self._flush(bytes(self.buffer[:self.chunk_bytes]))
            del self.buffer[:self.chunk_bytes]

    async def close(self) -> None:
        if not self.size:
            raise InvalidInput.fields([("body", "berkas kosong / empty upload")])
        if not self.first_line_checked:
            self._check_first_line()
        if self.buffer:
            await self._flush(bytes(self.buffer))
        if self.rows_expected() < 1:
            raise InvalidInput.fields([("body", "tidak ada baris data / no data rows")])

    def rows_expected(self) -> int:
        lines = self.lines + (self.last_byte not in (b"\n", b""))
        return lines - 1 if self.fmt == CSV else lines

    def _check_first_line(self) -> None:
        self.first_line_checked = True
        first = bytes(self.buffer.split(b"\n", 1)[0]).decode("utf-8-sig", errors="replace").rstrip("\r")
        if self.fmt == CSV:
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

    async def _flush(self, data: bytes) -> None:
        await self.session.execute(insert(BatchUpload).values(job_id=self.job_id, seq=self.chunks, data=data))
        self.chunks += 1


async def status(runtime: Runtime, client: Client, job_id: uuid.UUID) -> dict:
    return present(await _visible_job(runtime, client, job_id))


def present(job: BatchJob) -> dict:
    base = f"/v1/batch-evaluations/{job.id}"
    counts = {outcome: (job.counts or {}).get(outcome, 0)
              for outcome in ("eligible", "ineligible", "needs_information", "invalid")}
    return {
        "id": str(job.id), "status": job.status, "regency_code": job.regency_code, "scheme": job.scheme,
        "as_of": job.as_of.isoformat(), "format": job.format, "requested_by": job.requested_by,
        "created_at": _iso(job.created_at), "started_at": _iso(job.started_at), "finished_at": _iso(job.finished_at),
        "rows_total": job.rows_total, "rows_done": job.rows_done, "counts": counts, "row_errors": job.row_errors,
        "error": job.error, "regulation_id": job.regulation_id, "profile_version": job.profile_version,
        "upload_bytes": job.upload_bytes, "attempts": job.attempts,
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
