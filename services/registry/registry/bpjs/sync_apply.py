"""Applying a BPJS membership-sync batch in chunks (the `bpjs_sync` job kind, run by the worker).

Each chunk is one transaction: its valid rows are COPied into a temporary staging table; rows of
a person the sending client may not act for (a registered participant of another regency, or an
unregistered NIK issued in another regency) become row errors and change nothing; the rest are
upserted into `bpjs_memberships` with one statement (the last row for a NIK wins), registered
participants whose BPJS status changed get their membership history reconciled (with events),
and the batch's checkpoint moves to the chunk's last item with the job's progress. A resume
re-reads the file and skips what the checkpoint covers, so no row is applied twice and none is
missed. A file that cannot be read to its end fails the batch (rows before are kept applied)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import partial

from sqlalchemy import func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from registry.bpjs.models import COMPLETED, FAILED, SyncBatch
from registry.bulk.chunks import Item, apply_in_chunks, copy_lines, error_values
from registry.domain.bpjs_sync import ParsedRow, parse_sync_batch
from registry.domain.common import RowError
from registry.domain.memberships import BpjsReport
from registry.memberships.service import apply_bpjs_report
from registry.participants.models import Participant
from registry.protection import Vault
from shared.auth import ALL
from shared.identifiers import mask_nik
from shared.jobs.runner import JobContext, JobFailed
from shared.jobs.tables import COMPLETED as JOB_COMPLETED

KIND = "bpjs_sync"
STAGE = "bpjs_sync_stage"
STAGE_COLUMNS = ("row_number", "nik_index", "nik_masked", "kpj_number", "programs", "status", "start_date", "end_date",
                 "nik_regency")
ACTIVE = "active"
_CREATE_STAGE = text(f"""CREATE TEMP TABLE IF NOT EXISTS {STAGE} (row_number bigint, nik_index text, nik_masked text,
    kpj_number text, programs text, status text, start_date date, end_date date, nik_regency text)
    ON COMMIT DELETE ROWS""")
# rows naming a person of a regency the client may not act for: out of the stage, into the errors
_FOREIGN = text(f"""
    DELETE FROM {STAGE} s WHERE EXISTS (SELECT 1 FROM participants p WHERE p.nik_index = s.nik_index
                                        AND NOT (p.regency_code = ANY(:allowed)))
        OR (NOT EXISTS (SELECT 1 FROM participants p WHERE p.nik_index = s.nik_index)
            AND NOT (s.nik_regency = ANY(:allowed)))
    RETURNING s.row_number""")
FOREIGN_ROW = ("peserta dari kabupaten/kota yang tidak boleh diubah klien ini / "
               "a person of a regency this client may not act for")
_UPSERT = text(f"""
    INSERT INTO bpjs_memberships AS m (nik_index, nik_masked, kpj_number, programs, status, start_date, end_date,
                                       batch_id, row_number, updated_at)
    SELECT DISTINCT ON (nik_index) nik_index, nik_masked, kpj_number, string_to_array(programs, ';'), status,
           start_date, end_date, :batch_id, row_number, now()
    FROM {STAGE} ORDER BY nik_index, row_number DESC
    ON CONFLICT (nik_index) DO UPDATE SET nik_masked = EXCLUDED.nik_masked, kpj_number = EXCLUDED.kpj_number,
        programs = EXCLUDED.programs, status = EXCLUDED.status, start_date = EXCLUDED.start_date,
        end_date = EXCLUDED.end_date, batch_id = EXCLUDED.batch_id, row_number = EXCLUDED.row_number,
        updated_at = EXCLUDED.updated_at""")
_REGISTERED = text(f"""
    SELECT DISTINCT ON (p.id) p.id, s.status, s.programs, s.start_date, s.end_date
    FROM {STAGE} s JOIN participants p ON p.nik_index = s.nik_index ORDER BY p.id, s.row_number DESC""")


def prepared(rows: Iterator[tuple[int, ParsedRow | RowError]], vault: Vault, skip: int) -> Iterator[Item]:
    """Items with their position; the NIK becomes its blind index and mask here (in the worker
    thread), and items a checkpoint already covers are not hashed at all."""
    for position, (number, row) in enumerate(rows, start=1):
        if position <= skip:
            yield Item(position, number)
        elif isinstance(row, RowError):
            yield Item(position, number, error=row)
        else:  # every value is validated (digits, codes, ISO dates): nothing to escape for COPY
            end = row.end_date.isoformat() if row.end_date else "\\N"
            yield Item(position, number, line=f"{number}\t{vault.nik_index(row.nik)}\t{mask_nik(row.nik)}\t"
                                              f"{row.kpj_number}\t{';'.join(row.programs)}\t{row.status}\t"
                                              f"{row.start_date.isoformat()}\t{end}\t{row.nik[:4]}\n")


class SyncJobs:
    name = KIND

    def __init__(self, vault: Vault):
        self.vault = vault

    async def run(self, ctx: JobContext) -> None:
        if (batch := await ctx.record(SyncBatch, "applying", key=ctx.job.ref)) is None:
            return
        file = await ctx.upload()
        try:
            rows = parse_sync_batch(file, batch.format, today=batch.received_on)
            fatal = await apply_in_chunks(ctx, prepared(rows, self.vault, skip=batch.position), batch.position,
                                          partial(apply_chunk, ctx=ctx, batch_id=batch.batch_id,
                                                  received_on=batch.received_on, allowed=_allowed(batch)))
        finally:
            file.close()
        if fatal is not None:
            raise JobFailed(fatal.message)

    async def finished(self, session: AsyncSession, job, status: str, error: str | None) -> None:
        await session.execute(update(SyncBatch).where(SyncBatch.batch_id == job.ref).values(
            status=COMPLETED if status == JOB_COMPLETED else FAILED, completed_at=func.now(), updated_at=func.now()))

    async def purge(self, session: AsyncSession, job) -> None:
        """Nothing beyond the upload and row errors: the memberships are the registry's record."""


def _allowed(batch: SyncBatch) -> list[str] | None:
    return None if ALL in batch.regencies else list(batch.regencies)


async def apply_chunk(session: AsyncSession, chunk: list[Item], *, ctx: JobContext, batch_id: str,
                      received_on: dt.date, allowed: list[str] | None) -> None:
    batch = (await session.execute(select(SyncBatch).where(SyncBatch.batch_id == batch_id)
                                   .with_for_update())).scalar_one()
    todo = [item for item in chunk if item.position > batch.position]  # another runner may have been faster
    if not todo:
        return
    rows, errors = [i for i in todo if i.line], [error_values(i.error) for i in todo if i.error]
    applied = len(rows)
    if rows:
        await session.execute(_CREATE_STAGE)
        await copy_lines(session, STAGE, STAGE_COLUMNS, [i.line for i in rows])
        if allowed is not None:
            refused = sorted((await session.execute(_FOREIGN, {"allowed": allowed})).scalars())
            errors += [{"row_number": n, "field": "nik", "message": FOREIGN_ROW, "fatal": False, "others": []}
                       for n in refused]
            applied -= len(refused)
        await session.execute(_UPSERT, {"batch_id": batch_id})
        await _reconcile_registered(session, received_on, batch_id)
    batch.position = todo[-1].position
    batch.last_row = max(batch.last_row, todo[-1].row_number)
    batch.rows_applied += applied
    batch.rows_rejected += len(errors)
    batch.updated_at = dt.datetime.now(dt.UTC)
    await ctx.checkpoint(session, rows_done=batch.position, errors=sorted(errors, key=lambda e: e["row_number"]))


async def _reconcile_registered(session: AsyncSession, today: dt.date, batch_id: str) -> None:
    """Registered participants named in the chunk (locked in id order, so two batches never
    deadlock) get their membership history reconciled with BPJS."""
    for found in (await session.execute(_REGISTERED)).all():
        participant = (await session.execute(select(Participant).where(Participant.id == found.id)
                                             .with_for_update())).scalar_one()
        report = BpjsReport(found.status == ACTIVE, found.programs.split(";"), found.start_date, found.end_date)
        await apply_bpjs_report(session, participant, report, today=today, recorded_by=f"bpjs_sync:{batch_id}")
