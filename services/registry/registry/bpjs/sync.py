"""Receiving a BPJS membership-sync batch: stream the body to disk while hashing it, check the
signature and nonce, then store the upload durably with its batch row (one transaction) and
apply it in the background. The batch id makes the upload idempotent: the same batch again
gets the stored result and is not applied twice; another file under the same id is a 409."""
from __future__ import annotations

import datetime as dt

from fastapi import Request
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import async_sessionmaker

from registry.bpjs.models import APPLYING, COMPLETED, SyncBatch, SyncError
from registry.bpjs.signing import authenticate, require_signature_headers
from registry.bpjs.sync_apply import KIND
from registry.bulk.runner import BulkRunner
from registry.bulk.uploads import Spooled, format_of, spool, store
from registry.protection import Vault
from shared.app import Runtime
from shared.auth import Client
from shared.problems import Conflict, NotFound


async def receive_batch(runtime: Runtime, vault: Vault, runner: BulkRunner, client: Client, batch_id: str,
                        request: Request) -> tuple[int, dict]:
    require_signature_headers(request)
    spooled = await spool(request)
    handed_over = False
    try:
        key_id = await authenticate(request, runtime.sessions, runtime.settings, spooled.sha256)
        batch, created = await _register(runtime.sessions, vault, client, batch_id, spooled, key_id,
                                         format_of(request.headers.get("content-type")))
        if batch.status == APPLYING:
            runner.launch(KIND, batch_id, spooled.file if created else None)
            handed_over = created
        return (200 if batch.status == COMPLETED else 202), present(batch)
    finally:
        if not handed_over:
            spooled.file.close()


async def _register(sessions: async_sessionmaker, vault: Vault, client: Client, batch_id: str, spooled: Spooled,
                    key_id: str, fmt: str | None) -> tuple[SyncBatch, bool]:
    async with sessions() as session, session.begin():
        inserted = await session.execute(insert(SyncBatch).values(
            batch_id=batch_id, body_sha256=spooled.sha256, size_bytes=spooled.size, format=fmt, status=APPLYING,
            position=0, rows_applied=0, rows_rejected=0, last_row=0, received_on=dt.date.today(), key_id=key_id,
            client=client.name,
        ).on_conflict_do_nothing().returning(SyncBatch.batch_id))
        created = inserted.first() is not None
        if created:
            await store(session, vault, KIND, batch_id, spooled.file)
        batch = (await session.execute(select(SyncBatch).where(SyncBatch.batch_id == batch_id))).scalar_one()
        if batch.body_sha256 != spooled.sha256:
            raise Conflict(f"Batch {batch_id} was already received with another file", slug="batch-id-reused",
                           title="Batch id reused")
        return batch, created


async def batch_status(sessions: async_sessionmaker, batch_id: str) -> dict:
    async with sessions() as session:
        batch = await session.get(SyncBatch, batch_id)
    if batch is None:
        raise NotFound(f"Sync batch {batch_id} not found")
    return present(batch)


async def batch_errors(sessions: async_sessionmaker, batch_id: str, *, after: int, limit: int) -> dict:
    async with sessions() as session:
        if await session.get(SyncBatch, batch_id) is None:
            raise NotFound(f"Sync batch {batch_id} not found")
        errors = (await session.execute(select(SyncError).where(SyncError.batch_id == batch_id, SyncError.id > after)
                                        .order_by(SyncError.id).limit(limit))).scalars().all()
    items = [{"row_number": e.row_number, "field": e.field, "message": e.message, "others": e.others,
              "fatal": e.fatal} for e in errors]
    return {"batch_id": batch_id, "items": items, "count": len(items),
            "next_after": errors[-1].id if len(errors) == limit else None}


def present(batch: SyncBatch) -> dict:
    return {"batch_id": batch.batch_id, "status": batch.status, "rows_applied": batch.rows_applied,
            "rows_rejected": batch.rows_rejected, "rows_processed": batch.rows_applied + batch.rows_rejected,
            "last_row": batch.last_row, "size_bytes": batch.size_bytes, "received_at": batch.received_at,
            "completed_at": batch.completed_at, "errors": f"/v1/bpjs/membership-sync/{batch.batch_id}/errors"}
