"""Bulk uploads (BPJS membership sync, candidate imports): the request body is streamed to an
anonymous temporary file while it is hashed (never held in memory), then stored durably in the
database, sealed in pieces, so a job interrupted by a crash can be resumed by any process. The
pieces are deleted when the job has finished: the file holds NIKs."""
from __future__ import annotations

import asyncio
import hashlib
import tempfile
from dataclasses import dataclass
from typing import IO

from fastapi import Request
from sqlalchemy import Integer, String, Text, delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Mapped, mapped_column

from registry.database import Base
from registry.protection import Vault

PIECE_BYTES = 4 * 1024 * 1024
CSV, JSON_ARRAY, NDJSON = "csv", "json", "ndjson"
_FORMATS = {"text/csv": CSV, "application/csv": CSV, "application/x-ndjson": NDJSON, "application/ndjson": NDJSON,
            "application/jsonl": NDJSON, "application/x-jsonlines": NDJSON}


class BulkUploadPiece(Base):
    __tablename__ = "bulk_uploads"

    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    job_id: Mapped[str] = mapped_column(Text, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    sealed: Mapped[str] = mapped_column(Text)


@dataclass
class Spooled:
    file: IO[bytes]
    sha256: str
    size: int


def format_of(content_type: str | None) -> str | None:
    """The declared format; None (sniffed from the first byte) for JSON, which may be an array or NDJSON."""
    return _FORMATS.get((content_type or "").split(";")[0].strip().lower())


async def spool(request: Request) -> Spooled:
    """The body in a temporary file without a name (it disappears with the process)."""
    file = tempfile.TemporaryFile()
    digest, size = hashlib.sha256(), 0
    try:
        async for chunk in request.stream():
            digest.update(chunk)
            file.write(chunk)
            size += len(chunk)
    except BaseException:
        file.close()
        raise
    file.seek(0)
    return Spooled(file, digest.hexdigest(), size)


def _purpose(kind: str, job_id: str, seq: int) -> str:
    return f"bulk_uploads.{kind}:{job_id}:{seq}"


async def store(session: AsyncSession, vault: Vault, kind: str, job_id: str, file: IO[bytes]) -> None:
    """Seal and insert the file piece by piece (in the caller's transaction)."""
    file.seek(0)
    seq = 0
    while piece := await asyncio.to_thread(file.read, PIECE_BYTES):
        sealed = await asyncio.to_thread(vault.seal_blob, piece, _purpose(kind, job_id, seq))
        await session.execute(insert(BulkUploadPiece).values(kind=kind, job_id=job_id, seq=seq, sealed=sealed))
        seq += 1
    file.seek(0)


async def restore(sessions: async_sessionmaker, vault: Vault, kind: str, job_id: str) -> IO[bytes]:
    """The stored file back in an anonymous temporary file, one piece in memory at a time."""
    file = tempfile.TemporaryFile()
    async with sessions() as session:
        seqs = (
            (
                await session.execute(
                    select(BulkUploadPiece.seq)
                    .where(BulkUploadPiece.kind == kind, BulkUploadPiece.job_id == job_id)
                    .order_by(BulkUploadPiece.seq)
                )
            )
            .scalars()
            .all()
        )
        for seq in seqs:
            sealed = await session.scalar(select(BulkUploadPiece.sealed).where(
                BulkUploadPiece.kind == kind, BulkUploadPiece.job_id == job_id, BulkUploadPiece.seq == seq))
            file.write(await asyncio.to_thread(vault.open_blob, sealed, _purpose(kind, job_id, seq)))
    file.seek(0)
    return file


async def discard(session: AsyncSession, kind: str, job_id: str) -> None:
    await session.execute(delete(BulkUploadPiece).where(BulkUploadPiece.kind == kind, BulkUploadPiece.job_id == job_id))
