"""Applying a BPJS membership-sync batch in chunks (the `bpjs_sync` bulk job).

Each chunk is one transaction: its valid rows are COPied into a temporary staging table and
upserted into `bpjs_memberships` with one statement (the last row for a NIK wins), its bad rows
are recorded with their errors, registered participants whose BPJS status changed get their
membership history reconciled (with events), and the batch's checkpoint moves to the chunk's
last item. A resume re-reads the file and skips what the checkpoint covers, so no row is
applied twice and none is missed."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import partial
from typing import IO

from sqlalchemy import func, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from registry.bpjs.models import APPLYING, COMPLETED, SyncBatch, SyncError
from registry.bulk.runner import Committed, Item, apply_in_chunks, copy_lines, error_values
from registry.bulk.uploads import discard
from registry.domain.bpjs_sync import ParsedRow, parse_sync_batch
from registry.domain.common import RowError
from registry.domain.memberships import BpjsReport
from registry.memberships.service import apply_bpjs_report
from registry.participants.models import Participant
from registry.protection import Vault
from shared.app import Runtime
from shared.identifiers import mask_nik

KIND = "bpjs_sync"
STAGE = "bpjs_sync_stage"
STAGE_COLUMNS = ("row_number", "nik_index", "nik_masked", "kpj_number", "programs", "status", "start_date", "end_date")
ACTIVE = "active"
_CREATE_STAGE = text(f"""CREATE TEMP TABLE IF NOT EXISTS {STAGE} (row_number bigint, nik_index text, nik_masked text,
    kpj_number text, programs text, status text, start_date date, end_date date) ON COMMIT DELETE ROWS""")
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
                                              f"{row.start_date.isoformat()}\t{end}\n")


class SyncJobs:
    name = KIND

    async def unfinished(self, session: AsyncSession) -> list[str]:
        return list((await session.execute(select(SyncBatch.batch_id).where(SyncBatch.status == APPLYING)
                                           .order_by(SyncBatch.received_at))).scalars())

    async def apply(self, runtime: Runtime, vault: Vault, batch_id: str, file: IO[bytes], committed: Committed) -> None:
        async with runtime.sessions() as session:
            batch = await session.get(SyncBatch, batch_id)
        if batch is None or batch.status == COMPLETED:
            return
        items = prepared(parse_sync_batch(file, batch.format, today=batch.received_on), vault, skip=batch.position)
        await apply_in_chunks(runtime, items, batch.position,
                              partial(apply_chunk, batch_id=batch_id, received_on=batch.received_on), committed)
        async with runtime.sessions() as session, session.begin():
            await session.execute(update(SyncBatch).where(SyncBatch.batch_id == batch_id).values(
                status=COMPLETED, completed_at=func.now(), updated_at=func.now()))
            await discard(session, KIND, batch_id)


async def apply_chunk(session: AsyncSession, chunk: list[Item], *, batch_id: str, received_on: dt.date) -> None:
    batch = (
        await session.execute(select(SyncBatch).where(SyncBatch.batch_id == batch_id).with_for_update())
    ).scalar_one()
    todo = [item for item in chunk if item.position > batch.position]  # another runner may have been faster
    if not todo:
        return
    rows, errors = [i for i in todo if i.line], [i for i in todo if i.error]
    if rows:
        await session.execute(_CREATE_STAGE)
        await copy_lines(session, STAGE, STAGE_COLUMNS, [i.line for i in rows])
        await session.execute(_UPSERT, {"batch_id": batch_id})
        await _reconcile_registered(session, received_on, batch_id)
    if errors:
        await session.execute(insert(SyncError), [{"batch_id": batch_id, **error_values(i.error)} for i in errors])
    batch.position = todo[-1].position
    batch.last_row = max(batch.last_row, todo[-1].row_number)
    batch.rows_applied += len(rows)
    batch.rows_rejected += len(errors)
    batch.updated_at = dt.datetime.now(dt.UTC)


async def _reconcile_registered(session: AsyncSession, today: dt.date, batch_id: str) -> None:
    """Registered participants named in the chunk (locked in id order, so two batches never
    deadlock) get their membership history reconciled with BPJS."""
    for found in (await session.execute(_REGISTERED)).all():
        participant = (await session.execute(select(Participant).where(Participant.id == found.id)
                                             .with_for_update())).scalar_one()
        report = BpjsReport(found.status == ACTIVE, found.programs.split(";"), found.start_date, found.end_date)
        await apply_bpjs_report(session, participant, report, today=today, recorded_by=f"bpjs_sync:{batch_id}")
