"""Background application of stored bulk uploads, chunk by chunk.

A job kind reads the file, applies it in chunks (each chunk's rows and the job's checkpoint in
one transaction) and says which jobs are unfinished. The runner starts a job right after its
upload was stored, and resumes unfinished ones when the API starts or from
`python -m registry resume-syncs`. A PostgreSQL advisory lock, held on its own connection
while a job runs, keeps each job to one runner across processes; a runner that dies releases
it with its connection."""
from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from itertools import islice
from typing import IO, NamedTuple, Protocol

import psycopg
from sqlalchemy.ext.asyncio import AsyncSession

from registry.bulk.uploads import restore
from registry.domain.common import RowError
from registry.protection import Vault
from shared.app import Runtime
from shared.db import libpq_url
from shared.logging import get_logger

log = get_logger("registry.bulk")
Committed = Callable[[], None]


class JobKind(Protocol):
    name: str

    async def unfinished(self, session: AsyncSession) -> list[str]:
        """Ids of the jobs of this kind that still have rows to apply."""

    async def apply(self, runtime: Runtime, vault: Vault, job_id: str, file: IO[bytes], committed: Committed) -> None:
        """Apply the job from its checkpoint on, calling `committed()` after every chunk commit."""


class Item(NamedTuple):
    """One parsed item of an upload, ready to apply: a COPY line, a row error, or (covered by
    the checkpoint already) nothing. `position` counts items from 1: the checkpoint's unit."""

    position: int
    row_number: int
    line: str | None = None
    error: RowError | None = None


def error_values(error: RowError) -> dict:
    """A row error as stored (the message never repeats the submitted value)."""
    return {"row_number": error.row_number, "field": error.field, "message": error.message, "fatal": error.fatal,
            "others": [{"field": f, "message": m} for f, m in error.others]}


async def chunked(items: Iterator, size: int) -> AsyncIterator[list]:
    """Lists of up to `size` items. The iterator (parsing, hashing) runs in a worker thread and
    reads the next chunk while the caller applies this one: Python parses while PostgreSQL writes."""
    def take() -> list:
        return list(islice(items, size))

    pending = asyncio.ensure_future(asyncio.to_thread(take))
    try:
        while batch := await pending:
            pending = asyncio.ensure_future(asyncio.to_thread(take))
            yield batch
    finally:
        if not pending.done():  # the caller stopped early: let the thread finish with the iterator
            await asyncio.gather(pending, return_exceptions=True)


async def apply_in_chunks(runtime: Runtime, items: Iterator[Item], checkpoint: int,
                          apply_chunk: Callable[[AsyncSession, list[Item]], Awaitable[None]],
                          committed: Committed) -> None:
    """Each chunk past the checkpoint in its own transaction (`apply_chunk` moves the checkpoint)."""
    async for chunk in chunked(items, runtime.settings.bulk_chunk_rows):
        if chunk[-1].position <= checkpoint:
            continue
        async with runtime.sessions() as session, session.begin():
            await apply_chunk(session, chunk)
        committed()


@asynccontextmanager
async def job_lock(database_url: str, kind: str, job_id: str) -> AsyncIterator[bool]:
    conn = await psycopg.AsyncConnection.connect(libpq_url(database_url), autocommit=True)
    try:
        cursor = await conn.execute("SELECT pg_try_advisory_lock(hashtextextended(%s, 0))", (f"{kind}:{job_id}",))
        yield (await cursor.fetchone())[0]
    finally:
        await conn.close()


class BulkRunner:
    def __init__(self, runtime: Runtime, vault: Vault, kinds: list[JobKind]):
        self.runtime, self.vault = runtime, vault
        self.kinds = {k.name: k for k in kinds}
        self._tasks: set[asyncio.Task] = set()
        self._commits = 0
        self._kill_after = runtime.settings.fault_kill_after_bulk_chunks

    def launch(self, kind: str, job_id: str, file: IO[bytes] | None = None) -> None:
        """Run a job in the background (the file is the upload just received, else restored)."""
        task = asyncio.get_running_loop().create_task(self._guarded(self.run(kind, job_id, file)))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def run(self, kind: str, job_id: str, file: IO[bytes] | None = None) -> bool:
        """Apply one job to its end; False when another runner holds it."""
        try:
            async with job_lock(self.runtime.settings.database_url, kind, job_id) as held:
                if not held:
                    return False
                file = file or await restore(self.runtime.sessions, self.vault, kind, job_id)
                await self.kinds[kind].apply(self.runtime, self.vault, job_id, file, self._committed)
                return True
        finally:
            if file is not None:
                file.close()

    async def resume_all(self) -> int:
        """Run every unfinished job (one after the other); the number this runner finished."""
        finished = 0
        for kind in self.kinds.values():
            async with self.runtime.sessions() as session:
                job_ids = await kind.unfinished(session)
            for job_id in job_ids:
                log.info("bulk_job_resumed", kind=kind.name, job_id=job_id)
                finished += await self.run(kind.name, job_id)
        return finished

    async def stop(self) -> None:
        """Cancel running jobs and wait for them: each resumes from its checkpoint later."""
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    def resume_in_background(self) -> None:
        task = asyncio.get_running_loop().create_task(self._guarded(self.resume_all()))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _committed(self) -> None:
        self._commits += 1
        if self._kill_after and self._commits >= self._kill_after:
            os.kill(os.getpid(), signal.SIGKILL)

    @staticmethod
    async def _guarded(work: Awaitable) -> None:
        try:
            await work
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - the job stays unfinished and is resumed later
            log.error("bulk_job_failed", error_type=type(exc).__name__)


def copy_text(value) -> str:
    """A value in PostgreSQL COPY text format."""
    if value is None:
        return "\\N"
    text = str(value)
    if any(c in text for c in "\\\t\n\r"):
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


def copy_line(values) -> str:
    return "\t".join(copy_text(v) for v in values) + "\n"


async def copy_lines(session: AsyncSession, table: str, columns: tuple[str, ...], lines: list[str]) -> None:
    """COPY prepared text lines into a table, in the session's transaction."""
    if not lines:
        return
    raw = await (await session.connection()).get_raw_connection()
    async with raw.driver_connection.cursor() as cursor:
        async with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            await copy.write("".join(lines))
