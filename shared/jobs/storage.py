"""Uploads of bulk jobs: the request body is streamed to an anonymous temporary file while it is
hashed and counted (never held in memory; over its endpoint's cap it is a 413), then stored in
the service's database sealed piece by piece (AES-GCM with the service's keyring, each piece
bound to its job and position), so any worker process can read it back one piece at a time.
The pieces go when the job has finished: an upload may hold NIKs."""
from __future__ import annotations

import asyncio
import hashlib
import tempfile
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import IO

from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from shared.jobs.tables import JobTables
from shared.pii import FieldCipher
from shared.problems import InvalidInput, PayloadTooLarge

PIECE_BYTES = 1024 * 1024


class Sealer:
    """Seals upload pieces with a service's AES-GCM keyring (`shared.pii`)."""

    def __init__(self, cipher: FieldCipher):
        self.cipher = cipher

    @classmethod
    def from_settings(cls, settings) -> Sealer:
        return cls(FieldCipher.from_settings(settings.pii_keys, settings.pii_active_key))

    def seal(self, data: bytes, purpose: str) -> bytes:
        return self.cipher.seal_bytes(data, purpose=purpose)

    def open(self, blob: bytes, purpose: str) -> bytes:
        return self.cipher.open_bytes(blob, purpose=purpose)


@dataclass
class Spooled:
    file: IO[bytes]
    sha256: str
    size: int

    def close(self) -> None:
        self.file.close()


async def spool(chunks: AsyncIterator[bytes], *, max_bytes: int) -> Spooled:
    """The body in a temporary file without a name (it disappears with the process)."""
    file = tempfile.TemporaryFile()
    digest, size = hashlib.sha256(), 0
    try:
        async for chunk in chunks:
            size += len(chunk)
            if size > max_bytes:
                raise PayloadTooLarge(f"Request body exceeds {max_bytes} bytes")
            digest.update(chunk)
            await asyncio.to_thread(file.write, chunk)
        if not size:
            raise InvalidInput.fields([("body", "berkas kosong / empty upload")])
    except BaseException:
        file.close()
        raise
    file.seek(0)
    return Spooled(file, digest.hexdigest(), size)


def _purpose(job_id: uuid.UUID, seq: int) -> str:
    return f"job_upload_pieces:{job_id}:{seq}"


async def store(session: AsyncSession, tables: JobTables, sealer: Sealer, job_id: uuid.UUID, file: IO[bytes]) -> int:
    """Seal and insert the file piece by piece (in the caller's transaction); the piece count."""
    file.seek(0)
    seq = 0
    while piece := await asyncio.to_thread(file.read, PIECE_BYTES):
        sealed = await asyncio.to_thread(sealer.seal, piece, _purpose(job_id, seq))
        await session.execute(insert(tables.pieces).values(job_id=job_id, seq=seq, sealed=sealed))
        seq += 1
    file.seek(0)
    return seq


async def restore(sessions: async_sessionmaker, tables: JobTables, sealer: Sealer, job_id: uuid.UUID) -> IO[bytes]:
    """The stored upload back in an anonymous temporary file, one piece in memory at a time."""
    file = tempfile.TemporaryFile()
    try:
        async with sessions() as session:
            seqs = (await session.execute(select(tables.pieces.c.seq).where(tables.pieces.c.job_id == job_id)
                                          .order_by(tables.pieces.c.seq))).scalars().all()
            for seq in seqs:
                sealed = await session.scalar(select(tables.pieces.c.sealed).where(
                    tables.pieces.c.job_id == job_id, tables.pieces.c.seq == seq))
                await asyncio.to_thread(file.write, await asyncio.to_thread(sealer.open, sealed, _purpose(job_id, seq)))
    except BaseException:
        file.close()
        raise
    file.seek(0)
    return file


async def discard(session: AsyncSession, tables: JobTables, job_id: uuid.UUID) -> None:
    await session.execute(delete(tables.pieces).where(tables.pieces.c.job_id == job_id))
