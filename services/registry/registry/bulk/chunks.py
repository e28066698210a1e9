"""Applying a parsed bulk upload in chunks (the registry's job kinds): items with their position
(the checkpoint's unit), parsing in a worker thread while PostgreSQL writes, and COPY helpers."""
from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from itertools import islice
from typing import NamedTuple

from sqlalchemy.ext.asyncio import AsyncSession

from registry.domain.common import RowError
from shared.jobs.runner import JobContext


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


async def apply_in_chunks(ctx: JobContext, items: Iterator[Item], checkpoint: int,
                          apply_chunk: Callable[[AsyncSession, list[Item]], Awaitable[None]]) -> RowError | None:
    """Each chunk past the checkpoint in its own transaction (`apply_chunk` moves the checkpoint
    and calls `ctx.checkpoint`); the fatal row error that ended the file, if any."""
    fatal = None
    async for chunk in chunked(items, ctx.runtime.settings.bulk_chunk_rows):
        fatal = next((i.error for i in chunk if i.error and i.error.fatal), None) or fatal
        if chunk[-1].position <= checkpoint:
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
