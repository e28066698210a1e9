"""Receiving a BPJS membership-sync batch: stream the body to disk while hashing it (capped),
check the signature and nonce, then store the upload sealed with its batch row and its job (one
transaction); the worker's job runner applies it. The batch id makes the upload idempotent: the
same batch again gets the stored result and is not applied twice; another file under the same id
is a 409. A batch belongs to the client that sent it (or a client for all its regencies): for
any other it does not exist (404)."""
from __future__ import annotations

import datetime as dt

from fastapi import Request
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import async_sessionmaker

from registry.bpjs.models import APPLYING, SyncBatch
from registry.bpjs.signing import authenticate, require_signature_headers
from registry.bpjs.sync_apply import KIND
from registry.jobs import TABLES, sealer_of
from shared.app import Runtime
from shared.auth import ALL, Client
from shared.jobs import runner as jobs
from shared.jobs.reader import format_of
from shared.jobs.storage import Spooled, spool
from shared.problems import Conflict, NotFound

FINISHED = ("completed", "failed")


async def receive_batch(runtime: Runtime, client: Client, batch_id: str, request: Request) -> tuple[int, dict]:
    require_signature_headers(request)
    spooled = await spool(request.stream(), max_bytes=runtime.settings.bulk_max_bytes)
    try:
        key_id = await authenticate(request, runtime.sessions, runtime.settings, spooled.sha256)
        batch = await _register(runtime, client, batch_id, spooled, key_id,
                                format_of(request.headers.get("content-type")))
        return (200 if batch.status in FINISHED else 202), present(batch)
    finally:
        spooled.close()


def _regencies(client: Client) -> list[str]:
    return [ALL] if client.all_regencies else sorted(client.regencies)


async def _register(runtime: Runtime, client: Client, batch_id: str, spooled: Spooled, key_id: str,
                    fmt: str | None) -> SyncBatch:
    async with runtime.sessions() as session, session.begin():
        inserted = await session.execute(insert(SyncBatch).values(
            batch_id=batch_id, body_sha256=spooled.sha256, size_bytes=spooled.size, format=fmt, status=APPLYING,
            position=0, rows_applied=0, rows_rejected=0, last_row=0, received_on=dt.date.today(), key_id=key_id,
            client=client.name, regencies=_regencies(client),
        ).on_conflict_do_nothing().returning(SyncBatch.batch_id))
        if inserted.first() is not None:
            await jobs.submit(session, TABLES, sealer_of(runtime), kind=KIND, ref=batch_id, owner=client.name,
                              upload=spooled, fmt=fmt)
        batch = (await session.execute(select(SyncBatch).where(SyncBatch.batch_id == batch_id))).scalar_one()
        if batch.body_sha256 != spooled.sha256 or not _belongs_to(batch, client):
            raise Conflict(f"Batch {batch_id} was already received with another file", slug="batch-id-reused",
                           title="Batch id reused")
        return batch


def _belongs_to(batch: SyncBatch, client: Client) -> bool:
    """The sender, or a client that may act for every regency the sender could."""
    if batch.client == client.name or client.all_regencies:
        return True
    return ALL not in batch.regencies and set(batch.regencies) <= client.regencies


async def _visible(sessions: async_sessionmaker, client: Client, batch_id: str) -> SyncBatch:
    async with sessions() as session:
        batch = await session.get(SyncBatch, batch_id)
    if batch is None or not _belongs_to(batch, client):
        raise NotFound(f"Sync batch {batch_id} not found")
    return batch


async def batch_status(sessions: async_sessionmaker, client: Client, batch_id: str) -> dict:
    return present(await _visible(sessions, client, batch_id))


async def batch_errors(sessions: async_sessionmaker, client: Client, batch_id: str, *, after: int,
                       limit: int) -> dict:
    await _visible(sessions, client, batch_id)
    async with sessions() as session:
        job_id = await session.scalar(select(TABLES.jobs.c.id).where(TABLES.jobs.c.kind == KIND,
                                                                     TABLES.jobs.c.ref == batch_id))
        items, next_after = await jobs.row_errors_page(session, TABLES, job_id, after=after, limit=limit)
    return {"batch_id": batch_id, "items": items, "count": len(items), "next_after": next_after}


def present(batch: SyncBatch) -> dict:
    return {"batch_id": batch.batch_id, "status": batch.status, "rows_applied": batch.rows_applied,
            "rows_rejected": batch.rows_rejected, "rows_processed": batch.rows_applied + batch.rows_rejected,
            "last_row": batch.last_row, "size_bytes": batch.size_bytes, "received_at": batch.received_at,
            "completed_at": batch.completed_at, "errors": f"/v1/bpjs/membership-sync/{batch.batch_id}/errors"}
