"""Applying a parsed bulk upload in chunks (the registry's job kinds): items with their position
(the checkpoint's unit), parsing in a worker thread while PostgreSQL writes, and COPY helpers."""
from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from itertools import islice
from typing import NamedTuple, Protocol, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from registry.domain.common import RowError
from shared.jobs.runner import JobContext

T = TypeVar("T")
C = TypeVar("C", bound="Chunk")


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


class ItemChunk(list):
    """A list of Items applied in one transaction."""

    @property
    def last_position(self) -> int:
        return self[-1].position

    @property
    def fatal(self) -> RowError | None:
        return next((i.error for i in self if i.error and i.error.fatal), None)


class Chunk(Protocol):
    """What `apply_chunks` needs of a chunk: how far it goes, and the fatal row error in it."""

    last_position: int
    fatal: RowError | None


async def prefetched(chunks: Iterator[T]) -> AsyncIterator[T]:
    """The chunks, each made (parsing, hashing) in a worker thread while the caller applies the
    one before: Python parses while PostgreSQL writes."""
    pending = asyncio.ensure_future(asyncio.to_thread(next, chunks, None))
    try:
        while (chunk := await pending) is not None:
            pending = asyncio.ensure_future(asyncio.to_thread(next, chunks, None))
            yield chunk
    finally:
        if not pending.done():  # the caller stopped early: let the thread finish with the iterator
            await asyncio.gather(pending, return_exceptions=True)


def chunked(items: Iterator[Item], size: int) -> Iterator[ItemChunk]:
    """Lists of up to `size` items."""
    return iter(lambda: ItemChunk(islice(items, size)), ItemChunk())


async def apply_in_chunks(ctx: JobContext, items: Iterator[Item], checkpoint: int,
                          apply_chunk: Callable[[AsyncSession, list[Item]], Awaitable[None]]) -> RowError | None:
    """Items in chunks of the `bulk_chunk_rows` setting (see `apply_chunks`)."""
    return await apply_chunks(ctx, chunked(items, ctx.runtime.settings.bulk_chunk_rows), checkpoint, apply_chunk)


async def apply_chunks(ctx: JobContext, chunks: Iterator[C], checkpoint: int,
                       apply_chunk: Callable[[AsyncSession, C], Awaitable[None]]) -> RowError | None:
    """Each chunk past the checkpoint in its own transaction (`apply_chunk` moves the checkpoint
    and calls `ctx.checkpoint`); the fatal row error that ended the file, if any."""
    fatal = None
    async for chunk in prefetched(chunks):
        fatal = chunk.fatal or fatal
        if chunk.last_position <= checkpoint:
            continue
        async with ctx.runtime.sessions() as session, session.begin():
            await apply_chunk(session, chunk)
        ctx.committed()
    return fatal


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
