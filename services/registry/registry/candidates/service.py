"""Candidate imports: a DTKS/P3KE/Regsosek extract is stored sealed with its job, then applied
by the worker's job runner in chunks (the `candidate_import` job kind) with progress on its
import row, row-level errors (shared/jobs), and de-duplication by NIK (within the file by the
parser, across imports by the blind index: a NIK already in the pool is updated with the newer extract's facts)."""
from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from collections.abc import Iterator
from functools import partial
from typing import IO

from fastapi import Request
from sqlalchemy import func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from registry import profiles
from registry.bulk.chunks import Item, apply_in_chunks, copy_line, copy_lines, error_values
from registry.candidates.models import COMPLETED, FAILED, RUNNING, CandidateImport
from registry.complaints.service import open_finding
from registry.domain.candidates import Candidate, parse_candidates
from registry.domain.common import RowError
from registry.jobs import TABLES, sealer_of
from registry.protection import Vault
from shared.app import Runtime
from shared.auth import Client
from shared.identifiers import mask_nik
from shared.jobs import runner as jobs
from shared.jobs.reader import NDJSON, format_of
from shared.jobs.runner import JobContext, JobFailed
from shared.jobs.storage import Spooled
from shared.jobs.tables import COMPLETED as JOB_COMPLETED
from shared.problems import InvalidInput, NotFound

KIND = "candidate_import"
TABLE = "candidates"
STAGE = "candidate_stage"
STAGE_COLUMNS = ("id", "nik_index", "nik_cipher", "nik_masked", "full_name", "birth_date", "sex", "data_source",
                 "address_cipher", "village_code", "monthly_income", "disability", "dependants", "poverty_rank",
                 "row_number")
_CREATE_STAGE = text(f"""CREATE TEMP TABLE IF NOT EXISTS {STAGE} (id uuid, nik_index text, nik_cipher text,
    nik_masked text, full_name text, birth_date date, sex text, data_source text, address_cipher text,
    village_code text, monthly_income bigint, disability boolean, dependants int, poverty_rank int,
    row_number bigint) ON COMMIT DELETE ROWS""")
_FACTS = ("nik_cipher", "nik_masked", "full_name", "birth_date", "sex", "data_source", "address_cipher",
          "village_code", "monthly_income", "disability", "dependants", "poverty_rank")
_UPSERT = text(f"""
    INSERT INTO candidates (id, regency_code, nik_index, {', '.join(_FACTS)}, import_id, row_number, updated_at)
    SELECT DISTINCT ON (nik_index) id, :regency_code, nik_index, {', '.join(_FACTS)}, :import_id, row_number, now()
    FROM {STAGE} ORDER BY nik_index, row_number DESC
    ON CONFLICT (regency_code, nik_index) DO UPDATE SET
        {', '.join(f'{c} = EXCLUDED.{c}' for c in _FACTS)}, import_id = EXCLUDED.import_id,
        row_number = EXCLUDED.row_number, updated_at = EXCLUDED.updated_at
    RETURNING (xmax = 0) AS inserted""")


# a NIK in the file that the registry already knows under another name (the NIK itself fixes birth date
# and sex, and both sides are checked against it): someone may be using another's NIK, a person must look
_CONFLICTS = text(f"""SELECT DISTINCT p.id, md5(lower(btrim(s.full_name))) FROM {STAGE} s JOIN participants p
    ON p.regency_code = :regency_code AND p.nik_index = s.nik_index
    WHERE lower(btrim(p.full_name)) <> lower(btrim(s.full_name)) ORDER BY p.id""")


async def start_import(runtime: Runtime, client: Client, regency_code: str, data_source: str,
                       request: Request, *, dry_run: bool = False) -> dict:
    registry = profiles.require_registry(regency_code)
    if registry.data_source(data_source) is None:
        allowed = "/".join(s.id for s in registry.data_sources)
        raise InvalidInput.fields([("data_source", f"sumber data harus {allowed} / data_source must be {allowed}")])
    fmt = format_of(request.headers.get("content-type"))

    async def record(spooled: Spooled) -> CandidateImport:
        now = dt.datetime.now(dt.UTC)
        return CandidateImport(id=uuid.uuid4(), regency_code=regency_code, data_source=data_source, status=RUNNING,
                               format=fmt, body_sha256=spooled.sha256, size_bytes=spooled.size,
                               rows_total=await asyncio.to_thread(_estimate_rows, spooled.file, fmt),
                               created_by=client.name, created_on=dt.date.today(), rows_done=0, rows_accepted=0,
                               rows_merged=0, rows_rejected=0, dry_run=dry_run, created_at=now, updated_at=now,
                               finished_at=None)
    job = await jobs.submit_upload(runtime.sessions, TABLES, sealer_of(runtime), request.stream(),
                                   max_bytes=runtime.settings.bulk_max_bytes, kind=KIND, owner=client.name, fmt=fmt,
                                   record=record)
    return present(job)


def _estimate_rows(file: IO[bytes], fmt: str | None) -> int | None:
    """Data lines of a CSV (header excluded) or NDJSON file; None for a JSON array."""
    head = file.read(1)
    file.seek(0)
    if head == b"[":
        return None
    lines, last = 0, b""
    while piece := file.read(1 << 20):
        lines += piece.count(b"\n")
        last = piece[-1:]
    file.seek(0)
    lines += bool(last) and last != b"\n"
    header = 0 if head == b"{" or fmt == NDJSON else 1
    return max(lines - header, 0)


def prepared(rows: Iterator[tuple[int, Candidate | RowError]], vault: Vault, skip: int) -> Iterator[Item]:
    for position, (number, row) in enumerate(rows, start=1):
        if position <= skip:
            yield Item(position, number)
        elif isinstance(row, RowError):
            yield Item(position, number, error=row)
        else:
            yield Item(position, number, line=copy_line((
                uuid.uuid4(), vault.nik_index(row.nik), vault.seal(row.nik, "nik", table=TABLE), mask_nik(row.nik),
                row.full_name, row.birth_date, row.sex, row.data_source,
                vault.seal(row.address, "address", table=TABLE) if row.address else None, row.village_code,
                row.monthly_income, row.disability, row.dependants, row.poverty_rank, number)))


class CandidateJobs:
    name = KIND

    def __init__(self, vault: Vault):
        self.vault = vault

    async def run(self, ctx: JobContext) -> None:
        if (job := await ctx.record(CandidateImport, RUNNING)) is None:
            return
        file = await ctx.upload()
        try:
            rows = parse_candidates(file, job.format, registry=profiles.registry_profile(job.regency_code),
                                    today=job.created_on, data_source=job.data_source)
            fatal = await apply_in_chunks(ctx, prepared(rows, self.vault, skip=job.rows_done), job.rows_done,
                                          partial(apply_chunk, ctx=ctx, import_id=job.id,
                                                  regency_code=job.regency_code, vault=self.vault,
                                                  dry_run=job.dry_run))
        finally:
            file.close()
        if fatal is not None:
            raise JobFailed(fatal.message)

    async def finished(self, session: AsyncSession, job, status: str, error: str | None) -> None:
        await session.execute(update(CandidateImport).where(CandidateImport.id == job.id).values(
            status=COMPLETED if status == JOB_COMPLETED else FAILED, rows_total=CandidateImport.rows_done,
            finished_at=func.now(), updated_at=func.now()))

    async def purge(self, session: AsyncSession, job) -> None:
        """Nothing beyond the upload and row errors: the candidate pool is the registry's record."""


async def apply_chunk(session: AsyncSession, chunk: list[Item], *, ctx: JobContext, import_id: uuid.UUID,
                      regency_code: str, vault: Vault, dry_run: bool = False) -> None:
    job = (await session.execute(select(CandidateImport).where(CandidateImport.id == import_id)
                                 .with_for_update())).scalar_one()
    todo = [item for item in chunk if item.position > job.rows_done]
    if not todo:
        return
    rows, errors = [i for i in todo if i.line], [error_values(i.error) for i in todo if i.error]
    if rows and not dry_run:  # a dry run only counts and records the row errors
        await session.execute(_CREATE_STAGE)
        await copy_lines(session, STAGE, STAGE_COLUMNS, [i.line for i in rows])
        await _report_conflicts(session, vault, regency_code, import_id)
        inserted = (await session.execute(_UPSERT, {"regency_code": regency_code, "import_id": import_id})).scalars()
        job.rows_merged += sum(1 for new in inserted if not new)
    job.rows_done = todo[-1].position
    job.rows_accepted += len(rows)
    job.rows_rejected += len(errors)
    job.updated_at = dt.datetime.now(dt.UTC)
    await ctx.checkpoint(session, rows_done=job.rows_done, errors=errors)


async def import_status(sessions: async_sessionmaker, client: Client, import_id: uuid.UUID) -> dict:
    async with sessions() as session:
        job = await session.get(CandidateImport, import_id)
    if job is None or not client.may_act_for(job.regency_code):
        raise NotFound(f"Candidate import {import_id} not found")
    return present(job)


async def import_errors(sessions: async_sessionmaker, client: Client, import_id: uuid.UUID, *, after: int,
                        limit: int) -> dict:
    await import_status(sessions, client, import_id)
    async with sessions() as session:
        items, next_after = await jobs.row_errors_page(session, TABLES, import_id, after=after, limit=limit)
    return {"import_id": str(import_id), "items": items, "count": len(items), "next_after": next_after}


def present(job: CandidateImport) -> dict:
    return {"id": str(job.id), "regency_code": job.regency_code, "data_source": job.data_source,
            "status": job.status, "rows_total": job.rows_total, "rows_done": job.rows_done,
            "rows_accepted": job.rows_accepted, "rows_merged": job.rows_merged, "rows_rejected": job.rows_rejected,
            "dry_run": job.dry_run, "created_at": job.created_at, "finished_at": job.finished_at,
            "errors": f"/v1/candidate-imports/{job.id}/errors"}


async def _report_conflicts(session: AsyncSession, vault: Vault, regency_code: str, import_id: uuid.UUID) -> None:
    """One automatic complaint per participant and conflicting name (hashed: the key holds no name)."""
    for participant_id, facts in (await session.execute(_CONFLICTS, {"regency_code": regency_code})).all():
        await open_finding(session, vault, regency_code, key=f"nik-conflict:{participant_id}:{facts[:16]}",
                           category="data_correction", subject=("participant", str(participant_id)),
                           on=dt.date.today(), description=(
                               f"Impor calon {import_id}: NIK peserta terdaftar datang dengan nama lain / "
                               f"candidate import {import_id}: a registered participant's NIK arrived under "
                               "another name"))
