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
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import IO

from sqlalchemy import func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from registry.bpjs.models import COMPLETED, FAILED, SyncBatch
from registry.bulk.chunks import Item, apply_chunks, chunked, copy_lines, error_values
from registry.domain.bpjs_sync import REQUIRED_COLUMNS, ParsedRow, SyncColumns, parse_sync_batch, parse_sync_columns
from registry.domain.common import RowError
from registry.domain.memberships import BpjsReport
from registry.memberships.service import apply_bpjs_report
from registry.participants.models import Participant
from registry.protection import Vault
from shared.auth import ALL
from shared.identifiers import mask_nik
from shared.jobs.reader import CSV, read_csv_columns, sniff
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


@dataclass
class SyncChunk:
    """A chunk ready to apply: COPY lines of its valid rows and its row errors, each with its
    position (a checkpoint's unit: for CSV the row number), in order."""

    first_position: int
    last_position: int
    last_row: int
    positions: list[int] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    errors: list[tuple[int, RowError]] = field(default_factory=list)

    @property
    def fatal(self) -> RowError | None:
        return next((error for _p, error in self.errors if error.fatal), None)

    def split(self, size: int) -> Iterator[SyncChunk]:
        """Pieces of the positions `k*size+1 .. (k+1)*size` (the same chunks whatever the blocks),
        for a chunk whose line positions are its row numbers (CSV)."""
        start = self.first_position
        while start <= self.last_position:
            end = min(self.last_position, ((start - 1) // size + 1) * size)
            lo, hi = bisect_left(self.positions, start), bisect_right(self.positions, end)
            errors = [(p, e) for p, e in self.errors if start <= p <= end]
            last_row = max(self.positions[lo:hi][-1:] + [e.row_number for _p, e in errors[-1:]])
            yield SyncChunk(start, end, last_row, self.positions[lo:hi], self.lines[lo:hi], errors)
            start = end + 1

    def after(self, position: int) -> SyncChunk:
        """The part a checkpoint at `position` does not cover yet."""
        if position < self.first_position:
            return self
        kept = [(p, line) for p, line in zip(self.positions, self.lines, strict=True) if p > position]
        return SyncChunk(position + 1, self.last_position, self.last_row, [p for p, _l in kept],
                         [line for _p, line in kept], [(p, e) for p, e in self.errors if p > position])


def csv_chunks(file: IO[bytes], vault: Vault, *, skip: int, today: dt.date, size: int) -> Iterator[SyncChunk]:
    """A CSV batch by blocks of columns (shared.jobs.reader.read_csv_columns): the block's rows
    parsed and checked by column, the valid ones' NIKs hashed in one loop, then cut into chunks
    of `size` positions; blocks a checkpoint covers already are not parsed at all. Positions are
    row numbers (the header's missing column is row 0 at position 1, as in the row path)."""
    for block in read_csv_columns(file, required=REQUIRED_COLUMNS):
        problems = [(max(n, 1), RowError(n, p.field, p.message, fatal=p.fatal)) for n, p in block.problems]
        last_row = max(block.rows[-1:] + [n for n, _p in block.problems])
        if block.last_row <= skip:
            yield SyncChunk(block.first_row, block.last_row, last_row, errors=[e for e in problems if e[1].fatal])
            continue
        parsed = parse_sync_columns(block.rows, block.columns, today=today)
        errors = sorted(problems + [(e.row_number, e) for e in parsed.errors], key=lambda e: e[0])
        yield from SyncChunk(block.first_row, block.last_row, last_row, parsed.rows, copy_rows(parsed, vault),
                             errors).split(size)


def copy_rows(parsed: SyncColumns, vault: Vault) -> list[str]:
    """Stage lines (without their newline) of valid rows: every value is validated (digits,
    codes, ISO dates), nothing to escape for COPY; the NIK becomes its blind index and mask."""
    ends = ["\\N" if end is None else end for end in parsed.end_date]
    return list(map("\t".join, zip(map(str, parsed.rows), vault.nik_indexes(parsed.nik), map(mask_nik, parsed.nik),
                                   parsed.kpj_number, parsed.programs, parsed.status, parsed.start_date, ends,
                                   [nik[:4] for nik in parsed.nik], strict=True)))


def row_chunks(rows: Iterator[tuple[int, ParsedRow | RowError]], vault: Vault, *, skip: int,
               size: int) -> Iterator[SyncChunk]:
    """A JSON or NDJSON batch row by row, in chunks of `size` items; items a checkpoint already
    covers are not hashed at all."""
    for items in chunked(prepared(rows, vault, skip), size):
        chunk = SyncChunk(items[0].position, items[-1].position, items[-1].row_number)
        for item in items:
            if item.line:
                chunk.positions.append(item.position)
                chunk.lines.append(item.line)
            elif item.error:
                chunk.errors.append((item.position, item.error))
        yield chunk


def prepared(rows: Iterator[tuple[int, ParsedRow | RowError]], vault: Vault, skip: int) -> Iterator[Item]:
    for position, (number, row) in enumerate(rows, start=1):
        if position <= skip:
            yield Item(position, number)
        elif isinstance(row, RowError):
            yield Item(position, number, error=row)
        else:
            end = row.end_date.isoformat() if row.end_date else "\\N"
            yield Item(position, number, line=f"{number}\t{vault.nik_index(row.nik)}\t{mask_nik(row.nik)}\t"
                                              f"{row.kpj_number}\t{';'.join(row.programs)}\t{row.status}\t"
                                              f"{row.start_date.isoformat()}\t{end}\t{row.nik[:4]}")


class SyncJobs:
    name = KIND

    def __init__(self, vault: Vault):
        self.vault = vault

    async def run(self, ctx: JobContext) -> None:
        if (batch := await ctx.record(SyncBatch, "applying", key=ctx.job.ref)) is None:
            return
        upload = await ctx.upload()
        try:
            fmt, file = (batch.format, upload) if batch.format else sniff(upload)
            size = ctx.runtime.settings.bulk_chunk_rows
            chunks = (csv_chunks(file, self.vault, skip=batch.position, today=batch.received_on, size=size)
                      if fmt == CSV else row_chunks(parse_sync_batch(file, fmt, today=batch.received_on), self.vault,
                                                    skip=batch.position, size=size))
            fatal = await apply_chunks(ctx, chunks, batch.position,
                                       partial(apply_chunk, ctx=ctx, batch_id=batch.batch_id,
                                               received_on=batch.received_on, allowed=_allowed(batch)))
        finally:
            upload.close()
        if fatal is not None:
            raise JobFailed(fatal.message)

    async def finished(self, session: AsyncSession, job, status: str, error: str | None) -> None:
        await session.execute(update(SyncBatch).where(SyncBatch.batch_id == job.ref).values(
            status=COMPLETED if status == JOB_COMPLETED else FAILED, completed_at=func.now(), updated_at=func.now()))

    async def purge(self, session: AsyncSession, job) -> None:
        """Nothing beyond the upload and row errors: the memberships are the registry's record."""


def _allowed(batch: SyncBatch) -> list[str] | None:
    return None if ALL in batch.regencies else list(batch.regencies)


async def apply_chunk(session: AsyncSession, chunk: SyncChunk, *, ctx: JobContext, batch_id: str,
                      received_on: dt.date, allowed: list[str] | None) -> None:
    batch = (await session.execute(select(SyncBatch).where(SyncBatch.batch_id == batch_id)
                                   .with_for_update())).scalar_one()
    if chunk.last_position <= batch.position:  # another runner may have been faster
        return
    chunk = chunk.after(batch.position)
    errors = [error_values(error) for _p, error in chunk.errors]
    applied = len(chunk.lines)
    if chunk.lines:
        await session.execute(_CREATE_STAGE)
        await copy_lines(session, STAGE, STAGE_COLUMNS, ["\n".join(chunk.lines) + "\n"])
        if allowed is not None:
            refused = sorted((await session.execute(_FOREIGN, {"allowed": allowed})).scalars())
            errors += [{"row_number": n, "field": "nik", "message": FOREIGN_ROW, "fatal": False, "others": []}
                       for n in refused]
            applied -= len(refused)
        await session.execute(_UPSERT, {"batch_id": batch_id})
        await _reconcile_registered(session, received_on, batch_id)
    batch.position = chunk.last_position
    batch.last_row = max(batch.last_row, chunk.last_row)
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
